import { Clock } from '../../clock/clock';
import type { Db } from '../../db/db';
import type { PluginHost } from '../../plugin-host/plugin-host';
import { BUYER_MODEL, PURCHASE } from '../../../test/support/model-fixtures';
import { ModelBacktest } from './model-backtest.service';
import type { ModelEvaluator } from './model-evaluator.service';
import type { ModelSubject } from './model-compile';

/** A backtest over fake monthly reads: each takes `ms` and finds one subject on the month's 10th. */
function backtest(ms: number) {
  const reads: string[] = [];
  const evaluator = {
    subjectsBetween: async (_m: unknown, _i: number, _d: unknown, from: string): Promise<ModelSubject[]> => {
      reads.push(from.slice(0, 7));
      await new Promise((r) => setTimeout(r, ms));
      const day = `${from.slice(0, 7)}-10`;
      return [{ group: { buyer: '甲' }, window: { from: day, to: day, id: day }, measured: { count: 4, value: 4 } }];
    },
  } as unknown as ModelEvaluator;
  const db = { read: (fn: (m: unknown) => unknown) => fn({}) } as unknown as Db;
  const host = { recordType: () => PURCHASE } as unknown as PluginHost;
  const clock = new Clock();
  clock.set('2026-11-22T03:00:00Z');
  return { run: (budget: number) => new ModelBacktest(db, evaluator, host, clock).run(1, BUYER_MODEL, budget), reads };
}

describe('model backtest: twelve months, read month by month within the time budget', () => {
  it('counts the hits per month over the last twelve months and lists the subjects with their messages', async () => {
    const b = backtest(0);
    const r = await b.run(10_000);
    expect(b.reads).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(r).toMatchObject({ from: '2025-12-01', to: '2026-11-22', total: 12, complete: true, stoppedReason: null });
    expect(r.months.every((m) => m.hits === 1)).toBe(true);
    expect(r.subjects[0]).toMatchObject({ key: '甲@2025-12-10', label: '甲（2025-12-10至2025-12-10）', message: { zh: '甲在30天内单一来源采购4次，超过3次' } });
  });

  it('stops when the budget is spent and says so, without reading further months', async () => {
    const b = backtest(60);
    const r = await b.run(100);
    expect(b.reads).toEqual(['2025-12', '2026-01']);
    expect(r).toMatchObject({ complete: false, total: 2, months: [{ month: '2025-12', hits: 1 }, { month: '2026-01', hits: 1 }] });
    expect(r.stoppedReason).toEqual({ zh: '试运行超过时间上限 0.1 秒，已停止：仅统计到 2026-01', en: 'The backtest passed its 0.1 s budget and stopped: months up to 2026-01 only' });
  });
});
