import { AppError } from './app-error';
import { checkText, guardInput, MAX_BODY_ARRAY, MAX_BODY_DEPTH } from './input-guard';

const problemOf = (body: unknown) => {
  const err = guardInput(body);
  return err && { key: err.key, problems: err.problems.map((p) => `${p.field} ${p.key}`) };
};

describe('guardInput', () => {
  it('names the first __proto__, constructor or prototype key at any depth, arrays included', () => {
    expect(guardInput({ subject: '采购', amountFen: 1 })).toBeNull();
    expect(problemOf(JSON.parse('{"a":{"__proto__":{"x":1}}}'))?.problems).toEqual(['a.__proto__ validation.unknown_field']);
    expect(problemOf({ list: [{ ok: 1 }, { constructor: { prototype: 1 } }] })?.problems).toEqual(['list.1.constructor validation.unknown_field']);
  });

  it(`refuses nesting deeper than ${MAX_BODY_DEPTH} levels with 400, walking 10,000 levels without recursion`, () => {
    const nest = (n: number) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n));
    expect(guardInput(nest(MAX_BODY_DEPTH))).toBeNull();
    for (const body of [nest(MAX_BODY_DEPTH + 1), nest(10_000), JSON.parse('['.repeat(10_000) + ']'.repeat(10_000))]) {
      const err = guardInput(body);
      expect(err).toBeInstanceOf(AppError);
      expect([err!.getStatus(), err!.key, err!.params]).toEqual([400, 'error.too_deep', { max: MAX_BODY_DEPTH }]);
    }
  });

  it(`refuses a list longer than ${MAX_BODY_ARRAY} items`, () => {
    expect(guardInput({ ids: new Array(MAX_BODY_ARRAY).fill(1) })).toBeNull();
    expect(problemOf({ ids: new Array(MAX_BODY_ARRAY + 1).fill(1) })?.problems).toEqual(['ids validation.too_many_items']);
  });

  it('removes bidi controls from text in place, and refuses them in tokens and keys', () => {
    const body = { content: '张三\u202e收受\u2066回扣\u2069', rows: [{ note: '备注 \u200f一' }], amount: '12\u202e34', code: 'JB-\u202dAAAA' };
    expect(problemOf(body)?.problems).toEqual(['amount validation.bidi']);
    delete (body as Partial<typeof body>).amount;
    expect(problemOf(body)?.problems).toEqual(['code validation.bidi']);
    delete (body as Partial<typeof body>).code;
    expect(guardInput(body)).toBeNull();
    expect(body).toEqual({ content: '张三收受回扣', rows: [{ note: '备注 一' }] });
    expect(problemOf({ ['id\u202e']: 1 })?.problems).toEqual(['idU+202E validation.bidi']);
    expect(problemOf({ date: '2026-01-01\u200e' })?.problems).toEqual(['date validation.bidi']);
    expect(problemOf({ name: '\u202e' })?.problems).toEqual(['name validation.bidi']);
  });

  it('refuses NUL and lone surrogates anywhere, keeps paired surrogates (emoji, 𠮷)', () => {
    expect(problemOf({ content: '线索内容\u0000更多' })?.problems).toEqual(['content validation.nul']);
    expect(problemOf(JSON.parse('{"content":"abc\\ud800"}'))?.problems).toEqual(['content validation.lone_surrogate']);
    expect(problemOf(JSON.parse('{"list":["\\udc00x"]}'))?.problems).toEqual(['list.0 validation.lone_surrogate']);
    expect(guardInput({ content: '吉野家 𠮷 😀 👨‍👩‍👧' })).toBeNull();
    expect(checkText('𠮷')).toEqual({ value: '𠮷' });
  });
});
