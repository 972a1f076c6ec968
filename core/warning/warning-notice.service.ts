import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel, systemActor } from '../auth/actor';
import { Db } from '../db/db';
import { IssuedDocumentEntity } from '../documents/documents.entities';
import { DocumentsService, ISSUING_ROLES, IssuedDocumentView } from '../documents/documents.service';
import { ReservationLost } from '../documents/document-numbers';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import type { Role } from '../plugin-api';
import { ClueService, OFFICER, SubjectInput } from './clue.service';
import { beijingMinute } from '../plugin-api';
import { isValidIsoDate } from '../calendar/working-days';
import { extensionDocument, noticeDocument, releaseDocument } from './warning-documents';
import type { LevelDef } from './warning-levels';
import { actorNames } from './warning-steps';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf, WarningJurisdictionService } from './warning-jurisdiction.service';
import { transition } from './warning-state';
import { WarningTransitionService } from './warning-transition.service';
import { deadlineText, WarningView, WarningViewService } from './warning-view.service';
import { WarningEntity, WarningStepEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';

/** Roles that read every document of a warning (with the warned person's own accounts). */
export const DOCUMENT_READ_ROLES: Role[] = ['discipline-officer', 'head'];

/** Steps whose document the platform issues after the step is saved (a scan has no user to issue it in the request). */
const LATE_DOCUMENT_STEPS = ['escalate', 'decide-extension', 'release'];

/** The committee decision a warning form may carry (required at levels that name a deciding body). */
export interface DecisionInput {
  decisionBody?: string;
  decisionMeetingOn?: string;
  decisionMinutesNo?: string;
}

/**
 * The decision stored with a warning: at a level decided by a collective body (003 篇5 一级 by the party committee)
 * the body, a meeting date not after today and the minutes number are required, each missing one named; else none.
 */
export function committeeDecision(level: LevelDef, input: DecisionInput, today: string): Pick<WarningEntity, 'decisionBody' | 'decisionMeetingOn' | 'decisionMinutesNo'> {
  if (!level.decidingBody) return { decisionBody: null, decisionMeetingOn: null, decisionMinutesNo: null };
  const problems: { field: string; key: string; params?: Record<string, unknown> }[] = [];
  for (const field of ['decisionBody', 'decisionMeetingOn', 'decisionMinutesNo'] as const) if (!input[field]?.trim()) problems.push({ field, key: 'validation.required' });
  const on = input.decisionMeetingOn?.trim();
  if (on && !isValidIsoDate(on)) problems.push({ field: 'decisionMeetingOn', key: 'validation.date' });
  else if (on && on > today) problems.push({ field: 'decisionMeetingOn', key: 'validation.not_after_today', params: { today } });
  if (problems.length) throw AppError.validation(problems);
  return { decisionBody: input.decisionBody!.trim(), decisionMeetingOn: on!, decisionMinutesNo: input.decisionMinutesNo!.trim() };
}

/** Opening a matter: the decision on a clue, the notice with the level's document, and documents of later steps. */
@Injectable()
export class WarningNoticeService {
  /** Steps whose late document is being issued now: the scan and a user action never issue the same one twice. */
  private readonly issuing = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly clues: ClueService,
    private readonly documents: DocumentsService,
    private readonly transitions: WarningTransitionService,
    private readonly views: WarningViewService,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly repo: WarningRepository,
  ) {}

  /** Turns a clue into a warning at a level the caller is entitled to decide (003 篇5 三 2). */
  async warnFromClue(actor: Actor, clueId: number, input: SubjectInput & { levelCode: string; title: string; reason: string } & DecisionInput): Promise<WarningView> {
    return this.db.write(async (m) => {
      const clue = await this.clues.load(m, actor, clueId);
      const subject = await this.clues.triageSubject(m, clue.institutionId, input);
      const p = await this.cfg.palette(clue.institutionId);
      const level = p.levels.find((l) => l.code === input.levelCode);
      if (!level) throw AppError.validation([{ field: 'levelCode', key: 'validation.enum', params: { values: p.levels.map((l) => l.code).join(', ') } }]);
      if (!(await this.jurisdiction.can(actor, clue, level.deciders))) {
        throw new AppError(403, 'error.warning_decider', { level: level.label, who: level.deciderNote });
      }
      if (clue.status !== 'new') throw AppError.conflict({ zh: '该预警信息已研判，不能再次转为预警', en: 'This clue has already been triaged' });
      const decision = committeeDecision(level, input, this.cfg.today());
      const now = this.cfg.nowIso();
      const w = await this.repo.insert(m, {
        institutionId: clue.institutionId,
        clueId: clue.id,
        ...subject,
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
        handlerInstitutionId: clue.handlerInstitutionId,
        ...decision,
        createdAt: now,
        updatedAt: now,
      });
      await this.transitions.step(m, w, 'decide', actorLabel(actor), { level: level.code, deciders: level.deciders, note: level.deciderNote.zh, subject: w.subjectLabel, ...(decision.decisionBody ? { decisionBody: decision.decisionBody, meetingOn: decision.decisionMeetingOn, minutesNo: decision.decisionMinutesNo } : {}) });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: w.institutionId, action: 'warning.decide', objectType: 'warning', objectId: w.id, detail: { clueId: clue.id, level: level.code, subjectType: w.subjectType, subjectPersonId: w.subjectPersonId, subjectDepartmentId: w.subjectDepartmentId } });
      await this.clues.markUsed(m, actor, clue, 'warned', w.id);
      return this.views.view(m, actor, w);
    });
  }

  /**
   * Issues the notice and the level's document (core/documents) in one request. The document is rendered outside
   * the write transaction (the renderer takes seconds and the numbering lock must not wait on the write lane);
   * the state is checked before a number is taken and again when the step is saved.
   */
  async issue(actor: Actor, id: number): Promise<WarningView> {
    const prep = await this.db.read(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      transition(w.status, 'issue');
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      const clue = await this.repo.clue(m, w.clueId);
      const due = this.transitions.schedule(await this.cfg.palette(w.institutionId), w, this.cfg.today()).dueDate!;
      // A matter the level above handles is documented under that body's letterhead and numbering, and read there.
      return { levelIndex: w.levelIndex, institutionId: handlerOf(w), readers: await this.documentReaders(m, w), ...noticeDocument(w, clue, level, due) };
    });
    const doc = await this.documents.issue(actor, { templateId: prep.templateId, institutionId: prep.institutionId, data: prep.data, ...prep.readers });
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      if (w.levelIndex !== prep.levelIndex) throw AppError.conflict({ zh: '预警等级已变化，请重新发出通知', en: 'The level changed meanwhile; issue the notice again' });
      const p = await this.cfg.palette(w.institutionId);
      const level = p.levels[w.levelIndex];
      const sched = this.transitions.schedule(p, w, this.cfg.today());
      const document = { kind: level.document.kind, title: level.document.title.zh, id: doc.id, number: doc.number, templateId: doc.templateId };
      await this.transitions.apply(m, actorLabel(actor), w, 'issue', { document, dueDate: sched.dueDate, finalDate: sched.finalDate, deadline: deadlineText(level) }, sched);
      await this.transitions.tellSubject(m, w, 'warning.notice', `您收到${level.label.zh}《${level.document.title.zh}》（${doc.number}）：${w.title}`, `请于 ${w.dueDate} 前通过平台答复（${level.disposition.zh}）。`, `notice:${w.id}:${w.levelCode}`);
      return this.views.view(m, actor, w);
    });
  }

  /** Who may read the matter's documents: officers and the head, and the accounts of the warned person or department head. */
  async documentReaders(m: EntityManager, w: WarningEntity): Promise<{ readRoles: Role[]; readUserIds: number[] }> {
    return { readRoles: DOCUMENT_READ_ROLES, readUserIds: [...new Set(await this.transitions.subjectUsers(m, w))] };
  }

  /**
   * Issues the documents of escalation and extension steps saved with `document.pending`: by `actor` when it may
   * issue, otherwise by the system actor of the job (`system:warning-scan`). Each is attached to its step and
   * audited; a failed render leaves the step pending for the next scan, so none is lost or issued twice.
   */
  async issuePendingDocuments(actor: Actor | null, job: string, warningId?: number): Promise<IssuedDocumentView[]> {
    const steps = await this.db.read((m) => this.repo.pendingDocumentSteps(m, LATE_DOCUMENT_STEPS, warningId));
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

  /** The 解除预警通知书 of a release step: the notice it closes, what the visit found, who approved. */
  private async releaseDocumentOf(m: EntityManager, w: WarningEntity, level: LevelDef, release: WarningStepEntity): Promise<{ templateId: string; data: Record<string, unknown> }> {
    const steps = await this.repo.steps(m, w.id);
    const data = (kind: string) => JSON.parse([...steps].reverse().find((x) => x.kind === kind)?.data ?? '{}') as Record<string, unknown>;
    const notice = steps.find((x) => x.kind === 'issue');
    const doc = data('issue').document as { title?: string; number?: string } | undefined;
    const visit = data('follow-up');
    const approver = (await actorNames(m, [release.actor], 'zh'))(release.actor);
    return releaseDocument(w, level, {
      notice: notice && doc ? { title: String(doc.title ?? level.document.title.zh), number: String(doc.number ?? ''), on: beijingMinute(notice.at).slice(0, 10) } : null,
      findings: [visit.findings, visit.opinion].filter((x): x is string => typeof x === 'string' && !!x.trim()),
      approver,
      on: beijingMinute(release.at).slice(0, 10),
    });
  }

  /** One pending step's document; null when another process issued it meanwhile (its number and file are then rolled back). */
  async issueLateDocument(actor: Actor | null, job: string, s: WarningStepEntity): Promise<IssuedDocumentView | null> {
    const prep = await this.db.read(async (m) => {
      const w = await this.repo.get(m, s.warningId);
      const p = await this.cfg.palette(w.institutionId);
      const data = JSON.parse(s.data) as Record<string, unknown>;
      const clue = await this.repo.clue(m, w.clueId);
      const doc =
        s.kind === 'escalate'
          ? noticeDocument(w, clue, p.levels.find((l) => l.code === data.toLevel) ?? p.levels[w.levelIndex], String(data.dueDate), { from: p.levels.find((l) => l.code === data.fromLevel) ?? p.levels[Math.max(0, w.levelIndex - 1)], reason: String(data.reason) })
          : s.kind === 'release'
            ? await this.releaseDocumentOf(m, w, p.levels[w.levelIndex], s)
            : extensionDocument(w, p.levels[w.levelIndex], { months: Number(data.months), newDueDate: String(data.newDueDate), at: s.at });
      return { w, doc, readers: await this.documentReaders(m, w) };
    });
    const by = actor && (await this.access.can(actor, handlerOf(prep.w), ISSUING_ROLES)) ? actor : systemActor(job, handlerOf(prep.w));
    const alreadyIssued = new Error('already issued');
    try {
      // The step is marked in the document's own transaction: a crash between two commits re-issued the notice after a restart.
      return await this.documents.issue(
        by,
        { templateId: prep.doc.templateId, institutionId: handlerOf(prep.w), data: prep.doc.data, ...prep.readers },
        {
          inTransaction: async (m, documentId) => {
            const row = await this.repo.step(m, s.id);
            const data = JSON.parse(row.data) as Record<string, unknown>;
            const announced = data.document as Record<string, unknown>;
            if (announced?.pending !== true) throw alreadyIssued;
            const doc = await m.getRepository(IssuedDocumentEntity).findOneByOrFail({ id: documentId });
            data.document = { kind: announced.kind, title: announced.title, id: doc.id, number: doc.numberText, templateId: doc.templateId };
            await this.repo.setStepData(m, s.id, data);
            await this.audit.append(m, { actor: actorLabel(by), institutionId: prep.w.institutionId, action: 'warning.document', objectType: 'warning', objectId: prep.w.id, detail: { stepId: s.id, stepKind: s.kind, documentId: doc.id, number: doc.numberText } });
          },
          // A retry after a crash mid-render takes back the number the dead process reserved, so the sequence has no gap.
          numberClaim: `warning-step:${s.id}`,
        },
      );
    } catch (err) {
      // A racing issuer of the same step took the claimed number back: that one stores the notice, or leaves it pending.
      if (err === alreadyIssued || err instanceof ReservationLost) return null;
      throw err;
    }
  }
}
