import * as path from 'node:path';
import type { FactContext, LocalizedText, PluginRecordView, TemplateDef } from '../../core/plugin-api';
import { addDays, chineseDate, str, yuan } from '../../core/plugin-api';
import { AGENDA_KINDS, AGREEING_PARTIES, AGREEMENT, attendanceMismatch, DECISION, EXPENDITURE, MEETING, MEETING_KINDS, PARTIES, PUBLICATION } from './records';

type Values = Record<string, unknown>;
const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const label = (options: { value: string; label: { zh: string } }[], v: unknown) => options.find((o) => o.value === v)?.label.zh ?? str(v);
const MEETING_NAME: Record<string, string> = { 'weekly-regular': '联席会议', 'ad-hoc': '联席会议', 'daily-joint': '联席会', 'weekly-analysis': '分析研判会', 'monthly-briefing': '群众通报会' };

const decisionsOf = async (ctx: FactContext, meetingId: number) => (await ctx.records.list(DECISION)).filter((d) => d.values.meeting === meetingId);
const expendituresOf = async (ctx: FactContext, decisionId: number) => (await ctx.records.list(EXPENDITURE)).filter((e) => e.values.decision === decisionId);
const agreementText = (v: Values) => AGREEING_PARTIES.map((p) => `${p.label}${label(AGREEMENT, v[p.key])}`).join('，');
const expenditureLine = (e: PluginRecordView) => `${e.values.purpose}：${yuan(e.values.amountFen as number)}元，收款人${e.values.payee}，${chineseDate(str(e.values.paidOn))}支付${e.values.oneMatter ? '（“一事一议”）' : ''}`;

/** The 纪要 of one meeting, built from the record (never typed twice): who attended by party, items, decisions. */
export async function minutesData(ctx: FactContext) {
  const m = ctx.record!;
  const v = m.values;
  const rows = Array.isArray(v.attendance) ? (v.attendance as Values[]) : [];
  // The names recorded for this meeting, not the party's roster: the roster may hold more than came.
  const byParty = rows.map((r) => ({ party: label(PARTIES, r.party), expected: r.expected, present: r.present, names: str(r.attendees).split('、').filter(Boolean), absentText: str(r.absentees) }));
  const attendees = byParty.map((p) => `${p.party}${p.names.join('、')}（应到${p.expected}人，实到${p.present}人）`);
  const absent = byParty.filter((p) => p.absentText).map((p) => `${p.party}${p.absentText}`);
  const person = async (id: unknown) => (typeof id === 'number' && ctx.records.get ? ((await ctx.records.get(id))?.title ?? '') : '');
  const body: { kind: string; text: string }[] = [{ kind: 'h1', text: '一、会议议题' }];
  for (const [i, a] of (Array.isArray(v.agenda) ? (v.agenda as Values[]) : []).entries()) {
    body.push({ kind: 'h3', text: `${i + 1}. ${a.topic}（${label(AGENDA_KINDS, a.kind)}）` });
    if (str(a.notes)) body.push({ kind: 'p', text: str(a.notes) });
  }
  const decisions = await decisionsOf(ctx, m.id);
  body.push({ kind: 'h1', text: '二、会议决议' });
  if (!decisions.length) body.push({ kind: 'p', text: '本次会议未形成决议。' });
  for (const [i, d] of decisions.entries()) {
    body.push({ kind: 'h3', text: `${i + 1}. ${d.values.content}` });
    body.push({ kind: 'p', text: `表决情况：${agreementText(d.values)}。责任人：${d.values.responsible}；完成时限：${chineseDate(str(d.values.deadline))}。` });
    for (const e of await expendituresOf(ctx, d.id)) body.push({ kind: 'p', text: `授权支出：${expenditureLine(e)}。` });
  }
  if (str(v.minutes)) body.push({ kind: 'h1', text: '三、其他事项' }, { kind: 'p', text: str(v.minutes) });
  const signatures = [
    { role: '村党支部书记', name: await person(v.convenerBranch), on: str(v.signedBranchOn) ? chineseDate(str(v.signedBranchOn)) : '未签字' },
    { role: '工作组组长', name: await person(v.convenerTeam), on: str(v.signedTeamOn) ? chineseDate(str(v.signedTeamOn)) : '未签字' },
  ];
  return {
    meetingName: MEETING_NAME[str(v.kind)] ?? '联席会议',
    kind: label(MEETING_KINDS, v.kind),
    date: chineseDate(str(v.date)),
    place: v.place,
    conveners: signatures.map((s) => s.name).filter(Boolean).join('、'),
    recorder: await person(v.recorder),
    attendees,
    absent,
    body,
    signatures,
  };
}

