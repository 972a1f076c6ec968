import type { Condition, FactContext, FactDef, OperatorDef, RuleDef } from '../plugin-api';
import { BUILTIN_OPERATORS } from './operators';
import { evaluateRule, thresholdsFor } from './rule-engine';

const label = { zh: '标签', en: 'Label' };
const ctx: FactContext = { institutionId: 1, options: {}, records: { list: async () => [] }, now: new Date('2026-06-01T00:00:00Z') };

/** Facts with fixed values that count how often each was computed. */
function facts(values: Record<string, unknown>): { defs: Map<string, FactDef>; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const defs = new Map<string, FactDef>(
    Object.entries(values).map(([id, v]) => [
      id,
      {
        id,
        label,
        compute: () => {
          calls[id] = (calls[id] ?? 0) + 1;
          return v;
        },
      },
    ]),
  );
  return { defs, calls };
}

function rule(when: Condition, thresholds?: Record<string, number>): RuleDef {
  return { id: 'r1', version: 1, label, recordType: 't', level: 'red', when, message: label, thresholds };
}

const none = new Map<string, OperatorDef>();
const c = (fact: string, operator: string, value: unknown): Condition => ({ fact, operator, value });

describe('evaluateRule', () => {
  const { defs } = facts({ amount: 150, count: 3, tags: ['urgent', 'drug'], name: '采购' });

  it.each<[string, Condition, boolean]>([
    ['a single condition', c('amount', 'greaterThan', 100), true],
    ['all: every part holds', { all: [c('amount', 'greaterThan', 100), c('count', 'equal', 3)] }, true],
    ['all: one part fails', { all: [c('amount', 'greaterThan', 100), c('count', 'equal', 4)] }, false],
    ['all: empty is true', { all: [] }, true],
    ['any: one part holds', { any: [c('amount', 'lessThan', 100), c('count', 'equal', 3)] }, true],
    ['any: no part holds', { any: [c('amount', 'lessThan', 100), c('count', 'equal', 4)] }, false],
    ['any: empty is false', { any: [] }, false],
    ['not', { not: c('amount', 'lessThan', 100) }, true],
    ['nested', { all: [{ any: [c('name', 'in', ['采购', '基建']), c('count', 'greaterThan', 10)] }, { not: c('tags', 'contains', 'routine') }] }, true],
  ])('%s', async (_name, when, expected) => {
    expect((await evaluateRule(rule(when), ctx, defs, none)).hit).toBe(expected);
  });

  it('every builtin operator behaves as its label says', () => {
    const o = BUILTIN_OPERATORS;
    expect([o.equal.test(1, 1), o.notEqual.test(1, 2), o.lessThan.test(1, 2), o.lessThanInclusive.test(2, 2), o.greaterThan.test(3, 2), o.greaterThanInclusive.test(2, 2)]).toEqual([true, true, true, true, true, true]);
    expect([o.in.test('a', ['a']), o.notIn.test('b', ['a']), o.contains.test(['a'], 'a')]).toEqual([true, true, true]);
    // Non-numbers never compare as numbers, and non-lists never match list operators.
    expect([o.greaterThan.test('200', 100), o.lessThan.test(null, 1), o.in.test('a', 'abc'), o.contains.test('abc', 'a')]).toEqual([false, false, false, false]);
  });

  it("uses the rule's default threshold, then the institution's override", async () => {
    const r = rule(c('amount', 'greaterThan', { threshold: 'maxFen' }), { maxFen: 100 });
    const byDefault = await evaluateRule(r, ctx, defs, none);
    expect(byDefault).toEqual({ hit: true, inputs: { facts: { amount: 150 }, thresholds: { maxFen: 100 } } });
    const overridden = await evaluateRule(r, ctx, defs, none, { r1: { maxFen: 500 } });
    expect(overridden).toEqual({ hit: false, inputs: { facts: { amount: 150 }, thresholds: { maxFen: 500 } } });
    // An override for another rule changes nothing.
    expect((await evaluateRule(r, ctx, defs, none, { other: { maxFen: 500 } })).hit).toBe(true);
    expect(thresholdsFor(r, { r1: { extra: 1 } })).toEqual({ maxFen: 100, extra: 1 });
  });

  it('snapshots exactly the facts and thresholds it looked at', async () => {
    const { defs: counted, calls } = facts({ amount: 150, count: 3, unused: 1 });
    const r = rule({ all: [c('amount', 'greaterThan', { threshold: 'maxFen' }), c('amount', 'lessThan', { threshold: 'ceiling' }), { any: [c('count', 'equal', 3), c('unused', 'equal', 1)] }] }, { maxFen: 100, ceiling: 1000, spare: 5 });
    const out = await evaluateRule(r, ctx, counted, none);
    expect(out).toEqual({ hit: true, inputs: { facts: { amount: 150, count: 3 }, thresholds: { maxFen: 100, ceiling: 1000 } } });
    // A fact used twice is computed once; `any` stops at the first true part.
    expect(calls).toEqual({ amount: 1, count: 1 });
    // The snapshot is plain data that survives JSON storage unchanged.
    expect(JSON.parse(JSON.stringify(out.inputs))).toEqual(out.inputs);
  });

  it('passes the context to facts and uses plugin operators before builtins', async () => {
    const seen: FactContext[] = [];
    const ctxFacts = new Map<string, FactDef>([['inst', { id: 'inst', label, compute: (x) => (seen.push(x), x.institutionId) }]]);
    const ops = new Map<string, OperatorDef>([['equal', { id: 'equal', label, test: () => false }]]);
    expect((await evaluateRule(rule(c('inst', 'equal', 1)), ctx, ctxFacts, ops)).hit).toBe(false);
    expect((await evaluateRule(rule(c('inst', 'equal', 1)), ctx, ctxFacts, none)).hit).toBe(true);
    expect(seen[0]).toBe(ctx);
  });

  it('awaits asynchronous facts', async () => {
    const asyncFacts = new Map<string, FactDef>([['n', { id: 'n', label, compute: async () => 7 }]]);
    expect((await evaluateRule(rule(c('n', 'equal', 7)), ctx, asyncFacts, none)).inputs).toEqual({ facts: { n: 7 }, thresholds: {} });
  });

  it('fails loudly on an unknown fact, operator or threshold', async () => {
    await expect(evaluateRule(rule(c('ghost', 'equal', 1)), ctx, defs, none)).rejects.toThrow('rule r1: unknown fact ghost');
    await expect(evaluateRule(rule(c('amount', 'roughly', 1)), ctx, defs, none)).rejects.toThrow('rule r1: unknown operator roughly');
    await expect(evaluateRule(rule(c('amount', 'equal', { threshold: 'nope' })), ctx, defs, none)).rejects.toThrow('rule r1: threshold nope has no value');
  });
});
