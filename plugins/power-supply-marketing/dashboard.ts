import type { DashboardPanel, FactContext } from '../../core/plugin-api';
import { wholeYuan } from '../../core/plugin-api';
import { APPLICATION, DESIGNATION, FINDING_KINDS, INSPECTION, VOLTAGE_CLASSES } from './records';
import { RULES } from './rules';

/** Counts and sums computed in SQL (RecordQuery.total/groups/hitCounts), so the board costs the same at any volume. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const q = ctx.records;
  const [applications, inspections, closed, designations, byStaff] = await Promise.all([
    q.total!(APPLICATION, {}),
    q.total!(INSPECTION, {}, 'recoveryDueFen'),
    q.total!(INSPECTION, { equal: { status: 'closed' } }, 'recoveredFen'),
    q.total!(DESIGNATION, {}),
    q.total!(DESIGNATION, { equal: { chosenBy: 'staff' } }),
  ]);
  const recovered = await q.total!(INSPECTION, {}, 'recoveredFen');
  const hits = new Map((await q.hitCounts!({ by: 'rule' })).map((c) => [c.key, c.count]));
  const late = ['plan-reply-overdue-low', 'plan-reply-overdue-high', 'connection-overdue-low'].reduce((n, id) => n + (hits.get(id) ?? 0), 0);
  const perVoltage = new Map((await q.groups!(APPLICATION, {}, ['voltageClass'])).map((g) => [g.by.voltageClass, g.count]));
  const perKind = new Map((await q.groups!(INSPECTION, {}, ['kind'], 'recoveryDueFen')).map((g) => [g.by.kind, g]));
  return [
    {
      kind: 'stats',
      title: { zh: '营销廉政风险概况', en: 'Overview' },
      stats: [
        { label: { zh: '业扩报装（件）', en: 'Applications' }, value: String(applications.count) },
        { label: { zh: '办理超时限（次）', en: 'Over the time limit' }, value: String(late) },
        { label: { zh: '用电稽查（件）', en: 'Inspection findings' }, value: String(inspections.count) },
        { label: { zh: '已结案（件）', en: 'Closed' }, value: String(closed.count) },
        { label: { zh: '应追补电费（元）', en: 'Charges to recover (yuan)' }, value: wholeYuan(inspections.sum) },
        { label: { zh: '实收追补电费（元）', en: 'Charges recovered (yuan)' }, value: wholeYuan(recovered.sum) },
        { label: { zh: '“三指定”核查（项）', en: 'Project suppliers checked' }, value: String(designations.count) },
        { label: { zh: '员工推荐或指定（项）', en: 'Designated by staff' }, value: String(byStaff.count) },
      ],
    },
    { kind: 'bars', title: { zh: '各预警规则命中次数', en: 'Hits by rule' }, unit: 'count', bars: RULES.map((r) => ({ label: r.label, value: hits.get(r.id) ?? 0 })) },
    {
      kind: 'table',
      title: { zh: '用电稽查按类别', en: 'Findings by kind' },
      columns: [
        { zh: '查处类别', en: 'Finding' },
        { zh: '件数', en: 'Count' },
        { zh: '应追补电费（元）', en: 'Charges to recover (yuan)' },
      ],
      rows: FINDING_KINDS.map((k) => [k.label, perKind.get(k.value)?.count ?? 0, wholeYuan(perKind.get(k.value)?.sum ?? 0)]),
    },
    { kind: 'bars', title: { zh: '业扩报装按电压等级', en: 'Applications by voltage class' }, unit: 'count', bars: VOLTAGE_CLASSES.map((c) => ({ label: c.label, value: perVoltage.get(c.value) ?? 0 })) },
  ];
}
