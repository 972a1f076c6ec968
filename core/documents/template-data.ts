/**
 * The data each core document template takes. Callers (the warning module, the API) pass one of these as `data`;
 * the issuing service adds `doc` (number, date, letterhead, QR code). Everything is escaped when rendered.
 */

/** A body paragraph; `h1` is a 一、 heading in 黑体, `h2` a （一） heading in 楷体, `p` (default) plain 仿宋. */
export interface BodyBlock {
  kind?: 'p' | 'h1' | 'h2';
  text: string;
}

/** Fields every GB/T 9704 letter-style template accepts. */
export interface OfficialLetterData {
  title: string;
  /** 主送机关, without the closing colon. */
  addressee: string;
  /** Extra paragraphs after the template's own; the last one stays with the signature. */
  body?: BodyBlock[];
  attachments?: string[];
  /** 附注, without the brackets. */
  note?: string;
  /** 抄送 organisations. */
  cc?: string[];
  /** 份号 (6 digits), 密级 (e.g. 机密★1年), 紧急程度 (特急/加急). */
  copyNo?: string;
  secret?: string;
  urgency?: string;
}

export interface WarningNoticeData extends OfficialLetterData {
  /** Who or what is warned, e.g. 你科室在药品采购环节. */
  subject: string;
  /** e.g. 黄色（二级）. */
  levelLabel: string;
  risks: string[];
  requirements: string[];
  /** A date written 2026年7月1日. */
  deadline: string;
}

export interface InquiryLetterData extends OfficialLetterData {
  background: string;
  /** 单位 or 同志. */
  respondentKind: string;
  questions: string[];
  replyBy: string;
}

export interface SupervisionRecommendationData extends OfficialLetterData {
  background: string;
  problems: string[];
  recommendations: string[];
  replyBy: string;
}

export interface RectificationNoticeData extends OfficialLetterData {
  background: string;
  problems: string[];
  requirements: string[];
  deadline: string;
}

export interface InterviewNoticeData extends OfficialLetterData {
  /** e.g. 廉政提醒谈话. */
  interviewKind: string;
  interviewee: { name: string; post: string };
  time: string;
  place: string;
  interviewer: string;
  subject: string;
  bring?: string[];
}

export interface MeetingMinutesData {
  /** The mark reads `${meetingName}纪要`. */
  meetingName: string;
  title?: string;
  addressee?: string;
  meeting: { time: string; place: string; chair: string; purpose: string };
  body: BodyBlock[];
  attendees: string[];
  absent?: string[];
  observers?: string[];
  cc?: string[];
}

/** 预警事项档案 (一事一档): the matter's facts, then its steps as body blocks. */
export interface WarningArchiveData {
  title: string;
  facts: string[];
  body: BodyBlock[];
}

/** 廉政档案 (integrity dossier) of one person; each list holds ready-written lines, an empty list prints 无. */
export interface IntegrityDossierData {
  title: string;
  person: { name: string; post: string; institution: string };
  riskPoints: string[];
  commitments: string[];
  warnings: string[];
  assessments: string[];
  evaluations: string[];
  vetoes: string[];
  timeline: string[];
}

/** One risk point as the risk catalogues and 附表 forms print it; every field is text ('' when blank). */
export interface RiskDocRow {
  no: string;
  /** 科室 / 岗位 (or 单位) the point belongs to. */
  place: string;
  /** The power items it concerns: number and name. */
  powers: string;
  title: string;
  category: string;
  grade: string;
  manifestation: string;
  prevention: string;
  monitoring: string;
  disposal: string;
  responsible: string;
  status: string;
}

/** 《权力廉政风险等级目录》 and 《廉政风险点汇总表》 of one institution. */
export interface RiskCatalogueData {
  title: string;
  institution: string;
  /** What each grade means (001/002 help text), one line per grade. */
  gradeHelp: string[];
  rows: RiskDocRow[];
}

