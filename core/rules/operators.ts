import type { OperatorDef } from '../plugin-api';

const num = (v: unknown) => (typeof v === 'number' ? v : Number.NaN);

/** The operators every rule may use; plugins add their own through the contract. */
export const BUILTIN_OPERATORS: Record<string, OperatorDef> = {
  equal: { id: 'equal', label: { zh: '等于', en: 'equals' }, test: (a, b) => a === b },
  notEqual: { id: 'notEqual', label: { zh: '不等于', en: 'does not equal' }, test: (a, b) => a !== b },
  lessThan: { id: 'lessThan', label: { zh: '小于', en: 'less than' }, test: (a, b) => num(a) < num(b) },
  lessThanInclusive: { id: 'lessThanInclusive', label: { zh: '小于等于', en: 'at most' }, test: (a, b) => num(a) <= num(b) },
  greaterThan: { id: 'greaterThan', label: { zh: '大于', en: 'greater than' }, test: (a, b) => num(a) > num(b) },
  greaterThanInclusive: { id: 'greaterThanInclusive', label: { zh: '大于等于', en: 'at least' }, test: (a, b) => num(a) >= num(b) },
  in: { id: 'in', label: { zh: '属于', en: 'is one of' }, test: (a, b) => Array.isArray(b) && b.includes(a) },
  notIn: { id: 'notIn', label: { zh: '不属于', en: 'is not one of' }, test: (a, b) => Array.isArray(b) && !b.includes(a) },
  contains: { id: 'contains', label: { zh: '包含', en: 'contains' }, test: (a, b) => Array.isArray(a) && a.includes(b) },
};
