import { addDays, DemoSeedContext, demoCreditCode, idNumberCheckChar, num, seededRandom } from '../../core/plugin-api';
import { ARREARS, COLLECTION, INDUSTRIES, INSPECTION, REDUCTION, REMINDER, TAX_TYPES, TAXPAYER } from './records';
import { reminderAcknowledgeDays } from './rules';

/**
 * A year of the demo county tax bureau, dated relative to the seeding day. Every name is invented
 * (示范县 is fictional). Ordinary data stays clear of every rule; each PLANTED entry breaks exactly one.
 */

const WORDS = ['青禾', '百川', '康泰', '仁和', '春晖', '天衡', '瑞丰', '鹤年', '安宁', '博济', '洁康', '恒安', '益生', '华普', '立信', '润泽', '德源', '鼎盛', '精诚', '光明'];
const TRADES: Record<string, string[]> = {
  manufacturing: ['机械制造', '食品加工', '服装'],
  construction: ['建筑工程', '装饰工程'],
  'wholesale-retail': ['商贸', '农资销售', '五金经营'],
  catering: ['餐饮管理', '酒店'],
  'real-estate': ['房地产开发', '物业管理'],
  transport: ['物流', '运输'],
  services: ['家政服务', '文化传媒'],
  agriculture: ['农业开发', '养殖'],
};
const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨'];
const GIVEN = ['晓峰', '春梅', '建新', '丽华', '国栋', '玉芬', '志远', '海燕', '文斌', '秀英', '明辉', '桂兰'];
const DISTRICTS = ['城关税务分局', '东城税务分局', '西城税务分局', '北郊税务分局'];
const OFFICERS = ['郑晓岚', '韩立文', '卫国强', '蒋雪芬', '沈振华', '杨慧敏', '朱建平', '秦玉洁'];
const INSPECTORS = ['许文涛', '何志明', '吕晓燕', '施国华', '张海峰', '孔令军', '曹丽娟', '严志刚', '华晓东', '金秋菊'];
const APPROVERS = ['陶建明', '姜立新', '戚文华'];
const REVIEWERS = ['谢红梅', '邹志强', '喻晓光'];
const LEADERS = ['潘正阳', '葛长青'];

