/**
 * The plugin scaffold (npm run new-plugin, issue #23 item 7), run into a temp root beside a copy of the real config:
 * what it writes type-checks, keeps to the plugin boundary, is discovered, passes its own unit spec, and boots with
 * the platform, where a record saved through the API raises the rule hit and the template issues as a PDF. Bad ids
 * and existing folders or institution files are refused with exit 2 and nothing written. Never writes into plugins/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PluginDefinition } from '../../core/plugin-api';
import { discoverPlugins, INSTALLED_PLUGINS } from '../../plugins/installed';
import { pdfText } from '../support/pdf-tools';
import { pluginViolations, specifiers } from '../support/plugin-boundary';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const REPO = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO, 'apps', 'cli', 'new-plugin.js');
const ID = 'scaffold-check';
const INSTITUTION = `${ID}-demo`;

function scaffold(root: string, args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args, '--root', root], { encoding: 'utf8', timeout: 30_000 });
}

/** Every file under `dir`, relative, sorted (to show that a refused run wrote nothing). */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Runs the repo's jest on the temp root's files matching `testMatch`, with the repo's ts-jest settings. */
function nestedJest(root: string, name: string, testMatch: string, extra: Record<string, unknown>, env: NodeJS.ProcessEnv, timeout: number) {
  const config = path.join(root, name);
  fs.writeFileSync(
    config,
    JSON.stringify({
      rootDir: root,
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: [testMatch],
      ...extra,
      transform: { '^.+\\.ts$': [path.join(REPO, 'node_modules', 'ts-jest'), { isolatedModules: true, tsconfig: path.join(REPO, 'tsconfig.json') }] },
    }),
  );
  return spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', config, '--maxWorkers=1', '--ci'], { encoding: 'utf8', timeout, env });
}

/** A temp root holding a copy of the repo's config (so the generated institution sits beside the real ones). */
function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-scaffold-'));
  fs.cpSync(path.join(REPO, 'config'), path.join(root, 'config'), { recursive: true });
  return root;
}

/** The plugin-boundary rule for a plugin outside plugins/ (its folder `home`); the scaffold also needs no package but node's. */
function boundaryViolations(home: string, file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const packages = specifiers(text).filter((spec) => !spec.startsWith('.') && !path.isAbsolute(spec) && !spec.startsWith('node:'));
  return [...pluginViolations(file, text, home), ...packages.map((spec) => `${file}: package ${spec}`)];
}

