import * as fs from 'node:fs';
import * as path from 'node:path';
import { inside, PLUGIN_API, PLUGINS, pluginViolations, ROOT, specifiers, TEST_PLUGIN } from '../support/plugin-boundary';

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Imports of a contract file that leave core/plugin-api for any other project folder. */
function contractViolations(file: string, text: string): string[] {
  return specifiers(text)
    .filter((spec) => spec.startsWith('.') || path.isAbsolute(spec))
    .filter((spec) => !inside(path.resolve(path.dirname(file), spec), PLUGIN_API))
    .map((spec) => `${path.relative(ROOT, file)} imports ${spec}`);
}

// plugins/installed.ts (and its spec) discovers the plugins; it is no plugin.
const pluginFiles = [...tsFiles(PLUGINS).filter((f) => path.dirname(f) !== PLUGINS), ...tsFiles(TEST_PLUGIN)];

describe('plugin boundary', () => {
  it('finds the plugin sources to check', () => {
    expect(pluginFiles.length).toBeGreaterThanOrEqual(5);
    expect(pluginFiles).toContain(path.join(TEST_PLUGIN, 'test-plugin.plugin.ts'));
    expect(tsFiles(PLUGIN_API).length).toBeGreaterThanOrEqual(1);
  });

  it('plugins import only core/plugin-api and their own folder', () => {
    const found = pluginFiles.flatMap((f) => pluginViolations(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('core/plugin-api imports nothing else from the project', () => {
    const found = tsFiles(PLUGIN_API).flatMap((f) => contractViolations(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the checker catches every kind of forbidden import (so the checks above cannot pass vacuously)', () => {
    const file = path.join(PLUGINS, 'tax-collection', 'rules', 'x.ts');
    const bad = [
      "import { Db } from '../../../core/db/db';",
      "import type { Actor } from '../../../core/auth/actor';",
      "export * from '../../../core/records/records.service';",
      "const m = require('../../../core/audit/audit.service');",
      "const n = import('../../hospital-procurement/hospital-procurement.plugin');",
      "import '../../../test/fixtures/test-plugin/test-plugin.plugin';",
      "import { x } from '../../../apps/server/bootstrap';",
    ].join('\n');
    expect(pluginViolations(file, bad)).toHaveLength(7);
    const good = ["import { definePlugin } from '../../../core/plugin-api';", "import * as path from 'node:path';", "import { y } from './y';", "import { z } from '../tax-collection.plugin';"].join('\n');
    expect(pluginViolations(file, good)).toEqual([]);
    // The shared test harness: a plugin's e2e spec may use it, its code may not.
    const harness = "import { startTestApp } from '../../../test/support/test-app';";
    expect(pluginViolations(path.join(PLUGINS, 'tax-collection', 'test', 'tax.e2e-spec.ts'), harness)).toEqual([]);
    expect(pluginViolations(path.join(PLUGINS, 'tax-collection', 'test', 'helpers.ts'), "import { startTestApp } from '../../../test/support/test-app';")).toHaveLength(1);
    expect(pluginViolations(path.join(PLUGINS, 'tax-collection', 'rules.ts'), "import { startTestApp } from '../../test/support/test-app';")).toHaveLength(1);
    expect(contractViolations(path.join(PLUGIN_API, 'index.ts'), "import { t } from '../i18n/i18n';\nimport { u } from './util';")).toEqual(['core/plugin-api/index.ts imports ../i18n/i18n']);
  });
});
