#!/usr/bin/env node
'use strict';
// `npm start`: prepare the environment, build if sources changed, then run the demo server.
// Extra arguments are passed on: `npm start -- --foo` runs `cli.js start --demo --foo`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureEnv } = require('./ensure-env');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'cli.js');
const STAMP = path.join(ROOT, 'dist', '.start-build-stamp');
const SOURCE_DIRS = ['core', 'plugins', 'apps'];
const log = (msg) => console.error(`[setup] ${msg}`);

// Newest mtime of .ts sources plus the compiler config, so a stale dist/ triggers a rebuild.
function newestSourceMtime() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (path.basename(p) === 'node_modules') return;
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (p.endsWith('.ts') || /tsconfig.*\.json$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(ROOT, dir));
  for (const name of fs.readdirSync(ROOT)) if (/^tsconfig.*\.json$/.test(name)) visit(path.join(ROOT, name));
  return newest;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function buildIfStale() {
  const cliAt = mtime(CLI);
  // tsc may leave unchanged outputs untouched (incremental builds), so also record when we last built.
  const builtAt = cliAt === null ? null : Math.max(cliAt, mtime(STAMP) ?? 0);
  if (builtAt !== null && newestSourceMtime() <= builtAt) return;
  log(builtAt === null ? 'building (first run, ~30 s)' : 'sources changed, rebuilding (~30 s)');
  const startedAt = new Date();
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    log('build failed');
    process.exit(res.status || 1);
  }
  if (!fs.existsSync(CLI)) {
    log(`build finished but ${path.relative(ROOT, CLI)} is missing`);
    process.exit(1);
  }
  // Stamp with the build's start time so edits made during the build trigger the next rebuild.
  fs.writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  fs.utimesSync(STAMP, startedAt, startedAt);
}

function main() {
  ensureEnv({ needBrowser: true });
  buildIfStale();
  const child = spawn(process.execPath, [CLI, 'start', '--demo', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const forward = (sig) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (err) => {
    log(`could not start server: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die by the same signal so our parent (npm, a shell) sees how the server ended.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      setTimeout(() => process.exit(128 + (os.constants.signals[signal] || 1)), 1000);
      return;
    }
    process.exit(code ?? 1);
  });
}

main();
