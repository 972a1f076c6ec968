import type { FactContext, FactDef, RuleDef, ValueDescription, WorkingDays } from '../../core/plugin-api';
import { addDays, num, str, today } from '../../core/plugin-api';
import {
  APPLICATION,
  CHOSEN_BY,
  DEFAULT_CONNECT_LOW_DAYS,
  DEFAULT_PLAN_REPLY_HIGH_DAYS,
  DEFAULT_PLAN_REPLY_LOW_DAYS,
  DEFAULT_UNRECOVERED_THRESHOLD_FEN,
  DESIGNATION,
  FINDING_STATUSES,
  HIGH_VOLTAGE,
  INSPECTION,
  LOW_VOLTAGE,
  SUPPLIER_ROLES,
  VOLTAGE_CLASSES,
} from './records';

/**
 * Working days after `from` up to and including `to` (the day of acceptance itself is not counted), read from the
 * platform calendar: 国庆, 春节 and the other holidays are not working days, the make-up Saturdays are.
 * null without a calendar or with `to` before `from`.
 */
export function workingDaysBetween(calendar: WorkingDays | undefined, from: string, to: string): number | null {
  if (!calendar || !from || !to || to < from) return null;
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) n++;
  return n;
}

/** Working days an application has taken to `field` (or, not done yet, until today): what the time-limit rules compare. */
export function daysTaken(values: Record<string, unknown>, field: 'planRepliedOn' | 'connectedOn', calendar: WorkingDays | undefined, now: Date): number | null {
  const accepted = str(values.acceptedOn);
  if (!accepted) return null;
  return workingDaysBetween(calendar, accepted, str(values[field]) || today({ now }));
}

export const planReplyLimit = (voltageClass: unknown, options: Record<string, unknown>): number =>
  HIGH_VOLTAGE.includes(str(voltageClass)) ? num(options.planReplyHighVoltageDays, DEFAULT_PLAN_REPLY_HIGH_DAYS) : num(options.planReplyLowVoltageDays, DEFAULT_PLAN_REPLY_LOW_DAYS);
export const connectLimit = (options: Record<string, unknown>): number => num(options.connectLowVoltageDays, DEFAULT_CONNECT_LOW_DAYS);
export const unrecoveredThresholdFen = (options: Record<string, unknown>): number => num(options.unrecoveredThresholdFen, DEFAULT_UNRECOVERED_THRESHOLD_FEN);

/** What the rules below decide, as plain functions the unit spec checks the demo seed's planted records with. */
export const planReplyOverdue = (values: Record<string, unknown>, options: Record<string, unknown>, calendar: WorkingDays | undefined, now: Date): boolean =>
  num(daysTaken(values, 'planRepliedOn', calendar, now), -1) > planReplyLimit(values.voltageClass, options);
export const connectionOverdue = (values: Record<string, unknown>, options: Record<string, unknown>, calendar: WorkingDays | undefined, now: Date): boolean =>
  LOW_VOLTAGE.includes(str(values.voltageClass)) && num(daysTaken(values, 'connectedOn', calendar, now), -1) > connectLimit(options);
export const unrecoveredFen = (values: Record<string, unknown>): number => Math.max(0, num(values.recoveryDueFen) - num(values.recoveredFen));
export const closedWithoutRecovery = (values: Record<string, unknown>, options: Record<string, unknown>): boolean =>
  values.status === 'closed' && unrecoveredFen(values) > unrecoveredThresholdFen(options);
export const designatedByStaff = (values: Record<string, unknown>): boolean => values.chosenBy === 'staff';

const workingDays = (zh: string, en: string): ValueDescription => ({ label: { zh, en }, unit: 'count', counter: { zh: '个工作日', en: 'working day|working days' } });

const valuesOf = (ctx: FactContext) => ctx.record?.values ?? {};

export const FACTS: FactDef[] = [
  { id: 'application.voltageClass', label: { zh: '供电电压等级', en: 'Voltage class' }, unit: 'enum', options: VOLTAGE_CLASSES, compute: (ctx) => valuesOf(ctx).voltageClass },
  { ...workingDays('供电方案答复用时', 'Time to answer the supply plan'), id: 'application.planReplyWorkingDays', compute: (ctx) => daysTaken(valuesOf(ctx), 'planRepliedOn', ctx.calendar, ctx.now) },
  { ...workingDays('装表接电用时', 'Time to connect'), id: 'application.connectWorkingDays', compute: (ctx) => daysTaken(valuesOf(ctx), 'connectedOn', ctx.calendar, ctx.now) },
  {
    id: 'inspection.status',
    label: { zh: '处理状态', en: 'Status' },
    unit: 'enum',
    options: FINDING_STATUSES,
    compute: (ctx) => valuesOf(ctx).status,
  },
  { id: 'inspection.recoveryDueFen', label: { zh: '应追补电费', en: 'Charges to recover' }, unit: 'fen', compute: (ctx) => valuesOf(ctx).recoveryDueFen },
  { id: 'inspection.unrecoveredFen', label: { zh: '未追补电费', en: 'Left unrecovered' }, unit: 'fen', compute: (ctx) => (ctx.record ? unrecoveredFen(valuesOf(ctx)) : undefined) },
  { id: 'designation.chosenBy', label: { zh: '选择方式', en: 'Chosen by' }, unit: 'enum', options: CHOSEN_BY, compute: (ctx) => valuesOf(ctx).chosenBy },
  { id: 'designation.role', label: { zh: '单位类别', en: 'Role' }, unit: 'enum', options: SUPPLIER_ROLES, compute: (ctx) => valuesOf(ctx).role },
];

