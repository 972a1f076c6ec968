import type { FactContext, IndicatorDef } from '../../core/plugin-api';
import { daysBetween, percentOf, today, windowStart } from '../../core/plugin-api';
import { COLLECTION, INSPECTION } from './records';
import { dueReceipts, negativeAnswers, penaltyOutsideBand } from './rules';

const lastYear = (ctx: FactContext) => windowStart(today(ctx), 365);

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'receipts-returned-on-time',
    label: { zh: '廉政回执按期反馈率（15天内）', en: 'Integrity receipts returned within 15 days' },
    unit: '%',
    target: 95,
    compute: async (ctx) => {
      const due = (await dueReceipts(ctx)).filter((r) => String(r.values.endedOn) >= lastYear(ctx));
      const onTime = due.filter((r) => typeof r.values.receiptReturnedOn === 'string' && daysBetween(String(r.values.receiptIssuedOn ?? r.values.endedOn), r.values.receiptReturnedOn) <= 15).length;
      return { value: percentOf(onTime, due.length, 100), target: 95 };
    },
  },
  {
    id: 'receipts-negative-share',
    label: { zh: '廉政回执反映问题的比例', en: 'Share of receipts reporting misconduct' },
    unit: '%',
    target: 0,
    better: 'lower',
    compute: async (ctx) => {
      const returned = (await ctx.records.list(INSPECTION)).filter((r) => typeof r.values.receiptReturnedOn === 'string' && r.values.receiptReturnedOn >= lastYear(ctx));
      return { value: percentOf(returned.filter((r) => negativeAnswers(r.values).length > 0).length, returned.length, 0), target: 0 };
    },
  },
  {
    id: 'collection-on-time',
    label: { zh: '税款按期征收率（核定后90天内入库或经批准延期）', en: 'Tax collected within 90 days or deferred' },
    unit: '%',
    target: 98,
    compute: async (ctx) => {
      const day = today(ctx);
      const due = (await ctx.records.list(COLLECTION)).filter((c) => String(c.values.assessedOn) >= lastYear(ctx) && daysBetween(String(c.values.assessedOn), day) > 90);
      const ok = due.filter((c) => {
        const v = c.values;
        const collected = (v.collectedFen as number) >= (v.assessedFen as number) && typeof v.collectedOn === 'string' && daysBetween(String(v.assessedOn), v.collectedOn) <= 90;
        return collected || (v.deferralApproved === true && !!v.deferralApprover);
      }).length;
      return { value: percentOf(ok, due.length, 100), target: 98 };
    },
  },
  {
    id: 'penalties-within-band',
    label: { zh: '行政处罚在自由裁量基准内的比例', en: 'Penalties within the discretion band' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const penalised = (await ctx.records.list(INSPECTION)).filter((r) => String(r.values.endedOn) >= lastYear(ctx) && penaltyOutsideBand(r.values, ctx.options) !== null);
      return { value: percentOf(penalised.filter((r) => penaltyOutsideBand(r.values, ctx.options) === false).length, penalised.length, 100), target: 100 };
    },
  },
];
