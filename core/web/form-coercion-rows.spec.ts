import type { FieldDef } from '../plugin-api';
import { coerceFormValues } from './form-coercion';

const fields: FieldDef[] = [
  { key: 'supplier', id: 's', type: 'reference', label: { zh: '供应商', en: 'Supplier' } },
  {
    key: 'items',
    id: 'i',
    type: 'rows',
    label: { zh: '明细', en: 'Items' },
    columns: [
      { key: 'itemName', id: 'n', type: 'string', label: { zh: '品名', en: 'Name' } },
      { key: 'quantity', id: 'q', type: 'integer', label: { zh: '数量', en: 'Qty' } },
    ],
  },
];

describe('form coercion of reference and rows fields', () => {
  it('turns row inputs into typed rows, drops blank rows and keeps unknown keys for rejection', () => {
    const out = coerceFormValues(fields, {
      supplier: '12',
      'items.0.itemName': '注射器',
      'items.0.quantity': '20',
      'items.1.itemName': '',
      'items.1.quantity': '',
      'items.2.itemName': '纱布',
      'items.10.quantity': '3',
      sneaky: 'x',
    });
    expect(out).toEqual({ supplier: 12, items: [{ itemName: '注射器', quantity: 20 }, { itemName: '纱布' }, { quantity: 3 }], sneaky: 'x' });
  });

  it('leaves an all-blank rows field out', () => {
    expect(coerceFormValues(fields, { 'items.0.itemName': ' ' })).toEqual({});
  });
});
