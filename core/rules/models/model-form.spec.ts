import { BUYER_MODEL, PURCHASE, SCOPE } from '../../../test/support/model-fixtures';
import { validateModel, type ModelDefinition } from './model-definition';
import { conditionChoices, definitionFromState, stateFromDefinition, stateFromForm } from './model-form';

describe('the warning-model form', () => {
  it('offers per field only the operators that fit it, an option or a yes/no as its own condition, and nothing for lists or sensitive fields', () => {
    const values = conditionChoices(PURCHASE).map((c) => c.value);
    expect(values.filter((v) => v.startsWith('method:'))).toEqual(['method:equal:single-source', 'method:equal:tender', 'method:in', 'method:present']);
    expect(values.filter((v) => v.startsWith('awardedOn:'))).toEqual(['awardedOn:range', 'awardedOn:present']);
    expect(values.filter((v) => v.startsWith('urgent:'))).toEqual(['urgent:equal:true', 'urgent:equal:false', 'urgent:present']);
    expect(values.some((v) => v.startsWith('tags:') || v.startsWith('idNo:'))).toBe(false);
  });

  it('reads a posted form into the definition validateModel accepts, empty rows dropped, and shows a definition back as it was typed', () => {
    const form = {
      id: 'single-source-buyer',
      nameZh: BUYER_MODEL.name.zh,
      nameEn: BUYER_MODEL.name.en,
      'f0.cond': '',
      'f1.cond': 'method:equal:single-source',
      'f2.cond': '',
      'group:buyer': 'on',
      personField: 'buyer',
      windowField: 'awardedOn',
      windowKind: 'days',
      windowDays: '30',
      measure: 'count',
      threshold: '3',
      level: 'yellow',
      messageZh: BUYER_MODEL.message.zh,
      messageEn: BUYER_MODEL.message.en,
    };
    const { definition, problems } = definitionFromState(stateFromForm(form), 'shop', PURCHASE);
    expect(problems).toEqual([]);
    expect(validateModel(definition, SCOPE)).toEqual([]);
    expect(definition).toEqual(BUYER_MODEL);
    const back = stateFromDefinition(BUYER_MODEL, PURCHASE);
    expect(definitionFromState(back, 'shop', PURCHASE).definition).toEqual(BUYER_MODEL);
  });

  it('takes amounts in yuan (a sum threshold, a range) and option labels in a list; a malformed amount is the form’s own refusal', () => {
    const state = { ...stateFromDefinition(BUYER_MODEL, PURCHASE), measure: 'sum:totalFen', threshold: '50,000.5', filters: [{ cond: 'totalFen:range', value: '1000', to: '' }, { cond: 'method:in', value: '单一来源、tender', to: '' }] };
    const { definition, problems } = definitionFromState(state, 'shop', PURCHASE);
    expect(problems).toEqual([]);
    const d = definition as unknown as ModelDefinition;
    expect(d.threshold).toBe(5_000_050);
    expect(d.filters).toEqual([{ field: 'totalFen', operator: 'range', from: 100_000 }, { field: 'method', operator: 'in', values: ['single-source', 'tender'] }]);
    expect(stateFromDefinition(d, PURCHASE)).toMatchObject({ threshold: '50000.50', filters: [{ cond: 'totalFen:range', value: '1000.00', to: '' }, { cond: 'method:in', value: '单一来源、招标', to: '' }] });
    expect(definitionFromState({ ...state, threshold: '1.234' }, 'shop', PURCHASE).problems).toEqual([{ field: 'threshold', key: 'validation.money' }]);
    expect(definitionFromState({ ...state, filters: [{ cond: 'totalFen:range', value: '一千', to: '' }] }, 'shop', PURCHASE).problems).toEqual([{ field: 'filters[0].from', key: 'validation.money' }]);
  });

  it('leaves anything else malformed for validateModel to name: an empty threshold, a window without days', () => {
    const state = { ...stateFromDefinition(BUYER_MODEL, PURCHASE), threshold: '', windowDays: '' };
    const { definition } = definitionFromState(state, 'shop', PURCHASE);
    expect(validateModel(definition, SCOPE).map((p) => p.field)).toEqual(['window', 'threshold']);
  });
});
