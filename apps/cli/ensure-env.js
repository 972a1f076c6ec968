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

/** Whether `version` meets an engines range of `||`-joined `^a.b.c` / `>=a.b.c`: semver itself is not there before `npm ci`. */
function satisfiesRange(version, range) {
  const parts = (v) => v.split('.').map(Number).concat([0, 0, 0]).slice(0, 3);
  const atLeast = (v, min) => v.reduce((d, x, i) => d || x - min[i], 0) >= 0;
  const v = parts(version);
  return range.split('||').some((alternative) => {
    const m = alternative.trim().match(/^(\^|>=)(\d+(?:\.\d+){0,2})$/);
    if (!m) throw new Error(`package.json engines.node: cannot read "${alternative.trim()}" (use ^a.b.c or >=a.b.c)`);
    const min = parts(m[2]);
    return atLeast(v, min) && (m[1] === '>=' || v[0] === min[0]);
  });
}

// "engines" in package.json is the one statement of the supported Node versions (README quotes it).
function checkNode() {
  const range = readJson(path.join(ROOT, 'package.json')).engines.node;
  if (!satisfiesRange(process.versions.node, range)) {
    fail(`Node ${process.versions.node} is not supported; install Node ${range} (e.g. from https://nodejs.org or NodeSource).`);
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

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw new Error(`${path.relative(ROOT, file) || file}: ${err.message}`);
  }
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** Where package.json and the lockfile's record of it disagree (a dependency added, removed or re-ranged). */
function lockDrift(pkg, lock) {
  const root = (lock.packages && lock.packages['']) || {};
  const drift = [];
  for (const field of DEPENDENCY_FIELDS) {
    const want = pkg[field] || {};
    const locked = root[field] || {};
    for (const name of new Set([...Object.keys(want), ...Object.keys(locked)])) {
      if (want[name] !== locked[name]) drift.push(`${name} ${want[name] || '(absent)'} in package.json, ${locked[name] || '(absent)'} in the lockfile`);
    }
  }
  return drift;
}

/** Packages node_modules holds in another version than the lockfile, lacks or has beyond it (other platforms' optional ones aside). */
function staleInstall(lock, installed) {
  const stale = [];
  for (const [at, entry] of Object.entries(lock.packages)) {
    if (!at) continue;
    const have = installed.packages[at];
    if (!have) {
      if (!entry.optional) stale.push(`${at} missing`);
    } else if (have.version !== entry.version) stale.push(`${at} ${have.version} (lockfile: ${entry.version})`);
  }
  for (const at of Object.keys(installed.packages)) if (!(at in lock.packages)) stale.push(`${at} not in the lockfile`);
  return stale;
}

/**
 * What to do about npm packages: `none`, `ci` (node_modules missing or not what the lockfile says) or `fail` (no
 * lockfile, or one out of step with package.json: `npm install` would quietly resolve other versions).
 */
function installPlan(root = ROOT) {
  const pkg = readJson(path.join(root, 'package.json'));
  const lock = readJson(path.join(root, 'package-lock.json'));
  if (!lock) return { action: 'fail', reason: 'package-lock.json is missing: restore it from the repository (npm start installs exactly what it lists)' };
  const drift = lockDrift(pkg, lock);
  if (drift.length) {
    return { action: 'fail', reason: `package-lock.json is out of sync with package.json:\n  ${drift.join('\n  ')}\nrun \`npm install --package-lock-only\`, check the diff and commit package-lock.json` };
  }
  // npm writes this record of what it installed on every install; it is absent when node_modules is.
  const installed = readJson(path.join(root, 'node_modules', '.package-lock.json'));
  if (!installed) return { action: 'ci', reason: 'node_modules is missing' };
  const stale = staleInstall(lock, installed);
  if (stale.length) return { action: 'ci', reason: `node_modules differs from package-lock.json (${stale.slice(0, 3).join('; ')}${stale.length > 3 ? `; ${stale.length - 3} more` : ''})` };
  return { action: 'none' };
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

function npmCi(reason) {
  const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' };
  // node-gyp cannot download Node headers offline; use the system ones when they match this Node.
  if (!env.npm_config_nodedir && !userNpmrcSetsNodedir() && systemHeadersMatch()) env.npm_config_nodedir = '/usr';
  log(`${reason}: running npm ci (a few minutes on a fresh clone: native modules may compile from source)`);
  // The lockfile lists every platform's optional native packages, so `npm ci` passes on npm 10 and 11 alike.
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env }) !== 0) {
    fail('npm ci failed (see above). If it says the lockfile is out of sync, run `npm install --package-lock-only`, check the diff and commit package-lock.json');
  }
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
  const plan = installPlan();
  if (plan.action === 'fail') fail(plan.reason);
  // Debian packages first: the npm install may need the compiler toolchain.
  const missing = missingDebianPackages({ needBrowser, needPostgres, needBuildTools: plan.action === 'ci' });
  if (missing.length) installDebianPackages(missing);
  if (plan.action === 'ci') npmCi(plan.reason);
}

module.exports = { ensureEnv, installPlan, satisfiesRange };

if (require.main === module) {
  // Usage: node apps/cli/ensure-env.js [--no-browser] [--postgres]
  const args = process.argv.slice(2);
  ensureEnv({
    needBrowser: !args.includes('--no-browser'),
    needPostgres: args.includes('--postgres') || !!process.env.TEST_DATABASE_URL,
  });
  log('environment OK');
}
