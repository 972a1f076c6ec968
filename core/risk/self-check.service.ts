import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { DomainEvents } from '../events/domain-events';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { AccessService, permits } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { RiskMessageEntity, RiskPointEntity, SelfCheckEntity } from './risk.entities';
import { RiskSettings } from './risk.presets';

export interface SelfCheckPeriod {
  key: string;
  opensOn: string;
  dueDate: string;
}

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * 000: grade A (1) reports every half year, B and C yearly; reports are due before the two
 * configured dates (default 06-20 and 11-20). The yearly report is due at the second date.
 */
export function selfCheckPeriods(grade: number, year: number, dueDates: [string, string]): SelfCheckPeriod[] {
  const [first, second] = dueDates.map((d) => `${year}-${d}`);
  if (grade === 1) {
    return [
      { key: `${year}H1`, opensOn: `${year}-01-01`, dueDate: first },
      { key: `${year}H2`, opensOn: addDays(first, 1), dueDate: second },
    ];
  }
  return [{ key: `${year}`, opensOn: `${year}-01-01`, dueDate: second }];
}

export interface ScanResult {
  created: number;
  reminded: number;
  overdue: number;
  rotationFlags: number;
}

const SCAN_ACTOR = 'system:risk-self-check';
const SCAN_INTERVAL_MS = 60 * 60 * 1000;

