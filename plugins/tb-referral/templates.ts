import * as path from 'node:path';
import type { DashboardPanel, TemplateDef } from '../../core/plugin-api';
import { dashboard } from './dashboard';
import { isoDay } from '../../core/plugin-api';
import { SYMPTOMS } from './records';

const file = (name: string) => path.join(__dirname, 'templates', `${name}.hbs`);
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
