#!/usr/bin/env node
'use strict';
// Two tiers, one runner:
//   `npm test` (node test/run-tests.js): compile once (type check and dist/ in one tsc run), then on SQLite every unit,
//     e2e, browser and reliability suite with both cores, the generated injection matrices on a fixed sample
//     (LZ_MATRIX=sample; the plugin ones only in test:full), suites booting from cached seeded databases
//     (LZ_TEST_DB_CACHE); then one short run of load, crash safety and the renderer soak alone on the idle machine.
//   `npm run test:full` (--full): everything. The same compile and SQLite run as npm test (minus the matrices), then
//     the matrices in full on SQLite; the e2e and reliability suites on PostgreSQL (TEST_DATABASE_URL), two at a time
//     on a database each; then the measuring suites at full size, alone: load and crash safety on both databases,
//     1,000 hostile inputs per endpoint, the full renderer soak. CI runs this one command.
// Runs every step even after a failure, exits non-zero if any failed, and ends with one line per tier and one total:
// `N passed, N failed[, N skipped]`. Extra arguments go to every jest run: `npm test -- -t login`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const readline = require('readline');
const { ensureEnv } = require('../apps/cli/ensure-env');

const ROOT = path.resolve(__dirname, '..');
const log = (msg) => console.error(`[test] ${msg}`);
const FULL = process.argv.includes('--full');
const extraArgs = process.argv.slice(2).filter((a) => a !== '--full');

ensureEnv({ needBrowser: true, needPostgres: FULL && !!process.env.TEST_DATABASE_URL });

// Resolve the local binaries: `npx tsc` would fetch an unrelated "tsc" package if typescript were missing.
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-tests-'));
const tiers = [];
const failedSteps = [];
const startedAt = Date.now();

function tier(name) {
  const t = { name, passed: 0, failed: 0, skipped: 0, started: Date.now() };
  tiers.push(t);
  return t;
}

