import { BUYER_MODEL, PURCHASE, SCOPE } from '../../../test/support/model-fixtures';
import { fieldUse, validateModel } from './model-definition';

const problems = (patch: Record<string, unknown>) => validateModel({ ...BUYER_MODEL, ...patch }, SCOPE);

describe('warning model definitions: refusals name the exact part', () => {
  it('accepts the buyer model', () => {
    expect(validateModel(BUYER_MODEL, SCOPE)).toEqual([]);
  });

  it('refuses an unknown plugin, record type and field', () => {
    expect(problems({ pluginId: 'tax' })).toEqual([{ field: 'pluginId', key: 'model.unknown_plugin', params: { plugin: 'tax' } }]);
    expect(problems({ recordType: 'invoice' })).toEqual([{ field: 'recordType', key: 'model.unknown_record_type', params: { type: 'invoice', plugin: 'shop' } }]);
    expect(problems({ filters: [BUYER_MODEL.filters[0], { field: 'colour', operator: 'equal', value: 'red' }] })).toEqual([{ field: 'filters[1].field', key: 'model.unknown_field', params: { name: 'colour', type: 'purchase' } }]);
    expect(problems({ groupBy: ['buyer', 'nobody'] }).map((p) => p.field)).toEqual(['groupBy[1]']);
  });

  it('refuses an operator that does not fit the field type, and values of the wrong type', () => {
    expect(problems({ filters: [BUYER_MODEL.filters[0], { field: 'awardedOn', operator: 'equal', value: '2026-01-01' }] })).toEqual([
      { field: 'filters[1].operator', key: 'model.operator_unfit', params: { operator: 'equal', name: 'awardedOn', fieldType: 'date', allowed: 'range, present' } },
    ]);
    expect(problems({ filters: [{ field: 'method', operator: 'range', from: 'a' }] })[0].field).toBe('filters[0].operator');
    expect(problems({ filters: [{ field: 'method', operator: 'in', values: ['single-source', 'lottery'] }] })).toEqual([{ field: 'filters[0].values[1]', key: 'model.value_unfit', params: { name: 'method', fieldType: 'enum' } }]);
    expect(problems({ filters: [{ field: 'totalFen', operator: 'range', from: 10.5 }] }).map((p) => p.field)).toEqual(['filters[0].from']);
    expect(problems({ filters: [{ field: 'awardedOn', operator: 'range', to: '2026-13-01' }] }).map((p) => p.field)).toEqual(['filters[0].to']);
    // Lists and sensitive fields are not for models.
    expect(problems({ filters: [{ field: 'tags', operator: 'present' }] }).map((p) => [p.field, p.key])).toEqual([['filters[0].field', 'model.field_unfit']]);
    expect(problems({ groupBy: ['idNo'], personField: undefined }).map((p) => [p.field, p.key])).toEqual([['groupBy[0]', 'model.field_unfit']]);
  });

  it('refuses a window without a date field, or with neither or both of days and period', () => {
    expect(problems({ window: { days: 30 } })).toEqual([{ field: 'window.field', key: 'model.window_field' }]);
    expect(problems({ window: { field: 'buyer', days: 30 } })).toEqual([{ field: 'window.field', key: 'model.field_unfit', params: { name: 'buyer', fieldType: 'string', use: 'window' } }]);
    expect(problems({ window: { field: 'awardedOn' } }).map((p) => p.field)).toEqual(['window']);
    expect(problems({ window: { field: 'awardedOn', days: 30, period: 'month' } }).map((p) => p.field)).toEqual(['window']);
    expect(problems({ window: { field: 'awardedOn', days: 0 } }).map((p) => p.field)).toEqual(['window.days']);
    expect(problems({ window: { field: 'awardedOn', period: 'week' } }).map((p) => p.field)).toEqual(['window.period']);
    expect(problems({ window: undefined }).map((p) => p.field)).toEqual(['window']);
  });

  it('refuses a threshold of the wrong type for its measure', () => {
    expect(problems({ threshold: '3' })).toEqual([{ field: 'threshold', key: 'model.threshold_whole' }]);
    expect(problems({ threshold: 2.5 })).toEqual([{ field: 'threshold', key: 'model.threshold_whole' }]);
    expect(problems({ threshold: -1 })).toEqual([{ field: 'threshold', key: 'model.threshold_whole' }]);
    const sum = { measure: { kind: 'sum', field: 'totalFen' }, message: { zh: '合计{amountYuan}元', en: 'Total {amountYuan}' } };
    expect(problems({ ...sum, threshold: 100.5 })).toEqual([{ field: 'threshold', key: 'model.threshold_fen' }]);
    expect(problems({ ...sum, threshold: 100_000 })).toEqual([]);
    const share = { measure: { kind: 'share', field: 'totalFen', part: [{ field: 'urgent', operator: 'equal', value: true }] }, message: { zh: '占比{share}%', en: 'Share {share}%' } };
    expect(problems({ ...share, threshold: 101 })).toEqual([{ field: 'threshold', key: 'model.threshold_percent' }]);
    expect(problems({ ...share, threshold: 30 })).toEqual([]);
  });

  it('refuses a measure that does not fit its field', () => {
    expect(problems({ measure: { kind: 'sum', field: 'method' } })).toEqual([{ field: 'measure.field', key: 'model.field_unfit', params: { name: 'method', fieldType: 'enum', use: 'sum' } }]);
    expect(problems({ measure: { kind: 'count', field: 'totalFen' } }).map((p) => p.field)).toEqual(['measure.field']);
    expect(problems({ measure: { kind: 'share' } }).map((p) => p.field)).toEqual(['measure.part']);
    expect(problems({ measure: { kind: 'median' } }).map((p) => p.field)).toEqual(['measure.kind']);
  });

  it('refuses an unknown placeholder, naming the language and the placeholders allowed', () => {
    const [p] = problems({ message: { zh: '{person}采购{count}次，金额{amountYuan}元', en: '{person}: {count}' } });
    expect(p).toMatchObject({ field: 'message.zh', key: 'model.unknown_placeholder', params: { name: 'amountYuan' } });
    expect(p.params!.allowed).toBe('{threshold} {value} {count} {windowFrom} {windowTo} {windowDays} {person} {buyer}');
    expect(problems({ message: { zh: '{count}', en: '{windowDays} {period}' } })).toEqual([expect.objectContaining({ field: 'message.en', params: expect.objectContaining({ name: 'period' }) })]);
  });

  it('refuses a person field that is not a grouped text field, and unknown keys', () => {
    expect(problems({ personField: 'method' }).map((p) => [p.field, p.key])).toEqual([['personField', 'model.field_unfit']]);
    expect(problems({ groupBy: ['method'], personField: 'buyer', message: { zh: '{count}', en: '{count}' } }).map((p) => [p.field, p.key])).toEqual([['personField', 'model.person_grouped']]);
    expect(problems({ colour: 'red' }).map((p) => p.field)).toEqual(['colour']);
    expect(problems({ name: { zh: '模型\u0007', en: 'Model' } })).toEqual([{ field: 'name.zh', key: 'validation.control_chars' }]);
    expect(problems({ id: 'Bad Id' }).map((p) => p.field)).toEqual(['id']);
  });

  it('offers each field only the operators and measures that fit its type', () => {
    const use = (key: string) => fieldUse(PURCHASE.fields.find((x) => x.key === key)!);
    expect(use('method')).toMatchObject({ operators: ['equal', 'in', 'present'], measures: ['distinct'], groupable: true, window: false });
    expect(use('totalFen')).toMatchObject({ operators: ['range', 'present'], measures: ['sum', 'max', 'distinct', 'share'], groupable: false });
    expect(use('awardedOn')).toMatchObject({ operators: ['range', 'present'], window: true });
    expect(use('buyer')).toMatchObject({ personField: true });
    expect(use('tags')).toBeNull();
    expect(use('idNo')).toBeNull();
  });
});
