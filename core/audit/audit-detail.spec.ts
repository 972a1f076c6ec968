import type { FieldDef } from '../plugin-api';
import { moduleRegistry } from '../domain-modules';
import { detailRows, detailText } from './audit-detail';
import { beijingDayStart, parseAuditFilter } from './audit-query';

describe('audit entries in words', () => {
  const fields = [
    { key: 'name', type: 'text', label: { zh: '项目名称', en: 'Project' } },
    { key: 'method', type: 'enum', label: { zh: '采购方式', en: 'Method' }, options: [{ value: 'public-tender', label: { zh: '公开招标', en: 'Open tender' } }] },
    { key: 'totalFen', type: 'money', label: { zh: '金额', en: 'Amount' } },
  ] as FieldDef[];

  it('a record change reads field by field with the type labels and formats, the reason after it', () => {
    const detail = JSON.stringify({ version: 2, changed: ['name', 'method', 'totalFen'], values: { name: { old: '甲', new: '乙' }, method: { old: null, new: 'public-tender' }, totalFen: { old: 100, new: 250000 } }, reason: '更正' });
    const rows = detailRows(detail, 'zh', fields);
    expect(rows).toEqual([
      { label: '项目名称', old: '甲', oldEmpty: false, new: '乙' },
      { label: '采购方式', old: '（空）', oldEmpty: true, new: '公开招标' },
      { label: '金额', old: '1.00 元', oldEmpty: false, new: '2,500.00 元' },
      { label: '理由', value: '更正' },
    ]);
    expect(detailText(rows)).toBe('项目名称：甲 → 乙\n采购方式：（空） → 公开招标\n金额：1.00 元 → 2,500.00 元\n理由：更正');
  });

  it("a warning's transition reads as its states; other values by label, instants in Beijing time, unknown keys as written", () => {
    const warningStates = moduleRegistry().auditTransition('warning.issue');
    expect(detailRows(JSON.stringify({ from: 'decided', to: 'notified', level: 'yellow' }), 'zh', undefined, warningStates)).toEqual([
      { label: '状态', old: '已决定，待发通知', oldEmpty: false, new: '已发通知，待答复' },
      { label: '预警等级', value: 'yellow' },
    ]);
    expect(detailRows(JSON.stringify({ newHits: 3, at: '2026-11-21T16:30:00.000Z', extra: true }), 'zh')).toEqual([
      { label: '新命中', value: '3' },
      { label: '时间', value: '2026-11-22 00:30' },
      { label: 'extra', value: '是' },
    ]);
    expect(detailRows(JSON.stringify({ method: 'oidc' }), 'zh')).toEqual([{ label: '登录方式', value: '统一身份认证（OIDC）' }]);
    expect(detailRows('', 'zh')).toEqual([]);
  });

  it('a Beijing day starts at 16:00 UTC the day before; a malformed filter is left out', () => {
    expect(beijingDayStart('2026-01-01')).toBe('2025-12-31T16:00:00.000Z');
    expect(parseAuditFilter({ from: '2026-02-30', to: '2026-02-28', unit: 'x', actor: '  林清 ' })).toMatchObject({ from: '', to: '2026-02-28', unit: null, actor: '林清' });
  });
});