/** The step a time-limit rule measures: its fact and how its hit's sentence begins and, in zh, ends. */
const LATE_STEP = {
  planReply: { fact: 'application.planReplyWorkingDays', zh: ['自受理之日起至答复供电方案用时', '，存在故意拖延、“吃拿卡要”的风险'], en: ['The supply plan took', ': a delay that may be a demand for favours'] },
  connect: { fact: 'application.connectWorkingDays', zh: ['自受理之日起至装表接电用时', ''], en: ['Connection took', ''] },
} as const;

/** A yellow hit when an application of `voltages` took more working days at `step` than the institution's `option` allows. */
function lateRule(id: string, label: [string, string], voltages: string[], step: keyof typeof LATE_STEP, option: string, limit: [string, string], enLimit: string): RuleDef {
  const { fact, zh, en } = LATE_STEP[step];
  return {
    id,
    version: 1,
    label: { zh: label[0], en: label[1] },
    recordType: APPLICATION,
    level: 'yellow',
    when: { all: [{ fact: 'application.voltageClass', operator: 'in', value: voltages }, { fact, operator: 'greaterThan', value: { option } }] },
    message: { zh: `${zh[0]}{${fact}}，超过本单位${limit[0]}{${option}}${zh[1]}`, en: `${en[0]} {${fact}} from acceptance, beyond the ${enLimit} of {${option}}${en[1]}` },
    inputs: { [option]: workingDays(limit[0], limit[1]) },
  };
}

export const RULES: RuleDef[] = [
  lateRule('plan-reply-overdue-low', ['低压供电方案答复超时限', 'Low-voltage supply plan answered late'], LOW_VOLTAGE, 'planReply', 'planReplyLowVoltageDays', ['低压供电方案答复时限', 'Low-voltage plan reply limit'], 'low-voltage limit'),
  lateRule('plan-reply-overdue-high', ['高压供电方案答复超时限', 'High-voltage supply plan answered late'], HIGH_VOLTAGE, 'planReply', 'planReplyHighVoltageDays', ['高压供电方案答复时限', 'High-voltage plan reply limit'], 'high-voltage limit'),
  lateRule('connection-overdue-low', ['低压装表接电超时限', 'Low-voltage connection late'], LOW_VOLTAGE, 'connect', 'connectLowVoltageDays', ['低压装表接电时限', 'Low-voltage connection limit'], 'low-voltage limit'),
  {
    id: 'closed-without-recovery',
    version: 1,
    label: { zh: '稽查结案未足额追补电费', en: 'Finding closed without recovering the charges' },
    recordType: INSPECTION,
    level: 'red',
    when: {
      all: [
        { fact: 'inspection.status', operator: 'equal', value: 'closed' },
        { fact: 'inspection.unrecoveredFen', operator: 'greaterThan', value: { option: 'unrecoveredThresholdFen' } },
      ],
    },
    message: {
      zh: '违约用电或窃电案件已结案，未追补电费{inspection.unrecoveredFen}，超过本单位预警标准{unrecoveredThresholdFen}，存在“人情稽查”、私了或以罚代管的风险',
      en: 'The finding was closed leaving {inspection.unrecoveredFen} unrecovered, above the threshold of {unrecoveredThresholdFen}: it may have been settled as a favour',
    },
    inputs: { unrecoveredThresholdFen: { label: { zh: '未追补电费预警标准', en: 'Unrecovered-amount threshold' }, unit: 'fen' } },
  },
  {
    id: 'designated-by-staff',
    version: 1,
    label: { zh: '员工“三指定”', en: 'Supplier designated by staff' },
    recordType: DESIGNATION,
    level: 'red',
    // The role is read too, so the message names it (a hit states only the facts its condition read).
    when: {
      all: [
        { fact: 'designation.chosenBy', operator: 'equal', value: 'staff' },
        { fact: 'designation.role', operator: 'in', value: SUPPLIER_ROLES.map((r) => r.value) },
      ],
    },
    message: {
      zh: '用户受电工程的{designation.role}由供电企业员工推荐或指定，违反不得指定设计、施工和设备供应单位的规定',
      en: "The customer project's {designation.role} was recommended or designated by utility staff, against the rule that the utility names no designer, builder or supplier",
    },
  },
];
