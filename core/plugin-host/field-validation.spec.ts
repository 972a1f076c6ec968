import type { FieldDef } from '../plugin-api';
import { fromStored, isIsoDate, toStored, validateFields } from './field-validation';

const label = { zh: '字段', en: 'Field' };
const f = (key: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key, id: `id-${key}`, type, label, ...extra });
const options = [
  { value: 'a', label },
  { value: 'b', label },
];

/** The problem keys validateFields reports for one field and one value. */
function problemFor(def: FieldDef, value: unknown): string | null {
  const check = validateFields([def], { [def.key]: value });
  return check.problems[0]?.key ?? null;
}

describe('validateFields: every field type', () => {
  it.each<[FieldDef['type'], Partial<FieldDef>, unknown[], [unknown, string][]]>([
    ['string', {}, ['x', '中文', 'a'.repeat(200)], [[1, 'validation.string'], [true, 'validation.string'], [['x'], 'validation.string'], ['a'.repeat(201), 'validation.max_length']]],
    ['text', {}, ['line 1\nline 2\r\n\tindented', 'a'.repeat(10_000)], [[{}, 'validation.string'], ['a'.repeat(10_001), 'validation.max_length']]],
    ['integer', {}, [0, -5, Number.MAX_SAFE_INTEGER], [[1.5, 'validation.integer'], ['1', 'validation.integer'], [2 ** 53, 'validation.integer'], [Number.NaN, 'validation.integer'], [Infinity, 'validation.integer']]],
    ['money', {}, [0, 150_000], [[-1, 'validation.min'], [0.5, 'validation.integer'], [2 ** 53 + 2, 'validation.integer'], ['100', 'validation.money']]],
    ['decimal', {}, [0.25, -3, 1e10], [[Infinity, 'validation.number'], [Number.NaN, 'validation.number'], ['1.5', 'validation.number']]],
    ['boolean', {}, [true, false], [['true', 'validation.boolean'], [1, 'validation.boolean']]],
    ['date', {}, ['2026-02-28', '2024-02-29'], [['2026-02-30', 'validation.date'], ['2025-02-29', 'validation.date'], ['2026-1-5', 'validation.date'], ['2026-01-05T00:00:00Z', 'validation.date'], [20260105, 'validation.date']]],
    ['enum', { options }, ['a', 'b'], [['c', 'validation.enum'], [['a'], 'validation.enum'], [1, 'validation.enum']]],
    ['multi-enum', { options }, [['a'], ['a', 'b'], []], [['a', 'validation.array'], [['a', 'c'], 'validation.enum'], [[1], 'validation.enum']]],
    ['string-list', {}, [['x', '中文'], []], [['x', 'validation.array'], [new Array(201).fill('x'), 'validation.array'], [[1], 'validation.string'], [['a'.repeat(501)], 'validation.string'], [['a\u0000b'], 'validation.string']]],
  ])('%s', (type, extra, good, bad) => {
    const def = f('v', type, extra);
    for (const value of good) {
      const check = validateFields([def], { v: value });
      expect({ value, problems: check.problems }).toEqual({ value, problems: [] });
      expect(check.values.v).toEqual(value);
    }
    for (const [value, key] of bad) expect({ value, key: problemFor(def, value) }).toEqual({ value, key });
  });

  it('uses maxLength and pattern when declared', () => {
    const def = f('code', 'string', { maxLength: 3, pattern: '^[A-Z]+$' });
    expect(problemFor(def, 'ABC')).toBeNull();
    expect(validateFields([def], { code: 'ABCD' }).problems).toEqual([{ field: 'code', key: 'validation.max_length', params: { max: 3 } }]);
    expect(problemFor(def, 'ab')).toBe('validation.pattern');
  });

  it('checks min and max on numbers, and lets a declared min allow negative money', () => {
    const def = f('n', 'integer', { min: 1, max: 10 });
    expect(validateFields([def], { n: 0 }).problems).toEqual([{ field: 'n', key: 'validation.min', params: { min: 1 } }]);
    expect(validateFields([def], { n: 11 }).problems).toEqual([{ field: 'n', key: 'validation.max', params: { max: 10 } }]);
    expect(problemFor(def, 10)).toBeNull();
    expect(problemFor(f('m', 'money', { min: -100 }), -50)).toBeNull();
    // Money limits are stated in yuan, as amounts are typed.
    expect(validateFields([f('m', 'money', { max: 100_000 })], { m: 100_001 }).problems).toEqual([{ field: 'm', key: 'validation.max', params: { max: '¥1,000.00' } }]);
    expect(problemFor(f('d', 'decimal', { max: 1 }), 1.01)).toBe('validation.max');
  });

  it('refuses control characters in strings and text, but allows tab and newlines', () => {
    for (const ch of ['\u0000', '\u0007', '\u001b', '\u007f', '\u000b']) {
      expect(problemFor(f('s', 'string'), `a${ch}b`)).toBe('validation.control_chars');
      expect(problemFor(f('t', 'text'), `a${ch}b`)).toBe('validation.control_chars');
    }
    expect(problemFor(f('t', 'text'), 'a\tb\nc\r\n')).toBeNull();
    // Right-to-left marks and emoji are text, not control characters.
    expect(problemFor(f('s', 'string'), '采购\u202e复核😀')).toBeNull();
  });

  it('runs a custom check with the other values', () => {
    const def = f('end', 'date', { validate: (v, all) => (String(v) < String(all.start) ? { zh: '早于开始日期', en: 'before the start' } : null) });
    const check = validateFields([f('start', 'date'), def], { start: '2026-05-01', end: '2026-04-01' });
    expect(check.problems).toEqual([{ field: 'end', key: 'validation.custom', params: { message: { zh: '早于开始日期', en: 'before the start' } } }]);
  });
});

