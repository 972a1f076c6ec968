import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../org/access.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { ClueAssignmentService } from './clue-assignment.service';
import { ClueService, OFFICER } from './clue.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf } from './warning-jurisdiction.service';
import { WarningNoticeService } from './warning-notice.service';
import { canDo } from './warning-state';
import { WarningTransitionService } from './warning-transition.service';
import { WarningView, WarningViewService } from './warning-view.service';
import { WarningEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';
import { daysBetween } from '../calendar/working-days';

export const SCAN_INTERVAL_MS = 5 * 60_000;
const JOB = 'warning-scan';
const SYSTEM = `system:${JOB}`;

export interface ScanResult {
  today: string;
  escalated: number;
  orgHandling: number;
  reminders: number;
  /** Notices of escalations issued as PDFs by this scan (`system:warning-scan`), pending ones of earlier scans included. */
  documents: number;
  /** Assignments (交办) newly found past their deadline with no report: both bodies told. */
  assignmentsOverdue: number;
}

/**
 * The scheduled scan (003 篇5 七, 篇8 第十八条): a missed answer deadline or a new confirmed clue raises the
 * level; a missed deadline at the top level goes to organisational handling. Every escalation has a unique
 * key, so running the scan twice (or after downtime) acts once.
 */
@Injectable()
export class EscalationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WarningScan');
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<ScanResult> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly cfg: WarningConfigService,
    private readonly clues: ClueService,
    private readonly access: AccessService,
    private readonly transitions: WarningTransitionService,
    private readonly notices: WarningNoticeService,
    private readonly views: WarningViewService,
    private readonly repo: WarningRepository,
    private readonly assignments: ClueAssignmentService,
  ) {}

  onModuleInit(): void {
    const run = () => void this.scan().catch((err: Error) => this.logger.warn(`scan failed: ${err.message}`));
    // Catch up soon after start (the app may have been down across deadlines), then every few minutes.
    this.timers.push(setTimeout(run, 2_000).unref(), setInterval(run, SCAN_INTERVAL_MS).unref());
  }

  onModuleDestroy(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  /** One scan at the Clock's current time; overlapping calls share the running scan. */
  scan(): Promise<ScanResult> {
    if (!this.running) this.running = this.scanOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async scanOnce(): Promise<ScanResult> {
    const today = this.cfg.today();
    const result: ScanResult = { today, escalated: 0, orgHandling: 0, reminders: 0, documents: 0, assignmentsOverdue: 0 };
    await this.db.write(async (m) => {
      const overdue = await this.repo.awaitingAnswer(m);
      for (const w of overdue.filter((x) => x.dueDate! < today)) {
        const outcome = await this.escalate(m, w, `overdue:w${w.id}:L${w.levelIndex}:${w.dueDate}`, 'deadline-missed');
        if (outcome === 'escalated') result.escalated++;
        if (outcome === 'org-handling') result.orgHandling++;
      }
      for (const c of await this.repo.confirmedClues(m)) {
        const w = await this.repo.find(m, c.warningId!);
        if (w && (await this.escalate(m, w, `reconfirmed:clue${c.id}`, 'confirmed-again')) === 'escalated') result.escalated++;
      }
      result.reminders = await this.remind(m, today);
      result.assignmentsOverdue = await this.assignments.flagOverdue(m, today);
    });
    // Rendering takes seconds, so the new notices are issued after the scan's write, by the system actor.
    try {
      result.documents = (await this.notices.issuePendingDocuments(null, JOB)).length;
    } catch (err) {
      // The escalations stand; their notices stay pending and the next scan issues them.
      this.logger.warn(`issuing escalation notices failed: ${(err as Error).message}`);
    }
    return result;
  }

  /** Raises the level once per key; at the top level it hands the matter to organisational handling. */
  async escalate(m: EntityManager, w: WarningEntity, uniqueKey: string, reason: 'deadline-missed' | 'confirmed-again'): Promise<'escalated' | 'org-handling' | 'none'> {
    if (await this.repo.escalationExists(m, uniqueKey)) return 'none';
    // An appeal under way or a warning not yet issued waits; the key stays free for the next scan.
    if (!canDo(w.status, 'escalate')) return 'none';
    const p = await this.cfg.palette(w.institutionId);
    const from = p.levels[w.levelIndex];
    const next = p.levels[w.levelIndex + 1];
    const at = this.cfg.nowIso();
    await this.repo.addEscalation(m, { warningId: w.id, institutionId: w.institutionId, uniqueKey, fromLevel: from.code, toLevel: next?.code ?? null, reason, at });
    if (!next) {
      w.orgHandling = true;
      w.updatedAt = at;
      await this.repo.save(m, w);
      await this.transitions.step(m, w, 'org-handling', SYSTEM, { reason, level: from.code });
      await this.audit.append(m, { actor: SYSTEM, institutionId: w.institutionId, action: 'warning.org-handling', objectType: 'warning', objectId: w.id, detail: { reason, level: from.code, uniqueKey } });
      await this.transitions.tellOfficers(m, w, 'warning.org-handling', `预警 #${w.id}（${w.subjectLabel}）已是${from.label.zh}仍${reason === 'deadline-missed' ? '逾期未整改' : '再次查实'}，建议转组织处理`, `依据 003 篇5 七`, `org:${uniqueKey}`);
      return 'org-handling';
    }
    const today = this.cfg.today();
    const probe = { ...w, levelIndex: next.index } as WarningEntity;
    const sched = this.transitions.schedule(p, probe, today);
    await this.transitions.apply(m, SYSTEM, w, 'escalate', { reason, fromLevel: from.code, toLevel: next.code, document: { kind: next.document.kind, title: next.document.title.zh, pending: true }, dueDate: sched.dueDate, uniqueKey }, { levelCode: next.code, levelIndex: next.index, levelSince: today, extensionUsed: false, extensionRequestedMonths: null, ...sched });
    const why = reason === 'deadline-missed' ? '逾期未答复' : '预警后再次被反映并查实';
    await this.transitions.tellSubject(m, w, 'warning.escalated', `预警 #${w.id} 因${why}升级为${next.label.zh}（${next.disposition.zh}）《${next.document.title.zh}》`, `请于 ${w.dueDate} 前答复。`, `esc:${uniqueKey}`);
    await this.transitions.tellOfficers(m, w, 'warning.escalated', `预警 #${w.id}（${w.subjectLabel}）已由${from.label.zh}升级为${next.label.zh}`, why, `esc:${uniqueKey}`);
    return 'escalated';
  }

  /** Reminders 3 days and 1 day before the due date; a scan that missed the 3-day mark still sends the 1-day one. */
  private async remind(m: EntityManager, today: string): Promise<number> {
    const rows = await this.repo.awaitingAnswer(m);
    let sent = 0;
    for (const w of rows) {
      const left = daysBetween(today, w.dueDate!);
      if (left < 0 || left > 3) continue;
      const mark = left <= 1 ? 1 : 3;
      const key = `remind:w${w.id}:${w.dueDate}:${mark}`;
      if (await this.transitions.tellSubject(m, w, 'warning.reminder', `预警 #${w.id} 的答复期限 ${w.dueDate} 还有 ${left} 天`, '请及时通过平台提交说明或整改措施。', key)) sent++;
    }
    return sent;
  }

  /** Triage "confirmed again": the subject already has an open warning, so the clue raises it (003 篇5 七 (一)). */
  async confirmOnOpenWarning(actor: Actor, clueId: number): Promise<WarningView> {
    const w = await this.confirmStep(actor, clueId);
    if (!(await this.notices.issuePendingDocuments(actor, JOB, w.id)).length) return w;
    return this.views.get(actor, w.id);
  }

  private async confirmStep(actor: Actor, clueId: number): Promise<WarningView> {
    return this.db.write(async (m) => {
      const clue = await this.clues.load(m, actor, clueId);
      await this.access.requireAccess(actor, handlerOf(clue), OFFICER);
      const w = await this.repo.openOnSubject(m, clue);
      if (!w) throw AppError.conflict({ zh: '该对象没有进行中的预警，请直接转为预警', en: 'The subject has no open warning; turn the clue into a warning instead' });
      await this.clues.markUsed(m, actor, clue, 'confirmed', w.id);
      await this.escalate(m, w, `reconfirmed:clue${clue.id}`, 'confirmed-again');
      return this.views.view(m, actor, w);
    });
  }
}
