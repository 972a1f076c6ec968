import type { DemoSeedContext } from '../../core/plugin-api';
import { addDays, isoWeek, mondayOf, num } from '../../core/plugin-api';
import { seedSmallVillage } from './demo-seed-small';
import { DEFAULT_LARGE_EXPENDITURE_FEN } from './rules';

/**
 * Six months of 青石村 joint meetings, dated relative to the seeding day so the planted violations
 * are the same whatever day it runs. Every name is invented. Ordinary data stays clear of every
 * rule; each PLANTED entry breaks exactly one (two missed weeks break the weekly rule twice).
 */

export const MEMBERS = [
  { name: '黄立新', party: 'party-branch', role: 'branch-secretary' },
  { name: '陈秀芳', party: 'party-branch', role: 'branch-member' },
  { name: '黄志明', party: 'village-committee', role: 'committee-director' },
  { name: '刘桂香', party: 'village-committee', role: 'committee-member' },
  { name: '吴德胜', party: 'village-committee', role: 'committee-member' },
  { name: '高文斌', party: 'work-team', role: 'team-leader' },
  { name: '何丽娟', party: 'work-team', role: 'team-member' },
  { name: '杜明辉', party: 'work-team', role: 'team-member' },
  { name: '马振华', party: 'police-office', role: 'village-police' },
  { name: '罗小军', party: 'police-office', role: 'auxiliary-police' },
  { name: '高永强', party: 'police-office', role: 'auxiliary-police' },
] as const;

const PARTY_ORDER = ['party-branch', 'village-committee', 'work-team', 'police-office'] as const;
/** Who of a party came: its members less the ones named absent. */
const attendeesOf = (party: string, absentees = '') => MEMBERS.filter((m) => m.party === party && !absentees.includes(m.name)).map((m) => m.name).join('、');
const PLACE = '青石村党群服务中心会议室';
const BOARD = '青石村村务公开栏';

/** Weeks (counted back from the seeding week) with no regular meeting: PLANTED no-weekly-meeting ×2. */
export const MISSED_WEEKS = [20, 9];
const AD_HOC_WEEKS = [23, 16, 11, 4];
const BELOW_QUORUM_WEEK = 11; // PLANTED meeting-below-quorum: 6 of 11 present
const LATE_SIGNATURE_WEEK = 12; // PLANTED minutes-not-signed: the team leader signs on day 5
const NO_CONSENSUS_WEEK = 14; // PLANTED decision-without-consensus: the police office objects
const UNPUBLISHED_WEEK = 17; // PLANTED not-published
const OVERDUE_WEEK = 6; // PLANTED decision-overdue

const TOPICS: [string, string][] = [
  ['development-plan', '研究村集体经济合作社年度发展目标'],
  ['township-task', '落实镇党委关于人居环境整治的工作部署'],
  ['village-rules', '修订村规民约移风易俗条款'],
  ['stability', '分析研判本周村内稳定形势'],
  ['villager-interest', '研究村民反映的灌溉用水分配问题'],
];

const DECISIONS = ['组织开展村内主干道环境卫生集中整治', '安排人员开展入户走访，摸排困难群众情况', '组织村民学习修订后的村规民约', '开展夜间治安联防巡逻', '协调解决三组灌溉用水轮灌排班', '组织青年参加镇农业技术培训', '开展防汛隐患排查', '完善村级档案整理归档'];
const FUNDS: [string, string][] = [
  ['硬化三组通组道路', '示范县青石路桥工程队'],
  ['维修村小学围墙', '示范县安顺建筑工程队'],
  ['购置村卫生室消毒设备', '示范县康宁医疗器械经营部'],
  ['疏浚北干渠', '示范县清源水利工程队'],
  ['安装村内太阳能路灯', '示范县光耀照明工程部'],
  ['修缮村文化活动室', '示范县福泰装饰工程部'],
  ['建设垃圾集中收集点', '示范县绿洁环保设备经营部'],
  ['更换人饮工程输水管', '示范县通达水暖材料经营部'],
];
const SMALL: [string, string][] = [
  ['购买办公用品', '示范县文华办公用品店'],
  ['支付村委会电费', '示范县供电服务站'],
  ['购买保洁工具', '示范县百顺日杂店'],
  ['村务公开栏维护', '示范县快印广告部'],
  ['购买防汛沙袋', '示范县建材五金店'],
  ['支付保洁员劳务费', '村保洁员（赵四妹）'],
  ['购买会议用茶水', '示范县青石便民超市'],
  ['打印宣传资料', '示范县快印广告部'],
];

interface Plan {
  week: number;
  kind: 'weekly-regular' | 'ad-hoc';
  date: string;
}

