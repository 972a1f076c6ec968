#!/usr/bin/env node
'use strict';
// `npm test`: type check; jest (unit + e2e + browser + reliability) on SQLite and, when TEST_DATABASE_URL is set,
// e2e + reliability on PostgreSQL at the same time; then the measuring suites (load, hostile-input memory with
// 1,000 inputs per endpoint, renderer soak, crash safety) alone. Runs every step even after a failure, exits non-zero if any
// failed, and ends with one line: `N passed, N failed[, N skipped]`.
// Extra arguments go to every jest run: `npm test -- -t login`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const readline = require('readline');
const { ensureEnv } = require('../apps/cli/ensure-env');

const ROOT = path.resolve(__dirname, '..');
const log = (msg) => console.error(`[test] ${msg}`);

ensureEnv({ needBrowser: true, needPostgres: !!process.env.TEST_DATABASE_URL });

// Resolve the local binaries: `npx tsc` would fetch an unrelated "tsc" package if typescript were missing.
const TSC = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const JEST = require.resolve('jest/bin/jest', { paths: [ROOT] });
const extraArgs = process.argv.slice(2);
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

// Jest runs as a child; with a prefix its output is piped line by line so two runs side by side stay readable.
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

async function runJest(name, projects, env, jestArgs = [], prefix) {
  const out = path.join(tmpDir, `${name.replace(/\W+/g, '-')}.json`);
  const started = Date.now();
  const ok = await runStep(name, [JEST, '--runInBand', '--selectProjects', ...projects, ...jestArgs, '--json', `--outputFile=${out}`, ...extraArgs], env, prefix);
  log(`${name}: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    /* jest crashed before writing results */
  }
  if (!result) {
    log(`${name}: jest wrote no results, counting the run as one failure`);
    totals.failed += 1;
    return;
  }
  // Suites that failed to load (syntax/import errors) have no test cases; count each as a failure.
  let failed = (result.numFailedTests || 0) + (result.numRuntimeErrorTestSuites || 0);
  // Jest can fail without a failing test (no tests found, coverage threshold): don't report 0 failed.
  if (!ok && failed === 0) failed = 1;
  totals.passed += result.numPassedTests || 0;
  totals.failed += failed;
  totals.skipped += result.numPendingTests || 0;
}

// The first pass must use SQLite even if the shell has a DATABASE_URL (don't wipe a dev database).
const sqliteEnv = { ...process.env };
delete sqliteEnv.DATABASE_URL;

// Suites that measure the machine (latency, memory, a renderer's lifetime, restart time) run last, alone, on an idle
// machine: beside the other database's run, a restart after kill -9 took 5.8 s against the 5 s bar.
const MEASURING = ['load.rel-spec', 'hostile-input-memory', 'renderer-soak', 'crash-safety'];
// Of those, the ones whose subject is the database run on PostgreSQL too.
const MEASURING_DATABASE = ['load.rel-spec', 'crash-safety'];
// On PostgreSQL, skip what does not depend on the database's behaviour: one run of it is enough.
const DATABASE_NEUTRAL = ['injection-matrix-plugin-'];

async function main() {
  const typeCheck = await runStep('type check', [TSC, '--noEmit', '-p', 'tsconfig.json'], process.env);
  if (!typeCheck) totals.failed += 1;
  // Build dist/ once here: two runs' global setups must not rebuild or copy assets under each other's servers.
  await require('./reliability/global-setup')();
  const built = { LZ_DIST_READY: '1' };
  const ignore = (patterns) => ['--testPathIgnorePatterns', ...patterns];

  // SQLite and PostgreSQL side by side (2 cores: about 35 min instead of 55 one after the other).
  const runs = [runJest('jest (sqlite)', ['unit', 'e2e', 'browser', 'reliability'], { ...sqliteEnv, ...built }, ignore(MEASURING), process.env.TEST_DATABASE_URL ? '[sqlite]' : undefined)];
  if (process.env.TEST_DATABASE_URL) {
    const pgEnv = { ...process.env, ...built, DATABASE_URL: process.env.TEST_DATABASE_URL };
    runs.push(runJest('jest e2e + reliability (postgres)', ['e2e', 'e2e-pg', 'reliability'], pgEnv, ignore([...MEASURING, ...DATABASE_NEUTRAL]), '[postgres]'));
  }
  await Promise.all(runs);

  // The measuring suites on SQLite, with the full 1,000 hostile inputs per endpoint; then load and crash safety on
  // PostgreSQL, whose write transactions run side by side rather than in a lane.
  await runJest('jest measuring suites (sqlite, idle machine)', ['reliability'], { ...sqliteEnv, ...built, HOSTILE_INPUTS: process.env.HOSTILE_INPUTS || '1000' }, [
    '--testPathPatterns',
    ...MEASURING,
  ]);
  if (process.env.TEST_DATABASE_URL) {
    await runJest('jest measuring suites (postgres, idle machine)', ['reliability'], { ...process.env, ...built, DATABASE_URL: process.env.TEST_DATABASE_URL }, [
      '--testPathPatterns',
      ...MEASURING_DATABASE,
    ]);
  }
}

main()
  .catch((err) => {
    log(`stopped: ${err.stack || err}`);
    totals.failed += 1;
  })
  .finally(() => {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (failedSteps.length) log(`failed steps: ${failedSteps.join(', ')}`);
    let summary = `${totals.passed} passed, ${totals.failed} failed`;
    if (totals.skipped > 0) summary += `, ${totals.skipped} skipped`;
    console.log(summary);
    process.exit(failedSteps.length || totals.failed ? 1 : 0);
  });
