/**
 * The generated matrices' size: `npm test` sets LZ_MATRIX=sample and sends a fixed, evenly spread sample of the
 * markup payloads (every SAMPLE_STRIDE-th, so each family keeps members) and every spreadsheet-formula payload;
 * `npm run test:full` and a plain jest run send all.
 */
export const FULL_MATRIX = process.env.LZ_MATRIX !== 'sample';
export const SAMPLE_STRIDE = 8;

export function matrixSample<T>(items: T[]): T[] {
  return FULL_MATRIX ? items : items.filter((_, i) => i % SAMPLE_STRIDE === 0);
}
