import { pageOf, pageWindow } from '../http/pagination';
import { BoardKey, boardOrder, boardPage } from './board-page';

describe('boardPage', () => {
  // Random clues and warnings with clashing due days and ids; every page must equal the slice of the whole sorted board.
  const random = (n: number, kind: BoardKey['kind'], seed: number): BoardKey[] =>
    Array.from({ length: n }, (_, i) => ({ kind, id: ((i * 7919 + seed) % 97) + 1, due: (i + seed) % 11 === 0 ? null : `2026-11-${String(((i * 31 + seed) % 28) + 1).padStart(2, '0')}` }));

  it.each([
    [0, 0],
    [0, 7],
    [13, 0],
    [130, 9],
    [9, 130],
    [57, 57],
  ])('pages %i clues and %i warnings exactly as the whole sorted list', async (nClues, nWarnings) => {
    const clues = random(nClues, 'clue', 3).sort(boardOrder);
    const warnings = random(nWarnings, 'warning', 5).sort(boardOrder);
    const whole = [...clues, ...warnings].sort(boardOrder);
    let maxRead = 0;
    const read = async (offset: number, limit: number) => ((maxRead = Math.max(maxRead, limit)), pageOf(clues.slice(offset, offset + limit), clues.length, pageWindow({})));
    for (const pageSize of [1, 5, 50]) {
      for (let page = 1; page <= Math.ceil(whole.length / pageSize) + 2; page++) {
        const w = pageWindow({ page, pageSize });
        const got = await boardPage(warnings, read, w);
        expect(got.total).toBe(whole.length);
        expect(got.items).toEqual(whole.slice(w.offset, w.offset + pageSize));
      }
      expect(maxRead).toBeLessThanOrEqual(pageSize + nWarnings + 1);
    }
  });
});