describe('plugin scaffold: npm run new-plugin', () => {
  let root: string;
  let home: string;
  let run: ReturnType<typeof scaffold>;
  const roots: string[] = [];

  beforeAll(() => {
    root = tempRoot();
    roots.push(root);
    home = path.join(root, 'plugins', ID);
    run = scaffold(root, [ID, '--name-zh', '公务接待登记', '--name-en', 'Official reception register']);
  });
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('writes the plugin, its tests and a demo institution, and lists them with the next steps', () => {
    expect([run.status, run.stderr]).toEqual([0, '']);
    const written = tree(home);
    expect(written).toEqual(
      expect.arrayContaining([`${ID}.plugin.ts`, `${ID}.plugin.spec.ts`, path.join('test', `${ID}.e2e-spec.ts`), path.join('templates', 'reminder-letter.hbs'), 'records.ts', 'rules.ts', 'templates.ts', 'demo-seed.ts', 'dashboard.ts']),
    );
    for (const f of written) expect(run.stdout).toContain(`plugins/${ID}/${f.split(path.sep).join('/')}`);
    expect(run.stdout).toContain(`config/institutions/${INSTITUTION}.yaml`);
    expect(run.stdout).toContain('docs/plugins.md');
    const yaml = fs.readFileSync(path.join(root, 'config', 'institutions', `${INSTITUTION}.yaml`), 'utf8');
    expect(yaml).toContain('parent: demo-county');
    expect(yaml).toContain(`- id: ${ID}`);
    // A prefix no real institution uses (boot refuses a shared one; the boot below proves it).
    expect(yaml).toMatch(/^docNumberPrefix: "示公务纪"$/m);
  });

  it('type-checks with the repo compiler options (only the generated files)', () => {
    const tsconfig = path.join(root, 'tsconfig.json');
    // rootDir widened (the files are outside the repo); types from the repo's node_modules.
    fs.writeFileSync(tsconfig, JSON.stringify({ extends: path.join(REPO, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: '/', typeRoots: [path.join(REPO, 'node_modules', '@types')] }, include: [`plugins/${ID}/**/*.ts`] }));
    const started = Date.now();
    const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { encoding: 'utf8', timeout: 120_000 });
    expect([tsc.status, tsc.stdout + tsc.stderr]).toEqual([0, '']);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 150_000);

  it('keeps to the plugin boundary: core/plugin-api, its own folder, and test/support for its e2e spec only', () => {
    const files = tree(home).filter((f) => f.endsWith('.ts')).map((f) => path.join(home, f));
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files.flatMap((f) => boundaryViolations(home, f))).toEqual([]);
    // The checker is not vacuous: the e2e spec does reach test/support, and the same import from plugin code is refused.
    const e2e = path.join(home, 'test', `${ID}.e2e-spec.ts`);
    expect(fs.readFileSync(e2e, 'utf8')).toContain(`${path.relative(path.dirname(e2e), path.join(REPO, 'test', 'support')).split(path.sep).join('/')}/test-app'`);
    const misplaced = path.join(home, 'helpers.ts');
    fs.writeFileSync(misplaced, fs.readFileSync(e2e, 'utf8').replace(/\.\.\/(?=\.\.)/, ''));
    try {
      expect(boundaryViolations(home, misplaced).length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(misplaced);
    }
  });

  it("passes its own unit spec (the rule on fixtures, the demo seed)", () => {
    const jest = nestedJest(root, 'jest.config.json', `<rootDir>/plugins/${ID}/*.spec.ts`, {}, process.env, 120_000);
    expect([jest.status, jest.stderr.includes('Tests:') ? '' : jest.stderr]).toEqual([0, '']);
    expect(jest.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
  }, 150_000);

  it('passes its own e2e spec, booted from the temp root (plugins/installed there also discovers the temp plugins)', () => {
    // The generated spec boots with startTestApp's default plugins, which are plugins/installed's: here the repo's plus the temp root's.
    const shim = path.join(root, 'installed-shim.ts');
    fs.writeFileSync(
      shim,
      [
        "import * as path from 'node:path';",
        `import { discoverPlugins, INSTALLED_PLUGINS as REPO_PLUGINS, PluginDiscoveryError } from ${JSON.stringify(path.join(REPO, 'plugins', 'installed'))};`,
        'export { discoverPlugins, PluginDiscoveryError };',
        "export const INSTALLED_PLUGINS = [...REPO_PLUGINS, ...discoverPlugins(path.join(__dirname, 'plugins'))];",
      ].join('\n'),
    );
    // SQLite in a data dir of its own: never the PostgreSQL database or the snapshot cache this worker uses.
    const { DATABASE_URL: _db, LZ_TEST_DB_CACHE: _cache, ...env } = process.env;
    const jest = nestedJest(root, 'jest.e2e.config.json', `<rootDir>/plugins/${ID}/test/*.e2e-spec.ts`, { moduleNameMapper: { '^\\.\\./\\.\\./plugins/installed$': shim } }, env, 170_000);
    expect([jest.status, /Tests:\s+3 passed, 3 total/.test(jest.stderr) ? '' : jest.stderr.slice(-3000)]).toEqual([0, '']);
  }, 180_000);

  describe('discovered and booted with the platform', () => {
    let plugin: PluginDefinition;
    let t: TestApp;
    let officer: ApiClient;

    beforeAll(async () => {
      const found = discoverPlugins(path.join(root, 'plugins'));
      expect(found.map((p) => p.id)).toEqual([ID]);
      plugin = found[0];
      t = await startTestApp({ configDir: path.join(root, 'config'), plugins: [...INSTALLED_PLUGINS, plugin], now: '2026-06-01T03:00:00Z' });
      await t.createUser('scaffold-officer', [{ institution: INSTITUTION, role: 'discipline-officer' }]);
      officer = await t.login('scaffold-officer');
    }, 600_000);
    afterAll(() => t?.close());

    it('discoverPlugins finds the generated plugin under its folder name, made with definePlugin', () => {
      expect(plugin).toMatchObject({ id: ID, coreCompatibility: '^1.0.0', name: { zh: '公务接待登记', en: 'Official reception register' } });
      expect(Object.isFrozen(plugin)).toBe(true);
      expect(plugin.recordTypes!.map((r) => r.id)).toEqual(['matter']);
      expect(new Set(plugin.recordTypes![0].fields.map((f) => f.type))).toEqual(new Set(['string', 'money', 'date', 'enum', 'text']));
    });

    it('a record saved through the API above the threshold raises the rule hit, one below does not', async () => {
      const api = `/api/plugins/${ID}/records/matter`;
      const big = await officer.post(api, { title: '上级检查组接待', amountFen: 6_000_000, occurredOn: '2026-05-20', category: 'service', handler: '周敏' });
      expect([big.status, big.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
      expect(big.body.values).toMatchObject({ amountFen: 6_000_000, occurredOn: '2026-05-20', category: 'service' });
      const small = await officer.post(api, { title: '座谈会茶水', amountFen: 30_000, occurredOn: '2026-05-21', category: 'goods' });
      expect(small.status).toBe(201);
      // Typed fields are enforced: a fractional fen amount, an impossible date and an unknown category are refused.
      expect((await officer.post(api, { title: 'x', amountFen: 1.5, occurredOn: '2026-02-30', category: 'food' })).status).toBe(400);
      const hits = ((await officer.get('/api/rule-hits?pageSize=200')).body.items as { ruleId: string; recordId: number; level: string }[]).filter((h) => h.ruleId.startsWith(`${ID}/`));
      expect(hits).toEqual([expect.objectContaining({ ruleId: `${ID}/amount-above-threshold`, recordId: big.body.id, level: 'yellow' })]);
    });

    it('issues the reminder letter for the record as a numbered PDF with the institution prefix', async () => {
      const items = (await officer.get(`/api/plugins/${ID}/records/matter?pageSize=50`)).body.items as { id: number; title: string }[];
      const record = items.find((r) => r.title === '上级检查组接待')!;
      const issued = await officer.post(`/api/records/${record.id}/issue`, { template: `${ID}/reminder-letter` });
      expect([issued.status, issued.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
      expect(issued.body.number).toMatch(/^示公务纪〔2026〕\d+号$/);
      const res = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(pdf)).join('').replace(/\s+/g, '');
      for (const s of ['廉政提醒函', '周敏同志', '上级检查组接待', '60,000.00元', '大额事项标准50,000.00元', issued.body.number]) expect(text).toContain(s);
    });

    it('opens the list, form and dashboard screens with their Chinese labels', async () => {
      const list = await officer.get(`/p/${ID}/matters`);
      expect(list.status).toBe(200);
      for (const s of ['事项登记台账', '上级检查组接待', '事项名称']) expect(list.text).toContain(s);
      const form = await officer.get(`/p/${ID}/new-matter`);
      expect(form.status).toBe(200);
      for (const s of ['事项名称', '金额（元）', '发生日期', '类别', '服务采购']) expect(form.text).toContain(s);
      const board = await officer.get(`/p/${ID}/dashboard`);
      expect(board.status).toBe(200);
      expect(board.text).toContain('大额事项（件）');
    });
  });

  describe('refusals: exit 2, one Chinese and English line, nothing written', () => {
    it.each([['Bad_Id'], ['ab'], ['9lives'], ['trailing-'], ['double--dash'], ['x'.repeat(41)], ['has space']])('refuses the id %j', (id) => {
      const r = tempRoot();
      roots.push(r);
      const before = tree(r);
      const res = scaffold(r, [id]);
      expect(res.status).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/插件标识.*无效.*invalid plugin id/);
      expect(tree(r)).toEqual(before);
    });

    it('refuses an existing plugin folder and changes nothing', () => {
      const before = tree(root);
      const res = scaffold(root, [ID]);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/插件目录已存在.*plugin folder exists/);
      expect(tree(root)).toEqual(before);
    });

    it('refuses an existing institution file and creates no plugin folder', () => {
      const r = tempRoot();
      roots.push(r);
      fs.writeFileSync(path.join(r, 'config', 'institutions', 'fresh-plugin-demo.yaml'), 'code: fresh-plugin-demo\n');
      const before = tree(r);
      const res = scaffold(r, ['fresh-plugin']);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/单位配置文件已存在.*institution file exists/);
      expect(tree(r)).toEqual(before);
      expect(fs.existsSync(path.join(r, 'plugins', 'fresh-plugin'))).toBe(false);
    });
  });
});
