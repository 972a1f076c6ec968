import { isOptionRef, RecordConstraint, ValueCondition } from '../plugin-api';
import type { FieldProblem } from '../http/app-error';

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Replaces `{option: name}` values with the institution's option, so the form script gets plain values. */
export function resolveCondition(c: ValueCondition, options: Record<string, unknown>): ValueCondition {
  if ('all' in c) return { all: c.all.map((x) => resolveCondition(x, options)) };
  if ('any' in c) return { any: c.any.map((x) => resolveCondition(x, options)) };
  if ('not' in c) return { not: resolveCondition(c.not, options) };
  if ('value' in c && isOptionRef(c.value)) return { ...c, value: options[c.value.option] ?? null };
  return c;
}

/** Same semantics as templates/screens/record-form.js (the form's live check). */
export function testCondition(c: ValueCondition, values: Record<string, unknown>): boolean {
  if ('all' in c) return c.all.every((x) => testCondition(x, values));
  if ('any' in c) return c.any.some((x) => testCondition(x, values));
  if ('not' in c) return !testCondition(c.not, values);
  const v = values[c.field];
  switch (c.op) {
    case 'present':
      return !empty(v) && (typeof v !== 'string' || v.trim() !== '');
    case 'absent':
      return empty(v) || (typeof v === 'string' && v.trim() === '');
    case 'equal':
      return v === c.value;
    case 'notEqual':
      return v !== c.value;
    case 'in':
      return Array.isArray(c.value) && c.value.includes(v);
    case 'notIn':
      return Array.isArray(c.value) && !c.value.includes(v);
    case 'lessThan':
      return typeof v === 'number' && typeof c.value === 'number' && v < c.value;
    case 'lessThanInclusive':
      return typeof v === 'number' && typeof c.value === 'number' && v <= c.value;
    case 'greaterThan':
      return typeof v === 'number' && typeof c.value === 'number' && v > c.value;
    case 'greaterThanInclusive':
      return typeof v === 'number' && typeof c.value === 'number' && v >= c.value;
  }
}

export function checkConstraints(constraints: RecordConstraint[] | undefined, values: Record<string, unknown>, options: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const k of constraints ?? []) {
    if (testCondition(resolveCondition(k.when, options), values) && !testCondition(resolveCondition(k.then, options), values)) {
      problems.push({ field: k.field, key: 'validation.custom', params: { message: k.message, constraint: k.id } });
    }
  }
  return problems;
}

export function fieldsInCondition(c: ValueCondition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => fieldsInCondition(x, out));
  else if ('any' in c) c.any.forEach((x) => fieldsInCondition(x, out));
  else if ('not' in c) fieldsInCondition(c.not, out);
  else out.push(c.field);
  return out;
}
