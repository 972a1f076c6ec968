import type { FieldDef, PluginDefinition } from '../plugin-api';
import { validateFields } from './field-validation';
import { PluginError, PluginHost } from './plugin-host';

const rows: FieldDef = {
  key: 'items',
  id: 'f-items',
  type: 'rows',
  label: { zh: '明细', en: 'Items' },
  maxRows: 2,
  columns: [
    { key: 'name', id: 'c-name', type: 'string', label: { zh: '品名', en: 'Name' }, required: true },
    { key: 'qty', id: 'c-qty', type: 'integer', label: { zh: '数量', en: 'Qty' }, min: 1 },
  ],
};
const ref: FieldDef = { key: 'supplier', id: 'f-sup', type: 'reference', label: { zh: '供应商', en: 'Supplier' }, ref: { recordType: 'supplier' } };

describe('rows and reference field types', () => {
  it('validates each row by its columns and names the bad cell', () => {
    expect(validateFields([rows], { items: [{ name: 'a', qty: 2 }] })).toEqual({ values: { items: [{ name: 'a', qty: 2 }] }, problems: [] });
    expect(validateFields([rows], { items: [{ name: 'a' }, { qty: 0, name: 'b' }] }).problems).toEqual([{ field: 'items[1].qty', key: 'validation.min', params: { min: 1 } }]);
    expect(validateFields([rows], { items: [{ qty: 1 }] }).problems[0].field).toBe('items[0].name');
    expect(validateFields([rows], { items: [{ name: 'a', extra: 1 }] }).problems[0]).toMatchObject({ field: 'items[0].extra', key: 'validation.unknown_field' });
    expect(validateFields([rows], { items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }).problems[0].key).toBe('validation.array');
    expect(validateFields([rows], { items: 'x' }).problems[0].key).toBe('validation.array');
  });

  it('accepts a positive integer id for a reference (existence is checked against the database by RecordsService)', () => {
    expect(validateFields([ref], { supplier: 3 }).problems).toEqual([]);
    for (const bad of [0, -1, 1.5, '3']) expect(validateFields([ref], { supplier: bad }).problems[0].key).toBe('validation.integer');
  });
});

function plugin(extra: Partial<PluginDefinition>): PluginDefinition {
  return {
    id: 'widen',
    version: '1.0.0',
    name: { zh: '扩展', en: 'Widen' },
    coreCompatibility: '^1.0.0',
    recordTypes: [
      { id: 'supplier', label: { zh: '供应商', en: 'Supplier' }, titleField: 'name', fields: [{ key: 'name', id: 'n', type: 'string', label: { zh: '名称', en: 'Name' } }] },
      { id: 'order', label: { zh: '订单', en: 'Order' }, titleField: 'no', fields: [{ key: 'no', id: 'no', type: 'string', label: { zh: '编号', en: 'No' } }, ref, rows] },
    ],
    ...extra,
  };
}

describe('plugin checks for the widened contract', () => {
  const fails = (p: PluginDefinition, reason: RegExp) => expect(() => new PluginHost([p], [])).toThrow(reason);

  it('accepts subject rules, constraints, filters and dashboards that refer to things that exist', () => {
    const ok = plugin({
      facts: [{ id: 'n', label: { zh: 'n', en: 'n' }, compute: (c) => c.subject?.values.n }],
      subjects: [{ id: 'groups', label: { zh: '组', en: 'Groups' }, list: () => [] }],
      rules: [{ id: 'r', version: 1, label: { zh: 'r', en: 'r' }, recordType: 'order', subjects: 'groups', level: 'yellow', when: { fact: 'n', operator: 'greaterThan', value: 1 }, message: { zh: 'm', en: 'm' } }],
      screens: [
        { id: 'list', label: { zh: '列表', en: 'List' }, kind: 'list', recordType: 'order', filters: ['supplier'] },
        { id: 'dash', label: { zh: '看板', en: 'Dash' }, kind: 'dashboard', recordType: 'order', dashboard: () => [] },
      ],
    });
    const host = new PluginHost([ok], []);
    expect([...host.subjectSources('widen').keys()]).toEqual(['groups']);
    expect(host.rules('widen').map((r) => r.id)).toEqual(['r']);
  });

  it('fails loudly on an unknown subject source, reference target, filter field, constraint field, rows without columns, dashboard without data', () => {
    fails(plugin({ facts: [{ id: 'n', label: { zh: 'n', en: 'n' }, compute: () => 1 }], rules: [{ id: 'r', version: 1, label: { zh: 'r', en: 'r' }, recordType: 'order', subjects: 'nope', level: 'red', when: { fact: 'n', operator: 'equal', value: 1 }, message: { zh: 'm', en: 'm' } }] }), /unknown subject source "nope"/);
    const badRef = plugin({});
    badRef.recordTypes![1].fields[1] = { ...ref, ref: { recordType: 'ghost' } };
    fails(badRef, /references unknown record type "ghost"/);
    fails(plugin({ screens: [{ id: 'l', label: { zh: 'l', en: 'l' }, kind: 'list', recordType: 'order', filters: ['ghost'] }] }), /filters on unknown field "ghost"/);
    const badConstraint = plugin({});
    badConstraint.recordTypes![1].constraints = [{ id: 'k', field: 'no', when: { field: 'ghost', op: 'present' }, then: { field: 'no', op: 'present' }, message: { zh: 'm', en: 'm' } }];
    fails(badConstraint, /constraint "k" names unknown field "ghost"/);
    const noColumns = plugin({});
    noColumns.recordTypes![1].fields[2] = { ...rows, columns: [] };
    fails(noColumns, /needs columns/);
    fails(plugin({ screens: [{ id: 'd', label: { zh: 'd', en: 'd' }, kind: 'dashboard', recordType: 'order' }] }), /has no dashboard function/);
    expect(PluginError).toBeDefined();
  });
});