describe('validateFields: shape, required and unknown keys', () => {
  const fields = [f('subject', 'string', { required: true }), f('note', 'text'), f('kind', 'enum', { options, default: 'a' })];

  it('refuses a body that is not an object', () => {
    for (const body of [null, undefined, 'x', 1, [], [{ subject: 'x' }]]) {
      expect(validateFields(fields, body).problems).toEqual([{ field: '(body)', key: 'validation.object' }]);
    }
  });

  it('reports required fields that are absent, null or empty', () => {
    for (const body of [{}, { subject: null }, { subject: '' }]) {
      expect(validateFields(fields, body).problems).toEqual([{ field: 'subject', key: 'validation.required' }]);
    }
  });

  it('applies defaults for absent fields and keeps explicit nulls as null', () => {
    expect(validateFields(fields, { subject: 'x' }).values).toEqual({ subject: 'x', kind: 'a' });
    expect(validateFields(fields, { subject: 'x', note: null, kind: null }).values).toEqual({ subject: 'x', note: null, kind: null });
  });

  it('reports every unknown key, cut to 60 characters', () => {
    const long = 'k'.repeat(100);
    const check = validateFields(fields, { subject: 'x', extra: 1, [long]: 2 });
    expect(check.problems).toEqual([
      { field: 'extra', key: 'validation.unknown_field' },
      { field: 'k'.repeat(60), key: 'validation.unknown_field' },
    ]);
  });

  it('treats __proto__ and constructor as unknown keys and pollutes nothing', () => {
    const body = JSON.parse('{"subject":"x","__proto__":{"polluted":true,"subject":"y"},"constructor":{"prototype":{"polluted":true}}}');
    const check = validateFields(fields, body);
    expect(check.problems.map((p) => p.field).sort()).toEqual(['__proto__', 'constructor']);
    expect(check.values).toEqual({ subject: 'x', kind: 'a' });
    expect(Object.getPrototypeOf(check.values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not read a field from the prototype chain', () => {
    const body = Object.create({ subject: 'inherited' });
    expect(validateFields(fields, body).problems).toEqual([{ field: 'subject', key: 'validation.required' }]);
  });

  it('partial: leaves absent fields alone, no required check, no defaults', () => {
    expect(validateFields(fields, { note: 'n' }, { partial: true })).toEqual({ values: { note: 'n' }, problems: [] });
    expect(validateFields(fields, { subject: null }, { partial: true })).toEqual({ values: { subject: null }, problems: [] });
    expect(validateFields(fields, { kind: 'z' }, { partial: true }).problems.map((p) => p.key)).toEqual(['validation.enum']);
    expect(validateFields(fields, { ghost: 1 }, { partial: true }).problems.map((p) => p.key)).toEqual(['validation.unknown_field']);
  });
});

describe('stored form', () => {
  it('keys stored data by field id so renaming a key keeps the data', () => {
    const before = [f('subject', 'string')];
    const stored = toStored(before, { subject: 'x' });
    expect(stored).toEqual({ 'id-subject': 'x' });
    const renamed = [{ ...before[0], key: 'title' }];
    expect(fromStored(renamed, stored)).toEqual({ title: 'x' });
    expect(fromStored([f('other', 'string')], stored)).toEqual({ other: null });
  });

  it('isIsoDate accepts real calendar dates only', () => {
    expect(['2026-12-31', '2000-02-29'].every(isIsoDate)).toBe(true);
    expect(['2026-13-01', '1900-02-29', '2026-00-10', '', null, '２０２６-01-01'].some(isIsoDate)).toBe(false);
  });
});
