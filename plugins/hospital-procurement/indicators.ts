import type { FactContext, IndicatorDef } from '../../core/plugin-api';
import { percentOf, today, windowStart } from '../../core/plugin-api';
import { PROJECT_TYPE } from './rules';

/** Projects awarded in the last 12 months, `method` narrowing them, from one grouping by method (the context answers it once). */
const lastYear = async (ctx: FactContext, method?: string): Promise<{ count: number; sum: number }> => {
  const to = today(ctx);
  const groups = (await ctx.records.groups!(PROJECT_TYPE, { range: { awardedOn: { from: windowStart(to, 365), to } } }, ['method'], 'totalFen')).filter((g) => method === undefined || g.by.method === method);
  return { count: groups.reduce((n, g) => n + g.count, 0), sum: groups.reduce((n, g) => n + g.sum, 0) };
};

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'public-tender-share',
    label: { zh: '公开招标采购金额占比（近12个月）', en: 'Share of spend by public tender (last 12 months)' },
    unit: '%',
    compute: async (ctx) => {
      const total = (await lastYear(ctx)).sum;
      const tender = (await lastYear(ctx, 'public-tender')).sum;
      return { value: percentOf(tender, total, 0) };
    },
  },
  {
    id: 'reports-on-time',
    label: { zh: '采购情况报告按期报送率', en: 'Procurement reports filed on time' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const periods = await ctx.records.subjects!('report-periods');
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
      const projects = (await lastYear(ctx)).count;
      const from = windowStart(today(ctx), 365);
      const hits = (await ctx.records.hitCounts!({ by: 'rule', from })).reduce((a, c) => a + c.count, 0);
      return { value: percentOf(hits, projects, 0), target: 0 };
    },
  },
];
