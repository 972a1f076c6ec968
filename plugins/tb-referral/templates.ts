import * as path from 'node:path';
import type { DashboardPanel, TemplateDef } from '../../core/plugin-api';
import { dashboard } from './dashboard';
import { isoDay } from '../../core/plugin-api';
import { SYMPTOMS, TASK } from './records';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
const cnDate = (iso: unknown) => (typeof iso === 'string' && iso.length === 10 ? `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日` : '');
const PHONE_MASK = (p: unknown) => (typeof p === 'string' && p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '');
const ID_MASK = (id: unknown) => (typeof id === 'string' && id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '');

export const TEMPLATES: TemplateDef[] = [
  {
    id: 'referral-slip',
    label: { zh: '双向转诊单', en: 'Two-way referral slip' },
    kind: 'form',
    file: file('referral-slip'),
    recordType: 'tb-referral',
    data: async (ctx) => {
      const v = ctx.record?.values ?? {};
      const person = typeof v.person === 'number' && ctx.records.get ? await ctx.records.get(v.person) : null;
      return {
        // The slip is the patient's own paper: name in full, ID number masked all the same.
        person: person ? { name: person.values.name, sex: person.values.sex === 'f' ? '女' : '男', birthDate: person.values.birthDate, idNumber: ID_MASK(person.values.idNumber) } : {},
        symptoms: ((v.symptoms as string[] | null) ?? []).map((s) => SYMPTOMS.find((o) => o.value === s)?.label.zh ?? s),
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
    data: async (ctx) => {
      const v = ctx.record?.values ?? {};
      const referral = typeof v.referralId === 'number' && ctx.records.get ? await ctx.records.get(v.referralId) : null;
      const personId = referral?.values.person;
      const person = typeof personId === 'number' && ctx.records.get ? await ctx.records.get(personId) : null;
      return {
        // The township tracks the person: the name in full, the phone masked to what a call-back check needs.
        person: person ? { name: person.values.name, sex: person.values.sex === 'f' ? '女' : '男', village: person.values.village, phone: PHONE_MASK(person.values.phone) } : {},
        referralDate: cnDate(v.referralDate),
        startDate: cnDate(v.startDate),
        dueDate: cnDate(v.dueDate),
      };
    },
  },
  {
    id: 'indicator-report',
    label: { zh: '结核病防治指标月报', en: 'Monthly TB indicator report' },
    kind: 'report',
    file: file('indicator-report'),
    recordType: 'tb-supervision',
    data: async (ctx) => {
      const panels = await dashboard(ctx);
      const table = panels.find((p): p is Extract<DashboardPanel, { kind: 'table' }> => p.kind === 'table');
      return { asOf: isoDay(ctx.now), rows: table?.rows ?? [], hitCount: ctx.records.hits ? (await ctx.records.hits()).length : 0 };
    },
  },
];
