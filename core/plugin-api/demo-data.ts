/** Deterministic generators for plugins' demo seeds: the same data, and so the same rule hits, on every run. */
import { CREDIT_CODE_CHARSET, creditCodeCheckChar } from './id-formats';

/** A seeded PRNG (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid company credit code (type 91) in a six-digit region, its nine organisation characters drawn from `rand`. */
export function demoCreditCode(rand: () => number, region: string): string {
  let org = '';
  for (let i = 0; i < 9; i++) org += CREDIT_CODE_CHARSET[Math.floor(rand() * 31)];
  const first17 = `91${region}${org}`;
  return first17 + creditCodeCheckChar(first17);
}
