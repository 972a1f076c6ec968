import { Page, pageOf, PageWindow } from '../http/pagination';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In, IsNull, LessThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { insertMissing } from '../db/insert-missing';
import { DomainEventMap, DomainEvents } from '../events/domain-events';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { DepartmentEntity, InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { LocalizedText, Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { describeHitInputs, FactRow, hitSpecOf, hitText } from '../rules/rule-facts';
import { modelHitFacts } from '../rules/models/model-hit-facts';
import { NotificationService } from './notification.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf, Matter, WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningClueEntity } from './warning.entities';

export const CLUE_SOURCES = ['petition', 'audit', 'inspection', 'e-supervision', 'informant', 'democratic-evaluation', 'public-opinion', 'public-tipoff', 'self-check', 'rule'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];
/** Sources a staff member may pick; the others are set by their own intake path. */
export const STAFF_SOURCES: ClueSource[] = ['petition', 'audit', 'inspection', 'e-supervision', 'informant', 'democratic-evaluation', 'public-opinion'];

export const SOURCE_LABELS: Record<ClueSource, LocalizedText> = {
  petition: { zh: '信访举报', en: 'Petition / report' },
  audit: { zh: '审计', en: 'Audit' },
  inspection: { zh: '巡察检查', en: 'Inspection' },
  'e-supervision': { zh: '电子监察', en: 'E-supervision' },
  informant: { zh: '预警信息员', en: 'Informant' },
  'democratic-evaluation': { zh: '民主评议', en: 'Democratic evaluation' },
  'public-opinion': { zh: '舆情监测', en: 'Public opinion' },
  'public-tipoff': { zh: '网上举报', en: 'Public tip-off' },
  'self-check': { zh: '自查逾期', en: 'Overdue self-check' },
  rule: { zh: '规则预警', en: 'Rule hit' },
};

export const CLUE_STATES = ['new', 'dismissed', 'merged', 'transferred', 'warned', 'confirmed'] as const;
export const CLUE_STATE_LABELS: Record<string, LocalizedText> = {
  new: { zh: '待研判', en: 'Awaiting triage' },
  dismissed: { zh: '已了结（不予预警）', en: 'Dismissed' },
  merged: { zh: '已合并', en: 'Merged' },
  transferred: { zh: '已移送案件线索', en: 'Transferred as case clue' },
  warned: { zh: '已转预警', en: 'Turned into a warning' },
  confirmed: { zh: '再次查实，并入已有预警', en: 'Confirmed again on an open warning' },
};

/** Discipline officers, the head and the deputy in charge see clues and warnings of their institution. */
export const CLUE_VIEW_ROLES: Role[] = ['discipline-officer', 'head', 'deputy-in-charge'];
export const OFFICER: Role[] = ['discipline-officer'];
/** Triage period for a new clue: the seeds set none; 7 working days like the mildest level's answer. */
export const TRIAGE_WORKING_DAYS = 7;

export interface SubjectInput {
  subjectType: 'person' | 'department' | 'institution';
  subjectPersonId?: number;
  subjectDepartmentId?: number;
  subjectLabel?: string;
}

/** What a clue list may be narrowed to; `dueBefore` (a day) keeps those whose triage was due earlier. */
export interface ClueFilter {
  status?: string;
  source?: string;
  unit?: number;
  dueBefore?: string;
}

export interface ClueView {
  id: number;
  institutionId: number;
  source: string;
  sourceLabel: LocalizedText;
  channel: string;
  subjectType: string;
  subjectPersonId: number | null;
  subjectDepartmentId: number | null;
  subjectLabel: string;
  /** The institution handling it when not its own (a tip-off about the head or discipline officer). */
  handlerInstitutionId: number | null;
  content: string;
  status: string;
  statusLabel: LocalizedText;
  triageDue: string;
  overdue: boolean;
  anonymous: boolean;
  /** Present only for discipline officers. */
  tipster?: { name: string | null; contact: string | null };
  ruleId: string | null;
  ruleVersion: number | null;
  ruleInputs: unknown;
  /** The rule by its name (a plugin rule), else null; an outside engine's rule has only its id. */
  ruleName: LocalizedText | null;
  /** The hit's inputs as labelled rows in both languages (rule-facts.ts); what cannot be described is left out. */
  ruleFacts: FactRow[];
  outcomeNote: string | null;
  mergedIntoId: number | null;
  warningId: number | null;
  createdAt: string;
}

/** Clues (预警信息): intake from staff, the public page, rule hits and overdue self-checks; and triage. */
@Injectable()
export class ClueService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly events: DomainEvents,
    private readonly cfg: WarningConfigService,
    private readonly notify: NotificationService,
    private readonly host: PluginHost,
    private readonly jurisdiction: WarningJurisdictionService,
  ) {}

  onModuleInit(): void {
    this.events.on('rule.hit', async (m, p) => void (await this.intakeRuleHit(m, p)));
    this.events.on('self-check.overdue', async (m, p) => void (await this.intakeSelfCheck(m, p)));
  }

  async canSeeTipster(actor: Actor, clue: Matter): Promise<boolean> {
    // Only discipline officers over the clue: system admins and leaders never learn who reported.
    return (await this.jurisdiction.rolesOver(actor, clue)).includes('discipline-officer');
  }

  view(c: WarningClueEntity, withTipster: boolean, today: string): ClueView {
    const v: ClueView = {
      id: c.id,
      institutionId: c.institutionId,
      source: c.source,
      sourceLabel: SOURCE_LABELS[c.source as ClueSource] ?? { zh: c.source, en: c.source },
      channel: c.channel,
      subjectType: c.subjectType,
      subjectPersonId: c.subjectPersonId,
      subjectDepartmentId: c.subjectDepartmentId,
      subjectLabel: c.subjectLabel,
      handlerInstitutionId: c.handlerInstitutionId,
      content: c.content,
      status: c.status,
      statusLabel: CLUE_STATE_LABELS[c.status],
      triageDue: c.triageDue,
      overdue: c.status === 'new' && c.triageDue < today,
      anonymous: c.anonymous,
      ruleId: c.ruleId,
      ruleVersion: c.ruleVersion,
      ruleInputs: c.ruleInputs ? JSON.parse(c.ruleInputs) : null,
      ...this.ruleFacts(c),
      outcomeNote: c.outcomeNote,
      mergedIntoId: c.mergedIntoId,
      warningId: c.warningId,
      createdAt: c.createdAt,
    };
    if (withTipster && c.channel === 'public') v.tipster = { name: c.anonymous ? null : c.tipsterName, contact: c.anonymous ? null : c.tipsterContact };
    return v;
  }

  /** A rule clue's rule name and its inputs as labelled rows. */
  private ruleFacts(c: WarningClueEntity): Pick<ClueView, 'ruleName' | 'ruleFacts'> {
    const found = c.ruleId ? hitSpecOf(this.host, c.ruleId) : null;
    if (!found) {
      const model = c.ruleInputs ? modelHitFacts(JSON.parse(c.ruleInputs)) : null;
      return { ruleName: model?.name ?? null, ruleFacts: model?.facts ?? [] };
    }
    return { ruleName: found.rule.label, ruleFacts: c.ruleInputs ? describeHitInputs(JSON.parse(c.ruleInputs), found.spec) : [] };
  }

  /** Fills person/department/post ids and a label from the subject the caller named. */
  async resolveSubject(m: EntityManager, institutionId: number, s: SubjectInput): Promise<Pick<WarningClueEntity, 'subjectType' | 'subjectPersonId' | 'subjectDepartmentId' | 'subjectPostId' | 'subjectLabel'>> {
    if (s.subjectType === 'person') {
      const p = s.subjectPersonId ? await m.getRepository(PersonEntity).findOneBy({ id: s.subjectPersonId, institutionId }) : null;
      if (!p) {
        if (s.subjectPersonId || !s.subjectLabel) throw AppError.validation([{ field: 'subjectPersonId', key: 'validation.invalid' }]);
        return { subjectType: 'person', subjectPersonId: null, subjectDepartmentId: null, subjectPostId: null, subjectLabel: s.subjectLabel };
      }
      return { subjectType: 'person', subjectPersonId: p.id, subjectDepartmentId: p.departmentId, subjectPostId: p.postId, subjectLabel: p.name };
    }
    if (s.subjectType === 'department') {
      const d = s.subjectDepartmentId ? await m.getRepository(DepartmentEntity).findOneBy({ id: s.subjectDepartmentId, institutionId }) : null;
      if (!d) {
        if (s.subjectDepartmentId || !s.subjectLabel) throw AppError.validation([{ field: 'subjectDepartmentId', key: 'validation.invalid' }]);
        return { subjectType: 'department', subjectPersonId: null, subjectDepartmentId: null, subjectPostId: null, subjectLabel: s.subjectLabel };
      }
      return { subjectType: 'department', subjectPersonId: null, subjectDepartmentId: d.id, subjectPostId: null, subjectLabel: d.name };
    }
    const inst = await m.getRepository(InstitutionEntity).findOneByOrFail({ id: institutionId });
    return { subjectType: 'institution', subjectPersonId: null, subjectDepartmentId: null, subjectPostId: null, subjectLabel: inst.name };
  }

  /**
   * The subject a warning is decided against: a person or department on file at the clue's institution, or the
   * institution itself; a name alone is not enough, since the warning must reach someone who can answer it.
   */
  async triageSubject(m: EntityManager, institutionId: number, s: SubjectInput): Promise<Pick<WarningClueEntity, 'subjectType' | 'subjectPersonId' | 'subjectDepartmentId' | 'subjectPostId' | 'subjectLabel'>> {
    if (s.subjectType === 'person' && !s.subjectPersonId) throw AppError.validation([{ field: 'subjectPersonId', key: 'validation.required' }]);
    if (s.subjectType === 'department' && !s.subjectDepartmentId) throw AppError.validation([{ field: 'subjectDepartmentId', key: 'validation.required' }]);
    const found =
      s.subjectType === 'person' ? await m.getRepository(PersonEntity).findOneBy({ id: s.subjectPersonId, institutionId })
      : s.subjectType === 'department' ? await m.getRepository(DepartmentEntity).findOneBy({ id: s.subjectDepartmentId, institutionId })
      : true;
    // Someone of another institution answers like a missing id.
    if (!found) throw AppError.notFound();
    return this.resolveSubject(m, institutionId, { subjectType: s.subjectType, subjectPersonId: s.subjectPersonId, subjectDepartmentId: s.subjectDepartmentId });
  }

  /** Saves a new clue, audits it and tells the officers handling it (the public tip-off service takes this path too). */
  async insert(m: EntityManager, row: Partial<WarningClueEntity>, actor: string): Promise<WarningClueEntity> {
    const clue = this.build(m, row);
    await m.getRepository(WarningClueEntity).insert(clue);
    await this.announce(m, clue, actor);
    return clue;
  }

  /** As insert, for intake that may be delivered twice: null when a clue with the same intake key exists. */
  private async insertOnce(m: EntityManager, row: Partial<WarningClueEntity> & { intakeKey: string }, actor: string): Promise<WarningClueEntity | null> {
    const [clue] = await insertMissing(m, WarningClueEntity, [this.build(m, row)], ['institutionId', 'intakeKey']);
    if (clue) await this.announce(m, clue, actor);
    return clue ?? null;
  }

  private build(m: EntityManager, row: Partial<WarningClueEntity>): WarningClueEntity {
    const now = this.cfg.nowIso();
    return m.getRepository(WarningClueEntity).create({
      anonymous: false,
      tipsterName: null,
      tipsterContact: null,
      receiptHash: null,
      ruleId: null,
      ruleVersion: null,
      ruleInputs: null,
      intakeKey: null,
      recordIds: null,
      handlerInstitutionId: null,
      outcomeNote: null,
      mergedIntoId: null,
      warningId: null,
      createdBy: null,
      status: 'new',
      triageDue: this.cfg.calendar.addWorkingDays(this.cfg.today(), TRIAGE_WORKING_DAYS),
      createdAt: now,
      updatedAt: now,
      ...row,
    });
  }

  /** Audits a new clue and tells the officers of the institution handling it. */
  private async announce(m: EntityManager, clue: WarningClueEntity, actor: string): Promise<void> {
    await this.audit.append(m, { actor, institutionId: clue.institutionId, action: 'warning.clue.intake', objectType: 'warning-clue', objectId: clue.id, detail: { source: clue.source, channel: clue.channel, handlerInstitutionId: clue.handlerInstitutionId } });
    const officers = await this.notify.usersWithRole(m, handlerOf(clue), OFFICER);
    await this.notify.message(m, officers, { institutionId: handlerOf(clue), warningId: null, kind: 'clue.new', title: `新预警信息 #${clue.id}（${SOURCE_LABELS[clue.source as ClueSource]?.zh ?? clue.source}）`, body: `研判期限 ${clue.triageDue}`, uniqueKey: `clue-new:${clue.id}` });
  }

  async createByStaff(actor: Actor, input: SubjectInput & { source: ClueSource; content: string }): Promise<ClueView> {
    const institutionId = actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institution', key: 'validation.required' }]);
    if (!STAFF_SOURCES.includes(input.source)) throw AppError.validation([{ field: 'source', key: 'validation.enum', params: { values: STAFF_SOURCES.join(', ') } }]);
    return this.db.write(async (m) => {
      const subject = await this.resolveSubject(m, institutionId, input);
      const handlerInstitutionId = subject.subjectType === 'person' ? await this.jurisdiction.handlerFor(m, institutionId, { personId: subject.subjectPersonId, label: subject.subjectLabel }) : null;
      const clue = await this.insert(m, { institutionId, source: input.source, channel: 'staff', content: input.content, ...subject, handlerInstitutionId, createdBy: actor.userId }, actorLabel(actor));
      return this.view(clue, false, this.cfg.today());
    });
  }

  async intakeRuleHit(m: EntityManager, p: DomainEventMap['rule.hit']): Promise<WarningClueEntity | null> {
    const intakeKey = `rule-hit:${p.hitId}`;
    return this.insertOnce(
      m,
      {
        institutionId: p.institutionId,
        source: 'rule',
        channel: 'rule',
        subjectType: 'institution',
        subjectPersonId: null,
        subjectDepartmentId: null,
        subjectPostId: null,
        subjectLabel: p.subjectLabel.slice(0, 200),
        content: this.ruleHitContent(p),
        ruleId: p.ruleId,
        ruleVersion: p.ruleVersion,
        ruleInputs: JSON.stringify(p.inputs ?? null),
        recordIds: p.recordIds.length ? JSON.stringify(p.recordIds) : null,
        intakeKey,
      },
      'system:rules',
    );
  }

  /** The clue's text in Chinese sentences: the rule's name, the matter, its message and facts; ids and the level have their own columns. */
  private ruleHitContent(p: DomainEventMap['rule.hit']): string {
    const found = hitSpecOf(this.host, p.ruleId);
    const rule = { label: found?.rule.label ?? p.ruleLabel ?? { zh: '规则预警', en: 'Rule hit' }, message: p.message };
    return hitText(rule, p.subjectLabel, found ? describeHitInputs(p.inputs, found.spec) : [], 'zh');
  }

  async intakeSelfCheck(m: EntityManager, p: DomainEventMap['self-check.overdue']): Promise<WarningClueEntity | null> {
    const intakeKey = `self-check:${p.selfCheckId}:${p.dueDate}`;
    if (await m.getRepository(WarningClueEntity).findOneBy({ institutionId: p.institutionId, intakeKey })) return null;
    const subject = p.personId
      ? await this.resolveSubject(m, p.institutionId, { subjectType: 'person', subjectPersonId: p.personId })
      : p.departmentId
        ? await this.resolveSubject(m, p.institutionId, { subjectType: 'department', subjectDepartmentId: p.departmentId })
        : await this.resolveSubject(m, p.institutionId, { subjectType: 'institution' });
    return this.insert(m, { institutionId: p.institutionId, source: 'self-check', channel: 'self-check', ...subject, content: `自查任务“${p.title}”已过期限 ${p.dueDate} 未报告`, intakeKey }, 'system:risk');
  }

  /** The internal rule-hit API: an outside rule engine reports a hit with the rule, its version and inputs. */
  async reportRuleHit(actor: Actor, input: { institutionId: number; ruleId: string; ruleVersion: number; subjectLabel: string; message: string; inputs: unknown; hitKey: string }): Promise<ClueView> {
    await this.access.assertVisible(actor, input.institutionId, { type: 'institution', id: input.institutionId });
    return this.db.write(async (m) => {
      const intakeKey = `rule-api:${input.ruleId}:${input.ruleVersion}:${input.hitKey}`;
      const existing = await m.getRepository(WarningClueEntity).findOneBy({ institutionId: input.institutionId, intakeKey });
      const clue =
        existing ??
        (await this.insert(
          m,
          { institutionId: input.institutionId, source: 'rule', channel: 'rule', subjectType: 'institution', subjectPersonId: null, subjectDepartmentId: null, subjectPostId: null, subjectLabel: input.subjectLabel, content: input.message, ruleId: input.ruleId, ruleVersion: input.ruleVersion, ruleInputs: JSON.stringify(input.inputs ?? null), intakeKey },
          actorLabel(actor),
        ));
      return this.view(clue, false, this.cfg.today());
    });
  }

  /**
   * One page of the clues handled at the institutions the caller oversees (the current one and those below it), of
   * one unit when asked, due before a day when asked; soonest due first, with the true count of all that match.
   */
  async page(actor: Actor, filter: ClueFilter, w: PageWindow): Promise<Page<ClueView>> {
    if (!actor.currentInstitutionId) return pageOf([], 0, w);
    const scope = await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES);
    if (!scope.length) throw AppError.forbidden();
    const base: FindOptionsWhere<WarningClueEntity> = { ...(filter.status ? { status: filter.status } : {}), ...(filter.source ? { source: filter.source } : {}), ...(filter.dueBefore ? { triageDue: LessThan(filter.dueBefore) } : {}) };
    const where: FindOptionsWhere<WarningClueEntity>[] = [{ ...base, handlerInstitutionId: In(scope), ...(filter.unit ? { institutionId: filter.unit } : {}) }];
    const own = filter.unit ? scope.filter((i) => i === filter.unit) : scope;
    if (own.length) where.push({ ...base, handlerInstitutionId: IsNull(), institutionId: In(own) });
    const [rows, total] = await this.db.read((m) => m.getRepository(WarningClueEntity).findAndCount({ where, order: { triageDue: 'ASC', id: 'ASC' }, take: w.limit, skip: w.offset }));
    const withTipster = new Map<number, boolean>();
    for (const c of rows) if (!withTipster.has(handlerOf(c))) withTipster.set(handlerOf(c), await this.canSeeTipster(actor, c));
    const today = this.cfg.today();
    return pageOf(rows.map((c) => this.view(c, withTipster.get(handlerOf(c))!, today)), total, w);
  }

  /** The clue, for an officer or leader over it (at its handler); 404 for anyone else, as for a missing id. */
  async load(m: EntityManager, actor: Actor, id: number): Promise<WarningClueEntity> {
    const clue = await m.getRepository(WarningClueEntity).findOneBy({ id });
    if (!clue) throw AppError.notFound();
    const place = actor.visibleInstitutionIds.includes(clue.institutionId) ? clue.institutionId : handlerOf(clue);
    await this.access.assertVisible(actor, place, { type: 'warning-clue', id });
    if (await this.jurisdiction.can(actor, clue, CLUE_VIEW_ROLES)) return clue;
    // Whoever may not read it (staff, or an officer the matter is routed past) cannot tell it from a missing id: no tip-off oracle.
    throw await this.access.concealed(actor, { type: 'warning-clue', id }, { recordInstitutionId: clue.institutionId, handlerInstitutionId: handlerOf(clue) });
  }

  async get(actor: Actor, id: number): Promise<ClueView> {
    const clue = await this.db.read((m) => this.load(m, actor, id));
    return this.view(clue, await this.canSeeTipster(actor, clue), this.cfg.today());
  }

  private async close(m: EntityManager, actor: Actor, clue: WarningClueEntity, status: string, changes: Partial<WarningClueEntity>, action: string, detail: Record<string, unknown>): Promise<ClueView> {
    if (clue.status !== 'new') {
      throw AppError.conflict({ zh: `该预警信息已研判（${CLUE_STATE_LABELS[clue.status].zh}），不能再次处理`, en: `This clue has already been triaged (${CLUE_STATE_LABELS[clue.status].en})` });
    }
    Object.assign(clue, changes, { status, updatedAt: this.cfg.nowIso() });
    await m.getRepository(WarningClueEntity).save(clue);
    await this.audit.append(m, { actor: actorLabel(actor), institutionId: clue.institutionId, action, objectType: 'warning-clue', objectId: clue.id, detail });
    return this.view(clue, await this.canSeeTipster(actor, clue), this.cfg.today());
  }

  async dismiss(actor: Actor, id: number, reason: string): Promise<ClueView> {
    return this.db.write(async (m) => {
      const clue = await this.load(m, actor, id);
      await this.jurisdiction.require(actor, clue, OFFICER);
      return this.close(m, actor, clue, 'dismissed', { outcomeNote: reason }, 'warning.clue.dismiss', { reason });
    });
  }

  async merge(actor: Actor, id: number, intoId: number): Promise<ClueView> {
    return this.db.write(async (m) => {
      const clue = await this.load(m, actor, id);
      await this.jurisdiction.require(actor, clue, OFFICER);
      if (intoId === id) throw AppError.conflict({ zh: '不能与自身合并', en: 'A clue cannot be merged into itself' });
      const target = await m.getRepository(WarningClueEntity).findOneBy({ id: intoId, institutionId: clue.institutionId });
      if (!target) throw AppError.validation([{ field: 'intoClueId', key: 'validation.invalid' }]);
      if (target.status === 'merged') throw AppError.conflict({ zh: '目标预警信息本身已被合并，请合并到其主线索', en: 'The target was itself merged; merge into its main clue' });
      return this.close(m, actor, clue, 'merged', { mergedIntoId: target.id }, 'warning.clue.merge', { into: target.id });
    });
  }

  /** 003 篇5 三 2: what already constitutes a disciplinary violation is not a warning matter; it goes to case handling. */
  async transfer(actor: Actor, id: number, note: string): Promise<ClueView> {
    return this.db.write(async (m) => {
      const clue = await this.load(m, actor, id);
      await this.jurisdiction.require(actor, clue, OFFICER);
      return this.close(m, actor, clue, 'transferred', { outcomeNote: note }, 'warning.clue.transfer', { note, leavesWarningFlow: true });
    });
  }

  /** Marks the clue as turned into (or confirmed on) a warning; called inside the warning service's write. */
  async markUsed(m: EntityManager, actor: Actor, clue: WarningClueEntity, status: 'warned' | 'confirmed', warningId: number): Promise<void> {
    await this.close(m, actor, clue, status, { warningId }, status === 'warned' ? 'warning.clue.warn' : 'warning.clue.confirm', { warningId });
  }

}