// A child process; with a prefix its output is piped line by line so two runs side by side stay readable.
function runStep(name, args, env, prefix) {
  log(`${name}: ${path.basename(args[0])} ${args.slice(1).join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (prefix) {
      for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
        readline.createInterface({ input: from }).on('line', (line) => to.write(`${prefix} ${line}\n`));
      }
    }
    child.on('error', (err) => log(`${name}: ${err.message}`));
    child.on('close', (code) => {
      const ok = code === 0;
      if (!ok) failedSteps.push(name);
      resolve(ok);
    });
  });
}

async function runJest(t, name, projects, env, jestArgs, prefix) {
  const out = path.join(tmpDir, `${name.replace(/\W+/g, '-')}.json`);
  const started = Date.now();
  const ok = await runStep(name, [JEST, '--selectProjects', ...projects, ...jestArgs, '--json', `--outputFile=${out}`, ...extraArgs], env, prefix);
  log(`${name}: ${ok ? 'passed' : 'FAILED'} in ${minutes(Date.now() - started)} min`);
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    /* jest crashed before writing results */
  }
  if (!result) {
    log(`${name}: jest wrote no results, counting the run as one failure`);
    t.failed += 1;
    return;
  }
  // Suites that failed to load (syntax/import errors) have no test cases; count each as a failure.
  let failed = (result.numFailedTests || 0) + (result.numRuntimeErrorTestSuites || 0);
  // Jest can fail without a failing test (no tests found, coverage threshold): don't report 0 failed.
  if (!ok && failed === 0) failed = 1;
  t.passed += result.numPassedTests || 0;
  t.failed += failed;
  t.skipped += result.numPendingTests || 0;
}

const minutes = (ms) => (ms / 60_000).toFixed(1);

// The first tiers use SQLite even if the shell has a DATABASE_URL (don't wipe a dev database).
const sqliteEnv = { ...process.env, LZ_DIST_READY: '1' };
delete sqliteEnv.DATABASE_URL;

// Suites that measure the machine (latency, memory, a renderer's lifetime, restart time) run alone on an idle
// machine: beside another run, a restart after kill -9 took 5.8 s against the 5 s bar.
const MEASURING = ['load.rel-spec', 'hostile-input-memory', 'renderer-soak', 'crash-safety'];
// Of those, the ones whose subject is the database run on PostgreSQL too.
const MEASURING_DATABASE = ['load.rel-spec', 'crash-safety'];
// The generated injection matrices run sampled in npm test and in full in test:full on SQLite (they test escaping,
// not the database); on PostgreSQL the warning, assessment and risk ones run sampled and the plugin ones not at all.
const DATABASE_NEUTRAL = ['injection-matrix-plugin-'];
// Suites that read source files or run the scaffold into a temp root (its nested runs on SQLite): nothing in them
// touches the database under test, so PostgreSQL skips them.
const NO_DATABASE = ['plugin-scaffold', 'plugin-boundary', 'core-boundary'];
// Generated matrices over every route and role, and the long downtime run: they run in test:full (SQLite and
// PostgreSQL), keeping npm test a quick loop.
const FULL_ONLY = ['isolation-matrix', 'security-existence-oracle', 'field-secrecy', 'downtime-deadline.rel-spec'];
// Every suite whose size LZ_MATRIX sets (test/support/matrix-tier.ts), with the test:full-only ones.
const MATRICES = ['injection-matrix', ...FULL_ONLY];
// One short run of the load, crash-safety and renderer-soak suites in npm test; test:full runs them at full size. The
// hostile-input memory suite runs in test:full only: its bar means something only after 1,000 inputs per endpoint
// (npm test's malformed-input suites send every route its malformed bodies).
const MEASURING_SHORT = { LOAD_SECONDS: '10', CRASH_KILLS: '5', RENDER_SOAK_JOBS: '30', RENDER_MEMORY_BATCHES: '2' };
const MEASURING_SHORT_SUITES = ['load.rel-spec', 'renderer-soak', 'crash-safety'];

const ignore = (patterns) => ['--testPathIgnorePatterns', ...patterns];
const only = (patterns) => ['--testPathPatterns', ...patterns];

/** One tsc run for the type check and dist/ (the reliability suites run the built CLI); incremental, so an unchanged tree takes seconds. */
async function compile(t) {
  const ok = await runStep('compile (type check + dist/)', [TSC, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', path.join('dist', '.tsbuildinfo')], process.env);
  if (!ok) t.failed += 1;
  require('../apps/cli/copy-assets').copyAssets();
  if (!fs.existsSync(path.join(ROOT, 'dist', 'apps', 'cli', 'cli.js'))) throw new Error('the compile step did not emit dist/apps/cli/cli.js');
}

/** Each jest worker's PostgreSQL database (`<db>_w1`, `_w2`), created when missing; false when they cannot be had. */
async function pgWorkerDatabases(url, workers) {
  const { Client } = require('pg');
  const base = new URL(url);
  const name = base.pathname.slice(1);
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    for (let w = 1; w <= workers; w++) {
      const db = `${name}_w${w}`;
      const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (!found.rowCount) await c.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`);
    }
    return true;
  } catch (err) {
    log(`PostgreSQL worker databases unavailable (${err.message}): the PostgreSQL suites run one at a time`);
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function main() {
  const fast = tier(FULL ? 'compile + sqlite suites' : 'npm test');
  await compile(fast);
  // Both cores: suites are independent (own SQLite file, own ports, own Chromium profile).
  const sqliteRun = { ...sqliteEnv, LZ_TEST_DB_CACHE: path.join(tmpDir, 'db-cache') };
  // test:full runs the matrices once, in full, instead of sampled here and again in full.
  const deferred = FULL ? MATRICES : [...DATABASE_NEUTRAL, ...FULL_ONLY];
  await runJest(fast, 'jest (sqlite)', ['unit', 'e2e', 'browser', 'reliability'], { ...sqliteRun, LZ_MATRIX: 'sample' }, ['--maxWorkers=2', ...ignore([...MEASURING, ...deferred])]);
  if (!FULL) {
    await runJest(fast, 'jest measuring suites, short (sqlite, idle machine)', ['reliability'], { ...sqliteEnv, ...MEASURING_SHORT }, ['--runInBand', ...only(MEASURING_SHORT_SUITES)]);
    return;
  }
  const matrices = tier('sqlite matrices in full');
  await runJest(matrices, 'jest matrices in full (sqlite)', ['e2e', 'reliability'], { ...sqliteRun, LZ_MATRIX: 'full' }, ['--maxWorkers=2', ...only(MATRICES)]);
  const pg = tier('postgres suites');
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const perWorker = await pgWorkerDatabases(url, 2);
    // Seeded snapshots as on SQLite (pg_dump of the seeded schema): seeding the demo and plugin year takes 33–46 s on PostgreSQL.
    const pgEnv = { ...process.env, LZ_DIST_READY: '1', DATABASE_URL: url, LZ_MATRIX: 'sample', LZ_TEST_DB_CACHE: path.join(tmpDir, 'pg-db-cache'), ...(perWorker ? { LZ_PG_WORKERS: '2' } : {}) };
    await runJest(pg, 'jest e2e + reliability (postgres)', ['e2e', 'e2e-pg', 'reliability'], pgEnv, [perWorker ? '--maxWorkers=2' : '--runInBand', ...ignore([...MEASURING, ...DATABASE_NEUTRAL, ...NO_DATABASE])]);
  } else {
    log('TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run (.ci/run sets it)');
    pg.failed += 1;
    failedSteps.push('postgres (TEST_DATABASE_URL unset)');
  }
  const measuring = tier('measuring suites (idle machine)');
  await runJest(measuring, 'jest measuring suites (sqlite)', ['reliability'], { ...sqliteEnv, HOSTILE_INPUTS: process.env.HOSTILE_INPUTS || '1000' }, ['--runInBand', ...only(MEASURING)]);
  if (url) await runJest(measuring, 'jest measuring suites (postgres)', ['reliability'], { ...process.env, LZ_DIST_READY: '1', DATABASE_URL: url }, ['--runInBand', ...only(MEASURING_DATABASE)]);
}

function summary(t) {
  let s = `${t.passed} passed, ${t.failed} failed`;
  if (t.skipped > 0) s += `, ${t.skipped} skipped`;
  return s;
}

main()
  .catch((err) => {
    log(`stopped: ${err.stack || err}`);
    (tiers[tiers.length - 1] ?? tier('setup')).failed += 1;
  })
  .finally(() => {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (failedSteps.length) log(`failed steps: ${failedSteps.join(', ')}`);
    const end = Date.now();
    tiers.forEach((t, i) => log(`${t.name}: ${summary(t)} in ${minutes((tiers[i + 1]?.started ?? end) - t.started)} min`));
    const total = tiers.reduce((a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }), { passed: 0, failed: 0, skipped: 0 });
    log(`all: ${minutes(end - startedAt)} min`);
    console.log(summary(total));
    process.exit(failedSteps.length || total.failed ? 1 : 0);
  });
