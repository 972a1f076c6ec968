import * as path from 'node:path';
import type { FactContext, IndicatorDef, IndicatorPeriod, IndicatorResult, Role, TemplateDef } from '../../core/plugin-api';
import { chineseDateOrEmpty, periodOf, str } from '../../core/plugin-api';
import { INDICATORS, NO_DATA } from './indicators';
import { QUARTERLY, SUPERVISION, SUPERVISION_ASPECTS, SYMPTOMS, TASK } from './records';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const PHONE_MASK = (p: unknown) => (typeof p === 'string' && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '');
const ID_MASK = (id: unknown) => (typeof id === 'string' && id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '');

/** Health staff below the head (who issues anyway): a clinic's doctors and their department heads. */
const CLINICIANS: Role[] = ['staff', 'department-head', 'deputy-in-charge'];

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/** Bar-chart geometry (SVG user units): labels left, bars from BAR_X, a target tick per row. */
const BAR_X = 230;
const BAR_W = 300;
const ROW_H = 26;

type Computed = { def: IndicatorDef; r: IndicatorResult; target: number; met: boolean | null };
// Two decimals, no thousands separators (unlike core/plugin-api yuan), as this report has always printed its costs.
const plainYuan = (fen: number) => (fen / 100).toFixed(2);

/** Every indicator for one institution's context and the period; `met` is null when the indicator cannot be computed. */
async function indicatorResults(ctx: FactContext, period: IndicatorPeriod): Promise<Computed[]> {
  const out: Computed[] = [];
  for (const def of INDICATORS) {
    const r = await def.compute({ ...ctx, period });
    const target = r.target ?? def.target ?? 0;
    const met = r.unavailable ? null : def.better === 'lower' ? r.value <= target : r.value >= target;
    out.push({ def, r, target, met });
  }
  return out;
}

const tableRow = ({ def, r, target, met }: Computed) => {
  const bound = def.better === 'lower' ? '≤' : '≥';
  // No result (0/0: 无数据; an unset option: 未配置): the value is —, and the conclusion says why, never 达标.
  if (met === null) return { label: def.label.zh, numerator: r.numerator ?? '—', denominator: r.denominator ?? '—', value: '—', target: def.unit === 'fen' ? `${bound}${plainYuan(target)}元` : `${bound}${target}%`, result: r.unavailable?.zh ?? '—' };
  const result = met ? '达标' : '未达标';
  return def.unit === 'fen'
    ? { label: def.label.zh, numerator: '—', denominator: r.records?.length ?? 0, value: `${plainYuan(r.value)}元`, target: `≤${plainYuan(target)}元`, result }
    : { label: def.label.zh, numerator: r.numerator ?? '—', denominator: r.denominator ?? '—', value: `${r.value}%`, target: `≥${target}%`, result };
};

/**
 * Every indicator of the plugin for the record's quarter, computed by the indicators' own code, with the
 * geometry of two inline-SVG charts against targets (rates on a 0–100% scale; the cost in yuan).
 */
export async function quarterlyReport(ctx: FactContext) {
  const quarter = str(ctx.record?.values.quarter);
  const period = periodOf(quarter);
  if (!period) return { quarter, rows: [], institutions: [], rates: { height: 0, bars: [], ticks: [] }, cost: { height: 0, bars: [], ticks: [] } };
  const results = await indicatorResults(ctx, period);
  const rows = results.map(tableRow);
  // One table per institution of the network (the CDC's report covers the hospital, townships and villages).
  const network = ctx.network ? await ctx.network() : [];
  const institutions = [];
  for (const [i, n] of network.entries()) institutions.push({ heading: `（${CN_NUMBERS[i] ?? i + 1}）${n.name}`, code: n.code, rows: (await indicatorResults(n.context, period)).map(tableRow) });
  const chart = (list: typeof results, scale: number, text: (v: number) => string, tickStep: number) => ({
    height: list.length * ROW_H + 30,
    bars: list.map(({ def, r, target, met }, i) => ({
      label: def.label.zh,
      y: i * ROW_H + 6,
      textY: i * ROW_H + 20,
      width: Math.round((Math.min(r.value, scale) * BAR_W) / scale),
      targetX: BAR_X + Math.round((Math.min(target, scale) * BAR_W) / scale),
      targetY2: i * ROW_H + 26,
      text: text(r.value),
      fill: met ? '#4a4a4a' : '#c0392b',
    })),
    ticks: Array.from({ length: Math.floor(scale / tickStep) + 1 }, (_, k) => ({ x: BAR_X + Math.round((k * tickStep * BAR_W) / scale), label: text(k * tickStep) })),
    axisY: list.length * ROW_H + 8,
    tickY: list.length * ROW_H + 22,
  });
  // An indicator that cannot be computed (无数据, 未配置) has no bar.
  const rates = results.filter((x) => x.def.unit === '%' && !x.r.unavailable);
  const costs = results.filter((x) => x.def.unit === 'fen' && !x.r.unavailable);
  const costScale = Math.ceil((Math.max(0, ...costs.map((x) => Math.max(x.r.value, x.target))) * 1.25) / 5000) * 5000 || 5000;
  const [y, q] = quarter.split('-Q');
  return {
    quarter,
    quarterText: `${y}年第${CN_NUMBERS[Number(q) - 1]}季度`,
    from: chineseDateOrEmpty(period.from),
    to: chineseDateOrEmpty(period.to),
    rows,
    met: results.filter((x) => x.met === true).length,
    unmet: results.filter((x) => x.met === false).map((x) => x.def.label.zh),
    noData: results.filter((x) => x.met === null && x.r.unavailable?.zh === NO_DATA.zh).map((x) => x.def.label.zh),
    notConfigured: results.filter((x) => x.met === null && x.r.unavailable?.zh !== NO_DATA.zh).map((x) => x.def.label.zh),
    total: results.length,
    institutions,
    rates: chart(rates, 100, (v) => `${v}%`, 25),
    cost: chart(costs, costScale, (v) => `${plainYuan(v)}元`, costScale / 5),
  };
}

