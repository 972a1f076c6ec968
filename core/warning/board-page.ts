import { Page, pageOf, PageWindow } from '../http/pagination';

/** What orders the board: soonest due first (none due last), then by id, a clue before a warning on a tie. */
export interface BoardKey {
  kind: 'clue' | 'warning';
  id: number;
  due: string | null;
}

export function boardOrder(a: BoardKey, b: BoardKey): number {
  return (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id - b.id || (a.kind === b.kind ? 0 : a.kind === 'clue' ? -1 : 1);
}

/**
 * One page of the board: clues read from the database in board order merged with the warnings, all in memory. At
 * most `warnings.length` warnings precede the page, so the clues before `offset - warnings.length` are skipped
 * unread (their last one is read to tell which warnings precede them); the page costs its size plus the warnings.
 */
export async function boardPage<C extends BoardKey, W extends BoardKey>(warnings: W[], readClues: (offset: number, limit: number) => Promise<Page<C>>, w: PageWindow): Promise<Page<C | W>> {
  const skip = Math.max(0, w.offset - warnings.length);
  const from = Math.max(0, skip - 1);
  const clues = await readClues(from, w.offset + w.limit - from);
  const total = clues.total + warnings.length;
  if (w.offset >= total) return pageOf([], total, w);
  const read = clues.items.slice(skip - from);
  const lastSkipped = skip > 0 ? clues.items[0] : undefined;
  const before = lastSkipped ? warnings.filter((x) => boardOrder(x, lastSkipped) < 0) : [];
  const rest = [...read, ...warnings.filter((x) => !before.includes(x))].sort(boardOrder);
  const start = w.offset - skip - before.length;
  return pageOf(rest.slice(start, start + w.limit), total, w);
}
