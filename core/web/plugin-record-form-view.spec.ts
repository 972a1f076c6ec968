import type { FieldDef } from '../plugin-api';
import '../records/records.i18n';
import { formExtras, historyRows, valueText } from './plugin-record-form-view';

const f = (key: string, extra: Partial<FieldDef> = {}): FieldDef => ({ key, id: `t-${key}`, type: 'string', label: { zh: `栏目${key}`, en: `Field ${key}` }, ...extra });
const answer = f('answer', { type: 'enum', options: [{ value: 'yes', label: { zh: '有', en: 'Yes' } }, { value: 'no', label: { zh: '没有', en: 'No' } }] });

describe('the record form page: read-only values, the reason box, the version history', () => {
  it('writes values as people read them: option labels, yuan, item rows one per line', () => {
    expect(valueText(answer, 'no', 'zh')).toBe('没有');
    expect(valueText(f('fee', { type: 'money' }), 123456, 'zh')).toMatch(/1,234\.56/);
    const rows = f('items', { type: 'rows', columns: [f('name'), f('kind', { type: 'enum', options: answer.options })] });
    expect(valueText(rows, [{ name: '甲', kind: 'yes' }, { name: '乙', kind: null }], 'zh')).toBe('栏目name：甲，栏目kind：有；栏目name：乙');
    expect(valueText(answer, null, 'zh')).toBe('');
  });

  it('offers the reason box on edits with something to save, required wording for evidence; nothing to save hides the button', () => {
    const access = (readOnly: string[], evidence: 'none' | 'locked' | 'reason') => ({ readOnly: new Map(readOnly.map((k) => [k, { field: k, key: 'record.write_set' }])), evidence });
    expect(formExtras(access(['a'], 'none'), true, ['a', 'b'], { value: '' }, 'zh')).toEqual({ evidenceNote: null, reasonField: { label: '修改说明（选填）', value: '', error: undefined }, canSave: true });
    expect(formExtras(access([], 'reason'), true, ['a'], { value: '核对', error: '须说明理由' }, 'zh').reasonField).toEqual({ label: '更正理由（必填）', value: '核对', error: '须说明理由' });
    // Read-only fields outside this (subset) form do not count against it.
    expect(formExtras(access(['a', 'c'], 'none'), true, ['b'], { value: '' }, 'zh').canSave).toBe(true);
    const locked = formExtras(access(['a', 'b'], 'locked'), true, ['a', 'b'], { value: '' }, 'en');
    expect(locked).toEqual({ evidenceNote: expect.stringContaining('you cannot change it'), reasonField: null, canSave: false });
    expect(formExtras(null, false, ['a'], { value: '' }, 'zh').reasonField).toBeNull();
  });

  it('history rows: Beijing time to the minute, who, each change old → new with the empty side marked', () => {
    const rows = historyRows(
      [
        { version: 2, at: '2026-11-22T16:30:59.000Z', who: { zh: '公众（公开表单）', en: 'The public (public form)' }, reason: null, kind: 'changed', changes: [{ field: answer, old: null, new: 'yes' }] },
        { version: 1, at: '2026-11-22T03:00:00.000Z', who: '刘振华', reason: null, kind: 'created', changes: [] },
      ],
      'zh',
    );
    expect(rows).toEqual([
      { version: 2, at: '2026-11-23 00:30', who: '公众（公开表单）', reason: '', note: '', changes: [{ label: '栏目answer', old: '（空）', oldEmpty: true, new: '有' }] },
      { version: 1, at: '2026-11-22 11:00', who: '刘振华', reason: '', note: '登记', changes: [] },
    ]);
  });
});
