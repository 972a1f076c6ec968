import { PageWindow, pageWindow } from '../http/pagination';
import { Lang, registerMessages, t } from '../i18n/i18n';

registerMessages({
  'ui.page_of': { zh: '第 {page} / {pages} 页', en: 'Page {page} of {pages}' },
  'ui.page_first': { zh: '首页', en: 'First' },
  'ui.page_prev': { zh: '上一页', en: 'Previous' },
  'ui.page_next': { zh: '下一页', en: 'Next' },
  'ui.page_last': { zh: '末页', en: 'Last' },
  'ui.page_of_more': { zh: '第 {page} / {pages}+ 页', en: 'Page {page} of {pages}+' },
});

/** What the shared pager partial (templates/screens/partials/pager.hbs) shows: page n of N and its links. */
export interface Pager {
  text: string;
  first: string | null;
  prev: string | null;
  next: string | null;
  last: string | null;
}

/** A screen's page and page size from its query string; a screen never answers 400 for them, it falls back to the defaults. */
export function screenPageWindow(q: Record<string, unknown>): PageWindow {
  const num = (v: unknown) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : undefined);
  return pageWindow({ page: num(q.page), pageSize: num(q.pageSize) });
}

/**
 * The pager of a paged screen; `href(undefined)` is the first page (no `page` in the URL). A `capped` total is a count
 * that stopped early, with more rows after this page: the last page is unknown, so there is a next link and no last one.
 */
export function pager(lang: Lang, w: PageWindow, total: number, href: (page: number | undefined) => string, capped = false): Pager {
  const pages = Math.max(1, Math.ceil(total / w.pageSize));
  return {
    text: t(lang, capped ? 'ui.page_of_more' : 'ui.page_of', { page: w.page, pages }),
    first: w.page > 2 ? href(undefined) : null,
    prev: w.page > 1 ? href(capped ? w.page - 1 : Math.min(w.page - 1, pages)) : null,
    next: capped || w.page < pages ? href(w.page + 1) : null,
    last: !capped && w.page < pages - 1 ? href(pages) : null,
  };
}

/** A screen's URL with its query (filters, page) kept; empty values are left out, a list repeats its key. */
export function screenHref(base: string, q: Record<string, string | number | (string | number)[] | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null && x !== '') params.append(k, String(x));
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}
