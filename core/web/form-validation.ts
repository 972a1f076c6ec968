import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { flattenValidationErrors } from '../http/validation';
import { Lang, t } from '../i18n/i18n';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; messages: string[] };

export interface FormOptions {
  /** Fields posted as text that the DTO takes as numbers. */
  numeric?: string[];
  /** Fields that may repeat (checkboxes, multi-selects): always arrays of numbers, empties dropped. */
  arrays?: string[];
  /** Empty fields are left out (an untouched optional input) except these, where emptying is the edit. */
  keepEmpty?: string[];
  /** Screen labels by field name, used in messages instead of the field's code name. */
  labels?: Record<string, string>;
}

// A JSON body posted to a form route can hold objects, and Number({"toString": "x"}) throws: a bad field, not a 500.
const num = (x: unknown) => (x !== null && typeof x === 'object' ? NaN : Number(x));

/**
 * The one validation path for posted HTML forms: the API's own DTO and rules, unknown (forged) fields refused, and
 * messages per field in the request's language.
 */
export async function validateForm<T extends object>(cls: new () => T, body: unknown, lang: Lang, opts: FormOptions = {}): Promise<FormResult<T>> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === '_csrf' || k === 'action') continue;
    if (opts.arrays?.includes(k)) {
      plain[k] = (Array.isArray(v) ? v : [v]).filter((x) => x !== '').map(num);
      continue;
    }
    if (v === undefined || (v === '' && opts.keepEmpty && !opts.keepEmpty.includes(k))) continue;
    plain[k] = opts.numeric?.includes(k) ? num(v) : v;
  }
  let value: T;
  try {
    value = plainToInstance(cls, plain);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return invalid([{ field: 'body', message: t(lang, 'validation.invalid', { field: 'body' }) }]);
  }
  const problems = flattenValidationErrors(await validate(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
  if (!problems.length) return { ok: true, value };
  return invalid(problems.map((p) => ({ field: p.field.split('.')[0], message: t(lang, p.key, { ...p.params, field: opts.labels?.[p.field.split('.').pop() ?? p.field] ?? p.field }) })));
}

function invalid(list: { field: string; message: string }[]): { ok: false; errors: Record<string, string>; messages: string[] } {
  const errors: Record<string, string> = {};
  for (const p of list) errors[p.field] ??= p.message;
  return { ok: false, errors, messages: Object.values(errors) };
}

/** A service error as a message for the form it came from (fields by their screen labels); anything unexpected is rethrown. */
export function formError(err: unknown, lang: Lang, labels: Record<string, string> = {}): { errors: Record<string, string>; messages: string[] } {
  const body = errorBody(err, lang);
  if (body.statusCode >= 500 || body.statusCode === 404 || body.statusCode === 401) throw err;
  const problems = err instanceof AppError ? err.problems : [];
  if (!problems.length) {
    const errors: Record<string, string> = {};
    for (const d of body.details ?? []) errors[d.field] ??= d.message;
    return { errors, messages: body.details?.length ? body.details.map((d) => d.message) : [body.message] };
  }
  const label = (field: string) => labels[field] ?? labels[field.split('.').pop() ?? field] ?? field;
  return invalid(problems.map((p) => ({ field: p.field, message: errorBody(AppError.validation([{ ...p, field: label(p.field) }]), lang).details![0].message })));
}

/** What a screen shows after a refused post: messages next to their fields, or one general message. */
export interface Refusal {
  errors: Record<string, string>;
  general: string | null;
}

/** A service's refusal of a form as the screen shows it (formError); a not-found or server fault is rethrown. */
export function formRefusal(err: unknown, lang: Lang, labels: Record<string, string> = {}): Refusal {
  const { errors, messages } = formError(err, lang, labels);
  return Object.keys(errors).length ? { errors, general: null } : { errors, general: messages[0] ?? null };
}
