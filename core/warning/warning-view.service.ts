import { Page, PageWindow, slicePage } from '../http/pagination';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import type { LocalizedText } from '../plugin-api';
import { CLUE_VIEW_ROLES, ClueService, ClueView } from './clue.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf, WarningJurisdictionService } from './warning-jurisdiction.service';
import { LevelDef, PaletteDef } from './warning-levels';
import { actionsFrom, AWAITING_ANSWER, OPEN_STATES, STATE_LABELS, WarningAction, WarningState } from './warning-state';
import { WarningEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';
import { daysBetween } from '../calendar/working-days';

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
  /** The institution handling it when not its own (a tip-off about the head or discipline officer). */
  handlerInstitutionId: number | null;
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
  /** The collective decision recorded with a level that needs one (003 篇5 一级: 党委), else null. */
  decision: { body: string; meetingOn: string; minutesNo: string } | null;
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

export function deadlineText(l: LevelDef): string {
  const unit = l.answerDeadline.unit === 'working-days' ? '个工作日' : l.answerDeadline.unit === 'months' ? '个月' : '日';
  return `${l.answerDeadline.n}${unit}`;
}

/** Warnings as the API and the screens show them: one, or the caller's list. */
@Injectable()
export class WarningViewService {
  constructor(
    private readonly db: Db,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly clues: ClueService,
    private readonly repo: WarningRepository,
    private readonly jurisdiction: WarningJurisdictionService,
  ) {}

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
      handlerInstitutionId: w.handlerInstitutionId,
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
      decision: w.decisionBody ? { body: w.decisionBody, meetingOn: w.decisionMeetingOn ?? '', minutesNo: w.decisionMinutesNo ?? '' } : null,
      open: OPEN_STATES.includes(w.status as WarningState),
      createdAt: w.createdAt,
      actions: actionsFrom(w.status).filter((a) => !(a === 'request-extension' && (!level.extension.allowed || w.extensionUsed || w.extensionRequestedMonths)) && !(a === 'decide-extension' && !w.extensionRequestedMonths)),
      steps: [],
      documents: [],
      evidence: [],
      escalations: [],
    };
    if (withTimeline) {
      v.steps = (await this.repo.steps(m, w.id)).map((s) => ({ id: s.id, kind: s.kind, actor: s.actor, at: s.at, data: JSON.parse(s.data) }));
      v.documents = v.steps.flatMap((s) => {
        const d = s.data.document as { id?: number; number?: string; title?: string } | undefined;
        return d && typeof d === 'object' && d.id ? [{ id: d.id, number: d.number ?? '', title: d.title ?? '', stepKind: s.kind }] : [];
      });
      v.evidence = (await this.repo.evidence(m, w.id)).map((e) => ({ id: e.id, filename: e.filename, mime: e.mime, size: e.size, sha256: e.sha256, stepId: e.stepId }));
      v.escalations = (await this.repo.escalations(m, w.id)).map((e) => ({ fromLevel: e.fromLevel, toLevel: e.toLevel, reason: e.reason, at: e.at }));
      if (actor && (await this.jurisdiction.can(actor, w, CLUE_VIEW_ROLES))) {
        const clue = await this.repo.clue(m, w.clueId);
        v.clue = this.clues.view(clue, await this.clues.canSeeTipster(actor, w), today);
      }
    }
    return v;
  }

  async get(actor: Actor, id: number): Promise<WarningView> {
    return this.db.read(async (m) => this.view(m, actor, await this.warningAccess.load(m, actor, id)));
  }

  /**
   * Warnings handled at the institutions the caller oversees as officer or leader (the current one and those below
   * it), and those of the current institution the caller is the subject of; of one unit when asked.
   */
  async list(actor: Actor, filter: { status?: string; level?: string; open?: boolean; unit?: number } = {}): Promise<WarningView[]> {
    const inst = actor.currentInstitutionId;
    if (!inst) return [];
    const scope = await this.jurisdiction.scope(actor, CLUE_VIEW_ROLES);
    return this.db.read(async (m) => {
      const out: WarningView[] = [];
      for (const w of await this.repo.list(m, scope, [inst], filter)) {
        if (scope.includes(handlerOf(w)) || (await this.warningAccess.isSubject(m, actor, w))) out.push(await this.view(m, actor, w, false));
      }
      return out;
    });
  }

  /** One page of `list`, with the true count (the subject check is per warning, so the page is cut after it). */
  async page(actor: Actor, filter: { status?: string; level?: string; open?: boolean; unit?: number }, w: PageWindow): Promise<Page<WarningView>> {
    return slicePage(await this.list(actor, filter), w);
  }
}
