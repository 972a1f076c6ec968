#!/usr/bin/env node
'use strict';
// `npm test`: type check, then jest (unit + e2e + browser + reliability on SQLite), then e2e and
// reliability again on PostgreSQL when TEST_DATABASE_URL is set. Runs every step even after a failure, exits
// non-zero if any failed, and ends with one line: `N passed, N failed[, N skipped]`.
// Extra arguments go to every jest run: `npm test -- -t login`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
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

function runStep(name, args, env) {
  log(`${name}: ${path.basename(args[0])} ${args.slice(1).join(' ')}`);
  const res = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (res.error) log(`${name}: ${res.error.message}`);
  const ok = res.status === 0;
  if (!ok) failedSteps.push(name);
  return ok;
}

function runJest(name, projects, env, jestArgs = []) {
  const out = path.join(tmpDir, `${name.replace(/\W+/g, '-')}.json`);
  const ok = runStep(name, [JEST, '--runInBand', '--selectProjects', ...projects, ...jestArgs, '--json', `--outputFile=${out}`, ...extraArgs], env);
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

if (!runStep('type check', [TSC, '--noEmit', '-p', 'tsconfig.json'], process.env)) totals.failed += 1;
// The hostile-input memory test sends 300 inputs per endpoint here (about 6 min); `npm run test:hostile` sends the
// full 1,000 per endpoint (about 20 min on 2 cores), too long for every CI run.
runJest('jest', ['unit', 'e2e', 'browser', 'reliability'], { ...sqliteEnv, HOSTILE_INPUTS: process.env.HOSTILE_INPUTS || '300' });
if (process.env.TEST_DATABASE_URL) {
  // The reliability suites run again on PostgreSQL, except those that do not touch the database's behaviour
  // (renderer faults, memory under hostile input, payload escaping in plugin screens and PDFs): one run of those
  // is enough and keeps CI well under its limit. The load test is SQLite's baseline: on PostgreSQL the serialised
  // write lane (one write = about 24 round trips) saturates at 10% writes, p99 1.7 s on an idle machine — a known
  // gap recorded in the README, measured by hand with DATABASE_URL set, not hidden in a passing run.
  runJest('jest e2e + reliability (postgres)', ['e2e', 'e2e-pg', 'reliability'], { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, [
    '--testPathIgnorePatterns',
    'renderer-soak',
    'hostile-input-memory',
    'injection-matrix-plugin-',
    'load.rel-spec',
  ]);
}

fs.rmSync(tmpDir, { recursive: true, force: true });
if (failedSteps.length) log(`failed steps: ${failedSteps.join(', ')}`);
let summary = `${totals.passed} passed, ${totals.failed} failed`;
if (totals.skipped > 0) summary += `, ${totals.skipped} skipped`;
console.log(summary);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
