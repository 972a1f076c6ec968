import type { LocalizedText, Role } from '../plugin-api';
import type { WARNING_PALETTES } from '../plugin-host/institution-config';
import { IsoDate, WorkingCalendar } from '../calendar/working-days';

export type WarningPalette = (typeof WARNING_PALETTES)[number];

export type DeadlineUnit = 'working-days' | 'calendar-days' | 'months';

export interface Deadline {
  unit: DeadlineUnit;
  n: number;
  /** Where the number comes from (seed passage), or why it is a default. */
  source: string;
}

export interface LevelDef {
  /** Stable code stored on warnings (the colour or the seed's term). */
  code: string;
  /** 0 = mildest; escalation moves to index + 1. */
  index: number;
  colour: 'green' | 'blue' | 'yellow' | 'orange' | 'red';
  label: LocalizedText;
  disposition: LocalizedText;
  /** Who may decide a warning at this level (roles at the institution); system admins always may. */
  deciders: Role[];
  deciderNote: LocalizedText;
  /** The collective body whose meeting decides a warning at this level, where the seed names one: its decision is recorded with the warning. */
  decidingBody?: LocalizedText;
  /** The warned person's answer (explanation or measures) is due within this period of the notice. */
  answerDeadline: Deadline;
  /** The whole matter may take at most this long (003 篇8: 最长不超过1个月); null when the seed sets none. */
  maxPeriod: Deadline | null;
  extension: { allowed: false } | { allowed: true; maxMonths: number; approvers: Role[] };
  /** What is issued: the notice document kind (rendered by the documents pipeline) and its title. */
  document: { kind: string; title: LocalizedText };
  interviewNotice: LocalizedText;
  /**
   * Issue a 解除预警通知书 when the warning is released. The seeds name no such document (003 篇5 六 4 only has the
   * leader approve the release); the platform issues one for the levels above the mildest, whose notices were formal.
   */
  releaseNotice?: boolean;
}

export interface PaletteDef {
  id: WarningPalette;
  name: LocalizedText;
  /** Roles that can lead an interview (主谈人): 003 篇5 五 — 党委成员或纪检监察机关负责同志、分管负责同志. */
  interviewLeadRoles: Role[];
  /** Roles that approve a release (解除预警): 003 篇5 六 4 — 报承办单位领导批准. */
  releaseApprovers: Role[];
  levels: LevelDef[];
}

const LEADERS: Role[] = ['head', 'deputy-in-charge'];
const LEAD_INTERVIEWERS: Role[] = ['head', 'deputy-in-charge', 'discipline-officer'];
const wd = (n: number, source: string): Deadline => ({ unit: 'working-days', n, source });

// 003 篇8 第十八条 (blue/yellow/red) and 第十九条 (《预警通知书》《整改通知书》).
const P8: PaletteDef = {
  id: '003-p8',
  name: { zh: '三色预警（警示提醒 / 诫勉纠错 / 责令整改）', en: 'Three colours (remind / admonish / order rectification)' },
  interviewLeadRoles: LEAD_INTERVIEWERS,
  releaseApprovers: LEADERS,
  levels: [
    {
      code: 'blue',
      index: 0,
      colour: 'blue',
      label: { zh: '三级（蓝色）预警', en: 'Level 3 (blue)' },
      disposition: { zh: '警示提醒', en: 'Reminder' },
      deciders: ['discipline-officer', 'head'],
      deciderNote: { zh: '局党组决定，预警防控办公室实施', en: 'Decided by the party group, carried out by the prevention office' },
      answerDeadline: { unit: 'calendar-days', n: 7, source: '003 篇8 第十八条（一）3：一般在作出警示提醒决定后一周内完成' },
      maxPeriod: null,
      extension: { allowed: false },
      document: { kind: 'warning-notice', title: { zh: '预警通知书', en: 'Warning notice' } },
      interviewNotice: { zh: '警示提醒谈话通知', en: 'Reminder interview notice' },
    },
    {
      code: 'yellow',
      index: 1, releaseNotice: true,
      colour: 'yellow',
      label: { zh: '二级（黄色）预警', en: 'Level 2 (yellow)' },
      disposition: { zh: '诫勉纠错', en: 'Admonish and correct' },
      deciders: ['discipline-officer', 'head', 'deputy-in-charge'],
      deciderNote: { zh: '局腐败风险预警防控工作领导小组', en: 'The prevention leading group' },
      answerDeadline: wd(10, '003 篇8 第十八条（二）3：应当在10个工作日内制定措施'),
      maxPeriod: { unit: 'months', n: 1, source: '003 篇8 第十八条（二）3：最长不超过1个月' },
      extension: { allowed: false },
      document: { kind: 'warning-notice', title: { zh: '预警通知书', en: 'Warning notice' } },
      interviewNotice: { zh: '诫勉纠错谈话通知', en: 'Admonition interview notice' },
    },
    {
      code: 'red',
      index: 2, releaseNotice: true,
      colour: 'red',
      label: { zh: '一级（红色）预警', en: 'Level 1 (red)' },
      disposition: { zh: '责令整改', en: 'Order rectification' },
      deciders: ['head', 'deputy-in-charge'],
      deciderNote: { zh: '局党组研究决定', en: 'Decided by the party group' },
      answerDeadline: wd(10, '003 篇8 第十八条（三）3：应当在10个工作日内制定整改措施'),
      maxPeriod: { unit: 'months', n: 1, source: '003 篇8 第十八条（三）3：最长不超过1个月' },
      extension: { allowed: false },
      document: { kind: 'rectification-notice', title: { zh: '整改通知书', en: 'Rectification notice' } },
      interviewNotice: { zh: '责令整改谈话通知', en: 'Rectification interview notice' },
    },
  ],
};

