import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Optional dependencies the lockfile names but does not hold: npm 11's `npm ci` refuses such a lockfile. */
export function missingOptional(lock: { packages: Record<string, { optionalDependencies?: Record<string, string> }> }): string[] {
  const missing: string[] = [];
  for (const [at, pkg] of Object.entries(lock.packages)) {
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      // npm resolves a dependency from the package's own node_modules up to the root's.
      const candidates: string[] = [];
      let base = at;
      for (;;) {
        candidates.push(`${base ? `${base}/` : ''}node_modules/${dep}`);
        if (!base) break;
        const i = base.lastIndexOf('/node_modules/');
        base = i < 0 ? '' : base.slice(0, i);
      }
      if (!candidates.some((c) => c in lock.packages)) missing.push(`${at || '(root)'} → ${dep}`);
    }
  }
  return missing;
}

describe('package-lock.json', () => {
  it('holds every optional native package of every platform, so `npm ci` passes on npm 10 and 11', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(missingOptional(lock)).toEqual([]);
  });

  it('the check finds a missing platform package', () => {
    const lock = { packages: { '': {}, 'node_modules/a': { optionalDependencies: { '@x/a-darwin': '1.0.0', '@x/a-linux': '1.0.0' } }, 'node_modules/@x/a-linux': {} } };
    expect(missingOptional(lock)).toEqual(['node_modules/a → @x/a-darwin']);
  });
});
