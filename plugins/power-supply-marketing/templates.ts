import * as path from 'node:path';
import type { FactContext, TemplateDef } from '../../core/plugin-api';
import { chineseDateOrEmpty, str } from '../../core/plugin-api';
import { APPLICATION, APPLICATION_KINDS, HIGH_VOLTAGE, labelOf, VOLTAGE_CLASSES } from './records';
import { connectLimit, daysTaken, planReplyLimit } from './rules';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);

/** The notice's data: the application in words, the working days it took, this institution's limits, and each hit's message as raised. */
export async function supervisionData(ctx: FactContext): Promise<Record<string, unknown>> {
  const v = ctx.record?.values ?? {};
  const hits = ctx.record ? await ctx.records.hits!({ recordId: ctx.record.id }) : [];
  const low = !HIGH_VOLTAGE.includes(str(v.voltageClass));
  const planDays = daysTaken(v, 'planRepliedOn', ctx.calendar, ctx.now);
  const connectDays = low && v.connectedOn ? daysTaken(v, 'connectedOn', ctx.calendar, ctx.now) : null;
  return {
    kind: labelOf(APPLICATION_KINDS, v.applicationKind),
    voltage: labelOf(VOLTAGE_CLASSES, v.voltageClass),
    acceptedOn: chineseDateOrEmpty(v.acceptedOn),
    planRepliedOn: chineseDateOrEmpty(v.planRepliedOn),
    connectedOn: chineseDateOrEmpty(v.connectedOn),
    planDays: planDays ?? '',
    connectDays: connectDays ?? '',
    planLimit: planReplyLimit(v.voltageClass, ctx.options),
    connectLimit: low ? connectLimit(ctx.options) : '',
    voltageWord: low ? '低压' : '高压',
    // Each hit's message as raised: its placeholders already hold this institution's limits.
    problems: hits.map((h) => h.message.zh),
  };
}

export const TEMPLATES: TemplateDef[] = [
  { id: 'supervision-notice', label: { zh: '业扩报装超时限督办通知', en: 'Supervision notice: application over its time limit' }, kind: 'notice', file: file('supervision-notice'), recordType: APPLICATION, data: supervisionData },
];
