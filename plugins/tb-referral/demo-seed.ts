import { DemoSeedContext, idNumberCheckChar } from '../../core/plugin-api';
import { addDays, addMonths, firstDayOfMonth, monthOf, nextMonth } from '../../core/plugin-api';
import { PERSON, REFERRAL, SUPERVISION } from './records';

// Invented people only: surnames and given names combined by index, never anyone from the seeds.
const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈', '褚', '卫', '蒋', '沈', '韩', '杨'];
const GIVEN = ['春生', '秋菊', '德明', '桂兰', '建华', '玉芬', '国强', '秀英', '志远', '海燕', '长林', '小梅', '永福', '丽娟', '树根', '金凤', '文斌'];
const PREFIX: Record<string, string> = { 'liuwan-village-clinic': 'LW', 'taoyuan-village-clinic': 'TY', 'meilin-village-clinic': 'ML', 'shiqiao-village-clinic': 'SQ', 'dongxi-township-hc': 'DX', 'nanshan-township-hc': 'NS' };
/** Where each institution's demo patients live, as a doctor names the village (the picker shows it). */
const VILLAGE: Record<string, string> = { LW: '柳湾村', TY: '桃源村', ML: '梅林村', SQ: '石桥村', DX: '东溪镇集镇', NS: '南山镇集镇' };

/** The demo district's names of supervised institutions (a supervision report is addressed by name). */
const DEMO_NAMES: Record<string, string> = {
  'district-tb-hospital': '青山区结核病定点医院',
  'dongxi-township-hc': '东溪镇卫生院',
  'nanshan-township-hc': '南山镇卫生院',
  'liuwan-village-clinic': '东溪镇柳湾村卫生室',
  'taoyuan-village-clinic': '东溪镇桃源村卫生室',
  'meilin-village-clinic': '南山镇梅林村卫生室',
  'shiqiao-village-clinic': '南山镇石桥村卫生室',
};

/** Referrals per referring institution: 80 per village clinic, 40 per township centre (400 over the district). */
export const referralsFor = (role: unknown) => (role === 'village' ? 80 : role === 'township' ? 40 : 0);

/**
 * Each referral's person was first seen on the referral day. The pattern per referral index i (repeating every 10): 0-7 arrive within 4 days; 8 arrives 4 days after
 * tracking started on day 8; 9 never arrives despite tracking. 0, 3 and 6 are confirmed and treated
 * (0 retreatment when i % 20 = 0). Planted once per institution: i = 0 skips its month-5 sputum exam,
 * i = 3 has a 28-day village visit gap and one month of 160 yuan self-paid, i = 6 misses its second
 * month of township visits, i = 16 is not on the free standard regimen. Retreatment patients are suspected
 * MDR-TB with a specimen sent the day after arrival, except Liuwan's i = 40 (never sent).
 */