/** Self-checks: the scheduled scan creates them, reminds, marks overdue ones and flags long-held A posts. */
@Injectable()
export class SelfCheckService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RiskSelfCheck');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    // Hourly; unref'd so it never keeps a CLI or test process alive. Re-runs are harmless: every row has a unique key.
    this.timer = setInterval(() => void this.tick(), SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Catches up before the app serves: after downtime across a due date the hourly timer would act up to an hour
   * late (never, if the app restarts more often). One short write; a failure is logged and does not stop the boot.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.tick();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.runSelfCheckScan(this.clock.now());
    } catch (err) {
      this.logger.error(`self-check scan failed: ${(err as Error).stack ?? String(err)}`);
    } finally {
      this.running = false;
    }
  }

  private async message(m: EntityManager, row: Omit<RiskMessageEntity, 'id' | 'readAt' | 'createdAt'>, now: string): Promise<boolean> {
    const repo = m.getRepository(RiskMessageEntity);
    if (await repo.findOneBy({ dedupeKey: row.dedupeKey })) return false;
    await repo.insert({ ...row, createdAt: now, readAt: null });
    return true;
  }

  /** Idempotent: (point, period) and each message's dedupe key are unique, and overdue is emitted on the status change only. */
  async runSelfCheckScan(now: Date): Promise<ScanResult> {
    const today = now.toISOString().slice(0, 10);
    const year = now.getUTCFullYear();
    const at = now.toISOString();
    const result: ScanResult = { created: 0, reminded: 0, overdue: 0, rotationFlags: 0 };
    await this.db.write(async (m) => {
      const points = await m.getRepository(RiskPointEntity).find({ where: { status: In(['approved', 'published']) }, order: { id: 'ASC' } });
      const settingsCache = new Map<number, RiskSettings>();
      const settings = async (institutionId: number) => {
        if (!settingsCache.has(institutionId)) settingsCache.set(institutionId, await this.ctx.settings(institutionId));
        return settingsCache.get(institutionId)!;
      };
      const checks = m.getRepository(SelfCheckEntity);
      for (const p of points) {
        const s = await settings(p.institutionId);
        for (const period of selfCheckPeriods(p.grade, year, s.selfCheckDueDates)) {
          // A period that ended before the point existed has nothing to report on.
          if (today < period.opensOn || period.dueDate < p.createdAt.slice(0, 10)) continue;
          if (await checks.findOneBy({ pointId: p.id, periodKey: period.key })) continue;
          const row = checks.create({ institutionId: p.institutionId, pointId: p.id, personId: p.responsiblePersonId, departmentId: p.departmentId, periodKey: period.key, dueDate: period.dueDate, status: 'due', report: '', submittedAt: null, submittedBy: null, createdAt: at });
          await checks.insert(row);
          result.created++;
          await this.audit.append(m, { actor: SCAN_ACTOR, institutionId: p.institutionId, action: 'risk.self-check.create', objectType: 'risk-self-check', objectId: row.id, detail: { pointId: p.id, period: period.key, dueDate: period.dueDate } });
        }
      }
      const open = await checks.find({ where: { status: 'due' }, order: { id: 'ASC' } });
      const pointIds = [...new Set(open.map((c) => c.pointId))];
      const titles = new Map((pointIds.length ? await m.getRepository(RiskPointEntity).findBy({ id: In(pointIds) }) : []).map((p) => [p.id, p.title]));
      for (const c of open) {
        const s = await settings(c.institutionId);
        const title = `${titles.get(c.pointId) ?? ''}（${c.periodKey}）`;
        if (today > c.dueDate) {
          c.status = 'overdue';
          await checks.save(c);
          result.overdue++;
          await this.message(m, { institutionId: c.institutionId, personId: c.personId, kind: 'self-check-overdue', title: `自查已逾期：${title}`, body: `自查报告应于 ${c.dueDate} 前提交，现已逾期，已转为预警线索。`, dedupeKey: `self-check-overdue:${c.id}` }, at);
          await this.audit.append(m, { actor: SCAN_ACTOR, institutionId: c.institutionId, action: 'risk.self-check.overdue', objectType: 'risk-self-check', objectId: c.id, detail: { dueDate: c.dueDate } });
          await this.events.emit(m, 'self-check.overdue', { institutionId: c.institutionId, selfCheckId: c.id, personId: c.personId, departmentId: c.departmentId, dueDate: c.dueDate, title: `廉政风险点自查：${title}` });
        } else if (today >= addDays(c.dueDate, -s.reminderDays)) {
          const sent = await this.message(m, { institutionId: c.institutionId, personId: c.personId, kind: 'self-check-reminder', title: `请按时提交自查报告：${title}`, body: `自查报告截止日期 ${c.dueDate}。`, dedupeKey: `self-check-reminder:${c.id}` }, at);
          if (sent) result.reminded++;
        }
      }
      result.rotationFlags = await this.flagRotation(m, points, settings, today, at);
    });
    return result;
  }

  /** 000: whoever has held a post with an A-grade risk for ≥ 5 years should rotate; the discipline officers are told once a year. */
  private async flagRotation(m: EntityManager, points: RiskPointEntity[], settings: (id: number) => Promise<RiskSettings>, today: string, at: string): Promise<number> {
    let flags = 0;
    const aPosts = new Map<number, RiskPointEntity>();
    for (const p of points) if (p.grade === 1 && p.postId && !aPosts.has(p.postId)) aPosts.set(p.postId, p);
    if (!aPosts.size) return 0;
    const holders = await m.getRepository(PersonEntity).findBy({ postId: In([...aPosts.keys()]) });
    for (const person of holders) {
      if (!person.postSince) continue;
      const s = await settings(person.institutionId);
      const since = new Date(`${person.postSince}T00:00:00Z`);
      const limit = new Date(Date.UTC(since.getUTCFullYear() + s.rotationYears, since.getUTCMonth(), since.getUTCDate())).toISOString().slice(0, 10);
      if (today < limit) continue;
      const officers = await this.ctx.peopleWithRole(m, person.institutionId, 'discipline-officer');
      const point = aPosts.get(person.postId!)!;
      for (const o of officers) {
        const sent = await this.message(m, { institutionId: person.institutionId, personId: o.id, kind: 'rotation', title: `轮岗提醒：${person.name}`, body: `${person.name}自 ${person.postSince} 起在一级（A级）风险岗位（风险点“${point.title}”）任职已满 ${s.rotationYears} 年，应考虑交流轮岗。`, dedupeKey: `rotation:${person.id}:${today.slice(0, 4)}:${o.id}` }, at);
        if (sent) flags++;
      }
    }
    return flags;
  }

  /** People on an A-grade post for at least the rotation period, computed now (the scan also sends reminders). */
  async rotationList(actor: Actor, institutionId: number): Promise<{ personId: number; name: string; postSince: string; years: number; pointId: number; pointTitle: string }[]> {
    const today = this.clock.today();
    const s = await this.ctx.settings(institutionId);
    return this.db.read(async (m) => {
      const points = await m.getRepository(RiskPointEntity).find({ where: { institutionId, grade: 1, status: In(['approved', 'published']) }, order: { id: 'ASC' } });
      const byPost = new Map<number, RiskPointEntity>();
      for (const p of points) if (p.postId && !byPost.has(p.postId)) byPost.set(p.postId, p);
      if (!byPost.size) return [];
      const people = await m.getRepository(PersonEntity).findBy({ institutionId, postId: In([...byPost.keys()]) });
      return people
        .filter((p) => p.postSince)
        .map((p) => {
          const since = Date.parse(`${p.postSince}T00:00:00Z`);
          const years = Math.floor((Date.parse(`${today}T00:00:00Z`) - since) / (365.2425 * DAY_MS));
          const point = byPost.get(p.postId!)!;
          return { personId: p.id, name: p.name, postSince: p.postSince!, years, pointId: point.id, pointTitle: point.title };
        })
        .filter((x) => x.years >= s.rotationYears);
    });
  }

  async list(actor: Actor, institutionId: number, status?: string) {
    return this.db.read(async (m) => {
      const where: Record<string, unknown> = { institutionId };
      if (status) where.status = status;
      const rows = await m.getRepository(SelfCheckEntity).find({ where, order: { dueDate: 'ASC', id: 'ASC' } });
      const points = new Map((rows.length ? await m.getRepository(RiskPointEntity).findBy({ id: In([...new Set(rows.map((r) => r.pointId))]) }) : []).map((p) => [p.id, p]));
      const people = new Map((await m.getRepository(PersonEntity).findBy({ institutionId })).map((p) => [p.id, p.name]));
      return rows.map((r) => ({ id: r.id, pointId: r.pointId, pointTitle: points.get(r.pointId)?.title ?? '', grade: points.get(r.pointId)?.grade ?? null, personId: r.personId, personName: r.personId ? (people.get(r.personId) ?? null) : null, periodKey: r.periodKey, dueDate: r.dueDate, status: r.status, report: r.report, submittedAt: r.submittedAt }));
    });
  }

  async submit(actor: Actor, id: number, report: string): Promise<void> {
    const row = await this.db.read((m) => m.getRepository(SelfCheckEntity).findOneBy({ id }));
    if (!row) throw AppError.notFound();
    await this.ctx.assertVisible(actor, row.institutionId, 'risk-self-check', id);
    const roles = await this.ctx.rolesAt(actor, row.institutionId);
    const mine = !!actor.personId && actor.personId === row.personId;
    if (!mine && !permits(actor, roles, RISK_EDITOR_ROLES)) throw AppError.forbidden();
    if (row.status === 'submitted') throw AppError.conflict({ zh: '该自查报告已提交', en: 'This self-check is already submitted' });
    await this.db.write(async (m) => {
      const at = this.clock.now().toISOString();
      await m.getRepository(SelfCheckEntity).update({ id }, { status: 'submitted', report, submittedAt: at, submittedBy: actor.userId });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: 'risk.self-check.submit', objectType: 'risk-self-check', objectId: id, detail: { late: row.status === 'overdue', dueDate: row.dueDate } });
    });
  }

  /** One page of the caller's reminders, newest first, with the true total. */
  async messages(actor: Actor, w: PageWindow, opts: { unreadOnly?: boolean } = {}): Promise<Page<RiskMessageEntity>> {
    if (!actor.personId) return pageOf([], 0, w);
    const [items, total] = await this.db.read((m) => m.getRepository(RiskMessageEntity).findAndCount({ where: { personId: actor.personId!, ...(opts.unreadOnly ? { readAt: IsNull() } : {}) }, order: { id: 'DESC' }, take: w.limit, skip: w.offset }));
    return pageOf(items, total, w);
  }

  async unreadCount(actor: Actor): Promise<number> {
    if (!actor.personId) return 0;
    return this.db.read((m) => m.getRepository(RiskMessageEntity).countBy({ personId: actor.personId!, readAt: IsNull() }));
  }

  /** Marks one of the caller's messages (or, without an id, all of them) read; someone else's message is a 404. Returns how many changed. */
  async markRead(actor: Actor, id?: number): Promise<number> {
    if (id) {
      const msg = await this.db.read((m) => m.getRepository(RiskMessageEntity).findOneBy({ id }));
      if (!msg) throw AppError.notFound();
      if (!actor.personId || msg.personId !== actor.personId) {
        await this.access.logDenied(actor, { type: 'risk-message', id }, { recordInstitutionId: msg.institutionId });
        throw AppError.notFound();
      }
    }
    if (!actor.personId) return 0;
    return this.db.write(async (m) => {
      const repo = m.getRepository(RiskMessageEntity);
      const rows = await repo.find({ where: { personId: actor.personId!, readAt: IsNull(), ...(id ? { id } : {}) }, order: { id: 'ASC' } });
      if (!rows.length) return 0;
      const now = this.clock.now().toISOString();
      await repo.update({ id: In(rows.map((r) => r.id)) }, { readAt: now });
      for (const inst of [...new Set(rows.map((r) => r.institutionId))]) {
        const ids = rows.filter((r) => r.institutionId === inst).map((r) => r.id);
        await this.audit.append(m, { actor: actorLabel(actor), institutionId: inst, action: 'risk.message.read', objectType: 'risk-message', objectId: id ?? 'all', detail: { ids } });
      }
      return rows.length;
    });
  }
}
