import type { FactContext, FactDef, RuleDef } from '../plugin-api';
import { evaluateRule } from './rule-engine';

const label = { zh: '标签', en: 'Label' };
const base: FactContext = { institutionId: 1, options: { limitFen: 100 }, records: { list: async () => [] }, now: new Date('2026-06-01T00:00:00Z') };
const facts = new Map<string, FactDef>([
  ['total', { id: 'total', label, compute: (c) => c.subject?.values.total ?? c.record?.values.total }],
]);
const rule = (when: RuleDef['when']): RuleDef => ({ id: 'r', version: 1, label, recordType: 't', level: 'red', when, message: label });

describe('rule values from institution options, and subjects', () => {
  it('resolves {option} against the institution options: under, at, over', async () => {
    const r = rule({ fact: 'total', operator: 'greaterThanInclusive', value: { option: 'limitFen' } });
    for (const [total, hit] of [[99, false], [100, true], [101, true]] as const) {
      const out = await evaluateRule(r, { ...base, subject: { key: 'k', label: 'k', values: { total } } }, facts, new Map());
      expect(out.hit).toBe(hit);
      expect(out.inputs.options).toEqual({ limitFen: 100 });
      expect(out.inputs.subject).toEqual({ key: 'k', label: 'k', values: { total } });
    }
  });

  it('fails clearly when the option is not set', async () => {
    await expect(evaluateRule(rule({ fact: 'total', operator: 'equal', value: { option: 'ghost' } }), base, facts, new Map())).rejects.toThrow('rule r: option ghost has no value');
  });

  it('keeps the original inputs shape for record rules without options', async () => {
    const out = await evaluateRule(rule({ fact: 'total', operator: 'equal', value: 5 }), { ...base, record: { id: 1, institutionId: 1, pluginId: 'p', recordType: 't', title: '', values: { total: 5 }, createdAt: '', updatedAt: '' } }, facts, new Map());
    expect(out).toEqual({ hit: true, inputs: { facts: { total: 5 }, thresholds: {} } });
  });
});
