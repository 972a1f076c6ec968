import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverPlugins, INSTALLED_PLUGINS, PluginDiscoveryError } from './installed';

describe('plugin discovery', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-plugins-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (id: string, body: string, file = `${id}.plugin.js`) => {
    fs.mkdirSync(path.join(dir, id), { recursive: true });
    fs.writeFileSync(path.join(dir, id, file), body);
  };
  const plugin = (id: string, name = 'p') => `exports.${name} = { id: '${id}', version: '1.0.0', name: { zh: '甲', en: 'A' }, coreCompatibility: '^1.0.0' };\nexports.helper = () => 1;\n`;

  it('finds every folder with its <id>.plugin file, sorted by id, without a list to edit', () => {
    write('zz-plugin', plugin('zz-plugin'));
    write('aa-plugin', plugin('aa-plugin'));
    fs.writeFileSync(path.join(dir, 'installed.js'), '');
    expect(discoverPlugins(dir).map((p) => p.id)).toEqual(['aa-plugin', 'zz-plugin']);
  });

  it('ships the plugins of this repository: the four first ones, and one per folder holding its plugin file', () => {
    const ids = INSTALLED_PLUGINS.map((p) => p.id);
    expect(ids.filter((id) => ['hospital-procurement', 'tax-collection', 'tb-referral', 'village-joint-meeting'].includes(id))).toEqual(['hospital-procurement', 'tax-collection', 'tb-referral', 'village-joint-meeting']);
    const folders = fs.readdirSync(__dirname, { withFileTypes: true }).filter((d) => d.isDirectory() && !/^[._]/.test(d.name) && fs.existsSync(path.join(__dirname, d.name, `${d.name}.plugin.ts`)));
    expect(ids).toEqual(folders.map((d) => d.name).sort());
  });

  it('refuses a folder without its plugin file, naming the folder', () => {
    write('power', plugin('power'), 'index.js');
    expect(() => discoverPlugins(dir)).toThrow(new PluginDiscoveryError('plugins/power: no power.plugin.ts (every folder under plugins/ is a plugin named like its folder)'));
  });

  it('refuses a plugin whose id differs from its folder, and a file exporting none or two', () => {
    write('power', plugin('power-supply'));
    expect(() => discoverPlugins(dir)).toThrow('plugins/power/power.plugin.js: the plugin\'s id "power-supply" differs from its folder\'s name "power"');
    fs.rmSync(path.join(dir, 'power'), { recursive: true });
    write('grid', 'exports.x = 1;\n');
    expect(() => discoverPlugins(dir)).toThrow('plugins/grid/grid.plugin.js: exports 0 plugin definitions, expected exactly one');
    fs.rmSync(path.join(dir, 'grid'), { recursive: true });
    write('meter', plugin('meter') + plugin('meter', 'again'));
    expect(() => discoverPlugins(dir)).toThrow('plugins/meter/meter.plugin.js: exports 2 plugin definitions, expected exactly one');
  });
});