/** 附表1: the identification-control form of one person at one post. */
export interface RiskFormPersonData {
  title: string;
  institution: string;
  name: string;
  jobTitle?: string;
  department?: string;
  post?: string;
  integrityDuty: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** 附表2: the form of one department (科室). */
export interface RiskFormDepartmentData {
  title: string;
  institution: string;
  department: string;
  head?: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** 附表3: the form of the institution (单位). */
export interface RiskFormUnitData {
  title: string;
  institution: string;
  head?: string;
  headTitle?: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** 廉政风险信息预警专报 (quarterly): figures, tables and the four-quarter bar chart (inline SVG, 560×240 box). */
export interface WarningReportData {
  title: string;
  /** e.g. 2026年4月1日至2026年6月30日 */
  period: string;
  summary: string[];
  byLevel: { label: string; count: string }[];
  bySource: { label: string; count: string }[];
  byDepartment: { label: string; count: string }[];
  byStatus: { label: string; count: string }[];
  /** Oldest quarter first. */
  trend: { label: string; clues: string; warnings: string; top: string }[];
  /** Bar geometry computed by the caller; kind is clues or warnings. */
  chartBars: { kind: string; x: string; y: string; h: string; n: string; tx: string; ty: string }[];
  chartLabels: { x: string; text: string }[];
}

export interface CoreTemplateDataMap {
  'core/risk-catalogue': RiskCatalogueData;
  'core/risk-summary': RiskCatalogueData;
  'core/risk-form-person': RiskFormPersonData;
  'core/risk-form-department': RiskFormDepartmentData;
  'core/risk-form-unit': RiskFormUnitData;
  'core/warning-notice': WarningNoticeData;
  'core/inquiry-letter': InquiryLetterData;
  'core/supervision-recommendation': SupervisionRecommendationData;
  'core/rectification-notice': RectificationNoticeData;
  'core/interview-notice': InterviewNoticeData;
  'core/meeting-minutes': MeetingMinutesData;
  'core/warning-archive': WarningArchiveData;
  'core/warning-report': WarningReportData;
  'core/integrity-dossier': IntegrityDossierData;
}
export type CoreTemplateId = keyof CoreTemplateDataMap;

type FieldKind = 'string' | 'string[]' | 'blocks' | 'records' | { [key: string]: 'string' };
interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  /** For 'records' (table rows): the text fields every row has. */
  columns?: readonly string[];
}

const RISK_ROW_COLUMNS = ['no', 'place', 'powers', 'title', 'category', 'grade', 'manifestation', 'prevention', 'monitoring', 'disposal', 'responsible', 'status'] as const;
const RISK_ROWS: FieldRule = { kind: 'records', required: true, columns: RISK_ROW_COLUMNS };
const RISK_CATALOGUE: Record<string, FieldRule> = { title: { kind: 'string', required: true }, institution: { kind: 'string', required: true }, gradeHelp: { kind: 'string[]', required: true }, rows: RISK_ROWS };

const LETTER: Record<string, FieldRule> = {
  title: { kind: 'string', required: true },
  addressee: { kind: 'string', required: true },
  body: { kind: 'blocks' },
  attachments: { kind: 'string[]' },
  note: { kind: 'string' },
  cc: { kind: 'string[]' },
  copyNo: { kind: 'string' },
  secret: { kind: 'string' },
  urgency: { kind: 'string' },
};

/** Runtime shape of each core template's data: the HTTP API receives plain JSON. */
export const CORE_TEMPLATE_FIELDS: Record<CoreTemplateId, Record<string, FieldRule>> = {
  'core/risk-catalogue': RISK_CATALOGUE,
  'core/risk-summary': RISK_CATALOGUE,
  'core/risk-form-person': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    name: { kind: 'string', required: true },
    jobTitle: { kind: 'string' },
    department: { kind: 'string' },
    post: { kind: 'string' },
    integrityDuty: { kind: 'string', required: true },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
  'core/risk-form-department': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    department: { kind: 'string', required: true },
    head: { kind: 'string' },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
  'core/risk-form-unit': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    head: { kind: 'string' },
    headTitle: { kind: 'string' },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
  'core/warning-notice': {
    ...LETTER,
    subject: { kind: 'string', required: true },
    levelLabel: { kind: 'string', required: true },
    risks: { kind: 'string[]', required: true },
    requirements: { kind: 'string[]', required: true },
    deadline: { kind: 'string', required: true },
  },
  'core/inquiry-letter': {
    ...LETTER,
    background: { kind: 'string', required: true },
    respondentKind: { kind: 'string', required: true },
    questions: { kind: 'string[]', required: true },
    replyBy: { kind: 'string', required: true },
  },
  'core/supervision-recommendation': {
    ...LETTER,
    background: { kind: 'string', required: true },
    problems: { kind: 'string[]', required: true },
    recommendations: { kind: 'string[]', required: true },
    replyBy: { kind: 'string', required: true },
  },
  'core/rectification-notice': {
    ...LETTER,
    background: { kind: 'string', required: true },
    problems: { kind: 'string[]', required: true },
    requirements: { kind: 'string[]', required: true },
    deadline: { kind: 'string', required: true },
  },
  'core/interview-notice': {
    ...LETTER,
    interviewKind: { kind: 'string', required: true },
    interviewee: { kind: { name: 'string', post: 'string' }, required: true },
    time: { kind: 'string', required: true },
    place: { kind: 'string', required: true },
    interviewer: { kind: 'string', required: true },
    subject: { kind: 'string', required: true },
    bring: { kind: 'string[]' },
  },
  'core/meeting-minutes': {
    meetingName: { kind: 'string', required: true },
    title: { kind: 'string' },
    addressee: { kind: 'string' },
    meeting: { kind: { time: 'string', place: 'string', chair: 'string', purpose: 'string' }, required: true },
    body: { kind: 'blocks', required: true },
    attendees: { kind: 'string[]', required: true },
    absent: { kind: 'string[]' },
    observers: { kind: 'string[]' },
    cc: { kind: 'string[]' },
  },
  'core/warning-archive': {
    title: { kind: 'string', required: true },
    facts: { kind: 'string[]', required: true },
    body: { kind: 'blocks', required: true },
  },
  'core/warning-report': {
    title: { kind: 'string', required: true },
    period: { kind: 'string', required: true },
    summary: { kind: 'string[]', required: true },
    byLevel: { kind: 'records', required: true, columns: ['label', 'count'] },
    bySource: { kind: 'records', required: true, columns: ['label', 'count'] },
    byDepartment: { kind: 'records', required: true, columns: ['label', 'count'] },
    byStatus: { kind: 'records', required: true, columns: ['label', 'count'] },
    trend: { kind: 'records', required: true, columns: ['label', 'clues', 'warnings', 'top'] },
    chartBars: { kind: 'records', required: true, columns: ['kind', 'x', 'y', 'h', 'n', 'tx', 'ty'] },
    chartLabels: { kind: 'records', required: true, columns: ['x', 'text'] },
  },
  'core/integrity-dossier': {
    title: { kind: 'string', required: true },
    person: { kind: { name: 'string', post: 'string', institution: 'string' }, required: true },
    riskPoints: { kind: 'string[]', required: true },
    commitments: { kind: 'string[]', required: true },
    warnings: { kind: 'string[]', required: true },
    assessments: { kind: 'string[]', required: true },
    evaluations: { kind: 'string[]', required: true },
    vetoes: { kind: 'string[]', required: true },
    timeline: { kind: 'string[]', required: true },
  },
};

export interface DataProblem {
  field: string;
  reason: string;
}

// Above the longest text a module prints: a warning step's line holds a 10000-character answer and its measures.
const MAX_STRING = 30000;
const MAX_ITEMS = 200;
/** Table rows: a whole institution's catalogue can run to thousands of points. */
const MAX_RECORDS = 5000;

function isStr(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_STRING;
}

/**
 * Checks data against a core template's fields: unknown fields, missing required ones and wrong types are named.
 * Plugin and override templates rely on strict rendering instead, which names a missing field too.
 */
export function checkTemplateData(templateId: string, data: Record<string, unknown>): DataProblem[] {
  const rules = CORE_TEMPLATE_FIELDS[templateId as CoreTemplateId];
  if (!rules) return [];
  const problems: DataProblem[] = [];
  for (const key of Object.keys(data)) if (!rules[key]) problems.push({ field: key, reason: 'unknown field' });
  for (const [field, rule] of Object.entries(rules)) {
    const v = data[field];
    if (v === undefined || v === null) {
      if (rule.required) problems.push({ field, reason: 'is required' });
      continue;
    }
    if (rule.kind === 'string') {
      if (!isStr(v) || (rule.required && !v.trim())) problems.push({ field, reason: `must be a non-empty text of at most ${MAX_STRING} characters` });
    } else if (rule.kind === 'string[]') {
      if (!Array.isArray(v) || v.length > MAX_ITEMS || !v.every(isStr)) problems.push({ field, reason: `must be a list of at most ${MAX_ITEMS} texts` });
    } else if (rule.kind === 'records') {
      const cols = rule.columns ?? [];
      const ok = Array.isArray(v) && v.length <= MAX_RECORDS && v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r) && cols.every((c) => isStr(r[c])) && Object.keys(r).every((k) => cols.includes(k)));
      if (!ok) problems.push({ field, reason: `must be a list of at most ${MAX_RECORDS} rows of {${cols.join(', ')}} texts` });
    } else if (rule.kind === 'blocks') {
      // Body blocks run long: a warning's archive prints two a step, and a matter can take hundreds of steps.
      const ok = Array.isArray(v) && v.length <= MAX_RECORDS && v.every((b) => typeof b === 'object' && b !== null && isStr(b.text) && (b.kind === undefined || ['p', 'h1', 'h2'].includes(b.kind)) && Object.keys(b).every((k) => k === 'text' || k === 'kind'));
      if (!ok || (rule.required && (v as unknown[]).length === 0)) problems.push({ field, reason: 'must be a non-empty list of {kind?: p|h1|h2, text}' });
    } else {
      const obj = v as Record<string, unknown>;
      if (typeof v !== 'object' || Array.isArray(v)) problems.push({ field, reason: 'must be an object' });
      else for (const k of Object.keys(rule.kind)) if (!isStr(obj[k]) || !obj[k]) problems.push({ field: `${field}.${k}`, reason: 'is required text' });
    }
  }
  return problems;
}
