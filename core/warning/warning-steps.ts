import type { Lang } from '../i18n/i18n';
import type { LocalizedText } from '../plugin-api';

export { actorNames } from '../auth/actor-names';

/** Labels of the step data fields people read; fields not listed (ids, role lists, template ids) stay out. */
const FIELD_LABELS: Record<string, LocalizedText & { zhOnly?: boolean }> = {
  subject: { zh: '预警对象', en: 'Subject' },
  level: { zh: '预警等级', en: 'Level' },
  fromLevel: { zh: '原等级', en: 'From level' },
  toLevel: { zh: '升级为', en: 'To level' },
  note: { zh: '说明', en: 'Note', zhOnly: true },
  document: { zh: '文书', en: 'Document' },
  previousDueDate: { zh: '原答复期限', en: 'Previous answer due' },
  dueDate: { zh: '答复期限', en: 'Answer due' },
  previousFinalDate: { zh: '原最长期限', en: 'Previous final date' },
  finalDate: { zh: '最长期限', en: 'Final date' },
  deadline: { zh: '答复时限', en: 'Answer period', zhOnly: true },
  notice: { zh: '通知', en: 'Notice', zhOnly: true },
  heldOn: { zh: '约谈日期', en: 'Held on' },
  scheduledAt: { zh: '约谈时间', en: 'Scheduled at' },
  place: { zh: '地点', en: 'Place' },
  notes: { zh: '谈话情况', en: 'Notes' },
  lead: { zh: '主谈人', en: 'Lead' },
  interviewers: { zh: '约谈人员', en: 'Interviewers' },
  explanation: { zh: '情况说明', en: 'Explanation' },
  measures: { zh: '整改措施', en: 'Measures' },
  onTime: { zh: '按期答复', en: 'On time' },
  comment: { zh: '意见', en: 'Comment' },
  months: { zh: '延期月数', en: 'Months' },
  reason: { zh: '理由', en: 'Reason' },
  approve: { zh: '批准', en: 'Approved' },
  newDueDate: { zh: '新期限', en: 'New due date' },
  form: { zh: '表单', en: 'Form', zhOnly: true },
  visitedOn: { zh: '回访日期', en: 'Visited on' },
  method: { zh: '回访方式', en: 'Method' },
  findings: { zh: '整改情况', en: 'Findings' },
  opinion: { zh: '意见', en: 'Opinion' },
  approvedBy: { zh: '批准人', en: 'Approved by' },
  grounds: { zh: '申诉理由', en: 'Grounds' },
  outcome: { zh: '结论', en: 'Outcome' },
  answer: { zh: '答复', en: 'Answer' },
  rule: { zh: '归档规则', en: 'Filing rule' },
  decisionBody: { zh: '决定机构', en: 'Decided by' },
  meetingOn: { zh: '会议日期', en: 'Meeting date' },
  minutesNo: { zh: '会议纪要编号', en: 'Minutes number' },
};

/** Reasons the platform writes as codes (escalations), in words. */
const REASONS: Record<string, LocalizedText> = {
  'deadline-missed': { zh: '逾期未答复', en: 'Deadline missed' },
  'confirmed-again': { zh: '预警后再次被反映并查实', en: 'Confirmed again after the warning' },
};

/** How a step's values read: level codes by their label, actors by name, documents by title and number. */
export interface StepWords {
  level: (code: string) => string;
  actor: (label: string) => string;
}

function valueText(v: unknown, lang: Lang, key: string, words: StepWords): string {
  if (typeof v === 'boolean') return lang === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否';
  if (Array.isArray(v)) return v.map((x) => valueText(x, lang, key, words)).filter(Boolean).join(lang === 'en' ? ', ' : '、');
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.title) return lang === 'en' ? `${String(o.title)}${o.number ? ` ${String(o.number)}` : ''}` : `《${String(o.title)}》${o.number ? String(o.number) : ''}`;
    if (o.name) return String(o.name);
    return '';
  }
  if (['level', 'fromLevel', 'toLevel'].includes(key) && typeof v === 'string') return words.level(v);
  if (key === 'reason' && typeof v === 'string' && REASONS[v]) return REASONS[v][lang];
  if (key === 'approvedBy' && typeof v === 'string') return words.actor(v);
  // A local date-time as typed (2026-06-18T09:30) reads with a space.
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return v.replace('T', ' ');
  return String(v);
}

/** A step's data as labelled rows in the reader's language; empty values and unlabelled fields left out. */
export function stepFields(data: Record<string, unknown>, lang: Lang, words: StepWords): { label: string; value: string }[] {
  return Object.entries(data)
    // Texts the platform recorded in Chinese only (a level's note, a form's name) are left out of English pages.
    .filter(([k, v]) => FIELD_LABELS[k] && !(lang === 'en' && FIELD_LABELS[k].zhOnly) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => ({ label: FIELD_LABELS[k][lang], value: valueText(v, lang, k, words) }))
    .filter((f) => f.value !== '');
}