export async function seedTbYear(ctx: DemoSeedContext): Promise<void> {
  const role = ctx.options.networkRole;
  if (role === 'cdc') return seedSupervision(ctx, 'district-tb-hospital', 5);
  if (role === 'township') await seedSupervision(ctx, ctx.institutionCode === 'dongxi-township-hc' ? 'liuwan-village-clinic' : null, 4);
  const n = referralsFor(role);
  const prefix = PREFIX[ctx.institutionCode] ?? 'XX';
  for (let i = 0; i < n; i++) {
    const referralDate = addDays(ctx.today, -360 + Math.floor((i * 330) / n));
    const birth = addDays('1950-01-01', (i * 397 + prefix.charCodeAt(0) * 31) % 18000);
    const first17 = `320102${birth.replace(/-/g, '')}${String(100 + i).slice(-3)}`;
    const person = await ctx.createRecord(PERSON, {
      name: `${SURNAMES[(i + prefix.charCodeAt(1)) % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
      sex: i % 2 ? 'f' : 'm',
      birthDate: birth,
      idNumber: first17 + idNumberCheckChar(first17),
      phone: `139${String(10000000 + i * 7919).slice(-8)}`,
      address: `青山区${prefix === 'DX' || prefix === 'NS' ? '集镇' : '村'}${(i % 12) + 1}组${i + 1}号`,
      village: VILLAGE[prefix] ?? prefix,
      firstVisitDate: referralDate,
    });
    const k = i % 10;
    const values: Record<string, unknown> = {
      referralNo: `TB-${prefix}-${String(i + 1).padStart(4, '0')}`,
      person: person.id,
      referralDate,
      symptoms: k % 3 === 0 ? ['cough-2w', 'haemoptysis'] : ['cough-2w'],
      referringDoctor: prefix === 'DX' || prefix === 'NS' ? '乡镇结防医生' : '乡村医生',
    };
    if (k <= 7) values.arrivalDate = addDays(referralDate, (i % 4) + 1);
    if (k >= 8) values.trackingStartDate = addDays(referralDate, 8);
    if (k === 8) values.arrivalDate = addDays(referralDate, 12);
    if (values.arrivalDate) values.diagnosis = k === 0 || k === 3 || k === 6 ? 'confirmed' : 'excluded';
    if (values.diagnosis === 'confirmed') Object.assign(values, treatment(ctx.today, i, k, prefix, values.arrivalDate as string));
    await ctx.createRecord(REFERRAL, values);
  }
  // One suspect per referring institution was registered but never referred (the referral rate's planted miss).
  if (!n) return;
  const first17 = `320102${1960 + prefix.charCodeAt(0) % 30}0101${String(900 + prefix.charCodeAt(1) % 99).slice(-3)}`;
  await ctx.createRecord(PERSON, { name: `${SURNAMES[prefix.charCodeAt(0) % SURNAMES.length]}${GIVEN[prefix.charCodeAt(1) % GIVEN.length]}`, sex: 'm', birthDate: `${first17.slice(6, 10)}-01-01`, idNumber: first17 + idNumberCheckChar(first17), village: VILLAGE[prefix] ?? prefix, firstVisitDate: addDays(ctx.today, -200) });
}

function treatment(today: string, i: number, k: number, prefix: string, arrival: string): Record<string, unknown> {
  const retreat = i % 20 === 0;
  const start = addDays(arrival, 3);
  const months = retreat ? 8 : 6;
  const end = addMonths(start, months) <= today ? addMonths(start, months) : null;
  const until = end ?? today;
  const contacts = 2 + (i % 3);
  const out: Record<string, unknown> = {
    // Planted once per institution: i = 10 never reported, i = 13 leaves one close contact unscreened.
    ...(i === 10 ? {} : { reportDate: arrival }),
    ...(k === 6 ? {} : { contacts, contactsScreened: i === 13 ? contacts - 1 : contacts }),
    smear: k === 6 ? 'negative' : 'positive',
    registrationNo: `QS${start.slice(0, 4)}-${prefix}${String(i + 1).padStart(3, '0')}`,
    treatmentStart: start,
    regimen: i === 16 ? '2HRZE/4HR（自购药品）' : retreat ? '2H3R3Z3E3S3/6H3R3E3' : '2H3R3Z3E3/4H3R3',
    freeStandardRegimen: i === 16 ? 'no' : 'yes',
    mdrSuspected: retreat ? 'yes' : 'no',
    ...(retreat && !(prefix === 'LW' && i === 40) ? { mdrSpecimenSentDate: addDays(arrival, 1) } : {}),
    treatmentType: retreat ? 'retreatment' : 'new',
    phase: addMonths(start, retreat ? 3 : 2) <= until ? 'continuation' : 'intensive',
  };
  if (end) Object.assign(out, { outcome: i % 30 === 3 ? 'failed' : 'cured', outcomeDate: end });
  const exams = [];
  for (const m of retreat ? [2, 5, 6, 8] : [2, 5, 6]) {
    const due = addMonths(start, m);
    if (due > until || (k === 0 && i === 0 && m === 5)) continue;
    exams.push({ month: m, date: addDays(due, -2), result: 'negative' });
  }
  out.sputumExams = exams;
  const township = [];
  let second = true;
  for (let m = monthOf(start); firstDayOfMonth(m) <= until; m = nextMonth(m)) {
    const d = `${m}-15` > start ? `${m}-15` : start;
    if (d > until) break;
    if (i === 6 && m === nextMonth(monthOf(start)) && second) {
      second = false;
      continue;
    }
    township.push({ date: d, adherence: 'good', adverse: '' });
  }
  out.townshipVisits = township;
  const village = [];
  for (let d = addDays(start, 14); d <= until; d = addDays(d, 14)) if (!(i === 3 && d === addDays(start, 28))) village.push({ date: d, adherence: 'good', adverse: '' });
  out.villageVisits = village;
  const costs = [];
  for (let m = monthOf(start); firstDayOfMonth(m) <= until; m = nextMonth(m)) costs.push({ month: m, selfPaidFen: i === 3 && m === monthOf(start) ? 16000 : 9000 + (i % 5) * 1000 });
  out.monthlyCosts = costs;
  return out;
}

/** A year of monthly (and for the CDC quarterly) supervision, missing `target` once, `gapMonthsAgo` months back. */
async function seedSupervision(ctx: DemoSeedContext, gapTarget: string | null, gapMonthsAgo: number): Promise<void> {
  const monthly = (ctx.options.superviseMonthly as string[] | undefined) ?? [];
  const quarterly = (ctx.options.superviseQuarterly as string[] | undefined) ?? [];
  const gap = monthOf(addMonths(ctx.today, -gapMonthsAgo));
  for (let back = 13; back >= 1; back--) {
    const m = monthOf(addMonths(ctx.today, -back));
    for (const target of monthly) {
      if (target === gapTarget && m === gap) continue;
      await ctx.createRecord(SUPERVISION, { target, targetName: DEMO_NAMES[target], date: `${m}-10`, supervisor: '结防督导组', findings: '登记、报告、访视记录基本规范。' });
    }
    if (['01', '04', '07', '10'].includes(m.slice(5))) for (const target of quarterly) await ctx.createRecord(SUPERVISION, { target, targetName: DEMO_NAMES[target], date: `${m}-20`, supervisor: '疾控结防科', findings: '乡镇追踪、访视记录完整。' });
  }
}
