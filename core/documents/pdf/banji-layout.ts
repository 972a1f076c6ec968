import type { PageStep } from './pdf-renderer';

/** What the page decided before printing, and the page count that proves the print agreed. */
export type BanjiPlan =
  | { placement: 'shared' | 'alone' | 'blank'; pages: number }
  /** The body could not be paginated in the page (a named page such as landscape): printed as the template lays it out. */
  | { placement: 'unmeasured' };

/**
 * Fills the body inside a multi-column box one text block (156 × 225 mm) per column: Chromium fragments columns as it
 * fragments pages (orphans, widows, break-inside and break-after avoidance, repeated table heads), so each overflow
 * column is a printed page. Forced page breaks are not forced in columns, so they become column breaks while measuring;
 * a named page (landscape) changes the page size, which columns cannot follow: such a body is left unmeasured.
 */
const WRAP = (html: string): void => {
  const wrap = document.createElement('div');
  wrap.id = 'gbt-paged';
  wrap.style.cssText = `column-count: 1; column-gap: 0; column-fill: auto; height: ${(225 * 96) / 25.4}px`;
  wrap.innerHTML = html;
  document.body.replaceChildren(wrap);
  const banji = wrap.querySelector('.gbt-banji');
  for (const el of Array.from(wrap.querySelectorAll<HTMLElement>('*'))) {
    const style = getComputedStyle(el);
    if (style.getPropertyValue('page') !== 'auto' && el !== banji) wrap.dataset.unmeasured = 'named page';
    for (const side of ['breakBefore', 'breakAfter'] as const) {
      if (!['page', 'left', 'right', 'recto', 'verso'].includes(style[side])) continue;
      el.style[side] = 'column';
      el.dataset.gbtBreak = '';
    }
  }
};

/**
 * After the fonts loaded: which column (page) the body ends in and how much of it is left, then the 版记 is laid out for
 * the print: under the body on an even page with a blank line to spare, alone on the next page after an odd page, or after
 * a blank unnumbered page. The measuring styles and the marker links (which would print as link annotations) go.
 */
const MEASURE = (): BanjiPlan => {
  const PAGE = (225 * 96) / 25.4;
  const GAP = (28.95 * 96) / 72;
  const wrap = document.getElementById('gbt-paged')!;
  const end = wrap.querySelector<HTMLElement>('a.gbt-mark-link[href$="/body-end"]');
  const banji = wrap.querySelector<HTMLElement>('.gbt-banji');
  const rows = banji?.querySelector<HTMLElement>('.gbt-banji-rows');
  const box = wrap.getBoundingClientRect();
  const column = (r: DOMRect) => Math.round((r.left - box.left) / box.width);
  // Print repeats a table's head on every page the table continues on, columns do not: copy it in before each row that
  // starts a column (a layout each, until none is missing). A row split across columns cannot take one: left unmeasured.
  for (let added = true, passes = 0; added && passes < 20 && !wrap.dataset.unmeasured; passes++) {
    added = false;
    for (const table of Array.from(wrap.querySelectorAll('table'))) {
      const head = table.tHead;
      if (!head || getComputedStyle(head).display !== 'table-header-group') continue;
      let last = column(head.getBoundingClientRect());
      for (const tr of Array.from(table.tBodies).flatMap((b) => Array.from(b.rows))) {
        const rects = tr.getClientRects();
        if (rects.length > 1 && column(rects[0]) !== column(rects[rects.length - 1])) wrap.dataset.unmeasured = 'split row';
        const col = rects.length ? column(rects[0]) : last;
        if (col > last && !tr.dataset.gbtHead && !tr.classList.contains('gbt-head-copy')) {
          tr.before(...Array.from(head.rows).map((h) => Object.assign(h.cloneNode(true) as HTMLElement, { className: `${h.className} gbt-head-copy` })));
          tr.dataset.gbtHead = '';
          added = true;
          break;
        }
        last = col;
      }
      if (added) break;
    }
  }
  const measurable = end && banji && rows && !wrap.dataset.unmeasured;
  const at = end?.getBoundingClientRect();
  const need = rows?.getBoundingClientRect().height ?? 0;
  // The print lays out without the measuring styles; the 版记's own styles below come after, so they stay.
  wrap.removeAttribute('style');
  for (const copy of Array.from(wrap.querySelectorAll('.gbt-head-copy'))) copy.remove();
  for (const tr of Array.from(wrap.querySelectorAll<HTMLElement>('[data-gbt-head]'))) delete tr.dataset.gbtHead;
  for (const el of Array.from(wrap.querySelectorAll<HTMLElement>('[data-gbt-break]'))) {
    el.style.breakBefore = el.style.breakAfter = '';
    delete el.dataset.gbtBreak;
  }
  let plan: BanjiPlan = { placement: 'unmeasured' };
  if (measurable && at) {
    const bodyPages = Math.round((at.left - box.left) / box.width) + 1;
    const room = PAGE - (at.bottom - box.top);
    if (bodyPages % 2 === 1) {
      plan = { placement: 'alone', pages: bodyPages + 1 };
    } else if (room - need >= GAP) {
      // 1 px short of the block's bottom: a rounding in print must not push the 版记 onto a page of its own.
      banji!.style.cssText = `page: auto; break-before: auto; break-inside: avoid; height: auto; padding-top: ${room - need - 1}px`;
      plan = { placement: 'shared', pages: bodyPages };
    } else {
      const blank = document.createElement('div');
      blank.style.cssText = 'page: banji; break-before: page; height: 1px';
      banji!.before(blank);
      plan = { placement: 'blank', pages: bodyPages + 2 };
    }
    for (const mark of Array.from(wrap.querySelectorAll('a.gbt-mark-link'))) mark.removeAttribute('href');
  }
  return plan;
};

/** The page step PdfRenderer runs around its fill for a document with a 版记. */
export const BANJI_STEP: PageStep = { wrap: WRAP.toString(), measure: MEASURE.toString() };
