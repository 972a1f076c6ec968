import type { DashboardLink, DashboardPanel, FactContext, PluginRecordView, ValueCondition } from '../../core/plugin-api';
import { addMonths, chineseDate, daysBetween, str, today } from '../../core/plugin-api';
import { addressedTo, overdueSputum, RULES, sputumMonths, treated } from './rules';


/** The registration queue: arrived, and not yet diagnosed, still suspected, or confirmed without a registration number. */
export const AWAITING_REGISTRATION: ValueCondition = {
  all: [
    { field: 'arrivalDate', op: 'present' },
    {
      any: [
        { field: 'diagnosis', op: 'absent' },
        { field: 'diagnosis', op: 'equal', value: 'suspected' },
        { all: [{ field: 'diagnosis', op: 'equal', value: 'confirmed' }, { field: 'registrationNo', op: 'absent' }] },
      ],
    },
  ],
};

/** What the designated hospital records at registration (diagnosis, smear, registration number, MDR-TB suspicion and specimen) and at treatment start. */
export const REGISTRATION_FIELDS = ['diagnosis', 'smear', 'registrationNo', 'reportDate', 'mdrSuspected', 'mdrSpecimenSentDate', 'treatmentStart', 'regimen', 'freeStandardRegimen', 'treatmentType', 'phase', 'supervisingVillage'];

/** The overdue grace of the sputum-overdue rule, so the schedule says 逾期 exactly when the rule hits. */
const GRACE_DAYS = RULES.find((r) => r.id === 'sputum-overdue')?.thresholds?.graceDays ?? 14;

export type ExamState = 'done' | 'not-yet-due' | 'due' | 'overdue';

export interface ScheduledExam {
  month: number;
  /** End of the treatment month: the exam's due day. */
  due: string;
  state: ExamState;
  /** For a done exam: its date and result. */
  date?: string;
  result?: string;
  /** For an overdue exam: days past the due day. */
  daysLate?: number;
}

/** A patient's sputum exams at months 2, 5, 6 (8 for retreatment) as of `day`, with the state the overdue rule would see. */
export function sputumSchedule(r: PluginRecordView, day: string): ScheduledExam[] {
  const start = str(r.values.treatmentStart);
  if (!start) return [];
  const exams = Array.isArray(r.values.sputumExams) ? (r.values.sputumExams as { month?: unknown; date?: unknown; result?: unknown }[]) : [];
  const overdue = new Set(overdueSputum(r, day, GRACE_DAYS));
  return sputumMonths(r).map((month) => {
    const due = addMonths(start, month);
    const done = exams.find((e) => e.month === month);
    if (done) return { month, due, state: 'done', date: str(done.date), result: str(done.result) };
    if (overdue.has(month)) return { month, due, state: 'overdue', daysLate: daysBetween(due, day) };
    return { month, due, state: due <= day ? 'due' : 'not-yet-due' };
  });
}

const RESULT: Record<string, { zh: string; en: string }> = { positive: { zh: '阳性', en: 'positive' }, negative: { zh: '阴性', en: 'negative' } };
function stateText(e: ScheduledExam): { zh: string; en: string } {
  if (e.state === 'done') {
    const result = RESULT[e.result ?? ''] ?? { zh: str(e.result), en: str(e.result) };
    return { zh: `已查：${result.zh}（${e.date}）`, en: `Done: ${result.en} (${e.date})` };
  }
  if (e.state === 'overdue') return { zh: `逾期${e.daysLate}天`, en: `${e.daysLate} days overdue` };
  return e.state === 'due' ? { zh: `已到期待查（${GRACE_DAYS}天内）`, en: `Due (within ${GRACE_DAYS} days)` } : { zh: '未到期', en: 'Not yet due' };
}

/** The hospital's sputum exam schedule: every exam of each patient under treatment, soonest first, with a link to record a result. */
export async function sputumScheduleBoard(ctx: FactContext): Promise<DashboardPanel[]> {
  const day = today(ctx);
  const patients = treated(await addressedTo(ctx, 'toHospital')).filter((r) => !str(r.values.outcome));
  const rows = patients
    .flatMap((r) => sputumSchedule(r, day).map((e) => ({ r, e })))
    .sort((a, b) => a.e.due.localeCompare(b.e.due) || a.r.title.localeCompare(b.r.title) || a.e.month - b.e.month);
  const count = (s: ExamState) => rows.filter((x) => x.e.state === s).length;
  const link = (r: PluginRecordView, text: { zh: string; en: string }): DashboardLink => ({ text, href: `/p/tb-referral/sputum-result/${r.id}/edit` });
  return [
    {
      kind: 'stats',
      title: { zh: `复查痰检（${chineseDate(day)}）`, en: `Sputum exams (${day})` },
      stats: [
        { label: { zh: '在治患者', en: 'Under treatment' }, value: String(patients.length) },
        { label: { zh: `逾期超过${GRACE_DAYS}天`, en: `Overdue > ${GRACE_DAYS} days` }, value: String(count('overdue')) },
        { label: { zh: '已到期待查', en: 'Due' }, value: String(count('due')) },
        { label: { zh: '已查', en: 'Done' }, value: String(count('done')) },
      ],
    },
    {
      kind: 'table',
      title: { zh: '痰检时间表（第2、5、6月末，复治另加第8月末）', en: 'Schedule (end of months 2, 5, 6; 8 for retreatment)' },
      columns: [
        { zh: '转诊单编号', en: 'Referral code' },
        { zh: '登记号', en: 'Registration no.' },
        { zh: '初治/复治', en: 'New / retreatment' },
        { zh: '开始治疗日期', en: 'Treatment start' },
        { zh: '治疗月', en: 'Month' },
        { zh: '应查日期', en: 'Due on' },
        { zh: '状态', en: 'Status' },
        { zh: '操作', en: 'Action' },
      ],
      rows: rows.map(({ r, e }) => [
        r.title,
        str(r.values.registrationNo) || '—',
        r.values.treatmentType === 'retreatment' ? { zh: '复治', en: 'Retreatment' } : { zh: '初治', en: 'New' },
        str(r.values.treatmentStart),
        { zh: `第${e.month}月末`, en: `End of month ${e.month}` },
        e.due,
        stateText(e),
        e.state === 'done' ? link(r, { zh: '修改结果', en: 'Change the result' }) : link(r, { zh: '登记结果', en: 'Record the result' }),
      ]),
    },
  ];
}
