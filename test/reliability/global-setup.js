'use strict';
// Builds dist/ once before the reliability suites, which run the real CLI (node dist/apps/cli/cli.js).
// Skipped when dist is newer than every source file; tsc still emits when some file has a type error.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'apps', 'cli', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

module.exports = async function buildCli() {
  // npm test builds once before running jest twice side by side (test/run-tests.js).
  if (process.env.LZ_DIST_READY === '1') return;
  const sources = Math.max(...['core', 'apps', 'plugins'].map((d) => newestSource(path.join(ROOT, d))));
  if (fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs >= sources) {
    require('../../apps/cli/copy-assets').copyAssets();
    return;
  }
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const started = Date.now();
  const res = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) process.stderr.write(`\n[reliability] tsc -p tsconfig.build.json reported errors (output still emitted):\n${res.stdout}${res.stderr}\n`);
  if (!fs.existsSync(CLI)) throw new Error(`build did not produce ${CLI}`);
  require('../../apps/cli/copy-assets').copyAssets();
  // Touch so an unchanged tree is not rebuilt by the next run.
  const now = new Date();
  fs.utimesSync(CLI, now, now);
  process.stderr.write(`[reliability] built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};