/** Demo villages other than 青石村, by institution code. */
const OTHER_VILLAGES: Record<string, (ctx: DemoSeedContext) => Promise<void>> = { 'shuikou-village': seedSmallVillage };

/** Stores the demo data through the contract: a village's meetings; a township has none of its own. */
export async function seedVillageDemo(ctx: DemoSeedContext): Promise<void> {
  if (ctx.institutionType && ctx.institutionType !== 'village') return;
  if (OTHER_VILLAGES[ctx.institutionCode]) return OTHER_VILLAGES[ctx.institutionCode](ctx);
  await seedQingshi(ctx);
}

/** The 青石村 half-year. */
async function seedQingshi(ctx: DemoSeedContext): Promise<void> {
  const T = ctx.today;
  const limit = num(ctx.options.largeExpenditureThresholdFen, DEFAULT_LARGE_EXPENDITURE_FEN);
  const W0 = mondayOf(T);
  const onOrBefore = (d: string) => d <= T;
  const ids = new Map<string, number>();
  for (const [i, m] of MEMBERS.entries()) {
    const r = await ctx.createRecord('member', { name: m.name, party: m.party, role: m.role, phone: `139${String(70_000_000 + i * 1_234_567).slice(0, 8)}`, active: true });
    ids.set(m.name, r.id);
  }
  const plans: Plan[] = [];
  for (let k = 26; k >= 1; k--) {
    const mon = addDays(W0, -7 * k);
    if (!MISSED_WEEKS.includes(k)) plans.push({ week: k, kind: 'weekly-regular', date: addDays(mon, 1) });
    if (AD_HOC_WEEKS.includes(k)) plans.push({ week: k, kind: 'ad-hoc', date: addDays(mon, 3) });
  }
  let meetingNo = 0;
  let decisionNo = 0;
  let voucher = 0;
  let fundsNo = 0;
  const expense = async (purpose: string, amountFen: number, payee: string, paidOn: string, oneMatter: boolean, decision?: number) => {
    voucher++;
    const e = await ctx.createRecord('expenditure', { voucherNo: `QS-${paidOn.slice(0, 4)}-${String(voucher).padStart(4, '0')}`, purpose, amountFen, payee, paidOn, oneMatter, ...(decision ? { decision } : {}) });
    if (oneMatter && onOrBefore(addDays(paidOn, 3))) await ctx.createRecord('publication', { title: `“一事一议”支出：${purpose}`, item: 'expenditure', expenditure: e.id, publishedOn: addDays(paidOn, 3), place: BOARD, days: 10 });
  };
  for (const p of plans) {
    meetingNo++;
    const lowQuorum = p.kind === 'ad-hoc' && p.week === BELOW_QUORUM_WEEK;
    const present: Record<string, number> = lowQuorum ? { 'party-branch': 1, 'village-committee': 1, 'work-team': 2, 'police-office': 2 } : { 'party-branch': 2, 'village-committee': 3, 'work-team': 3, 'police-office': meetingNo % 5 === 0 ? 2 : 3 };
    const expected: Record<string, number> = { 'party-branch': 2, 'village-committee': 3, 'work-team': 3, 'police-office': 3 };
    const absentees: Record<string, string> = lowQuorum
      ? { 'party-branch': '陈秀芳（外出学习）', 'village-committee': '刘桂香、吴德胜（外出）', 'work-team': '杜明辉（请假）', 'police-office': '高永强（执勤）' }
      : meetingNo % 5 === 0
        ? { 'police-office': '高永强（执勤）' }
        : {};
    const topic = TOPICS[meetingNo % TOPICS.length];
    const funds = p.kind === 'weekly-regular' ? meetingNo % 2 === 0 : !lowQuorum;
    const fund = FUNDS[fundsNo % FUNDS.length];
    const agenda = [
      ...(p.kind === 'weekly-regular' ? [{ kind: 'last-week-review', topic: '总结上周工作完成情况', notes: '上周各项工作按计划推进。' }, { kind: 'week-plan', topic: '部署本周重点工作' }] : []),
      { kind: topic[0], topic: topic[1], notes: '三方逐项讨论，意见一致。' },
      ...(funds ? [{ kind: 'funds', topic: `研究${fund[0]}项目资金`, notes: '听取村委会关于预算和施工方的说明，三方同意。' }] : []),
    ];
    const signedTeam = p.week === LATE_SIGNATURE_WEEK && p.kind === 'weekly-regular' ? addDays(p.date, 5) : addDays(p.date, 1);
    const signed = onOrBefore(addDays(p.date, 1));
    const matter = p.kind === 'ad-hoc' ? (lowQuorum ? '研究村集体林地承包到期续签事宜' : `研究${fund[0]}重大事项`) : undefined;
    const meeting = await ctx.createRecord('meeting', {
      title: p.kind === 'weekly-regular' ? `联席会议例会（${isoWeek(p.date)}）` : `联席会议临时会议（${p.date}）`,
      kind: p.kind,
      date: p.date,
      place: PLACE,
      ...(matter ? { matter } : {}),
      convenerBranch: ids.get('黄立新'),
      convenerTeam: ids.get('高文斌'),
      attendance: PARTY_ORDER.map((party) => ({ party, expected: expected[party], present: present[party], attendees: attendeesOf(party, absentees[party]), ...(absentees[party] ? { absentees: absentees[party] } : {}) })),
      recorder: ids.get('何丽娟'),
      agenda,
      discussion: '与会人员围绕议题充分发表意见，村党支部、工作组、警务室逐项协商。',
      minutes: '会议要求各责任人按时限落实决议事项，并在下次例会上报告进展。',
      minutesNo: `青石联纪〔${p.date.slice(0, 4)}〕${meetingNo}号`,
      ...(signed ? { signedBranchOn: addDays(p.date, 1) } : {}),
      ...(signed && onOrBefore(signedTeam) ? { signedTeamOn: signedTeam } : {}),
    });
    const count = p.kind === 'ad-hoc' ? 3 : 2;
    for (let j = 0; j < count; j++) {
      decisionNo++;
      const isFunds = funds && j === 0;
      const objecting = p.kind === 'weekly-regular' && p.week === NO_CONSENSUS_WEEK && j === 1;
      const overdue = p.kind === 'weekly-regular' && p.week === OVERDUE_WEEK && j === 1;
      const deadline = addDays(p.date, 21);
      const amounts = isFunds ? [Math.round(limit * (1.2 + (fundsNo % 5) * 0.9)), Math.round(limit * 0.4)] : [];
      const content = isFunds ? `同意${fund[0]}，资金${((amounts[0] + amounts[1]) / 100).toFixed(2)}元` : p.kind === 'ad-hoc' && lowQuorum ? ['同意集体林地承包合同续签方案', '成立林地清查小组', '续签前征求承包户意见'][j] : DECISIONS[(decisionNo + j) % DECISIONS.length];
      const reports = overdue ? [] : deadline < T ? [{ reportedOn: addDays(deadline, -3), progress: '已按决议要求完成。', completed: true }] : onOrBefore(addDays(p.date, 7)) ? [{ reportedOn: addDays(p.date, 7), progress: '正在按计划推进。', completed: false }] : [];
      const d = await ctx.createRecord('decision', {
        content,
        meeting: meeting.id,
        agendaKind: isFunds ? 'funds' : topic[0],
        branchAgreement: 'agree',
        teamAgreement: 'agree',
        policeAgreement: objecting ? 'object' : 'agree',
        ...(objecting ? { dissent: '警务室认为夜间施工影响治安巡逻安排，建议调整后再议。' } : {}),
        ...(isFunds ? { amountFen: amounts[0] + amounts[1] } : {}),
        responsible: isFunds ? '黄志明' : ['陈秀芳', '何丽娟', '马振华', '吴德胜'][decisionNo % 4],
        deadline,
        ...(reports.length ? { executionReports: reports } : {}),
      });
      const valid = !objecting && !lowQuorum;
      const unpublished = p.kind === 'weekly-regular' && p.week === UNPUBLISHED_WEEK && j === 0;
      if (valid && !unpublished && onOrBefore(addDays(p.date, 2))) await ctx.createRecord('publication', { title: `联席会议决议：${content}`, item: 'decision', decision: d.id, publishedOn: addDays(p.date, 2), place: BOARD, days: 15 });
      if (isFunds) {
        const oneMatter = fundsNo % 3 === 0;
        if (onOrBefore(addDays(p.date, 6))) await expense(`${fund[0]}（工程款）`, amounts[0], fund[1], addDays(p.date, 6), oneMatter, d.id);
        if (onOrBefore(addDays(p.date, 12))) await expense(`${fund[0]}（材料费）`, amounts[1], fund[1], addDays(p.date, 12), false, d.id);
        fundsNo++;
      }
    }
  }
  // Routine small spending under the threshold, about five a week.
  const first = addDays(W0, -7 * 26);
  for (let i = 0; i < 120; i++) {
    const [purpose, payee] = SMALL[i % SMALL.length];
    const paidOn = addDays(first, Math.floor((i * 180) / 120));
    if (paidOn >= T) break;
    await expense(purpose, 20_000 + ((i * 7919) % 60) * Math.floor((limit - 20_000) / 61), payee, paidOn, false);
  }
  // PLANTED expenditure-without-decision: a large payment with no meeting decision.
  await expense('村委会办公楼外墙粉刷', Math.round(limit * 1.5), '示范县福泰装饰工程部', addDays(T, -30), false);
}