function idNumber(rand: () => number, birthYear: number): string {
  const d = `${birthYear}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const first17 = `360799${d}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export const DEMO_COUNTS = { taxpayers: 300, collections: 2000, inspections: 60 };

export async function seedDemoYear(ctx: DemoSeedContext): Promise<void> {
  const rand = seededRandom(20_260_401);
  const pickOf = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const day = (back: number) => addDays(ctx.today, -back);
  const threshold = num(ctx.options.writeOffCollectiveThresholdFen, 10_000_000);

  const taxpayers: number[] = [];
  for (let i = 0; i < DEMO_COUNTS.taxpayers; i++) {
    const industry = INDUSTRIES[i % INDUSTRIES.length].value;
    const individual = i % 5 === 4;
    const word = WORDS[i % WORDS.length];
    const trade = TRADES[industry][Math.floor(i / WORDS.length) % TRADES[industry].length];
    const person = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
    const name = individual ? `示范县${person}${trade}个体户` : `示范县${word}${trade}有限公司${i >= WORDS.length ? `（${Math.floor(i / WORDS.length)}）` : ''}`;
    const t = await ctx.createRecord(TAXPAYER, {
      name,
      kind: individual ? 'individual' : 'enterprise',
      ...(individual ? { idNumber: idNumber(rand, 1960 + (i % 40)) } : { creditCode: demoCreditCode(rand, '360799') }),
      industry,
      district: DISTRICTS[i % DISTRICTS.length],
      officer: OFFICERS[i % OFFICERS.length],
    });
    taxpayers.push(t.id);
  }

  // Collections: ordinary ones are collected in full within 25 days of assessment.
  for (let i = 0; i < DEMO_COUNTS.collections - 4; i++) {
    const back = 30 + Math.floor(rand() * 330);
    const assessedOn = day(back);
    const assessedFen = 10_000 * (5 + Math.floor(rand() * 2_000));
    await ctx.createRecord(COLLECTION, {
      collectionNo: `示税征〔${assessedOn.slice(0, 4)}〕${String(i + 1).padStart(5, '0')}号`,
      taxpayer: taxpayers[i % taxpayers.length],
      taxType: pickOf(TAX_TYPES).value,
      period: addDays(assessedOn, -20).slice(0, 7),
      assessedFen,
      assessedOn,
      collectedFen: assessedFen,
      collectedOn: addDays(assessedOn, Math.floor(rand() * 25)),
      officer: OFFICERS[i % OFFICERS.length],
    });
  }
  const uncollected = (no: string, back: number, extra: Record<string, unknown> = {}) =>
    ctx.createRecord(COLLECTION, { collectionNo: no, taxpayer: taxpayers[7], taxType: 'vat', period: day(back + 20).slice(0, 7), assessedFen: 3_560_000, assessedOn: day(back), collectedFen: 0, officer: OFFICERS[7], ...extra });
  await uncollected('示税征〔D〕00001号', 150, { deferralApproved: true, deferralApprover: LEADERS[0], deferralUntil: day(-30) });
  await uncollected('示税征〔D〕00002号', 60);
  await uncollected('示税征〔D〕00003号', 90); // exactly 90 days: not yet over the limit
  await uncollected('示税征〔P〕00004号', 120); // PLANTED: uncollected-without-deferral

  // Reductions: each taxpayer once, except the planted run (3 by one approver) and a pair (under the threshold).
  for (let i = 0; i < 40; i++) {
    await ctx.createRecord(REDUCTION, {
      reductionNo: `示税减〔R〕${String(i + 1).padStart(4, '0')}号`,
      taxpayer: taxpayers[10 + i],
      taxType: pickOf(TAX_TYPES).value,
      legalBasis: '《财政部 税务总局关于进一步实施小微企业“六税两费”减免政策的公告》',
      amountFen: 100 * (500 + Math.floor(rand() * 50_000)),
      applicant: `${SURNAMES[i % SURNAMES.length]}会计`,
      reviewer: REVIEWERS[i % REVIEWERS.length],
      approver: APPROVERS[i % APPROVERS.length],
      approvedOn: day(10 + Math.floor(rand() * 340)),
    });
  }
  const reduce = (no: string, taxpayer: number, back: number) =>
    ctx.createRecord(REDUCTION, { reductionNo: no, taxpayer, taxType: 'property', legalBasis: '《中华人民共和国房产税暂行条例》第六条', amountFen: 2_400_000, applicant: '财务负责人', reviewer: REVIEWERS[0], approver: APPROVERS[1], approvedOn: day(back) });
  for (const back of [300, 180, 40]) await reduce(`示税减〔P〕${back}号`, taxpayers[60], back); // PLANTED: repeated-reductions
  for (const back of [200, 90]) await reduce(`示税减〔E〕${back}号`, taxpayers[61], back);

  // Arrears: pursued, deferred, small write-offs, large write-offs with a collective decision, and the planted one.
  const arrears = (no: string, amountFen: number, decision: string, extra: Record<string, unknown> = {}) =>
    ctx.createRecord(ARREARS, { arrearsNo: no, taxpayer: taxpayers[100 + Number(no.slice(-3))], taxType: 'corporate-income', amountFen, arisenOn: day(300), decision, ...extra });
  const decided = (back: number) => ({ decisionReason: '纳税人已注销，经调查无财产可供执行', decidedOn: day(back), approver: LEADERS[back % 2] });
  for (let i = 1; i <= 8; i++) await arrears(`示税欠-${String(i).padStart(3, '0')}`, 500_000 * i, 'pending');
  for (let i = 9; i <= 12; i++) await arrears(`示税欠-${String(i).padStart(3, '0')}`, 800_000 * i, 'deferral', { ...decided(50 + i), decisionReason: '纳税人因不可抗力遭受重大损失，经批准延期缴纳' });
  for (let i = 13; i <= 17; i++) await arrears(`示税欠-${String(i).padStart(3, '0')}`, 300_000 * i, 'write-off', decided(30 + i));
  await arrears('示税欠-018', threshold, 'write-off', decided(70)); // at the threshold: no collective decision needed
  await arrears('示税欠-019', 25_000_000, 'write-off', { ...decided(80), collectiveDecisionDate: day(85), minutesRef: '示税局务〔2026〕3号' });
  await arrears('示税欠-020', 15_000_000, 'write-off', decided(60)); // PLANTED: write-off-without-collective-decision

  // Inspections: pairs or trios, penalties inside the band, receipts returned within 14 days with good answers.
  const bandPenalty = [
    { violationType: 'late-filing', penaltyFen: 100_000 },
    { violationType: 'invoice', penaltyFen: 500_000 },
    { violationType: 'withholding', taxInvolvedFen: 2_000_000, penaltyFen: 1_000_000 },
    { violationType: 'evasion', taxInvolvedFen: 5_000_000, penaltyFen: 2_500_000 },
  ];
  const good = { receiptDemands: 'no', receiptBanquet: 'no', receiptGifts: 'no', receiptAttitude: 'good' };
  const inspection = (no: number, endedBack: number, extra: Record<string, unknown>) => {
    const endedOn = day(endedBack);
    return ctx.createRecord(INSPECTION, {
      inspectionNo: `示税检通〔${endedOn.slice(0, 4)}〕${String(no).padStart(3, '0')}号`,
      taxpayer: taxpayers[150 + no],
      inspectors: [INSPECTORS[no % 10], INSPECTORS[(no + 3) % 10], ...(no % 3 === 0 ? [INSPECTORS[(no + 6) % 10]] : [])],
      startedOn: addDays(endedOn, -7),
      endedOn,
      findings: no % 2 ? '账簿凭证基本规范，个别申报事项已当场纠正。' : '发现少缴税款，已依法追缴并处罚。',
      receiptIssuedOn: endedOn,
      ...extra,
    });
  };
  const ordinary = DEMO_COUNTS.inspections - 4;
  for (let i = 1; i <= ordinary; i++) {
    const endedBack = i > ordinary - 3 ? 2 + i - (ordinary - 3) : 20 + Math.floor(((ordinary - i) * 330) / ordinary);
    const returned = endedBack >= 20 ? { receiptReturnedOn: day(endedBack - 3 - (i % 11)), ...good } : {};
    await inspection(i, endedBack, { ...(i % 2 ? {} : bandPenalty[(i / 2) % 4]), ...returned });
  }
  await inspection(ordinary + 1, 100, { violationType: 'evasion', taxInvolvedFen: 1_000_000, penaltyFen: 6_000_000, receiptReturnedOn: day(95), ...good }); // PLANTED: penalty-outside-band
  await inspection(ordinary + 2, 70, { inspectors: [INSPECTORS[4]], receiptReturnedOn: day(65), ...good }); // PLANTED: too-few-inspectors
  await inspection(ordinary + 3, 40, {}); // PLANTED: receipt-not-returned
  await inspection(ordinary + 4, 130, { receiptReturnedOn: day(122), ...good, receiptBanquet: 'yes', receiptComment: '检查结束当晚，检查人员接受了公司安排的宴请。' }); // PLANTED: negative-receipt

  // Reminders (双提制, 004 第4篇): cards before the occasions, letters after a clue found groundless; all signed but the newest.
  const occasions = ['promotion', 'transfer', 'moving', 'wedding', 'funeral', 'holiday', 'groundless-clue'];
  const reminder = (no: string, i: number, issuedOn: string, acknowledgedOn?: string) =>
    ctx.createRecord(REMINDER, {
      reminderNo: no,
      kind: occasions[i % occasions.length] === 'groundless-clue' ? 'letter' : 'card',
      occasion: occasions[i % occasions.length],
      staffName: INSPECTORS[i % 10].slice(0, 1) + GIVEN[i % GIVEN.length],
      post: pickOf(['税收管理员', '稽查员', '纳税服务岗', '法制岗']),
      issuedBy: '纪检组长',
      issuedOn,
      ...(acknowledgedOn ? { acknowledgedOn } : {}),
    });
  for (let i = 0; i < 30; i++) {
    const issuedOn = day(5 + i * 11);
    await reminder(`示税纪提〔${issuedOn.slice(0, 4)}〕${String(i + 1).padStart(3, '0')}号`, i, issuedOn, i === 0 ? undefined : addDays(issuedOn, 1 + (i % 3)));
  }
  const ackDays = reminderAcknowledgeDays(ctx.options);
  await reminder('示税纪提〔E〕031号', 5, day(ackDays)); // unsigned for exactly the limit: not yet late
  await reminder('示税纪提〔P〕032号', 13, day(ackDays + 13)); // PLANTED: reminder-unacknowledged
}
