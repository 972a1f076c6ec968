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
  /** What the reply reports in writing; 整改落实情况 when unset (a 告知 asks for 需要向组织说明的情况). */
  replyWith?: string;
  /** Opens the notice instead of the plain warning sentence: raised from which level to which, and why. */
  escalation?: string;
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

/** Data of the documents module's own (letter-style) templates; domain modules declare theirs beside their code. */
export interface CoreTemplateDataMap {
  'core/warning-notice': WarningNoticeData;
  'core/inquiry-letter': InquiryLetterData;
  'core/supervision-recommendation': SupervisionRecommendationData;
  'core/rectification-notice': RectificationNoticeData;
  'core/interview-notice': InterviewNoticeData;
  'core/meeting-minutes': MeetingMinutesData;
}
export type CoreTemplateId = keyof CoreTemplateDataMap;

export type FieldKind = 'string' | 'string[]' | 'blocks' | 'records' | { [key: string]: 'string' };
export interface FieldRule {
  kind: FieldKind;
  required?: boolean;
  /** For 'records' (table rows): the text fields every row has. */
  columns?: readonly string[];
}

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

/** The runtime shape of one template's data, field by field: the HTTP API receives plain JSON. */
export type TemplateFields = Record<string, FieldRule>;

/** Runtime shape of the documents module's own templates' data. */
export const LETTER_TEMPLATE_FIELDS: Record<CoreTemplateId, TemplateFields> = {
  'core/warning-notice': {
    ...LETTER,
    subject: { kind: 'string', required: true },
    levelLabel: { kind: 'string', required: true },
    risks: { kind: 'string[]', required: true },
    requirements: { kind: 'string[]', required: true },
    deadline: { kind: 'string', required: true },
    replyWith: { kind: 'string' },
    escalation: { kind: 'string' },
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
 * Checks data against a registered template's fields: unknown fields, missing required ones and wrong types are named.
 * Plugin and override templates rely on strict rendering instead, which names a missing field too.
 */
export function checkTemplateData(rules: TemplateFields | undefined, data: Record<string, unknown>): DataProblem[] {
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
