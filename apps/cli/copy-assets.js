#!/usr/bin/env node
'use strict';
// After `tsc -p tsconfig.build.json`: copy the non-TypeScript files plugins and core read at run time
// (Handlebars templates, JSON data) into dist/, which tsc does not do. `node apps/cli/copy-assets.js`
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const ASSET = /\.(hbs|json|csv|txt|svg|png|css)$/;

function copyAssets(dir) {
  let copied = 0;
  if (!fs.existsSync(dir)) return copied;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') copied += copyAssets(full);
    } else if (ASSET.test(e.name)) {
      const target = path.join(DIST, path.relative(ROOT, full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(full, target);
      copied++;
    }
  }
  return copied;
}

module.exports = { copyAssets: () => ['core', 'plugins'].reduce((n, d) => n + copyAssets(path.join(ROOT, d)), 0) };

if (require.main === module) console.error(`[build] copied ${module.exports.copyAssets()} asset files into dist/`);
