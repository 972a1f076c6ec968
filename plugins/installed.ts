import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PluginDefinition } from '../core/plugin-api';

/** A folder under plugins/ that is not a plugin, or a plugin file that does not export one, stops boot naming the file. */
export class PluginDiscoveryError extends Error {}

/**
 * The plugins in `dir`: each folder `<id>/` holds `<id>.plugin.ts` (`.js` once built) exporting the plugin's
 * definition, whose id is the folder's name. Sorted by id; nothing to register by hand.
 */
export function discoverPlugins(dir: string = __dirname): PluginDefinition[] {
  const found: PluginDefinition[] = [];
  const folders = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort();
  for (const id of folders) {
    const file = ['.js', '.ts'].map((ext) => path.join(dir, id, `${id}.plugin${ext}`)).find((f) => fs.existsSync(f));
    if (!file) throw new PluginDiscoveryError(`plugins/${id}: no ${id}.plugin.ts (every folder under plugins/ is a plugin named like its folder)`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>).filter(isPluginDefinition);
    if (exported.length !== 1) throw new PluginDiscoveryError(`plugins/${id}/${path.basename(file)}: exports ${exported.length} plugin definitions, expected exactly one`);
    if (exported[0].id !== id) throw new PluginDiscoveryError(`plugins/${id}/${path.basename(file)}: the plugin's id "${exported[0].id}" differs from its folder's name "${id}"`);
    found.push(exported[0]);
  }
  return found;
}

function isPluginDefinition(v: unknown): v is PluginDefinition {
  return typeof v === 'object' && v !== null && typeof (v as PluginDefinition).id === 'string' && typeof (v as PluginDefinition).coreCompatibility === 'string';
}

/** The plugins this build ships; institutions enable them in config/institutions/*.yaml. */
export const INSTALLED_PLUGINS: PluginDefinition[] = discoverPlugins();