// 003 篇5 三 2 (who decides), 五 2(3) (interview notices), 五 1 / 六 1–3 (documents and periods).
const P5: PaletteDef = {
  id: '003-p5',
  name: { zh: '三级预警（告知 / 质询 / 监察建议）', en: 'Three levels (notify / inquire / supervision advice)' },
  interviewLeadRoles: LEAD_INTERVIEWERS,
  releaseApprovers: LEADERS,
  levels: [
    {
      code: 'notify',
      index: 0,
      colour: 'blue',
      label: { zh: '三级预警', en: 'Level 3' },
      disposition: { zh: '廉情预警告知', en: 'Integrity warning notification' },
      deciders: ['discipline-officer'],
      deciderNote: { zh: '纪委主管领导和预警中心分析研究确定', en: 'The discipline leader with the warning centre' },
      answerDeadline: wd(7, '003 篇5 六 1：应在七个工作日内将需要向组织说明的情况以书面形式报承办单位'),
      maxPeriod: null,
      extension: { allowed: false },
      document: { kind: 'warning-notification', title: { zh: '廉情预警告知书', en: 'Integrity warning notification' } },
      interviewNotice: { zh: '廉情预警告知约谈通知单', en: 'Notification interview notice' },
    },
    {
      code: 'inquiry',
      index: 1, releaseNotice: true,
      colour: 'yellow',
      label: { zh: '二级预警', en: 'Level 2' },
      disposition: { zh: '廉情预警质询', en: 'Integrity warning inquiry' },
      deciders: ['deputy-in-charge', 'head'],
      deciderNote: { zh: '纪委书记召集纪委委员和预警中心相关成员单位研究确定', en: 'The discipline secretary with committee members' },
      answerDeadline: wd(7, '003 篇5 六 2：在7个工作日内将整改措施以书面形式报承办单位'),
      maxPeriod: null,
      extension: { allowed: false },
      document: { kind: 'warning-inquiry', title: { zh: '廉情预警质询书', en: 'Integrity warning inquiry' } },
      interviewNotice: { zh: '廉情预警质询约谈通知单', en: 'Inquiry interview notice' },
    },
    {
      code: 'advice',
      index: 2, releaseNotice: true,
      colour: 'red',
      label: { zh: '一级预警', en: 'Level 1' },
      disposition: { zh: '廉情监察（检查）建议', en: 'Supervision advice' },
      deciders: ['head'],
      deciderNote: { zh: '提交党委研究确定', en: 'Decided by the party committee' },
      // 003 篇5 三 2: 由镇预警中心汇集后，提交镇党委研究后，确定为一级风险信息.
      decidingBody: { zh: '党委', en: 'Party committee' },
      answerDeadline: { unit: 'months', n: 1, source: '003 篇5 六 3：要对存在错误行为在1个月的时间内予以纠正到位' },
      maxPeriod: null,
      extension: { allowed: true, maxMonths: 1, approvers: LEADERS },
      document: { kind: 'supervision-advice', title: { zh: '廉情监察（检查）建议书', en: 'Supervision advice' } },
      interviewNotice: { zh: '廉情监察（检查）建议约谈通知单', en: 'Supervision advice interview notice' },
    },
  ],
};

const DEFAULT_NOTE = '期限种子文本未规定，沿用 003 篇8 第十八条的期限';

