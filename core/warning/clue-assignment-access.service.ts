import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor } from '../auth/actor';
import { AppError } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import type { LocalizedText, Role } from '../plugin-api';
import { CLUE_VIEW_ROLES } from './clue.service';
import { ASSIGNMENT_STATE_LABELS, AssignmentState } from './clue-assignment-labels';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { STATE_LABELS, WarningState } from './warning-state';
import { WarningAssignmentEntity, WarningClueEntity, WarningEntity } from './warning.entities';

/** Who assigns, accepts, returns and takes over at the assigning body (003: 纪委 officers and the deputy in charge). */
export const ASSIGNERS: Role[] = ['discipline-officer', 'deputy-in-charge'];

export interface AssignmentView {
  id: number;
  clueId: number;
  institutionId: number;
  fromInstitutionId: number;
  fromName: string;
  unitInstitutionId: number;
  unitName: string;
  subjectLabel: string;
  deadline: string;
  instructions: string;
  status: string;
  statusLabel: LocalizedText;
  /** Past the deadline and not reported. */
  overdue: boolean;
  /** Working days from today to the deadline (negative: overdue by that many); null once reported or ended. */
  workingDaysLeft: number | null;
  outcome: string | null;
  warning: { id: number; status: string; statusLabel: LocalizedText } | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Who may see and act on an assignment: the assigning body's officers and leaders supervise it; the unit's discipline
 * officer (or one of a body between the unit and the assigning body) handles it; nobody else learns it exists.
 */
@Injectable()
export class ClueAssignmentAccess {
  constructor(
    private readonly access: AccessService,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly cfg: WarningConfigService,
  ) {}

  /** Leaders and officers of the assigning body read it (a system admin too). */
  async supervises(actor: Actor, a: Pick<WarningAssignmentEntity, 'fromInstitutionId'>, allowed: readonly Role[] = CLUE_VIEW_ROLES): Promise<boolean> {
    return permits(actor, await this.jurisdiction.rolesAtHandler(actor, a.fromInstitutionId), allowed);
  }

  /** Whether the caller holds the discipline role at the unit, or descendant-wide below the assigning body: whose job the report is. */
  async handlesAtUnit(actor: Actor, a: Pick<WarningAssignmentEntity, 'fromInstitutionId' | 'unitInstitutionId'>): Promise<boolean> {
    const chain = await this.jurisdiction.chain(a.unitInstitutionId);
    const stop = chain.findIndex((i) => i.id === a.fromInstitutionId);
    const between = chain.slice(0, stop < 0 ? chain.length : stop).map((i) => i.id);
    return actor.roles.some((r) => r.role === 'discipline-officer' && (r.institutionId === a.unitInstitutionId || (r.includeDescendants && between.includes(r.institutionId))));
  }

  async canSee(actor: Actor, a: WarningAssignmentEntity): Promise<boolean> {
    return (await this.supervises(actor, a)) || actor.isSystemAdmin || (await this.handlesAtUnit(actor, a));
  }

  /** The assignment, for whoever may see it; anyone else gets the same 404 as for a missing id, logged. */
  async load(m: EntityManager, actor: Actor, id: number): Promise<WarningAssignmentEntity> {
    const a = await m.getRepository(WarningAssignmentEntity).findOneBy({ id });
    if (!a) throw AppError.notFound();
    if (await this.canSee(actor, a)) return a;
    throw await this.access.concealed(actor, { type: 'warning-assignment', id }, { recordInstitutionId: a.institutionId, fromInstitutionId: a.fromInstitutionId, unitInstitutionId: a.unitInstitutionId });
  }

  async requireAssigner(actor: Actor, a: Pick<WarningAssignmentEntity, 'fromInstitutionId'>): Promise<void> {
    if (!(await this.supervises(actor, a, ASSIGNERS))) throw AppError.forbidden();
  }

  async requireUnitOfficer(actor: Actor, a: WarningAssignmentEntity): Promise<void> {
    if (!actor.isSystemAdmin && !(await this.handlesAtUnit(actor, a))) throw AppError.forbidden();
  }

  /** Views of the rows, with the names, subjects and linked warnings read in three queries. */
  async views(m: EntityManager, rows: WarningAssignmentEntity[]): Promise<AssignmentView[]> {
    if (!rows.length) return [];
    const names = new Map((await this.access.institutions()).map((i) => [i.id, i.name]));
    const clues = new Map((await m.getRepository(WarningClueEntity).findBy({ id: In(rows.map((a) => a.clueId)) })).map((c) => [c.id, c]));
    const warningIds = [...new Set(rows.map((a) => a.warningId ?? clues.get(a.clueId)?.warningId).filter((x): x is number => !!x))];
    const warnings = new Map((warningIds.length ? await m.getRepository(WarningEntity).findBy({ id: In(warningIds) }) : []).map((w) => [w.id, w]));
    const today = this.cfg.today();
    return rows.map((a) => {
      const w = warnings.get(a.warningId ?? clues.get(a.clueId)?.warningId ?? 0);
      const waiting = a.status === 'assigned';
      return {
        id: a.id,
        clueId: a.clueId,
        institutionId: a.institutionId,
        fromInstitutionId: a.fromInstitutionId,
        fromName: names.get(a.fromInstitutionId) ?? '',
        unitInstitutionId: a.unitInstitutionId,
        unitName: names.get(a.unitInstitutionId) ?? '',
        subjectLabel: clues.get(a.clueId)?.subjectLabel ?? '',
        deadline: a.deadline,
        instructions: a.instructions,
        status: a.status,
        statusLabel: ASSIGNMENT_STATE_LABELS[a.status as AssignmentState] ?? { zh: a.status, en: a.status },
        overdue: waiting && a.deadline < today,
        workingDaysLeft: waiting ? this.cfg.calendar.workingDaysBetween(today, a.deadline) : null,
        outcome: a.outcome,
        warning: w ? { id: w.id, status: w.status, statusLabel: STATE_LABELS[w.status as WarningState] } : null,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      };
    });
  }
}
