import type { FactContext, IndicatorDef } from '../../core/plugin-api';
import { percentOf, today, windowStart } from '../../core/plugin-api';
import { awardedProjects, reportPeriods } from './rules';

const lastYear = async (ctx: FactContext) => {
  const from = windowStart(today(ctx), 365);
  return (await awardedProjects(ctx)).filter((p) => (p.values.awardedOn as string) >= from);
};

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'public-tender-share',
    label: { zh: '公开招标采购金额占比（近12个月）', en: 'Share of spend by public tender (last 12 months)' },
    unit: '%',
    compute: async (ctx) => {
      const projects = await lastYear(ctx);
      const total = projects.reduce((s, p) => s + (p.values.totalFen as number), 0);
      const tender = projects.filter((p) => p.values.method === 'public-tender').reduce((s, p) => s + (p.values.totalFen as number), 0);
      return { value: percentOf(tender, total, 0) };
    },
  },
  {
    id: 'reports-on-time',
    label: { zh: '采购情况报告按期报送率', en: 'Procurement reports filed on time' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const periods = await reportPeriods.list(ctx);
      const onTime = periods.filter((p) => p.values.filedOnTime === true).length;
      return { value: percentOf(onTime, periods.length, 100), target: 100 };
    },
  },
  {
    id: 'hits-per-100-projects',
    label: { zh: '每百个采购项目的预警规则命中数（近12个月）', en: 'Rule hits per 100 projects (last 12 months)' },
    unit: 'count',
    target: 0,
    compute: async (ctx) => {
      const projects = await lastYear(ctx);
      const from = windowStart(today(ctx), 365);
      const hits = ctx.records.hits ? (await ctx.records.hits()).filter((h) => h.createdAt.slice(0, 10) >= from).length : 0;
      return { value: percentOf(hits, projects.length, 0), target: 0 };
    },
  },
];
