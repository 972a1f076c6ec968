import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INSTITUTION_TYPES, type PluginDefinition } from '../plugin-api';
import { ConfigError, loadInstitutionConfigs } from './institution-config';
import { PluginError, PluginHost } from './plugin-host';

const plugin = (id: string, extra: Partial<PluginDefinition> = {}): PluginDefinition => ({ id, version: '1.0.0', name: { zh: id, en: id }, coreCompatibility: '^1.0.0', ...extra });
const POWER = { id: 'power-supply-company', label: { zh: '供电公司', en: 'power-supply company' } };
const power = plugin('power-supply-marketing', { declaresInstitutionTypes: [POWER], institutionTypes: ['power-supply-company'] });

describe('institution types declared by plugins', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-types-'));
    fs.mkdirSync(path.join(dir, 'institutions'));
    fs.writeFileSync(path.join(dir, 'institutions', 'county-power.yaml'), 'code: county-power\nname: 示范县供电公司\ntype: power-supply-company\nletterhead: 示范县供电公司\ndocNumberPrefix: 县供电\nplugins:\n  - id: power-supply-marketing\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("an institution may be of a plugin's type once the plugin is installed, and shows under the plugin's label", () => {
    const configs = loadInstitutionConfigs(dir, [...INSTITUTION_TYPES, POWER.id]);
    expect(configs.map((c) => [c.code, c.type])).toEqual([['county-power', 'power-supply-company']]);
    const host = new PluginHost([power], configs);
    expect(host.isEnabled('county-power', 'power-supply-marketing')).toBe(true);
    expect(host.institutionTypeLabel('power-supply-company')).toEqual(POWER.label);
    expect(host.institutionTypeLabel('village-clinic')).toEqual({ zh: '村卫生室', en: 'village clinic' });
  });

  it('without the plugin the type is refused in the institution file, naming the field', () => {
    const err = (() => {
      try {
        loadInstitutionConfigs(dir);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.field).toBe('type');
  });

  it("refuses a declared id that is core's, another plugin's or not kebab-case, and a type nobody declares", () => {
    const host = (...plugins: PluginDefinition[]) => () => new PluginHost(plugins, []);
    expect(host(plugin('a', { declaresInstitutionTypes: [{ id: 'hospital', label: { zh: '医院', en: 'hospital' } }] }))).toThrow(new PluginError('a', `institution type "hospital" is already one of core's`));
    expect(host(power, plugin('b', { declaresInstitutionTypes: [POWER] }))).toThrow(new PluginError('power-supply-marketing', 'institution type "power-supply-company" is already declared by plugin "b"'));
    expect(host(plugin('c', { declaresInstitutionTypes: [{ id: 'Power Co', label: { zh: '甲', en: 'A' } }] }))).toThrow('must be kebab-case');
    expect(host(plugin('d', { declaresInstitutionTypes: [{ id: 'grid', label: { zh: '电网', en: '' } }] }))).toThrow('needs a label in zh and en');
    expect(host(plugin('e', { institutionTypes: ['power-supply-company'] }))).toThrow('institutionTypes names unknown institution type "power-supply-company"');
  });
});
