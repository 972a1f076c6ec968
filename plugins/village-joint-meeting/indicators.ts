import type { FactContext, IndicatorDef } from '../../core/plugin-api';
import { percentOf, today } from '../../core/plugin-api';
import { DECISION, EXPENDITURE } from './records';
import { executionOverdue, expenditureAuthorised, needsDecision } from './rules';

/** Decisions whose deadline has passed: executed on time = a report dated on or before the deadline. */
async function decisionsDue(ctx: FactContext) {
  const day = today(ctx);
  return (await ctx.records.list(DECISION)).filter((d) => typeof d.values.deadline === 'string' && d.values.deadline < day);
}

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'weeks-with-meeting',
    label: { zh: '按周召开联席会议例会的周数占比', en: 'Weeks with a regular meeting' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const weeks = await ctx.records.subjects!('meeting-weeks');
      return { value: percentOf(weeks.filter((w) => (w.values.meetings as number) > 0).length, weeks.length, 100), target: 100 };
    },
  },
  {
    id: 'expenditures-authorised',
    label: { zh: '大额及“一事一议”支出经决议授权的比例', en: 'Large and one-matter expenditures authorised' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const due = (await ctx.records.list(EXPENDITURE)).filter((e) => needsDecision(ctx, e.values));
      let ok = 0;
      for (const e of due) if (await expenditureAuthorised(ctx, e.values)) ok++;
      return { value: percentOf(ok, due.length, 100), target: 100 };
    },
  },
  {
    id: 'decisions-published-on-time',
    label: { zh: '决议按期公开率', en: 'Decisions published on time' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const due = (await ctx.records.subjects!('publication-due')).filter((s) => s.values.kind === 'decision');
      return { value: percentOf(due.filter((s) => s.values.onTime === true).length, due.length, 100), target: 100 };
    },
  },
  {
    id: 'decisions-executed-on-time',
    label: { zh: '决议按期执行率', en: 'Decisions executed on time' },
    unit: '%',
    target: 100,
    compute: async (ctx) => {
      const due = await decisionsDue(ctx);
      const day = today(ctx);
      return { value: percentOf(due.filter((d) => !executionOverdue(d.values, day)).length, due.length, 100), target: 100 };
    },
  },
];
