import * as path from 'node:path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CORE = path.join(ROOT, 'core');
export const PLUGIN_API = path.join(CORE, 'plugin-api');
export const PLUGINS = path.join(ROOT, 'plugins');
export const TEST_PLUGIN = path.join(ROOT, 'test', 'fixtures', 'test-plugin');
const TEST_SUPPORT = path.join(ROOT, 'test', 'support');

export const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

/** Every module specifier in a file: static and type imports, re-exports, require() and import(). */
export function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The folder a plugin file may import from freely: its own plugin folder. */
export function pluginHome(file: string): string {
  if (inside(file, TEST_PLUGIN)) return TEST_PLUGIN;
  const rel = path.relative(PLUGINS, file).split(path.sep);
  return path.join(PLUGINS, rel[0]);
}

/**
 * Imports of a plugin file that reach into core (other than the contract), into another plugin or anywhere else
 * outside its folder `home` (its plugin folder by default; a scaffolded plugin's folder in a temp root otherwise).
 */
export function pluginViolations(file: string, text: string, home: string = pluginHome(file)): string[] {
  // A plugin's own e2e tests (plugins/<id>/test/) boot the platform with the shared test harness.
  const isTest = inside(file, path.join(home, 'test')) && file.endsWith('.e2e-spec.ts');
  const out: string[] = [];
  for (const spec of specifiers(text)) {
    if (!spec.startsWith('.') && !path.isAbsolute(spec)) continue; // a package or node built-in
    const target = path.resolve(path.dirname(file), spec);
    if (isTest && inside(target, TEST_SUPPORT)) continue;
    if (inside(target, CORE) && !inside(target, PLUGIN_API)) out.push(`${path.relative(ROOT, file)} imports ${spec} (core outside core/plugin-api)`);
    else if ((inside(target, PLUGINS) || inside(target, TEST_PLUGIN)) && !inside(target, home)) out.push(`${path.relative(ROOT, file)} imports ${spec} (another plugin's folder)`);
    else if (!inside(target, home) && !inside(target, PLUGIN_API)) out.push(`${path.relative(ROOT, file)} imports ${spec} (outside its own folder)`);
  }
  return out;
}
