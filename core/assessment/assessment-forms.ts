import type { Lang } from '../i18n/i18n';
import { formRefusal, FormResult, validateForm, type Refusal } from '../web/form-validation';
import { assessmentLabels } from './assessment-labels';

/** A posted HTML form as express parses it. */
export type Form = Record<string, string | string[] | undefined>;

export type { Refusal };

export const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : (v ?? '')).trim();
export const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** The posted fields with their text trimmed, as the screens have always stored it. */
export function trimmed(body: Form): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]));
}

/** Field names as the assessment screens call them in messages; a bare `id` is a subject's unless `names` say otherwise. */
export function formLabels(lang: Lang, names: Record<string, string> = {}): Record<string, string> {
  const L = assessmentLabels(lang);
  return { ...L, id: L.subject, subjectId: L.subject, kind: L.subject, itemId: L.itemName, pluginId: L.indicator, indicatorId: L.indicator, ...names };
}

/** A service error as the screen shows it (formError); a not-found or server fault is rethrown. */
export function refusal(err: unknown, lang: Lang, names: Record<string, string> = {}): Refusal {
  return formRefusal(err, lang, formLabels(lang, names));
}

/**
 * validateForm for a form with repeated rows (`part` is the DTO's array field): each row is checked on its own, so a
 * row's problem stays on its row as `items.2.maxPoints`, the way the service names its own problems.
 */
export async function validateWithRows<T extends object, R extends object>(
  cls: new () => T,
  plain: Record<string, unknown>,
  part: string,
  rowCls: new () => R,
  lang: Lang,
  labels: Record<string, string>,
): Promise<FormResult<T>> {
  const whole = await validateForm(cls, plain, lang, { labels });
  if (whole.ok) return whole;
  const errors: Record<string, string> = {};
  for (const [i, row] of ((plain[part] as Record<string, unknown>[] | undefined) ?? []).entries()) {
    const r = await validateForm(rowCls, row, lang, { labels });
    if (!r.ok) for (const [field, message] of Object.entries(r.errors)) errors[`${part}.${i}.${field}`] = message;
  }
  const rowsFailed = Object.keys(errors).length > 0;
  for (const [field, message] of Object.entries(whole.errors)) if (field !== part || !rowsFailed) errors[field] = message;
  return { ok: false, errors, messages: Object.values(errors) };
}
