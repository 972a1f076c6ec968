import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, Like } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel, systemActor } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { IssuedDocumentEntity } from '../documents/documents.entities';
import { chineseDate, DocumentsService, ISSUING_ROLES, IssuedDocumentView } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import { PersonEntity, PostEntity } from '../org/org.entities';
import type { LocalizedText, Role } from '../plugin-api';
import { CLUE_VIEW_ROLES, ClueService, ClueView, OFFICER } from './clue.service';
import { extensionDocument, interviewNoticeDocument, noticeDocument } from './warning-documents';
import { NotificationService } from './notification.service';
import { dueAfter, LevelDef, PaletteDef } from './warning-levels';
import { WarningConfigService } from './warning-config.service';
import { actionsFrom, AWAITING_ANSWER, OPEN_STATES, STATE_LABELS, transition, TRANSITIONS, WarningAction, WarningState } from './warning-state';
import { WarningClueEntity, WarningEntity, WarningEscalationEntity, WarningEvidenceEntity, WarningStepEntity } from './warning.entities';
import { daysBetween } from './working-days';

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** Multer options: one file, size-capped; browsers send UTF-8 file names (Chinese names stay readable). */
export const EVIDENCE_UPLOAD = { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5 }, defParamCharset: 'utf8' };
export const EVIDENCE_TYPES = [
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;

/** The file's real type from its first bytes; the name and the browser's claim are not trusted. */
export function sniffEvidenceType(buf: Buffer): (typeof EVIDENCE_TYPES)[number] | null {
  return EVIDENCE_TYPES.find((t) => buf.length >= t.magic.length && t.magic.every((b, i) => buf[i] === b)) ?? null;
}

/** The part of a multer file the service needs. */
export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface StepView {
  id: number;
  kind: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export interface WarningView {
  id: number;
  institutionId: number;
  clueId: number;
  subjectType: string;
  subjectPersonId: number | null;
  subjectLabel: string;
  palette: string;
  level: { code: string; index: number; colour: string; label: LocalizedText; disposition: LocalizedText; document: LocalizedText; deadline: string };
  status: string;
  statusLabel: LocalizedText;
  title: string;
  reason: string;
  issuedOn: string | null;
  dueDate: string | null;
  finalDate: string | null;
  overdue: boolean;
  daysLeft: number | null;
  extensionUsed: boolean;
  extensionRequestedMonths: number | null;
  extensionAllowed: boolean;
  orgHandling: boolean;
  open: boolean;
  createdAt: string;
  /** Actions the state machine allows now (the caller's role is checked when one is taken). */
  actions: WarningAction[];
  steps: StepView[];
  /** Documents issued for the matter (from the steps), each readable at /api/documents/:id/pdf. */
  documents: { id: number; number: string; title: string; stepKind: string }[];
  evidence: { id: number; filename: string; mime: string; size: number; sha256: string; stepId: number | null }[];
  escalations: { fromLevel: string; toLevel: string | null; reason: string; at: string }[];
  clue?: ClueView;
}

/** Roles that read every document of a warning (with the warned person's own accounts). */
export const DOCUMENT_READ_ROLES: Role[] = ['discipline-officer', 'head'];

/** Steps whose document the platform issues after the step is saved (a scan has no user to issue it in the request). */
const LATE_DOCUMENT_STEPS = ['escalate', 'decide-extension'];

/** An interviewer the schedule form offers: an account with a role at the institution, shown by name. */
export interface InterviewerChoice {
  userId: number;
  name: string;
  post: string;
  roles: Role[];
  lead: boolean;
}

export function deadlineText(l: LevelDef): string {
  const unit = l.answerDeadline.unit === 'working-days' ? '个工作日' : l.answerDeadline.unit === 'months' ? '个月' : '日';
  return `${l.answerDeadline.n}${unit}`;
}

/** Warnings: decision, notice, interview, answer, review, extension, follow-up, release, appeal, archive. */
@Injectable()
export class WarningService {
  /** Steps whose late document is being issued now: the scan and a user action never issue the same one twice. */
  private readonly issuing = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly cfg: WarningConfigService,
    private readonly clues: ClueService,
    private readonly notify: NotificationService,
    private readonly env: EnvConfig,
    private readonly documents: DocumentsService,
  ) {}

  evidenceDir(): string {
    return path.join(this.env.DATA_DIR, 'warning-evidence');
  }

  private levelView(p: PaletteDef, w: WarningEntity): WarningView['level'] {
    const l = p.levels[w.levelIndex];
    return { code: l.code, index: l.index, colour: l.colour, label: l.label, disposition: l.disposition, document: l.document.title, deadline: deadlineText(l) };
  }

  async view(m: EntityManager, actor: Actor | null, w: WarningEntity, withTimeline = true): Promise<WarningView> {
    const p = await this.cfg.palette(w.institutionId);
    const today = this.cfg.today();
    const level = p.levels[w.levelIndex];
    const awaiting = AWAITING_ANSWER.includes(w.status as WarningState);
    const v: WarningView = {
      id: w.id,
      institutionId: w.institutionId,
      clueId: w.clueId,
      subjectType: w.subjectType,
      subjectPersonId: w.subjectPersonId,
      subjectLabel: w.subjectLabel,
      palette: w.palette,
      level: this.levelView(p, w),
      status: w.status,
      statusLabel: STATE_LABELS[w.status as WarningState],
      title: w.title,
      reason: w.reason,
      issuedOn: w.issuedOn,
      dueDate: w.dueDate,
      finalDate: w.finalDate,
      overdue: awaiting && !!w.dueDate && w.dueDate < today,
      daysLeft: w.dueDate && OPEN_STATES.includes(w.status as WarningState) ? daysBetween(today, w.dueDate) : null,
      extensionUsed: w.extensionUsed,
      extensionRequestedMonths: w.extensionRequestedMonths,
      extensionAllowed: level.extension.allowed && !w.extensionUsed,
      orgHandling: w.orgHandling,
      open: OPEN_STATES.includes(w.status as WarningState),
      createdAt: w.createdAt,
      actions: actionsFrom(w.status).filter((a) => !(a === 'request-extension' && (!level.extension.allowed || w.extensionUsed || w.extensionRequestedMonths)) && !(a === 'decide-extension' && !w.extensionRequestedMonths)),
      steps: [],
      documents: [],
      evidence: [],
      escalations: [],
    };
    if (withTimeline) {
      v.steps = (await m.getRepository(WarningStepEntity).find({ where: { warningId: w.id }, order: { id: 'ASC' } })).map((s) => ({ id: s.id, kind: s.kind, actor: s.actor, at: s.at, data: JSON.parse(s.data) }));
      v.documents = v.steps.flatMap((s) => {
        const d = s.data.document as { id?: number; number?: string; title?: string } | undefined;
        return d && typeof d === 'object' && d.id ? [{ id: d.id, number: d.number ?? '', title: d.title ?? '', stepKind: s.kind }] : [];
      });
      v.evidence = (await m.getRepository(WarningEvidenceEntity).find({ where: { warningId: w.id }, order: { id: 'ASC' } })).map((e) => ({ id: e.id, filename: e.filename, mime: e.mime, size: e.size, sha256: e.sha256, stepId: e.stepId }));
      v.escalations = (await m.getRepository(WarningEscalationEntity).find({ where: { warningId: w.id }, order: { id: 'ASC' } })).map((e) => ({ fromLevel: e.fromLevel, toLevel: e.toLevel, reason: e.reason, at: e.at }));
      if (actor && ((await this.access.can(actor, w.institutionId, CLUE_VIEW_ROLES)))) {
        const clue = await m.getRepository(WarningClueEntity).findOneByOrFail({ id: w.clueId });
        v.clue = this.clues.view(clue, await this.clues.canSeeTipster(actor, w.institutionId), today);
      }
    }
    return v;
  }

  /** The warned person, or for a department the head of it, or for an institution its head. */
  async isSubject(m: EntityManager, actor: Actor, w: WarningEntity): Promise<boolean> {
    if (w.subjectType === 'person') return !!actor.personId && actor.personId === w.subjectPersonId;
    const roles = await this.access.rolesAt(actor, w.institutionId);
    if (w.subjectType === 'institution') return roles.includes('head');
    if (!actor.personId || !roles.includes('department-head')) return false;
    const me = await m.getRepository(PersonEntity).findOneBy({ id: actor.personId });
    return !!me && me.departmentId === w.subjectDepartmentId;
  }

  private async load(m: EntityManager, actor: Actor, id: number): Promise<WarningEntity> {
    const w = await m.getRepository(WarningEntity).findOneBy({ id });
    if (!w) throw AppError.notFound();
    await this.access.assertVisible(actor, w.institutionId, { type: 'warning', id });
    if (!(await this.access.can(actor, w.institutionId, CLUE_VIEW_ROLES)) && !(await this.isSubject(m, actor, w))) throw AppError.notFound();
    return w;
  }

  private async requireSubject(m: EntityManager, actor: Actor, w: WarningEntity): Promise<void> {
    if (!(await this.isSubject(m, actor, w))) throw AppError.forbidden();
  }

  async step(m: EntityManager, w: WarningEntity, kind: string, actor: string, data: Record<string, unknown>): Promise<WarningStepEntity> {
    const repo = m.getRepository(WarningStepEntity);
    const s = repo.create({ warningId: w.id, institutionId: w.institutionId, kind, actor, at: this.cfg.nowIso(), data: JSON.stringify(data) });
    await repo.insert(s);
    return s;
  }

  /** Applies a checked transition, saves, records the step and the audit row in one write. */
  async apply(m: EntityManager, actor: string, w: WarningEntity, action: WarningAction, data: Record<string, unknown>, changes: Partial<WarningEntity> = {}): Promise<WarningStepEntity> {
    const from = w.status;
    const to = transition(w.status, action);
    Object.assign(w, changes);
    if (to && !changes.status) w.status = to;
    w.updatedAt = this.cfg.nowIso();
    await m.getRepository(WarningEntity).save(w);
    const s = await this.step(m, w, action, actor, data);
    await this.audit.append(m, { actor, institutionId: w.institutionId, action: `warning.${action}`, objectType: 'warning', objectId: w.id, detail: { from, to: w.status, level: w.levelCode, ...data } });
    return s;
  }

  async list(actor: Actor, filter: { status?: string; level?: string; open?: boolean } = {}): Promise<WarningView[]> {
    const inst = actor.currentInstitutionId;
    if (!inst) return [];
    return this.db.read(async (m) => {
      const leader = (await this.access.can(actor, inst, CLUE_VIEW_ROLES));
      const where: Record<string, unknown> = { institutionId: inst };
      if (filter.status) where.status = filter.status;
      if (filter.level) where.levelCode = filter.level;
      if (filter.open) where.status = In(filter.status ? [filter.status] : OPEN_STATES);
      let rows = await m.getRepository(WarningEntity).find({ where, order: { dueDate: 'ASC', id: 'ASC' }, take: 500 });
      if (!leader) {
        const mine: WarningEntity[] = [];
        for (const w of rows) if (await this.isSubject(m, actor, w)) mine.push(w);
        rows = mine;
      }
      const out: WarningView[] = [];
      for (const w of rows) out.push(await this.view(m, actor, w, false));
      return out;
    });
  }

  /** What the caller is for this warning, so screens offer only the forms they may use. */
  async capacities(actor: Actor, w: WarningView): Promise<{ subject: boolean; officer: boolean; leader: boolean }> {
    const roles = await this.access.rolesAt(actor, w.institutionId);
    const entity = await this.db.read((m) => m.getRepository(WarningEntity).findOneByOrFail({ id: w.id }));
    return {
      subject: await this.db.read((m) => this.isSubject(m, actor, entity)),
      officer: permits(actor, roles, ['discipline-officer']),
      leader: permits(actor, roles, ['head', 'deputy-in-charge']),
    };
  }

  async get(actor: Actor, id: number): Promise<WarningView> {
    return this.db.read(async (m) => this.view(m, actor, await this.load(m, actor, id)));
  }

  /** Turns a clue into a warning at a level the caller is entitled to decide (003 篇5 三 2). */
  async warnFromClue(actor: Actor, clueId: number, input: { levelCode: string; title: string; reason: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const clue = await this.clues.load(m, actor, clueId);
      const p = await this.cfg.palette(clue.institutionId);
      const level = p.levels.find((l) => l.code === input.levelCode);
      if (!level) throw AppError.validation([{ field: 'levelCode', key: 'validation.enum', params: { values: p.levels.map((l) => l.code).join(', ') } }]);
      if (!(await this.access.can(actor, clue.institutionId, level.deciders))) {
        throw new AppError(403, 'error.warning_decider', { level: level.label, who: level.deciderNote });
      }
      if (clue.status !== 'new') throw AppError.conflict({ zh: '该预警信息已研判，不能再次转为预警', en: 'This clue has already been triaged' });
      const repo = m.getRepository(WarningEntity);
      const now = this.cfg.nowIso();
      const w = repo.create({
        institutionId: clue.institutionId,
        clueId: clue.id,
        subjectType: clue.subjectType,
        subjectPersonId: clue.subjectPersonId,
        subjectDepartmentId: clue.subjectDepartmentId,
        subjectPostId: clue.subjectPostId,
        subjectLabel: clue.subjectLabel,
        palette: p.id,
        levelCode: level.code,
        levelIndex: level.index,
        levelSince: this.cfg.today(),
        status: 'decided',
        title: input.title,
        reason: input.reason,
        decidedBy: actor.userId,
        issuedOn: null,
        dueDate: null,
        finalDate: null,
        extensionUsed: false,
        extensionRequestedMonths: null,
        appealFrom: null,
        orgHandling: false,
        createdAt: now,
        updatedAt: now,
      });
      await repo.insert(w);
      await this.step(m, w, 'decide', actorLabel(actor), { level: level.code, deciders: level.deciders, note: level.deciderNote.zh });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: w.institutionId, action: 'warning.decide', objectType: 'warning', objectId: w.id, detail: { clueId: clue.id, level: level.code } });
      await this.clues.markUsed(m, actor, clue, 'warned', w.id);
      return this.view(m, actor, w);
    });
  }

  /** Sets the answer period from `from` at the warning's current level. */
  schedule(p: PaletteDef, w: WarningEntity, from: string): Partial<WarningEntity> {
    const level = p.levels[w.levelIndex];
    return { issuedOn: from, dueDate: dueAfter(this.cfg.calendar, from, level.answerDeadline), finalDate: level.maxPeriod ? dueAfter(this.cfg.calendar, from, level.maxPeriod) : null };
  }

  /** In-app message and SMS to the warned person; returns how many were new (0 when the key was used). */
  async tellSubject(m: EntityManager, w: WarningEntity, kind: string, title: string, body: string, uniqueKey?: string): Promise<number> {
    const users = await this.notify.usersOfPerson(m, w.subjectPersonId);
    const messages = await this.notify.message(m, users, { institutionId: w.institutionId, warningId: w.id, kind, title, body, uniqueKey });
    const sms = await this.notify.smsPerson(m, w.institutionId, w.subjectPersonId, `【廉政风险预警】${title}。${body}`, uniqueKey ? `${uniqueKey}:sms` : null);
    return messages + (sms ? 1 : 0);
  }

  async tellOfficers(m: EntityManager, w: WarningEntity, kind: string, title: string, body: string, uniqueKey?: string): Promise<void> {
    const users = await this.notify.usersWithRole(m, w.institutionId, OFFICER);
    await this.notify.message(m, users, { institutionId: w.institutionId, warningId: w.id, kind, title, body, uniqueKey });
  }

  /**
   * Issues the notice and the level's document (core/documents) in one request. The document is rendered outside
   * the write transaction (the renderer takes seconds and the numbering lock must not wait on the write lane);
   * the state is checked before a number is taken and again when the step is saved.
   */
  async issue(actor: Actor, id: number): Promise<WarningView> {
    const prep = await this.db.read(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      transition(w.status, 'issue');
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      const clue = await m.getRepository(WarningClueEntity).findOneByOrFail({ id: w.clueId });
      const due = this.schedule(await this.cfg.palette(w.institutionId), w, this.cfg.today()).dueDate!;
      return { levelIndex: w.levelIndex, institutionId: w.institutionId, readers: await this.documentReaders(m, w), ...noticeDocument(w, clue, level, due) };
    });
    const doc = await this.documents.issue(actor, { templateId: prep.templateId, institutionId: prep.institutionId, data: prep.data, ...prep.readers });
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      if (w.levelIndex !== prep.levelIndex) throw AppError.conflict({ zh: '预警等级已变化，请重新发出通知', en: 'The level changed meanwhile; issue the notice again' });
      const p = await this.cfg.palette(w.institutionId);
      const level = p.levels[w.levelIndex];
      const sched = this.schedule(p, w, this.cfg.today());
      const document = { kind: level.document.kind, title: level.document.title.zh, id: doc.id, number: doc.number, templateId: doc.templateId };
      await this.apply(m, actorLabel(actor), w, 'issue', { document, dueDate: sched.dueDate, finalDate: sched.finalDate, deadline: deadlineText(level) }, sched);
      await this.tellSubject(m, w, 'warning.notice', `您收到${level.label.zh}《${level.document.title.zh}》（${doc.number}）：${w.title}`, `请于 ${w.dueDate} 前通过平台答复（${level.disposition.zh}）。`, `notice:${w.id}:${w.levelCode}`);
      return this.view(m, actor, w);
    });
  }

  /** Who may read the matter's documents: officers and the head, and the accounts of the warned person or department head. */
  async documentReaders(m: EntityManager, w: WarningEntity): Promise<{ readRoles: Role[]; readUserIds: number[] }> {
    const ids = await this.notify.usersOfPerson(m, w.subjectPersonId);
    if (w.subjectType === 'department' && w.subjectDepartmentId) {
      const heads = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId: w.institutionId, role: 'department-head' });
      const users = heads.length ? await m.getRepository(UserEntity).findBy({ id: In(heads.map((h) => h.userId)), disabled: false }) : [];
      const people = await m.getRepository(PersonEntity).findBy({ institutionId: w.institutionId, departmentId: w.subjectDepartmentId });
      ids.push(...users.filter((u) => u.personId && people.some((p) => p.id === u.personId)).map((u) => u.id));
    }
    return { readRoles: DOCUMENT_READ_ROLES, readUserIds: [...new Set(ids)] };
  }

  /**
   * Accounts holding a role at the warning's institution, by name, for picking interviewers (never the warned person
   * themself); lead marks the palette's lead roles.
   */
  async interviewerChoices(m: EntityManager, w: WarningEntity): Promise<InterviewerChoice[]> {
    const p = await this.cfg.palette(w.institutionId);
    const grants = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId: w.institutionId });
    if (!grants.length) return [];
    const users = (await m.getRepository(UserEntity).find({ where: { id: In([...new Set(grants.map((g) => g.userId))]), disabled: false }, order: { id: 'ASC' } })).filter(
      (u) => !(w.subjectPersonId && u.personId === w.subjectPersonId),
    );
    const personIds = users.map((u) => u.personId).filter((x): x is number => !!x);
    const people = personIds.length ? await m.getRepository(PersonEntity).findBy({ id: In(personIds) }) : [];
    const postIds = people.map((x) => x.postId).filter((x): x is number => !!x);
    const posts = postIds.length ? await m.getRepository(PostEntity).findBy({ id: In(postIds) }) : [];
    return users.map((u) => {
      const roles = grants.filter((g) => g.userId === u.id).map((g) => g.role as Role);
      const person = people.find((x) => x.id === u.personId);
      const post = person?.postId ? posts.find((x) => x.id === person.postId)?.name : undefined;
      return { userId: u.id, name: u.displayName, post: post ?? '', roles, lead: roles.some((r) => p.interviewLeadRoles.includes(r)) };
    });
  }

  async interviewers(actor: Actor, id: number): Promise<InterviewerChoice[]> {
    return this.db.read(async (m) => this.interviewerChoices(m, await this.load(m, actor, id)));
  }

  /** Checks the chosen interviewers: two or more accounts of the institution, the lead among them and of lead rank. */
  private async checkInterviewers(m: EntityManager, w: WarningEntity, interviewerUserIds: number[], leadUserId: number): Promise<{ lead: InterviewerChoice; all: InterviewerChoice[] }> {
    const ids = [...new Set(interviewerUserIds)];
    if (ids.length < 2) throw AppError.validation([{ field: 'interviewerUserIds', key: 'error.interview_two' }]);
    if (!ids.includes(leadUserId)) throw AppError.validation([{ field: 'leadUserId', key: 'error.interview_lead_listed' }]);
    const choices = await this.interviewerChoices(m, w);
    const all = ids.map((i) => choices.find((c) => c.userId === i));
    if (all.some((c) => !c)) throw AppError.validation([{ field: 'interviewerUserIds', key: 'validation.invalid' }]);
    const lead = choices.find((c) => c.userId === leadUserId)!;
    if (!lead.lead) throw AppError.validation([{ field: 'leadUserId', key: 'error.interview_lead_rank' }]);
    return { lead, all: all as InterviewerChoice[] };
  }

  /**
   * 约谈安排: time, place and interviewers; issues the 约谈通知单 (core/interview-notice) to the warned person. Like
   * issue(), the document is rendered between a checking read and the saving write.
   */
  async scheduleInterview(actor: Actor, id: number, input: { at: string; place: string; interviewerUserIds: number[]; leadUserId: number; bring?: string[] }): Promise<WarningView> {
    if (input.at.slice(0, 10) < this.cfg.today()) throw AppError.validation([{ field: 'at', key: 'error.interview_past' }]);
    const prep = await this.db.read(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      transition(w.status, 'schedule-interview');
      const { lead, all } = await this.checkInterviewers(m, w, input.interviewerUserIds, input.leadUserId);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      const person = w.subjectPersonId ? await m.getRepository(PersonEntity).findOneBy({ id: w.subjectPersonId }) : null;
      const post = person?.postId ? ((await m.getRepository(PostEntity).findOneBy({ id: person.postId }))?.name ?? '') : '';
      return { w, lead, all, readers: await this.documentReaders(m, w), ...interviewNoticeDocument(w, level, { ...input, post, lead, interviewers: all }) };
    });
    const doc = await this.documents.issue(actor, { templateId: prep.templateId, institutionId: prep.w.institutionId, data: prep.data, ...prep.readers });
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      await this.apply(m, actorLabel(actor), w, 'schedule-interview', {
        notice: level.interviewNotice.zh,
        scheduledAt: input.at,
        place: input.place,
        lead: { userId: prep.lead.userId, name: prep.lead.name },
        interviewers: prep.all.map((c) => ({ userId: c.userId, name: c.name })),
        document: { kind: 'interview-notice', title: '约谈通知单', id: doc.id, number: doc.number, templateId: doc.templateId },
      });
      const when = String(prep.data.time);
      await this.tellSubject(m, w, 'warning.interview', `约谈通知：${when}，${input.place}（${doc.number}）`, `约谈人：${prep.all.map((c) => c.name).join('、')}。请准时参加。`, `interview:${w.id}:${doc.id}`);
      await this.notify.message(m, prep.all.map((c) => c.userId), { institutionId: w.institutionId, warningId: w.id, kind: 'warning.interview', title: `约谈安排：预警 #${w.id}（${w.subjectLabel}）`, body: `${when}，${input.place}` });
      return this.view(m, actor, w);
    });
  }

  /**
   * Issues the documents of escalation and extension steps saved with `document.pending`: by `actor` when it may
   * issue, otherwise by the system actor of the job (`system:warning-scan`). Each is attached to its step and
   * audited; a failed render leaves the step pending for the next scan, so none is lost or issued twice.
   */
  async issuePendingDocuments(actor: Actor | null, job: string, warningId?: number): Promise<IssuedDocumentView[]> {
    const steps = await this.db.read((m) =>
      m.getRepository(WarningStepEntity).find({ where: { kind: In(LATE_DOCUMENT_STEPS), data: Like('%"pending":true%'), ...(warningId ? { warningId } : {}) }, order: { id: 'ASC' } }),
    );
    const issued: IssuedDocumentView[] = [];
    for (const s of steps.filter((x) => !this.issuing.has(x.id))) {
      this.issuing.add(s.id);
      try {
        const doc = await this.issueLateDocument(actor, job, s);
        if (doc) issued.push(doc);
      } finally {
        this.issuing.delete(s.id);
      }
    }
    return issued;
  }

  /** Null when another process issued it meanwhile: its number and file are then rolled back. */
  private async issueLateDocument(actor: Actor | null, job: string, s: WarningStepEntity): Promise<IssuedDocumentView | null> {
    const prep = await this.db.read(async (m) => {
      const w = await m.getRepository(WarningEntity).findOneByOrFail({ id: s.warningId });
      const p = await this.cfg.palette(w.institutionId);
      const data = JSON.parse(s.data) as Record<string, unknown>;
      const clue = await m.getRepository(WarningClueEntity).findOneByOrFail({ id: w.clueId });
      const doc =
        s.kind === 'escalate'
          ? noticeDocument(w, clue, p.levels.find((l) => l.code === data.toLevel) ?? p.levels[w.levelIndex], String(data.dueDate))
          : extensionDocument(w, p.levels[w.levelIndex], { months: Number(data.months), newDueDate: String(data.newDueDate), at: s.at });
      return { w, doc, readers: await this.documentReaders(m, w) };
    });
    const by = actor && ((await this.access.can(actor, prep.w.institutionId, ISSUING_ROLES))) ? actor : systemActor(job, prep.w.institutionId);
    const alreadyIssued = new Error('already issued');
    try {
      // The step is marked in the document's own transaction: a crash between two commits re-issued the notice after a restart.
      return await this.documents.issue(
        by,
        { templateId: prep.doc.templateId, institutionId: prep.w.institutionId, data: prep.doc.data, ...prep.readers },
        {
          inTransaction: async (m, documentId) => {
            const row = await m.getRepository(WarningStepEntity).findOneByOrFail({ id: s.id });
            const data = JSON.parse(row.data) as Record<string, unknown>;
            const announced = data.document as Record<string, unknown>;
            if (announced?.pending !== true) throw alreadyIssued;
            const doc = await m.getRepository(IssuedDocumentEntity).findOneByOrFail({ id: documentId });
            data.document = { kind: announced.kind, title: announced.title, id: doc.id, number: doc.numberText, templateId: doc.templateId };
            await m.getRepository(WarningStepEntity).update({ id: s.id }, { data: JSON.stringify(data) });
            await this.audit.append(m, { actor: actorLabel(by), institutionId: prep.w.institutionId, action: 'warning.document', objectType: 'warning', objectId: prep.w.id, detail: { stepId: s.id, stepKind: s.kind, documentId: doc.id, number: doc.numberText } });
          },
        },
      );
    } catch (err) {
      if (err === alreadyIssued) return null;
      throw err;
    }
  }

  /** 约谈: at least two interviewers; the lead (主谈人) holds one of the palette's lead roles (003 篇5 五 2(2)). */
  async interview(actor: Actor, id: number, input: { interviewerUserIds: number[]; leadUserId: number; heldOn: string; place: string; notes: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      const { all } = await this.checkInterviewers(m, w, input.interviewerUserIds, input.leadUserId);
      const p = await this.cfg.palette(w.institutionId);
      const leadRoles = await m.getRepository(RoleAssignmentEntity).findBy({ userId: input.leadUserId, institutionId: w.institutionId, role: In(p.interviewLeadRoles) });
      const level = p.levels[w.levelIndex];
      await this.apply(m, actorLabel(actor), w, 'interview', {
        notice: level.interviewNotice.zh,
        heldOn: input.heldOn,
        place: input.place,
        notes: input.notes,
        lead: { userId: input.leadUserId, name: all.find((u) => u.userId === input.leadUserId)!.name, roles: leadRoles.map((r) => r.role) },
        interviewers: all.map((u) => ({ userId: u.userId, name: u.name })),
      });
      return this.view(m, actor, w);
    });
  }

  async uploadEvidence(actor: Actor, id: number, file: UploadedEvidence | undefined): Promise<{ id: number; filename: string; mime: string; size: number; sha256: string }> {
    if (!file) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    if (file.size > EVIDENCE_MAX_BYTES) throw new AppError(413, 'error.payload_too_large');
    const type = sniffEvidenceType(file.buffer);
    if (!type) throw new AppError(415, 'error.evidence_type');
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      if (!(await this.isSubject(m, actor, w))) await this.access.requireAccess(actor, w.institutionId, OFFICER);
      if (!OPEN_STATES.includes(w.status as WarningState)) throw AppError.conflict({ zh: '预警已结束，不能再上传材料', en: 'The warning is closed; no more evidence' });
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      fs.mkdirSync(this.evidenceDir(), { recursive: true });
      const target = path.join(this.evidenceDir(), sha256);
      if (!fs.existsSync(target)) fs.writeFileSync(target, file.buffer);
      const filename = (path.basename(file.originalname || `evidence.${type.ext}`).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').slice(0, 150) || `evidence.${type.ext}`).normalize('NFC');
      const repo = m.getRepository(WarningEvidenceEntity);
      const e = repo.create({ warningId: w.id, institutionId: w.institutionId, stepId: null, filename, mime: type.mime, size: file.size, sha256, uploadedBy: actor.userId, createdAt: this.cfg.nowIso() });
      await repo.insert(e);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: w.institutionId, action: 'warning.evidence', objectType: 'warning', objectId: w.id, detail: { evidenceId: e.id, sha256, size: file.size, mime: type.mime } });
      return { id: e.id, filename: e.filename, mime: e.mime, size: e.size, sha256 };
    });
  }

  async evidenceFile(actor: Actor, id: number, evidenceId: number): Promise<{ filename: string; mime: string; data: Buffer }> {
    return this.db.read(async (m) => {
      const w = await this.load(m, actor, id);
      const e = await m.getRepository(WarningEvidenceEntity).findOneBy({ id: evidenceId, warningId: w.id });
      if (!e) throw AppError.notFound();
      return { filename: e.filename, mime: e.mime, data: fs.readFileSync(path.join(this.evidenceDir(), e.sha256)) };
    });
  }

  /** The warned person answers with an explanation or rectification measures and attaches evidence. */
  async answer(actor: Actor, id: number, input: { explanation: string; measures?: string; evidenceIds?: number[] }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.requireSubject(m, actor, w);
      const ids = [...new Set(input.evidenceIds ?? [])];
      const files = ids.length ? await m.getRepository(WarningEvidenceEntity).findBy({ id: In(ids), warningId: w.id }) : [];
      if (files.length !== ids.length || files.some((f) => f.stepId !== null)) throw AppError.validation([{ field: 'evidenceIds', key: 'validation.invalid' }]);
      const s = await this.apply(m, actorLabel(actor), w, 'answer', { explanation: input.explanation, measures: input.measures ?? '', evidenceIds: ids, onTime: !w.dueDate || this.cfg.today() <= w.dueDate });
      for (const f of files) await m.getRepository(WarningEvidenceEntity).update({ id: f.id }, { stepId: s.id });
      await this.tellOfficers(m, w, 'warning.answered', `预警 #${w.id}（${w.subjectLabel}）已提交答复`, '请审核答复。', `answered:${w.id}:${s.id}`);
      return this.view(m, actor, w);
    });
  }

  async review(actor: Actor, id: number, input: { decision: 'accept' | 'reject'; comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      await this.apply(m, actorLabel(actor), w, input.decision, { comment: input.comment });
      const title = input.decision === 'accept' ? `您对预警 #${w.id} 的答复已采纳` : `您对预警 #${w.id} 的答复未通过，请于 ${w.dueDate} 前重新答复`;
      await this.tellSubject(m, w, `warning.${input.decision}`, title, input.comment);
      return this.view(m, actor, w);
    });
  }

  /** One extension of at most the level's maximum, only where the level allows it (003 篇5 六 3). */
  async requestExtension(actor: Actor, id: number, input: { months: number; reason: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      if (!(await this.isSubject(m, actor, w))) await this.access.requireAccess(actor, w.institutionId, OFFICER);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      if (!level.extension.allowed) throw AppError.conflict({ zh: `${level.label.zh}（${level.disposition.zh}）不允许延期`, en: `${level.label.en} allows no extension` });
      if (w.extensionUsed) throw AppError.conflict({ zh: '延期只能申请一次，本预警已延期', en: 'Only one extension is allowed and it has been used' });
      if (w.extensionRequestedMonths) throw AppError.conflict({ zh: '已有延期申请待审批', en: 'An extension request is already pending' });
      if (input.months > level.extension.maxMonths) throw AppError.validation([{ field: 'months', key: 'validation.max', params: { max: level.extension.maxMonths } }]);
      await this.apply(m, actorLabel(actor), w, 'request-extension', { months: input.months, reason: input.reason }, { extensionRequestedMonths: input.months });
      const approvers = await this.notify.usersWithRole(m, w.institutionId, level.extension.approvers);
      await this.notify.message(m, approvers, { institutionId: w.institutionId, warningId: w.id, kind: 'warning.extension', title: `预警 #${w.id} 申请延期 ${input.months} 个月`, body: input.reason });
      return this.view(m, actor, w);
    });
  }

  async decideExtension(actor: Actor, id: number, input: { approve: boolean; comment: string }): Promise<WarningView> {
    const decided = await this.decideExtensionStep(actor, id, input);
    if (!input.approve) return decided;
    await this.issuePendingDocuments(actor, 'warning-extension', id);
    return this.get(actor, id);
  }

  private async decideExtensionStep(actor: Actor, id: number, input: { approve: boolean; comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      if (!level.extension.allowed || !w.extensionRequestedMonths) throw AppError.conflict({ zh: '没有待审批的延期申请', en: 'No extension request is pending' });
      await this.access.requireAccess(actor, w.institutionId, level.extension.approvers);
      const months = w.extensionRequestedMonths;
      const changes: Partial<WarningEntity> = { extensionRequestedMonths: null };
      if (input.approve) {
        changes.extensionUsed = true;
        changes.dueDate = this.cfg.calendar.addCalendarMonths(w.dueDate!, months);
      }
      await this.apply(m, actorLabel(actor), w, 'decide-extension', { approve: input.approve, months, comment: input.comment, newDueDate: changes.dueDate ?? null, document: input.approve ? { kind: 'extension-notice', title: '延期整改通知书', pending: true } : null }, changes);
      await this.tellSubject(m, w, 'warning.extension', input.approve ? `延期申请已批准，整改期限延至 ${w.dueDate}（延期整改通知书）` : '延期申请未获批准', input.comment);
      return this.view(m, actor, w);
    });
  }

  /** 回访登记 (《预警工作回访登记表》): how the visit was made, what was found, the opinion. */
  async followUp(actor: Actor, id: number, input: { visitedOn: string; method: string; findings: string; opinion: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      await this.apply(m, actorLabel(actor), w, 'follow-up', { form: '预警工作回访登记表', ...input });
      return this.view(m, actor, w);
    });
  }

  /** 解除预警, approved by a leader of the handling unit (003 篇5 六 4). */
  async release(actor: Actor, id: number, input: { comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      const p = await this.cfg.palette(w.institutionId);
      await this.access.requireAccess(actor, w.institutionId, p.releaseApprovers);
      await this.apply(m, actorLabel(actor), w, 'release', { comment: input.comment, approvedBy: actorLabel(actor) });
      await this.tellSubject(m, w, 'warning.released', `预警 #${w.id} 已解除`, input.comment);
      return this.view(m, actor, w);
    });
  }

  /** 申诉 to the body that issued the warning (003 篇5 七 (三)). */
  async appeal(actor: Actor, id: number, input: { grounds: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.requireSubject(m, actor, w);
      await this.apply(m, actorLabel(actor), w, 'appeal', { grounds: input.grounds }, { appealFrom: w.status });
      await this.tellOfficers(m, w, 'warning.appeal', `预警 #${w.id}（${w.subjectLabel}）提出申诉`, input.grounds);
      return this.view(m, actor, w);
    });
  }

  /** Answers an appeal after investigation: upheld (the warning continues where it was) or revoked. */
  async answerAppeal(actor: Actor, id: number, input: { outcome: 'upheld' | 'revoked'; answer: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, ['discipline-officer', 'head', 'deputy-in-charge']);
      const back = input.outcome === 'upheld' ? (w.appealFrom as WarningState) : 'revoked';
      await this.apply(m, actorLabel(actor), w, 'answer-appeal', { outcome: input.outcome, answer: input.answer, returnsTo: back }, { status: back, appealFrom: null });
      await this.tellSubject(m, w, 'warning.appeal-answer', input.outcome === 'upheld' ? `申诉答复：维持预警 #${w.id}` : `申诉答复：撤销预警 #${w.id}`, input.answer);
      return this.view(m, actor, w);
    });
  }

  async archive(actor: Actor, id: number): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.load(m, actor, id);
      await this.access.requireAccess(actor, w.institutionId, OFFICER);
      await this.apply(m, actorLabel(actor), w, 'archive', { rule: '一事一档' });
      return this.view(m, actor, w);
    });
  }

  /** The latest issued, still open warning on the clue's subject (one that an escalation can raise). */
  async openOnSubject(m: EntityManager, clue: WarningClueEntity): Promise<WarningEntity | null> {
    const where: Record<string, unknown> = { institutionId: clue.institutionId, subjectType: clue.subjectType, status: In(TRANSITIONS.escalate.from) };
    if (clue.subjectType === 'person') {
      if (!clue.subjectPersonId) return null;
      where.subjectPersonId = clue.subjectPersonId;
    } else if (clue.subjectType === 'department') {
      if (!clue.subjectDepartmentId) return null;
      where.subjectDepartmentId = clue.subjectDepartmentId;
    }
    return m.getRepository(WarningEntity).findOne({ where, order: { id: 'DESC' } });
  }

}
