import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadInstitutionConfigs } from './institution-config';

const yaml = (code: string, name: string, prefix: string) => `code: ${code}\nname: ${name}\ntype: village-clinic\nletterhead: ${name}\ndocNumberPrefix: ${prefix}\n`;

function configDir(files: [string, string, string][]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-prefix-'));
  fs.mkdirSync(path.join(dir, 'institutions'));
  for (const [code, name, prefix] of files) fs.writeFileSync(path.join(dir, 'institutions', `${code}.yaml`), yaml(code, name, prefix));
  return dir;
}

describe('institution config: document number prefixes', () => {
  it('refuses a prefix two institutions share, naming both', () => {
    const dir = configDir([
      ['liuwan-clinic', '柳湾村卫生室', '柳湾卫'],
      ['meilin-clinic', '梅林村卫生室', '村卫'],
      ['taoyuan-clinic', '桃源村卫生室', '村卫'],
    ]);
    let err: unknown;
    try {
      loadInstitutionConfigs(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).file).toMatch(/taoyuan-clinic\.yaml$/);
    expect((err as ConfigError).field).toBe('docNumberPrefix');
    expect((err as ConfigError).reason).toBe('"村卫" is already the prefix of meilin-clinic (梅林村卫生室); taoyuan-clinic (桃源村卫生室) needs a prefix of its own');
  });

  it('loads distinct prefixes, and the demo configuration has no shared prefix', () => {
    expect(loadInstitutionConfigs(configDir([['a-clinic', '甲卫生室', '甲卫'], ['b-clinic', '乙卫生室', '乙卫']])).map((c) => c.docNumberPrefix)).toEqual(['甲卫', '乙卫']);
    // Plugins may declare institution types (checked at boot against the installed plugins); here only prefixes matter.
    const shipped = path.join(__dirname, '..', '..', 'config');
    const files = fs.readdirSync(path.join(shipped, 'institutions')).map((f) => fs.readFileSync(path.join(shipped, 'institutions', f), 'utf8'));
    const types = [...new Set(files.map((text) => /^type:\s*["']?([\w-]+)/m.exec(text)?.[1]).filter((t): t is string => !!t))];
    const demo = loadInstitutionConfigs(shipped, types).map((c) => c.docNumberPrefix);
    expect(demo.length).toBeGreaterThan(10);
    expect(new Set(demo).size).toBe(demo.length);
  });
});
