import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { errorBody } from '../http/all-exceptions.filter';
import { flattenValidationErrors } from '../http/validation';
import { Lang, t } from '../i18n/i18n';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string>; messages: string[] };

/** Validates a posted form against a DTO with the API's rules, keeping messages per field for the page. */
export async function validateForm<T extends object>(cls: new () => T, body: unknown, lang: Lang): Promise<FormResult<T>> {
  const raw = typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
  delete raw._csrf;
  delete raw.action;
  const value = plainToInstance(cls, raw);
  const problems = flattenValidationErrors(await validate(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }));
  if (!problems.length) return { ok: true, value };
  const errors: Record<string, string> = {};
  for (const p of problems) errors[p.field.split('.')[0]] ??= t(lang, p.key, { field: p.field, ...p.params });
  return { ok: false, errors, messages: Object.values(errors) };
}

/** A service error as a message for the form it came from; anything unexpected is rethrown. */
export function formError(err: unknown, lang: Lang): { errors: Record<string, string>; messages: string[] } {
  const body = errorBody(err, lang);
  if (body.statusCode >= 500 || body.statusCode === 404 || body.statusCode === 401) throw err;
  const errors: Record<string, string> = {};
  for (const d of body.details ?? []) errors[d.field] ??= d.message;
  return { errors, messages: body.details?.length ? body.details.map((d) => d.message) : [body.message] };
}
