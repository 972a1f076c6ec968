import type { DemoSeedContext } from '../../core/plugin-api';
import { addDays, isoWeek, mondayOf, num } from '../../core/plugin-api';
import { DEFAULT_LARGE_EXPENDITURE_FEN } from './rules';

/**
 * Eight weeks of 水口村, a small second village under the same township, dated relative to the
 * seeding day. Every name is invented. PLANTED: two missed weeks, two large payments with no
 * decision, one decision never published; nothing else breaks a rule.
 */
const MEMBERS = [
  { name: '唐秀英', party: 'party-branch', role: 'branch-secretary' },
  { name: '韦春生', party: 'party-branch', role: 'branch-member' },
  { name: '邓建平', party: 'village-committee', role: 'committee-director' },
  { name: '蒋立群', party: 'village-committee', role: 'committee-member' },
  { name: '田永福', party: 'work-team', role: 'team-leader' },
  { name: '潘红梅', party: 'work-team', role: 'team-member' },
  { name: '覃海涛', party: 'police-office', role: 'village-police' },
] as const;

const EXPECTED: Record<string, number> = { 'party-branch': 2, 'village-committee': 2, 'work-team': 2, 'police-office': 1 };
const PLACE = '水口村村委会会议室';
const BOARD = '水口村村务公开栏';
/** Weeks counted back from the seeding week. */
export const SMALL_MISSED_WEEKS = [6, 3];
const UNPUBLISHED_WEEK = 4;
const FUNDED: Record<number, [string, number, string]> = {
  7: ['修缮村口便民桥护栏', 1.6, '示范县水口建筑工程队'],
  5: ['购置防汛抽水泵', 1.2, '示范县农机五金经营部'],
};
const DECISIONS = ['开展村内河道垃圾清理', '组织村民代表学习村规民约', '排查村内危旧房屋', '开展夜间治安巡逻', '做好秋收农机调度', '整理村级档案', '组织慰问村内困难老人', '开展防溺水宣传'];
/** PLANTED expenditure-without-decision ×2: [purpose, multiple of the threshold, payee, days before the seeding day]. */
const UNAUTHORISED: [string, number, string, number][] = [
  ['村委会会议室空调采购', 1.36, '示范县水口家电经营部', 20],
  ['村道路灯线路改造', 2.5, '示范县光耀照明工程部', 9],
];
const SMALL: [string, string][] = [
  ['购买办公用品', '示范县文华办公用品店'],
  ['支付村委会电费', '示范县供电服务站'],
  ['购买保洁工具', '示范县百顺日杂店'],
  ['打印宣传资料', '示范县快印广告部'],
];

export async function seedSmallVillage(ctx: DemoSeedContext): Promise<void> {
  const T = ctx.today;
  const limit = num(ctx.options.largeExpenditureThresholdFen, DEFAULT_LARGE_EXPENDITURE_FEN);
  const W0 = mondayOf(T);
  const ids = new Map<string, number>();
  for (const [i, m] of MEMBERS.entries()) ids.set(m.name, (await ctx.createRecord('member', { name: m.name, party: m.party, role: m.role, phone: `138${String(52_000_000 + i * 2_345_671).slice(0, 8)}`, active: true })).id);
  let voucher = 0;
  const expense = (purpose: string, amountFen: number, payee: string, paidOn: string, decision?: number) =>
    ctx.createRecord('expenditure', { voucherNo: `SK-${paidOn.slice(0, 4)}-${String(++voucher).padStart(3, '0')}`, purpose, amountFen, payee, paidOn, oneMatter: false, ...(decision ? { decision } : {}) });
  let n = 0;
  for (let k = 8; k >= 1; k--) {
    const date = addDays(W0, -7 * k + 1);
    // Small routine spending, two a week, under the threshold.
    for (const d of [0, 3]) {
      const [purpose, payee] = SMALL[(k + d) % SMALL.length];
      await expense(purpose, 15_000 + ((k * 37 + d * 11) % 40) * Math.floor(limit / 100), payee, addDays(date, d));
    }
    if (SMALL_MISSED_WEEKS.includes(k)) continue;
    n++;
    const meeting = await ctx.createRecord('meeting', {
      title: `联席会议例会（${isoWeek(date)}）`,
      kind: 'weekly-regular',
      date,
      place: PLACE,
      convenerBranch: ids.get('唐秀英'),
      convenerTeam: ids.get('田永福'),
      attendance: Object.entries(EXPECTED).map(([party, expected]) => ({ party, expected, present: expected, attendees: MEMBERS.filter((m) => m.party === party).map((m) => m.name).join('、') })),
      recorder: ids.get('潘红梅'),
      agenda: [
        { kind: 'last-week-review', topic: '总结上周工作完成情况' },
        { kind: 'week-plan', topic: '部署本周重点工作' },
        ...(FUNDED[k] ? [{ kind: 'funds', topic: `研究${FUNDED[k][0]}资金`, notes: '三方同意。' }] : []),
      ],
      minutes: '会议要求各责任人按时限落实决议事项。',
      minutesNo: `水口联纪〔${date.slice(0, 4)}〕${n}号`,
      signedBranchOn: addDays(date, 1),
      signedTeamOn: addDays(date, 1),
    });
    const funded = FUNDED[k];
    const deadline = addDays(date, 14);
    const amountFen = funded ? Math.round(limit * funded[1]) : undefined;
    const content = funded ? `同意${funded[0]}，资金${(amountFen! / 100).toFixed(2)}元` : DECISIONS[k % DECISIONS.length];
    const d = await ctx.createRecord('decision', {
      content,
      meeting: meeting.id,
      agendaKind: funded ? 'funds' : 'week-plan',
      branchAgreement: 'agree',
      teamAgreement: 'agree',
      policeAgreement: 'agree',
      ...(funded ? { amountFen } : {}),
      responsible: ['邓建平', '蒋立群', '韦春生'][k % 3],
      deadline,
      ...(deadline < T ? { executionReports: [{ reportedOn: addDays(deadline, -2), progress: '已按决议要求完成。', completed: true }] } : {}),
    });
    // PLANTED not-published: this week's decision never reaches the board.
    if (k !== UNPUBLISHED_WEEK) await ctx.createRecord('publication', { title: `联席会议决议：${content}`, item: 'decision', decision: d.id, publishedOn: addDays(date, 2), place: BOARD, days: 10 });
    if (funded) await expense(funded[0], amountFen!, funded[2], addDays(date, 5), d.id);
  }
  for (const [purpose, times, payee, daysBefore] of UNAUTHORISED) await expense(purpose, Math.round(limit * times), payee, addDays(T, -daysBefore));
}
