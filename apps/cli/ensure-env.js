#!/usr/bin/env node
'use strict';
// Pre-flight for `npm start` / `npm test`: Node version, npm dependencies, Debian packages.
// Plain CommonJS with no dependencies: it runs before `npm install`.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const log = (msg) => console.error(`[setup] ${msg}`);

function fail(msg) {
  log(msg);
  process.exit(1);
}

// Same ranges as "engines" in package.json (20.19 is the first 20.x with require(esm) on by default).
function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 24;
  if (!ok) {
    fail(`Node ${process.versions.node} is not supported; install Node ^20.19, ^22.12 or >=24 (e.g. from https://nodejs.org or NodeSource).`);
  }
}

function onPath(bin) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir || '.', bin), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function postgresServerInstalled() {
  const base = '/usr/lib/postgresql';
  let versions = [];
  try {
    versions = fs.readdirSync(base);
  } catch {
    /* not installed the Debian way */
  }
  // pg_ctlcluster alone is only postgresql-common; require an actual server binary.
  return versions.some((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres'))) || onPath('postgres');
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function npmInstallNeeded() {
  const marker = mtime(path.join(ROOT, 'node_modules', '.package-lock.json'));
  if (marker === null) return true;
  const lock = mtime(path.join(ROOT, 'package-lock.json'));
  return (lock ?? mtime(path.join(ROOT, 'package.json')) ?? 0) > marker;
}

function missingDebianPackages({ needBrowser, needPostgres, needBuildTools }) {
  const missing = [];
  if (needBrowser) {
    const chromium = process.env.CHROMIUM_PATH;
    if (chromium && chromium !== '/usr/bin/chromium') {
      // An explicit CHROMIUM_PATH is the user's choice; apt cannot fix a wrong path.
      if (!fs.existsSync(chromium)) fail(`CHROMIUM_PATH=${chromium} does not exist (unset it to use Debian's /usr/bin/chromium).`);
    } else if (!fs.existsSync('/usr/bin/chromium')) {
      missing.push('chromium');
    }
    // Documents print rare characters (生僻字, CJK Ext A–G) from these (core/documents/pdf/fonts.ts).
    if (!fs.existsSync('/usr/share/fonts/truetype/hanazono/HanaMinB.ttf')) missing.push('fonts-hanazono');
    if (!fs.existsSync('/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf')) missing.push('fonts-babelstone-han');
  }
  if (!['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm'].every(onPath)) missing.push('poppler-utils');
  if (needPostgres && !postgresServerInstalled()) missing.push('postgresql');
  // better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded (offline CI).
  if (needBuildTools && !['make', 'g++', 'python3'].every(onPath)) missing.push('build-essential', 'python3');
  return missing;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (res.error) fail(`could not run ${cmd}: ${res.error.message}`);
  return res.status;
}

function aptListsPresent() {
  try {
    return fs.readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
  } catch {
    return false;
  }
}

function installDebianPackages(pkgs) {
  const cmd = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    fail(`missing Debian packages: ${pkgs.join(' ')}\n[setup] install them with:  sudo apt-get update && sudo ${cmd}`);
  }
  log(`installing Debian packages: ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for a concurrent apt/dpkg (e.g. unattended upgrades) instead of failing on the lock.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=600'];
  const quiet = ['-q'];
  let updated = false;
  const update = () => {
    updated = true;
    if (run('apt-get', [...quiet, ...lockWait, 'update'], { env }) !== 0) fail('apt-get update failed');
  };
  if (!aptListsPresent()) update();
  const install = () => run('apt-get', [...quiet, ...lockWait, 'install', '-y', '--no-install-recommends', ...pkgs], { env });
  let status = install();
  // Stale package lists give 404s; refresh once and retry.
  if (status !== 0 && !updated) {
    update();
    status = install();
  }
  if (status !== 0) fail(`apt-get install failed; try manually: ${cmd}`);
}

function npmInstall() {
  const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' };
  // node-gyp cannot download Node headers offline; use the system ones when they match this Node.
  if (!env.npm_config_nodedir && !userNpmrcSetsNodedir() && systemHeadersMatch()) env.npm_config_nodedir = '/usr';
  const hasLock = fs.existsSync(path.join(ROOT, 'package-lock.json'));
  const flags = ['--no-audit', '--no-fund'];
  log('installing npm dependencies (a few minutes on a fresh clone: native modules may compile from source)');
  if (hasLock) {
    // The lockfile lists every platform's optional native packages, so `npm ci` passes on npm 10 and 11 alike.
    if (run('npm', ['ci', ...flags], { env }) !== 0) fail('npm ci failed; if it says the lockfile is out of sync, run `npm install --package-lock-only` and commit package-lock.json');
    return;
  }
  if (run('npm', ['install', ...flags], { env }) !== 0) fail('npm install failed');
}

function userNpmrcSetsNodedir() {
  const rc = process.env.npm_config_userconfig || path.join(os.homedir(), '.npmrc');
  try {
    return /^\s*nodedir\s*=/m.test(fs.readFileSync(rc, 'utf8'));
  } catch {
    return false;
  }
}

function systemHeadersMatch() {
  try {
    const h = fs.readFileSync('/usr/include/node/node_version.h', 'utf8');
    const v = ['MAJOR', 'MINOR', 'PATCH'].map((k) => (h.match(new RegExp(`#define NODE_${k}_VERSION (\\d+)`)) || [])[1]);
    return v.join('.') === process.versions.node;
  } catch {
    return false;
  }
}

function ensureEnv({ needBrowser = false, needPostgres = false } = {}) {
  // Never let puppeteer(-core) fetch its own browser; we use Debian's chromium.
  process.env.PUPPETEER_SKIP_DOWNLOAD = '1';
  checkNode();
  const needNpm = npmInstallNeeded();
  // Debian packages first: the npm install may need the compiler toolchain.
  const missing = missingDebianPackages({ needBrowser, needPostgres, needBuildTools: needNpm });
  if (missing.length) installDebianPackages(missing);
  if (needNpm) npmInstall();
}

module.exports = { ensureEnv };

if (require.main === module) {
  // Usage: node apps/cli/ensure-env.js [--no-browser] [--postgres]
  const args = process.argv.slice(2);
  ensureEnv({
    needBrowser: !args.includes('--no-browser'),
    needPostgres: args.includes('--postgres') || !!process.env.TEST_DATABASE_URL,
  });
  log('environment OK');
}