// 000: 尚未转变为风险的亮绿牌，出现风险苗头的亮黄牌，出现风险的亮红牌; one 《廉政风险预警通知书》 for all.
const P000: PaletteDef = {
  id: '000',
  name: { zh: '绿牌 / 黄牌 / 红牌', en: 'Green / yellow / red card' },
  interviewLeadRoles: LEAD_INTERVIEWERS,
  releaseApprovers: LEADERS,
  levels: [
    { code: 'green', index: 0, colour: 'green', label: { zh: '绿牌', en: 'Green card' }, disposition: { zh: '预警提醒（尚未转变为风险）', en: 'Reminder (no risk yet)' }, deciders: ['discipline-officer'], deciderNote: { zh: '纪检监察部门', en: 'Discipline office' }, answerDeadline: { unit: 'calendar-days', n: 7, source: DEFAULT_NOTE }, maxPeriod: null, extension: { allowed: false }, document: { kind: 'warning-notice', title: { zh: '廉政风险预警通知书', en: 'Integrity risk warning notice' } }, interviewNotice: { zh: '预警提醒谈话通知', en: 'Interview notice' } },
    { code: 'yellow', index: 1, releaseNotice: true, colour: 'yellow', label: { zh: '黄牌', en: 'Yellow card' }, disposition: { zh: '限期整改（出现风险苗头）', en: 'Rectify (first signs)' }, deciders: ['discipline-officer', 'deputy-in-charge', 'head'], deciderNote: { zh: '纪检监察部门报分管领导', en: 'Discipline office with the deputy in charge' }, answerDeadline: wd(10, DEFAULT_NOTE), maxPeriod: { unit: 'months', n: 1, source: DEFAULT_NOTE }, extension: { allowed: false }, document: { kind: 'warning-notice', title: { zh: '廉政风险预警通知书', en: 'Integrity risk warning notice' } }, interviewNotice: { zh: '预警谈话通知', en: 'Interview notice' } },
    { code: 'red', index: 2, releaseNotice: true, colour: 'red', label: { zh: '红牌', en: 'Red card' }, disposition: { zh: '限期整改（出现风险）', en: 'Rectify (risk occurred)' }, deciders: ['head', 'deputy-in-charge'], deciderNote: { zh: '单位领导班子', en: 'Leadership' }, answerDeadline: wd(10, DEFAULT_NOTE), maxPeriod: { unit: 'months', n: 1, source: DEFAULT_NOTE }, extension: { allowed: false }, document: { kind: 'warning-notice', title: { zh: '廉政风险预警通知书', en: 'Integrity risk warning notice' } }, interviewNotice: { zh: '预警谈话通知', en: 'Interview notice' } },
  ],
};

// 001: 一级（红）由纠风工作领导小组监控，二级（橙）由分管领导，三级（蓝）由科室负责人.
const P001: PaletteDef = {
  id: '001',
  name: { zh: '红色 / 橙色 / 蓝色预警', en: 'Red / orange / blue' },
  interviewLeadRoles: LEAD_INTERVIEWERS,
  releaseApprovers: LEADERS,
  levels: [
    { code: 'blue', index: 0, colour: 'blue', label: { zh: '蓝色预警（三级）', en: 'Blue (level 3)' }, disposition: { zh: '预警提示', en: 'Alert' }, deciders: ['department-head', 'discipline-officer'], deciderNote: { zh: '科室负责人负责监控', en: 'Department head' }, answerDeadline: { unit: 'calendar-days', n: 7, source: DEFAULT_NOTE }, maxPeriod: null, extension: { allowed: false }, document: { kind: 'warning-notice', title: { zh: '廉政风险预警提示', en: 'Risk alert' } }, interviewNotice: { zh: '预警提示谈话通知', en: 'Interview notice' } },
    { code: 'orange', index: 1, releaseNotice: true, colour: 'orange', label: { zh: '橙色预警（二级）', en: 'Orange (level 2)' }, disposition: { zh: '限期纠正', en: 'Correct' }, deciders: ['deputy-in-charge', 'discipline-officer'], deciderNote: { zh: '分管领导负责监控', en: 'Deputy in charge' }, answerDeadline: wd(10, DEFAULT_NOTE), maxPeriod: { unit: 'months', n: 1, source: DEFAULT_NOTE }, extension: { allowed: false }, document: { kind: 'warning-notice', title: { zh: '廉政风险预警通知书', en: 'Warning notice' } }, interviewNotice: { zh: '预警谈话通知', en: 'Interview notice' } },
    { code: 'red', index: 2, releaseNotice: true, colour: 'red', label: { zh: '红色预警（一级）', en: 'Red (level 1)' }, disposition: { zh: '责令整改', en: 'Order rectification' }, deciders: ['head'], deciderNote: { zh: '纠风工作领导小组负责监控', en: 'Leading group' }, answerDeadline: wd(10, DEFAULT_NOTE), maxPeriod: { unit: 'months', n: 1, source: DEFAULT_NOTE }, extension: { allowed: false }, document: { kind: 'rectification-notice', title: { zh: '整改通知书', en: 'Rectification notice' } }, interviewNotice: { zh: '责令整改谈话通知', en: 'Interview notice' } },
  ],
};

export const PALETTES: Record<WarningPalette, PaletteDef> = { '003-p8': P8, '003-p5': P5, '000': P000, '001': P001 };

export function paletteOf(id: WarningPalette): PaletteDef {
  return PALETTES[id];
}

export function levelOf(palette: PaletteDef, code: string): LevelDef | undefined {
  return palette.levels.find((l) => l.code === code);
}

export function topLevel(palette: PaletteDef): LevelDef {
  return palette.levels[palette.levels.length - 1];
}

/** The date a period of `d` ends when it starts on `from`. */
export function dueAfter(cal: WorkingCalendar, from: IsoDate, d: Deadline): IsoDate {
  if (d.unit === 'working-days') return cal.addWorkingDays(from, d.n);
  if (d.unit === 'months') return cal.addCalendarMonths(from, d.n);
  return cal.addCalendarDays(from, d.n);
}
