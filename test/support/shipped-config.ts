/**
 * The shipped configuration (config/institutions/*.yaml) as the suites that boot with it see it: which institutions
 * stand below one, at what depth, with what name. A suite about the demo's own units asserts those and derives the
 * rest from here, so a plugin's demo institution added under the county (`npm run new-plugin`) breaks none of them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const SHIPPED_CONFIG = path.join(__dirname, '..', '..', 'config');

export interface ShippedInstitution {
  code: string;
  name: string;
  nameEn?: string;
  type: string;
  parent: string | null;
  /** 0 for a direct child of the institution asked about (shippedBelow), 1 for a grandchild, … */
  depth: number;
  /** The plugin ids it enables. */
  plugins: string[];
}

/** Every institution of a config directory, by its file. */
export function shippedInstitutions(dir = SHIPPED_CONFIG): ShippedInstitution[] {
  const folder = path.join(dir, 'institutions');
  return fs
    .readdirSync(folder)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const y = parse(fs.readFileSync(path.join(folder, f), 'utf8')) as Record<string, unknown>;
      const plugins = Array.isArray(y.plugins) ? (y.plugins as { id: string }[]).map((p) => p.id) : [];
      return { code: String(y.code), name: String(y.name), nameEn: y.nameEn === undefined ? undefined : String(y.nameEn), type: String(y.type), parent: y.parent ? String(y.parent) : null, depth: 0, plugins };
    });
}

/** The institutions below `code` (children, their children, …), each with its depth under it (children 0). */
export function shippedBelow(code: string, dir = SHIPPED_CONFIG): ShippedInstitution[] {
  const all = shippedInstitutions(dir);
  const out: ShippedInstitution[] = [];
  const walk = (parent: string, depth: number) => {
    for (const i of all.filter((x) => x.parent === parent)) {
      out.push({ ...i, depth });
      walk(i.code, depth + 1);
    }
  };
  walk(code, 0);
  return out;
}
