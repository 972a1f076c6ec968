import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { Lang } from '../i18n/i18n';
import { flattenValidationErrors } from '../http/validation';

export type FieldErrors = Record<string, string>;

// A JSON body posted to a form route can hold objects, and Number({"toString": "x"}) throws: a bad field, not a 500.
const num = (x: unknown) => (x !== null && typeof x === 'object' ? NaN : Number(x));

/** HTML forms send strings and empty fields; drop the empties (unless emptying is an edit) and validate with the API's own DTO. */
export function formToDto<T extends object>(cls: new () => T, form: Record<string, unknown>, numeric: string[] = [], arrays: string[] = [], keepEmpty: string[] = []): { dto: T; problems: AppError | null } {
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === '_csrf') continue;
    if (arrays.includes(k)) {
      plain[k] = (Array.isArray(v) ? v : [v]).filter((x) => x !== '').map(num);
      continue;
    }
    if (v === undefined || (v === '' && !keepEmpty.includes(k))) continue;
    plain[k] = numeric.includes(k) ? num(v) : v;
  }
  let dto: T;
  try {
    dto = plainToInstance(cls, plain);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return { dto: new cls(), problems: AppError.validation([{ field: 'body', key: 'validation.invalid' }]) };
  }
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true });
  return { dto, problems: errors.length ? AppError.validation(flattenValidationErrors(errors)) : null };
}

/** Error messages by field name, with the field's screen label in place of its code name. */
export function fieldErrors(err: unknown, lang: Lang, labels: Record<string, string>): { byField: FieldErrors; general: string | null } {
  if (!(err instanceof AppError)) throw err;
  const body = errorBody(err, lang);
  if (!err.problems.length) return { byField: {}, general: body.message };
  const byField: FieldErrors = {};
  for (const p of err.problems) {
    const label = labels[p.field.split('.').pop() ?? p.field] ?? p.field;
    byField[p.field] = errorBody(AppError.validation([{ ...p, field: label }]), lang).details![0].message;
  }
  return { byField, general: null };
}
