import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { WorkingCalendar } from '../calendar/working-days';
import { DomainEvents } from '../events/domain-events';
import { WarningConfigService } from './warning-config.service';
import { dueAfter, paletteOf, WarningPalette } from './warning-levels';
import { WarningTransitionService } from './warning-transition.service';
import { WarningRepository } from './warning.repository';

/**
 * A newly entered holiday notice moves the running answer periods it touches: each deadline is counted again from its
 * issue day on the new calendar; a change is a timeline step and an audit row, and the subject and officers are told.
 * Extended deadlines (延期, counted in months from the old date) are left as approved.
 */
@Injectable()
export class WarningDeadlineRecompute implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly repo: WarningRepository,
    private readonly transitions: WarningTransitionService,
    private readonly audit: AuditService,
    private readonly cfg: WarningConfigService,
  ) {}

  onModuleInit(): void {
    this.events.on('calendar.notice-entered', (m, p) => this.recompute(m, p.year, p.calendar, p.actor).then(() => undefined));
  }

  /** Moves the deadlines that change on `cal`; returns how many warnings moved. */
  async recompute(m: EntityManager, year: number, cal: WorkingCalendar, actor: string): Promise<number> {
    let moved = 0;
    for (const w of await this.repo.awaitingAnswer(m)) {
      if (!w.issuedOn || w.extensionUsed || Number(w.issuedOn.slice(0, 4)) > year) continue;
      const level = paletteOf(w.palette as WarningPalette)?.levels[w.levelIndex];
      if (!level) continue;
      const dueDate = dueAfter(cal, w.issuedOn, level.answerDeadline);
      const finalDate = level.maxPeriod ? dueAfter(cal, w.issuedOn, level.maxPeriod) : null;
      if (dueDate === w.dueDate && finalDate === w.finalDate) continue;
      const before = { dueDate: w.dueDate, finalDate: w.finalDate };
      Object.assign(w, { dueDate, finalDate, updatedAt: this.cfg.nowIso() });
      await this.repo.save(m, w);
      const data = { note: `按${year}年国务院节假日安排通知重新计算期限`, previousDueDate: before.dueDate, dueDate, ...(finalDate !== before.finalDate ? { previousFinalDate: before.finalDate, finalDate } : {}) };
      await this.transitions.step(m, w, 'recompute-deadline', actor, data);
      await this.audit.append(m, { actor, institutionId: w.institutionId, action: 'warning.recompute-deadline', objectType: 'warning', objectId: w.id, detail: { year, ...data } });
      const title = `预警 #${w.id} 的答复期限按${year}年节假日安排调整为 ${dueDate}`;
      const body = `原期限 ${before.dueDate ?? '—'}。国务院${year}年节假日安排通知已录入，期限按其重新计算。`;
      await this.transitions.tellSubject(m, w, 'warning.deadline-moved', title, body, `deadline-moved:${w.id}:${dueDate}`);
      await this.transitions.tellOfficers(m, w, 'warning.deadline-moved', title, body, `deadline-moved-officers:${w.id}:${dueDate}`);
      moved++;
    }
    return moved;
  }
}
