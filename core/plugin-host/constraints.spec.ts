import type { RecordConstraint } from '../plugin-api';
import { checkConstraints, fieldsInCondition, resolveCondition, testCondition } from './constraints';

const reasonNeeded: RecordConstraint = {
  id: 'reason',
  field: 'reason',
  when: { field: 'method', op: 'in', value: ['single', 'emergency'] },
  then: { field: 'reason', op: 'present' },
  message: { zh: '需要理由', en: 'Needs a reason' },
};
const limit: RecordConstraint = {
  id: 'limit',
  field: 'method',
  when: { field: 'total', op: 'greaterThanInclusive', value: { option: 'limit' } },
  then: { field: 'method', op: 'notIn', value: ['inquiry'] },
  message: { zh: '超限', en: 'Over the limit' },
};

describe('record constraints (cross-field validation)', () => {
  it('requires the then-part only when the when-part holds', () => {
    expect(checkConstraints([reasonNeeded], { method: 'open' }, {})).toEqual([]);
    expect(checkConstraints([reasonNeeded], { method: 'single', reason: '唯一厂家' }, {})).toEqual([]);
    expect(checkConstraints([reasonNeeded], { method: 'single', reason: '   ' }, {})).toEqual([{ field: 'reason', key: 'validation.custom', params: { message: reasonNeeded.message, constraint: 'reason' } }]);
    expect(checkConstraints([reasonNeeded], { method: 'emergency' }, {})).toHaveLength(1);
  });

  it('resolves institution options in values: under, at and over the limit', () => {
    expect(checkConstraints([limit], { total: 99, method: 'inquiry' }, { limit: 100 })).toEqual([]);
    expect(checkConstraints([limit], { total: 100, method: 'inquiry' }, { limit: 100 })).toHaveLength(1);
    expect(checkConstraints([limit], { total: 101, method: 'tender' }, { limit: 100 })).toEqual([]);
    expect(resolveCondition(limit.when, { limit: 7 })).toEqual({ field: 'total', op: 'greaterThanInclusive', value: 7 });
    // A missing option never matches a number, so the constraint stays quiet rather than failing closed on bad config.
    expect(checkConstraints([limit], { total: 1e9, method: 'inquiry' }, {})).toEqual([]);
  });

  it('evaluates all / any / not and every comparison', () => {
    const v = { a: 5, b: 'x', c: null, d: [] };
    expect(testCondition({ all: [{ field: 'a', op: 'greaterThan', value: 4 }, { field: 'a', op: 'lessThanInclusive', value: 5 }] }, v)).toBe(true);
    expect(testCondition({ any: [{ field: 'a', op: 'lessThan', value: 5 }, { field: 'b', op: 'equal', value: 'x' }] }, v)).toBe(true);
    expect(testCondition({ not: { field: 'b', op: 'notEqual', value: 'x' } }, v)).toBe(true);
    expect(testCondition({ field: 'c', op: 'absent' }, v)).toBe(true);
    expect(testCondition({ field: 'd', op: 'present' }, v)).toBe(false);
    expect(testCondition({ field: 'b', op: 'greaterThan', value: 1 }, v)).toBe(false);
    expect(fieldsInCondition({ all: [{ field: 'a', op: 'present' }, { not: { field: 'b', op: 'absent' } }] })).toEqual(['a', 'b']);
  });
});