export const TEMPLATES: TemplateDef[] = [
  {
    id: 'referral-slip',
    label: { zh: '双向转诊单', en: 'Two-way referral slip' },
    kind: 'form',
    file: file('referral-slip'),
    recordType: 'tb-referral',
    // The referring clinic's doctor hands the slip to the patient; officers and the head issue as for any document.
    issueRoles: CLINICIANS,
    data: async (ctx) => {
      const v = ctx.record?.values ?? {};
      const person = typeof v.person === 'number' && ctx.records.get ? await ctx.records.get(v.person) : null;
      return {
        // The slip is the patient's own paper, read by the receiving hospital: the name in clear as its issuer sees it
        // (a read that is logged, and that limits the stored PDF to the roles seeing it), the ID number masked all the same.
        person: person ? { name: person.values.name, sex: person.values.sex === 'f' ? '女' : '男', birthDate: chineseDateOrEmpty(person.values.birthDate), idNumber: ID_MASK(person.values.idNumber) } : { name: '', sex: '', birthDate: '', idNumber: '' },
        symptoms: ((v.symptoms as string[] | null) ?? []).map((s) => SYMPTOMS.find((o) => o.value === s)?.label.zh ?? s),
        referralDate: chineseDateOrEmpty(v.referralDate),
        arrivalDate: chineseDateOrEmpty(v.arrivalDate),
        hospital: '结核病定点医院',
        diagnosis: v.diagnosis === 'confirmed' ? '确诊' : v.diagnosis === 'excluded' ? '排除' : v.diagnosis === 'suspected' ? '疑似' : '',
      };
    },
  },
  {
    id: 'tracking-notice',
    label: { zh: '追踪通知', en: 'Tracking notice' },
    kind: 'notice',
    file: file('tracking-notice'),
    recordType: TASK,
    // The CDC asks the township whose task it is; its TB department head (结防科) sends it.
    issuedBy: 'parent',
    issueRoles: ['department-head'],
    data: async (ctx) => {
      const v = ctx.record?.values ?? {};
      const referral = typeof v.referralId === 'number' && ctx.records.get ? await ctx.records.get(v.referralId) : null;
      const personId = referral?.values.person;
      const person = typeof personId === 'number' && ctx.records.get ? await ctx.records.get(personId) : null;
      return {
        // The township tracks the person: the name in full, the phone masked to what a call-back check needs.
        // A task whose referral is gone or out of reach prints blanks (the template is strict: a missing key is an error).
        person: person ? { name: person.values.name, sex: person.values.sex === 'f' ? '女' : '男', village: person.values.village, phone: PHONE_MASK(person.values.phone) } : { name: '', sex: '', village: '', phone: '' },
        referralDate: chineseDateOrEmpty(v.referralDate),
        startDate: chineseDateOrEmpty(v.startDate),
        dueDate: chineseDateOrEmpty(v.dueDate),
      };
    },
  },
  {
    id: 'quarterly-report',
    label: { zh: '结核病防治季度指标报告', en: 'Quarterly TB indicator report' },
    kind: 'report',
    file: file('quarterly-report'),
    recordType: QUARTERLY,
    data: async (ctx) => quarterlyReport(ctx),
  },
  {
    id: 'supervision-report',
    label: { zh: '督导报告', en: 'Supervision report' },
    kind: 'report',
    file: file('supervision-report'),
    recordType: SUPERVISION,
    data: async (ctx) => {
      const v = ctx.record?.values ?? {};
      const items = ((v.items as { aspect: string; finding: string; requirement?: string; deadline?: string }[] | null) ?? []).map((it, i) => ({
        no: CN_NUMBERS[i] ?? String(i + 1),
        aspect: SUPERVISION_ASPECTS.find((a) => a.value === it.aspect)?.label.zh ?? it.aspect,
        finding: it.finding,
        requirement: it.requirement ?? '',
        deadline: chineseDateOrEmpty(it.deadline),
      }));
      return { target: str(v.targetName) || str(v.target), date: chineseDateOrEmpty(v.date), items, findings: str(v.findings) };
    },
  },
];