/** A 纪要 names everyone expected: each one present and each one absent, as many as the counts say. */
function minutesRefusal(ctx: FactContext): LocalizedText | null {
  const why = attendanceMismatch(ctx.record?.values.attendance, true);
  return why && { zh: `纪要不能出具，出席情况有误：${why.zh}`, en: `The minutes cannot be issued, the attendance is wrong: ${why.en}` };
}

async function publicationData(ctx: FactContext) {
  const v = ctx.record!.values;
  const target = typeof v.decision === 'number' && ctx.records.get ? await ctx.records.get(v.decision) : typeof v.expenditure === 'number' && ctx.records.get ? await ctx.records.get(v.expenditure) : null;
  const lines: string[] = [];
  if (target?.recordType === DECISION) {
    const meeting = ctx.records.get ? await ctx.records.get(target.values.meeting as number) : null;
    lines.push(`${chineseDate(str(meeting?.values.date))}召开的${meeting?.title ?? '联席会议'}经村党支部、住村工作组、警务室三方讨论，作出如下决议：${target.values.content}。`);
    lines.push(`责任人：${target.values.responsible}；完成时限：${chineseDate(str(target.values.deadline))}。`);
    for (const e of await expendituresOf(ctx, target.id)) lines.push(`相关支出：${expenditureLine(e)}。`);
  } else if (target?.recordType === EXPENDITURE) {
    lines.push(`支出事由：${target.values.purpose}。金额：${yuan(target.values.amountFen as number)}元。收款人：${target.values.payee}。支出日期：${chineseDate(str(target.values.paidOn))}。${target.values.oneMatter ? '本项属于“一事一议”事项。' : ''}`);
    const d = typeof target.values.decision === 'number' && ctx.records.get ? await ctx.records.get(target.values.decision) : null;
    if (d) lines.push(`授权决议：${d.values.content}。`);
  }
  const from = str(v.publishedOn);
  return { lines, place: v.place, days: v.days, from: chineseDate(from), until: chineseDate(addDays(from, (v.days as number) - 1)) };
}

async function executionData(ctx: FactContext) {
  const d = ctx.record!;
  const meeting = ctx.records.get ? await ctx.records.get(d.values.meeting as number) : null;
  const reports = (Array.isArray(d.values.executionReports) ? (d.values.executionReports as Values[]) : []).map((r) => ({ on: chineseDate(str(r.reportedOn)), progress: r.progress, completed: r.completed === true }));
  return {
    meeting: meeting?.title ?? '',
    meetingDate: chineseDate(str(meeting?.values.date)),
    deadline: chineseDate(str(d.values.deadline)),
    agreement: agreementText(d.values),
    reports,
    completed: reports.some((r) => r.completed),
    expenditures: (await expendituresOf(ctx, d.id)).map(expenditureLine),
  };
}

export const TEMPLATES: TemplateDef[] = [
  { id: 'minutes', label: { zh: '联席会议纪要', en: 'Joint meeting minutes' }, kind: 'minutes', file: file('minutes'), recordType: MEETING, data: minutesData, refuse: minutesRefusal },
  { id: 'publication-notice', label: { zh: '村务公开公告', en: 'Publication notice' }, kind: 'notice', file: file('publication-notice'), recordType: PUBLICATION, data: publicationData },
  { id: 'execution-report', label: { zh: '决议执行情况报告', en: 'Decision execution report' }, kind: 'report', file: file('execution-report'), recordType: DECISION, data: executionData },
];
