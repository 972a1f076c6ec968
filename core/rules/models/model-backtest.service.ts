import { Injectable } from '@nestjs/common';
import { Clock } from '../../clock/clock';
import { Db } from '../../db/db';
import { isoDay, lastDayOfMonth, monthOf, nextMonth } from '../../plugin-api';
import type { LocalizedText } from '../../plugin-api';
import { PluginHost } from '../../plugin-host/plugin-host';
import { Measured, modelMessage, subjectKey, subjectLabel, WindowSpan } from './model-compile';
import type { ModelDefinition } from './model-definition';
import { horizon, ModelEvaluator } from './model-evaluator.service';

/** How long a backtest may read before it stops and says so (issue #21: ≤ 10 s over 1,000,000 records). */
export const BACKTEST_BUDGET_MS = 10_000;
/** Subjects a backtest lists with their measured values. */
export const BACKTEST_SUBJECTS = 20;

export interface BacktestSubject {
  key: string;
  label: string;
  group: Record<string, string | number | boolean | null>;
  window: WindowSpan;
  measured: Measured;
  message: LocalizedText;
}

export interface BacktestResult {
  from: string;
  to: string;
  /** Hits the model would have raised, by the month of the day each was raised at, oldest first. */
  months: { month: string; hits: number }[];
  total: number;
  /** The first BACKTEST_SUBJECTS hits in time order, with what was measured. */
  subjects: BacktestSubject[];
  /** False when the time budget ran out: `months` then stops at the last month read. */
  complete: boolean;
  stoppedReason: LocalizedText | null;
  elapsedMs: number;
  budgetMs: number;
}

/**
 * 试运行: a model over the stored history of the last twelve months, raising nothing. Month by month (each one grouped
 * query, in its own read), so the time budget is checked between them and a slow backtest stops rather than holding
 * the database.
 */
@Injectable()
export class ModelBacktest {
  constructor(
    private readonly db: Db,
    private readonly evaluator: ModelEvaluator,
    private readonly host: PluginHost,
    private readonly clock: Clock,
  ) {}

  async run(institutionId: number, d: ModelDefinition, budgetMs = BACKTEST_BUDGET_MS): Promise<BacktestResult> {
    const started = Date.now();
    const def = this.host.recordType(d.pluginId, d.recordType)!;
    const { from, to } = horizon(isoDay(this.clock.now()));
    const months: BacktestResult['months'] = [];
    const subjects: BacktestSubject[] = [];
    // A period's subject is measured in every month of the period: it counts in the month it first passes.
    const seen = new Set<string>();
    let total = 0;
    let complete = true;
    for (let month = monthOf(from); month <= monthOf(to); month = nextMonth(month)) {
      if (Date.now() - started > budgetMs) {
        complete = false;
        break;
      }
      const last = lastDayOfMonth(month) < to ? lastDayOfMonth(month) : to;
      const found = await this.db.read((m) => this.evaluator.subjectsBetween(m, institutionId, d, `${month}-01`, last));
      let hits = 0;
      for (const s of found) {
        const key = subjectKey(s);
        if (seen.has(key)) continue;
        seen.add(key);
        hits++;
        if (subjects.length < BACKTEST_SUBJECTS) subjects.push({ key, label: subjectLabel(d, def, s), group: s.group, window: s.window, measured: s.measured, message: modelMessage(d, def, s) });
      }
      months.push({ month, hits });
      total += hits;
    }
    const elapsedMs = Date.now() - started;
    const stoppedReason = complete
      ? null
      : { zh: `试运行超过时间上限 ${budgetMs / 1000} 秒，已停止：仅统计到 ${months.at(-1)?.month ?? '（无）'}`, en: `The backtest passed its ${budgetMs / 1000} s budget and stopped: months up to ${months.at(-1)?.month ?? '(none)'} only` };
    return { from, to, months, total, subjects, complete, stoppedReason, elapsedMs, budgetMs };
  }
}
