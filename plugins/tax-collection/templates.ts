import * as path from 'node:path';
import type { FactContext, TemplateDef } from '../../core/plugin-api';
import { REMINDER_OCCASIONS } from './records';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const cnDate = (iso: unknown) => (typeof iso === 'string' ? `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : '');

/** The inspection's taxpayer name, inspectors and dates in Chinese form. */
async function inspectionData(ctx: FactContext) {
  const v = ctx.record?.values ?? {};
  const taxpayer = typeof v.taxpayer === 'number' && ctx.records.get ? await ctx.records.get(v.taxpayer) : null;
  return { taxpayer: taxpayer?.title ?? '', inspectors: Array.isArray(v.inspectors) ? v.inspectors.join('、') : '', startedOn: cnDate(v.startedOn), endedOn: cnDate(v.endedOn) };
}

const reminderData = (ctx: FactContext) => ({ occasion: REMINDER_OCCASIONS.find((o) => o.value === ctx.record?.values.occasion)?.label.zh ?? '' });

export const TEMPLATES: TemplateDef[] = [
  { id: 'integrity-receipt', label: { zh: '税务检查廉政回执（含二维码）', en: 'Integrity receipt (with QR code)' }, kind: 'form', file: file('integrity-receipt'), recordType: 'inspection', data: inspectionData },
  { id: 'supervision-card', label: { zh: '税务检查廉政监督卡', en: 'Inspection integrity supervision card' }, kind: 'form', file: file('supervision-card'), recordType: 'inspection', data: inspectionData },
  { id: 'reminder-letter', label: { zh: '廉政提醒书', en: 'Reminder letter' }, kind: 'letter', file: file('reminder-letter'), recordType: 'reminder', data: reminderData },
  { id: 'reminder-card', label: { zh: '廉政提示卡', en: 'Reminder card' }, kind: 'letter', file: file('reminder-card'), recordType: 'reminder', data: reminderData },
];
