import { fieldMaker, option } from './fields';

describe('field builders', () => {
  it('option gives a value with zh and en labels', () => {
    expect(option('agree', '同意', 'Agrees')).toEqual({ value: 'agree', label: { zh: '同意', en: 'Agrees' } });
  });

  it('fieldMaker prefixes the stable id and merges the extras', () => {
    const f = fieldMaker('tc');
    expect(f('penaltyFen', 'money', '罚款金额', 'Penalty')).toEqual({ key: 'penaltyFen', id: 'tc-penaltyFen', type: 'money', label: { zh: '罚款金额', en: 'Penalty' } });
    expect(f('endedOn', 'date', '检查结束日期', 'Ended on', { required: true, list: true })).toEqual({
      key: 'endedOn',
      id: 'tc-endedOn',
      type: 'date',
      label: { zh: '检查结束日期', en: 'Ended on' },
      required: true,
      list: true,
    });
    expect(fieldMaker('vjm')('date', 'date', '日期', 'Date').id).toBe('vjm-date');
  });

  it('lets an extra override the generated id (a renamed key keeps its stored id)', () => {
    expect(fieldMaker('hp')('supplierName', 'string', '供应商', 'Supplier', { id: 'hp-supplier' }).id).toBe('hp-supplier');
  });
});
