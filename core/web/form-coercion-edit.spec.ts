import type { FieldDef } from '../plugin-api';
import { changedValues, coerceFormValues } from './form-coercion';

const fields: FieldDef[] = [
  { key: 'name', id: 'n', type: 'string', label: { zh: '名称', en: 'Name' }, required: true },
  { key: 'phone', id: 'p', type: 'string', label: { zh: '电话', en: 'Phone' } },
  { key: 'totalFen', id: 't', type: 'money', label: { zh: '金额', en: 'Total' } },
  {
    key: 'categories',
    id: 'c',
    type: 'multi-enum',
    label: { zh: '类别', en: 'Categories' },
    options: ['drugs', 'devices', 'works'].map((v) => ({ value: v, label: { zh: v, en: v } })),
  },
  { key: 'blacklisted', id: 'b', type: 'boolean', label: { zh: '黑名单', en: 'Blacklisted' } },
  { key: 'evaluators', id: 'e', type: 'string-list', label: { zh: '评标人员', en: 'Evaluators' } },
  {
    key: 'items',
    id: 'i',
    type: 'rows',
    label: { zh: '明细', en: 'Items' },
    columns: [
      { key: 'itemName', id: 'in', type: 'string', label: { zh: '品名', en: 'Item' } },
      { key: 'quantity', id: 'q', type: 'integer', label: { zh: '数量', en: 'Qty' } },
      { key: 'spec', id: 's', type: 'string', label: { zh: '规格', en: 'Spec' } },
    ],
  },
];

const shown = { name: '甲', phone: '138****0000', totalFen: 100, categories: ['drugs', 'works'], blacklisted: null, evaluators: ['乙', '丙'], items: [{ itemName: '药', quantity: 2, spec: null }] };
// What the edit form posts when nothing is touched: the prefilled inputs (masked phone, list joined, boxes ticked).
// Money is shown and typed in yuan: 100 fen reads 1.00.
const untouched = { name: '甲', phone: '138****0000', totalFen: '1.00', categories: ['drugs', 'works'], evaluators: '乙, 丙', 'items.0.itemName': '药', 'items.0.quantity': '2', 'items.0.spec': '', 'items.1.itemName': '' };

describe('multi-choice form fields', () => {
  it('several ticked boxes arrive as an array, one as a string; both read back as the list of values', () => {
    expect(coerceFormValues(fields, { categories: ['drugs', 'devices'] }).categories).toEqual(['drugs', 'devices']);
    expect(coerceFormValues(fields, { categories: 'works' }).categories).toEqual(['works']);
    expect('categories' in coerceFormValues(fields, {})).toBe(false);
  });
});

describe('what an edit form changes', () => {
  it('an untouched form changes nothing (masked values, joined lists, unticked boolean that was never set, rows)', () => {
    expect(changedValues(fields, shown, coerceFormValues(fields, untouched))).toEqual({});
  });

  it('sends only the changed fields; emptied fields and unticked boxes become null', () => {
    const posted = { ...untouched, totalFen: '2.5', categories: 'drugs', phone: '', evaluators: '乙, 甲', blacklisted: 'on' };
    expect(changedValues(fields, shown, coerceFormValues(fields, posted))).toEqual({ totalFen: 250, categories: ['drugs'], phone: null, evaluators: ['乙', '甲'], blacklisted: true });
    const { categories: _none, ...noBoxes } = untouched;
    expect(changedValues(fields, shown, coerceFormValues(fields, noBoxes))).toEqual({ categories: null });
  });

  it('a changed row cell changes the rows field; unknown keys are passed on to be rejected', () => {
    const out = changedValues(fields, shown, coerceFormValues(fields, { ...untouched, 'items.0.quantity': '3', isSystemAdmin: 'true' }));
    expect(out).toEqual({ items: [{ itemName: '药', quantity: 3 }], isSystemAdmin: 'true' });
  });

  it('a __proto__ key stays an own key to be rejected, and never lends values to the fields', () => {
    const body = JSON.parse('{"name":"甲","__proto__":{"phone":"13800000000","totalFen":1}}');
    const out = changedValues(fields, shown, coerceFormValues(fields, body));
    expect(Object.keys(out)).toContain('__proto__');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.phone).toBeNull(); // cleared (not sent), not the smuggled number
    expect(out.totalFen).toBeNull();
  });
});
