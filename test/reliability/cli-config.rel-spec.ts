import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_CONFIG, runCli } from './support/cli';
import { resetPostgres } from './support/test-db';

jest.setTimeout(60_000);

const STACK_LINE = /^\s{4}at /m;

/** A config folder holding the demo institutions, with one file replaced by `broken`. */
function configWith(broken: string, fileName = 'county-hospital.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-badcfg-'));
  fs.cpSync(DEMO_CONFIG, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'institutions', fileName), broken);
  return dir;
}

const hospitalYaml = () => fs.readFileSync(path.join(DEMO_CONFIG, 'institutions', 'county-hospital.yaml'), 'utf8');

describe('CLI: bad config', () => {
  const dirs: string[] = [];
  const tmp = (prefix: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  beforeEach(async () => {
    if (process.env.DATABASE_URL) await resetPostgres(process.env.DATABASE_URL);
  });
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('a bad config file stops boot with the file, the field and the reason, and no stack trace', () => {
    it.each<[string, () => string, RegExp[]]>([
      ['a wrong value', () => hospitalYaml().replace(/^type: .*$/m, 'type: spaceship'), [/county-hospital\.yaml: type: must be one of hospital, .* got "spaceship"/]],
      ['an unknown field', () => `${hospitalYaml()}\ncolour: red\n`, [/county-hospital\.yaml: colour: unknown field \(allowed: /]],
      ['invalid YAML', () => `${hospitalYaml()}\nplugins: [unclosed\n`, [/county-hospital\.yaml: \(file\): is not valid YAML: /]],
      ['an unknown plugin id', () => hospitalYaml().replace(/^plugins:\s*$/m, 'plugins:\n  - id: no-such-plugin'), [/county-hospital\.yaml: plugins\[0\]\.id: unknown plugin "no-such-plugin" \(installed: /]],
    ])('%s', async (_name, content, expected) => {
      const configDir = configWith(content());
      dirs.push(configDir);
      const res = await runCli(['migrate'], { DATA_DIR: tmp('lz-data-'), CONFIG_DIR: configDir, DATABASE_URL: process.env.DATABASE_URL });
      expect(res.code).toBe(1);
      for (const re of expected) expect(res.stderr).toMatch(re);
      expect(res.stderr).toContain('配置错误 / configuration error');
      expect(res.stderr).not.toMatch(STACK_LINE);
      expect(res.stdout).not.toContain('migrations applied');
    });
  });
});
