import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as semver from 'semver';

// Plain CommonJS that runs before `npm ci`, so it is required rather than imported.
const { installPlan, satisfiesRange } = require('./ensure-env') as {
  installPlan(root: string): { action: 'none' | 'ci' | 'fail'; reason?: string };
  satisfiesRange(version: string, range: string): boolean;
};

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('npm start: what it does about npm packages', () => {
  let dir: string;
  const pkg = { name: 'x', dependencies: { a: '^1.0.0' }, devDependencies: { b: '^2.0.0' } };
  const lock = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'x', dependencies: { a: '^1.0.0' }, devDependencies: { b: '^2.0.0' } },
      'node_modules/a': { version: '1.2.0', optionalDependencies: { 'a-darwin': '1.2.0' } },
      'node_modules/a-darwin': { version: '1.2.0', optional: true },
      'node_modules/b': { version: '2.0.1', dev: true },
    },
  };
  /** What npm recorded installing on this (linux) machine: no darwin package. */
  const installed = { packages: { 'node_modules/a': { version: '1.2.0' }, 'node_modules/b': { version: '2.0.1', dev: true } } };

  function write(files: { pkg?: object; lock?: object | null; installed?: object | null }) {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(files.pkg ?? pkg));
    if (files.lock !== null) fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(files.lock ?? lock));
    if (files.installed !== null) {
      fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(files.installed ?? installed));
    }
  }

  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-ensure-env-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('does nothing when node_modules holds what the lockfile lists (other platforms’ optional packages aside)', () => {
    write({});
    expect(installPlan(dir)).toEqual({ action: 'none' });
  });

  it('runs npm ci when node_modules is missing', () => {
    write({ installed: null });
    expect(installPlan(dir)).toEqual({ action: 'ci', reason: 'node_modules is missing' });
  });

  it('runs npm ci when node_modules is stale: another version, a package missing or one too many', () => {
    write({ installed: { packages: { ...installed.packages, 'node_modules/a': { version: '1.1.0' } } } });
    expect(installPlan(dir)).toEqual({ action: 'ci', reason: expect.stringContaining('node_modules/a 1.1.0 (lockfile: 1.2.0)') });
    write({ installed: { packages: { 'node_modules/a': { version: '1.2.0' } } } });
    expect(installPlan(dir)).toEqual({ action: 'ci', reason: expect.stringContaining('node_modules/b missing') });
    write({ installed: { packages: { ...installed.packages, 'node_modules/left-over': { version: '0.1.0' } } } });
    expect(installPlan(dir)).toEqual({ action: 'ci', reason: expect.stringContaining('node_modules/left-over not in the lockfile') });
  });

  it('stops, naming the dependency and the fix, when the lockfile is out of sync with package.json or missing', () => {
    write({ pkg: { ...pkg, dependencies: { a: '^1.0.0', c: '^3.0.0' } } });
    const added = installPlan(dir);
    expect(added.action).toBe('fail');
    expect(added.reason).toContain('c ^3.0.0 in package.json, (absent) in the lockfile');
    expect(added.reason).toContain('npm install --package-lock-only');
    write({ pkg: { ...pkg, devDependencies: { b: '^2.1.0' } } });
    expect(installPlan(dir).reason).toContain('b ^2.1.0 in package.json, ^2.0.0 in the lockfile');
    fs.rmSync(path.join(dir, 'package-lock.json'));
    expect(installPlan(dir)).toEqual({ action: 'fail', reason: expect.stringContaining('package-lock.json is missing') });
  });

  it("the repository's lockfile is in sync with its package.json", () => {
    const plan = installPlan(ROOT);
    expect(plan.action === 'fail' ? plan.reason : 'in sync').toBe('in sync');
  });
});

describe('supported Node versions', () => {
  const range: string = readJson('package.json').engines.node;

  it('the start check reads "engines" as semver does', () => {
    for (const v of ['18.20.0', '20.18.3', '20.19.0', '20.20.2', '21.7.3', '22.12.0', '22.13.0', '22.21.1', '23.11.0', '24.10.0', '24.11.0', '25.2.1', '26.0.0', '27.0.0']) {
      expect({ v, ok: satisfiesRange(v, range) }).toEqual({ v, ok: semver.satisfies(v, range) });
    }
  });

  it('are ones every locked package supports (TypeORM 1.1 and better-sqlite3 12 set the bounds)', () => {
    const lock = readJson('package-lock.json');
    const narrower = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
      .filter(([at, p]) => at && typeof p.engines?.node === 'string' && semver.validRange(p.engines.node) && !semver.subset(range, p.engines.node))
      .map(([at, p]) => `${at}: ${p.engines!.node}`);
    expect(narrower).toEqual([]);
    expect(readJson('package-lock.json').packages[''].engines.node).toBe(range);
  });

  it('the README states the same range', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`\`${range}\``);
  });
});
