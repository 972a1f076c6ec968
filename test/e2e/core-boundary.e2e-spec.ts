import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const CORE = path.join(ROOT, 'core');
/** The domain modules; every other folder of core/ is a shared part that they build on. */
const DOMAIN = ['risk', 'warning', 'assessment', 'oversight'].map((d) => path.join(CORE, d));
/** Where modules are composed: the only core files outside a module that may import one. */
const COMPOSITION_ROOTS = ['app.module.ts', 'domain-modules.ts'].map((f) => path.join(CORE, f));

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

/** The project files a file imports: static and type imports, re-exports, require() and import(). */
function imports(file: string, text: string, known: Set<string>): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .map((base) => [`${base}.ts`, path.join(base, 'index.ts')].find((c) => known.has(c)))
    .filter((f): f is string => !!f);
}

type Graph = Map<string, string[]>;

function graphOf(sources: Map<string, string>): Graph {
  const known = new Set(sources.keys());
  return new Map([...sources].map(([file, text]) => [file, imports(file, text, known)]));
}

/** Imports of shared core parts (and of the core root) that reach into a domain module. */
function boundaryViolations(g: Graph): string[] {
  const out: string[] = [];
  for (const [file, targets] of g) {
    if (DOMAIN.some((d) => inside(file, d)) || COMPOSITION_ROOTS.includes(file)) continue;
    for (const t of targets) if (DOMAIN.some((d) => inside(t, d))) out.push(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, t)}`);
  }
  return out.sort();
}

/** Strongly connected components of more than one file (Tarjan): each is an import cycle. */
function cycles(g: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) found.push(scc.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

const coreSources = new Map(tsFiles(CORE).map((f) => [f, fs.readFileSync(f, 'utf8')]));

describe('core boundaries', () => {
  const g = graphOf(coreSources);

  it('finds the core sources and their imports', () => {
    expect(coreSources.size).toBeGreaterThan(100);
    expect(g.get(path.join(CORE, 'domain-modules.ts'))).toContain(path.join(CORE, 'risk', 'risk.definition.ts'));
  });

  it('core/db, core/web, core/documents and every other shared part import no domain module', () => {
    expect(boundaryViolations(g)).toEqual([]);
  });

  it('core/ has no import cycles (type-only imports included)', () => {
    expect(cycles(g)).toEqual([]);
  });

  it('the checks catch a forbidden import and a cycle (so they cannot pass vacuously)', () => {
    const f = (rel: string) => path.join(CORE, rel);
    const fake = new Map([
      [f('db/entities.ts'), "import { RISK_ENTITIES } from '../risk/risk.entities';"],
      [f('web/nav.ts'), "import type { X } from '../warning/warning.nav';"],
      [f('risk/risk.entities.ts'), "import { Db } from '../db/db';"],
      [f('warning/warning.nav.ts'), "import type { NavItem } from '../web/nav';"],
      [f('db/db.ts'), ''],
      [f('domain-modules.ts'), "import { RISK_ENTITIES } from './risk/risk.entities';"],
    ]);
    const fg = graphOf(fake);
    expect(boundaryViolations(fg)).toEqual(['core/db/entities.ts imports core/risk/risk.entities.ts', 'core/web/nav.ts imports core/warning/warning.nav.ts']);
    expect(cycles(fg)).toEqual([['core/warning/warning.nav.ts', 'core/web/nav.ts']]);
  });
});
