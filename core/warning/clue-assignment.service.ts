import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { isValidIsoDate } from '../calendar/working-days';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { CLUE_STATE_LABELS, CLUE_VIEW_ROLES, ClueService, OFFICER } from './clue.service';
import { ASSIGNERS, AssignmentView, ClueAssignmentAccess } from './clue-assignment-access.service';
import { ASSIGNMENT_STATE_LABELS, ASSIGNMENT_TRANSITIONS, AssignmentAction, AssignmentState, OPEN_ASSIGNMENT_STATES } from './clue-assignment-labels';
import { NotificationService } from './notification.service';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningAssignmentEntity, WarningAssignmentStepEntity, WarningClueEntity, WarningEntity } from './warning.entities';

export interface AssignmentStep {
  kind: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export interface AssignmentFilter {
  status?: string;
  unit?: number;
  overdue?: boolean;
}

const ACTION_WORDS: Record<Exclude<AssignmentAction, 'assign'>, { zh: string; en: string }> = {
  report: { zh: '报告办理结果', en: 'report on it' },
  accept: { zh: '审核办结', en: 'accept it' },
  return: { zh: '退回重办', en: 'return it' },
  'take-over': { zh: '提级办理', en: 'take it over' },
};

/**
 * 交办、督办: a discipline body assigns a clue to a unit below it with a deadline and instructions; the unit's
 * discipline officer handles it on its own board and reports the outcome; the body accepts (closes) or returns it,
 * or takes the matter back (提级办理) any time before it is closed.
 */
@Injectable()
export class ClueAssignmentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly cfg: WarningConfigService,
    private readonly clues: ClueService,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly notify: NotificationService,
    private readonly rights: ClueAssignmentAccess,
  ) {}

  /** The units below the caller's current body that a clue may go to: its own institution and those between. */
  async unitsFor(actor: Actor, clue: Pick<WarningClueEntity, 'institutionId'>): Promise<{ id: number; name: string }[]> {
    const from = actor.currentInstitutionId;
    if (!from) return [];
    const chain = await this.jurisdiction.chain(clue.institutionId);
    const at = chain.findIndex((i) => i.id === from);
    return at > 0 ? chain.slice(0, at).map((i) => ({ id: i.id, name: i.name })) : [];
  }

  async assign(actor: Actor, clueId: number, input: { unitId: number; deadline: string; instructions: string }): Promise<AssignmentView> {
    const from = actor.currentInstitutionId;
    if (!from) throw new AppError(400, 'error.no_institution');
    return this.db.write(async (m) => {
      const clue = await this.clues.load(m, actor, clueId);
      if (!(await this.rights.supervises(actor, { fromInstitutionId: from }, ASSIGNERS))) throw AppError.forbidden();
      // A unit out of the caller's body, or out of sight, answers like a missing one.
      const unitChain = await this.jurisdiction.chain(input.unitId);
      if (!unitChain.slice(1).some((i) => i.id === from) || !actor.visibleInstitutionIds.includes(input.unitId)) throw AppError.notFound();
      if (!(await this.unitsFor(actor, clue)).some((u) => u.id === input.unitId)) throw new AppError(400, 'error.validation', {}, [{ field: 'unitId', key: 'error.assign_unit_scope' }]);
      this.checkDeadline(input.deadline);
      if (clue.status !== 'new') throw AppError.conflict({ zh: `该预警信息已研判（${CLUE_STATE_LABELS[clue.status].zh}），不能再交办`, en: `This clue has already been triaged (${CLUE_STATE_LABELS[clue.status].en})` });
      const open = await this.openFor(m, clue.id);
      if (open) throw AppError.conflict({ zh: `该预警信息已交办（交办单 #${open.id}），请在交办单上督办`, en: `This clue is already assigned (assignment #${open.id})` });
      if (input.unitId === clue.institutionId && (await this.jurisdiction.namesHeadOrOfficer(m, clue.institutionId, { personId: clue.subjectPersonId, label: clue.subjectLabel }))) {
        throw AppError.conflict({ zh: '反映的是该单位主要领导或纪检监察干部，应由上级纪检监察机关办理，不能交办给该单位', en: "The clue names the unit's head or discipline officer; it stays with the body above" });
      }
      const now = this.cfg.nowIso();
      const repo = m.getRepository(WarningAssignmentEntity);
      const a = repo.create({ institutionId: clue.institutionId, clueId: clue.id, fromInstitutionId: from, unitInstitutionId: input.unitId, deadline: input.deadline, instructions: input.instructions, status: 'assigned', outcome: null, warningId: null, createdBy: actor.userId, createdAt: now, updatedAt: now });
      await repo.insert(a);
      // The unit's own discipline body now triages it on its board; the assigning body keeps seeing it from above.
      clue.handlerInstitutionId = input.unitId === clue.institutionId ? null : input.unitId;
      clue.updatedAt = now;
      await m.getRepository(WarningClueEntity).save(clue);
      const unit = unitChain[0].name;
      await this.record(m, actor, a, 'assign', null, { unit, deadline: a.deadline, instructions: a.instructions, clueId: clue.id });
      const officers = await this.notify.usersWithRole(m, input.unitId, OFFICER);
      await this.notify.message(m, officers, { institutionId: input.unitId, warningId: null, kind: 'assignment.new', title: `交办件 #${a.id}：${clue.subjectLabel}`, body: `办理期限 ${a.deadline}，请研判办理并按期报告办理结果。`, uniqueKey: `assignment-new:${a.id}` });
      return this.one(m, a);
    });
  }

  async report(actor: Actor, id: number, input: { outcome: string }): Promise<AssignmentView> {
    return this.act(actor, id, 'report', async (m, a) => {
      await this.rights.requireUnitOfficer(actor, a);
      this.checkState(a, 'report');
      const clue = await m.getRepository(WarningClueEntity).findOneByOrFail({ id: a.clueId });
      const warning = clue.warningId ? await m.getRepository(WarningEntity).findOneBy({ id: clue.warningId }) : null;
      Object.assign(a, { outcome: input.outcome, warningId: warning?.id ?? null });
      return { outcome: input.outcome, warning: warning ? `#${warning.id} ${warning.title}` : null, warningId: warning?.id ?? null, warningStatus: warning?.status ?? null };
    });
  }

  async accept(actor: Actor, id: number, input: { note?: string }): Promise<AssignmentView> {
    return this.act(actor, id, 'accept', async (_m, a) => {
      await this.rights.requireAssigner(actor, a);
      this.checkState(a, 'accept');
      return { note: input.note ?? null };
    });
  }

  async return(actor: Actor, id: number, input: { reason: string; deadline?: string }): Promise<AssignmentView> {
    return this.act(actor, id, 'return', async (_m, a) => {
      await this.rights.requireAssigner(actor, a);
      if (input.deadline) this.checkDeadline(input.deadline);
      this.checkState(a, 'return');
      if (input.deadline) a.deadline = input.deadline;
      return { reason: input.reason, deadline: a.deadline };
    });
  }

  /** 提级办理: the assigning body takes the matter back; the clue (and a warning raised from it) is handled there again. */
  async takeOver(actor: Actor, id: number, input: { note?: string }): Promise<AssignmentView> {
    return this.act(actor, id, 'take-over', async (m, a) => {
      await this.rights.requireAssigner(actor, a);
      this.checkState(a, 'take-over');
      const clue = await m.getRepository(WarningClueEntity).findOneByOrFail({ id: a.clueId });
      clue.handlerInstitutionId = a.fromInstitutionId;
      clue.updatedAt = this.cfg.nowIso();
      await m.getRepository(WarningClueEntity).save(clue);
      if (clue.warningId) await m.getRepository(WarningEntity).update({ id: clue.warningId }, { handlerInstitutionId: a.fromInstitutionId, updatedAt: this.cfg.nowIso() });
      return { note: input.note ?? null };
    });
  }

  /** Loads, checks and changes an assignment in one write: `step` checks the caller and state and returns the step's data. */
  private async act(actor: Actor, id: number, action: Exclude<AssignmentAction, 'assign'>, step: (m: EntityManager, a: WarningAssignmentEntity) => Promise<Record<string, unknown>>): Promise<AssignmentView> {
    return this.db.write(async (m) => {
      const a = await this.rights.load(m, actor, id);
      const from = a.status;
      const data = await step(m, a);
      a.status = ASSIGNMENT_TRANSITIONS[action].to;
      a.updatedAt = this.cfg.nowIso();
      await m.getRepository(WarningAssignmentEntity).save(a);
      await this.record(m, actor, a, action, from, data);
      await this.tell(m, a, action);
      return this.one(m, a);
    });
  }

  /** The step row and the audit row of a change. */
  private async record(m: EntityManager, actor: Actor, a: WarningAssignmentEntity, kind: AssignmentAction, from: string | null, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(WarningAssignmentStepEntity).insert({ assignmentId: a.id, institutionId: a.institutionId, kind, actor: actorLabel(actor), at: this.cfg.nowIso(), data: JSON.stringify(data) });
    await this.audit.append(m, { actor: actorLabel(actor), institutionId: a.institutionId, action: `warning.assignment.${kind}`, objectType: 'warning-assignment', objectId: a.id, detail: { from, to: a.status, clueId: a.clueId, unitInstitutionId: a.unitInstitutionId, ...data } });
  }

  /**
   * The daily scan's 督办: an assignment past its deadline with no report is flagged once per deadline, to the unit's
   * discipline officers (催办) and back to the assigning body's. Returns how many assignments were newly flagged.
   */
  async flagOverdue(m: EntityManager, today: string): Promise<number> {
    const rows = await m.getRepository(WarningAssignmentEntity).createQueryBuilder('a').where("a.status = 'assigned' AND a.deadline < :today", { today }).orderBy('a.id', 'ASC').getMany();
    let flagged = 0;
    for (const a of rows) {
      const key = `assignment-overdue:${a.id}:${a.deadline}`;
      const unit = await this.notify.message(m, await this.notify.usersWithRole(m, a.unitInstitutionId, OFFICER), { institutionId: a.unitInstitutionId, warningId: null, kind: 'assignment.overdue', title: `交办件 #${a.id} 已超过办理期限 ${a.deadline}，请尽快报告办理结果`, body: '逾期未报告的交办件已同时报交办机关督办。', uniqueKey: key });
      const body = await this.notify.message(m, await this.notify.usersWithRole(m, a.fromInstitutionId, ASSIGNERS), { institutionId: a.fromInstitutionId, warningId: null, kind: 'assignment.overdue', title: `交办件 #${a.id} 逾期未报告（期限 ${a.deadline}），请督办`, body: '可催办、退回重办或提级办理。', uniqueKey: key });
      if (unit + body > 0) flagged++;
    }
    return flagged;
  }

  /** A report goes to the assigning body's officers; its answers go to the unit's. */
  private async tell(m: EntityManager, a: WarningAssignmentEntity, action: Exclude<AssignmentAction, 'assign'>): Promise<void> {
    const to = action === 'report' ? a.fromInstitutionId : a.unitInstitutionId;
    const users = await this.notify.usersWithRole(m, to, OFFICER);
    const title = action === 'report' ? `交办件 #${a.id} 已报告办理结果，请审核` : `交办件 #${a.id}：${ASSIGNMENT_STATE_LABELS[a.status as AssignmentState].zh}`;
    await this.notify.message(m, users, { institutionId: to, warningId: null, kind: `assignment.${action}`, title, body: action === 'return' ? `请于 ${a.deadline} 前重新报告。` : '', uniqueKey: `assignment-${action}:${a.id}:${a.updatedAt}` });
  }

  private checkState(a: WarningAssignmentEntity, action: Exclude<AssignmentAction, 'assign'>): void {
    if (ASSIGNMENT_TRANSITIONS[action].from.includes(a.status as AssignmentState)) return;
    const now = ASSIGNMENT_STATE_LABELS[a.status as AssignmentState];
    throw AppError.conflict({ zh: `该交办件${now.zh}，不能${ACTION_WORDS[action].zh}`, en: `This assignment is ${now.en.toLowerCase()}; you cannot ${ACTION_WORDS[action].en}` });
  }

  /** A deadline is a real date, today (Beijing) or later. */
  private checkDeadline(deadline: string): void {
    if (!isValidIsoDate(deadline)) throw AppError.validation([{ field: 'deadline', key: 'validation.date' }]);
    const today = this.cfg.today();
    if (deadline < today) throw AppError.validation([{ field: 'deadline', key: 'validation.not_before_today', params: { today } }]);
  }

  private openFor(m: EntityManager, clueId: number): Promise<WarningAssignmentEntity | null> {
    return m.getRepository(WarningAssignmentEntity).createQueryBuilder('a').where('a.clue_id = :clueId', { clueId }).andWhere('a.status IN (:...open)', { open: OPEN_ASSIGNMENT_STATES }).getOne();
  }

  async get(actor: Actor, id: number): Promise<AssignmentView & { steps: AssignmentStep[] }> {
    return this.db.read(async (m) => this.one(m, await this.rights.load(m, actor, id)));
  }

  /** One assignment with its steps, oldest first: who did what, when, with what. */
  private async one(m: EntityManager, a: WarningAssignmentEntity): Promise<AssignmentView & { steps: AssignmentStep[] }> {
    const steps = await m.getRepository(WarningAssignmentStepEntity).find({ where: { assignmentId: a.id }, order: { id: 'ASC' } });
    return { ...(await this.rights.views(m, [a]))[0], steps: steps.map((s) => ({ kind: s.kind, actor: s.actor, at: s.at, data: JSON.parse(s.data) as Record<string, unknown> })) };
  }

  /** The assignments of a clue the caller may see, newest first. */
  async ofClue(actor: Actor, clueId: number): Promise<AssignmentView[]> {
    return this.db.read(async (m) => {
      const rows = await m.getRepository(WarningAssignmentEntity).find({ where: { clueId }, order: { id: 'DESC' } });
      const seen: WarningAssignmentEntity[] = [];
      for (const a of rows) if (await this.rights.canSee(actor, a)) seen.push(a);
      return this.rights.views(m, seen);
    });
  }

  /**
   * One page of the assignments the caller supervises (made by the current body or below it) or handles (at units
   * where they hold the discipline role): overdue first, then open ones, each soonest due first.
   */
  async page(actor: Actor, filter: AssignmentFilter, w: PageWindow): Promise<Page<AssignmentView>> {
    if (!actor.currentInstitutionId) return pageOf([], 0, w);
    const supervised = await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES);
    const handled = await this.jurisdiction.scope(actor, OFFICER);
    if (!supervised.length && !handled.length) throw AppError.forbidden();
    const today = this.cfg.today();
    return this.db.read(async (m) => {
      const qb = m
        .getRepository(WarningAssignmentEntity)
        .createQueryBuilder('a')
        .where(
          new Brackets((b) => {
            if (supervised.length) b.orWhere('a.from_institution_id IN (:...supervised)', { supervised });
            if (handled.length) b.orWhere('a.unit_institution_id IN (:...handled)', { handled });
          }),
        );
      if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
      if (filter.unit) qb.andWhere('a.unit_institution_id = :unit', { unit: filter.unit });
      if (filter.overdue) qb.andWhere("a.status = 'assigned' AND a.deadline < :today", { today });
      const rows = await qb
        .addSelect("CASE WHEN a.status = 'assigned' AND a.deadline < :today THEN 0 WHEN a.status IN ('assigned', 'reported') THEN 1 ELSE 2 END", 'sort_rank')
        .setParameter('today', today)
        .orderBy('sort_rank', 'ASC')
        .addOrderBy('a.deadline', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .offset(w.offset)
        .limit(w.limit)
        .getMany();
      const total = await qb.getCount();
      return pageOf(await this.rights.views(m, rows), total, w);
    });
  }
}
