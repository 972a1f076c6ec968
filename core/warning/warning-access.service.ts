import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { CLUE_VIEW_ROLES } from './clue.service';
import { handlerOf, WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';

/** What the caller is for one warning, so screens offer only the forms they may use. */
export interface WarningCapacities {
  subject: boolean;
  officer: boolean;
  leader: boolean;
}

/** Who may see a warning and act on it: the leaders and officers of its handling institution, and the warned subject. */
@Injectable()
export class WarningAccessService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly repo: WarningRepository,
    private readonly jurisdiction: WarningJurisdictionService,
  ) {}

  /** A leader or officer over the matters handled at the caller's current institution. */
  async isLeader(actor: Actor): Promise<boolean> {
    return !!actor.currentInstitutionId && permits(actor, await this.jurisdiction.rolesAtHandler(actor, actor.currentInstitutionId), CLUE_VIEW_ROLES);
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

  async requireSubject(m: EntityManager, actor: Actor, w: WarningEntity): Promise<void> {
    if (!(await this.isSubject(m, actor, w))) throw AppError.forbidden();
  }

  /** The warning, when the caller may see it: a leader or officer over it (at its handler) or its subject; 404 otherwise. */
  async load(m: EntityManager, actor: Actor, id: number): Promise<WarningEntity> {
    const w = await this.repo.find(m, id);
    if (!w) throw AppError.notFound();
    const place = actor.visibleInstitutionIds.includes(w.institutionId) ? w.institutionId : handlerOf(w);
    await this.access.assertVisible(actor, place, { type: 'warning', id });
    if (!(await this.jurisdiction.can(actor, w, CLUE_VIEW_ROLES)) && !(await this.isSubject(m, actor, w))) {
      throw await this.access.concealed(actor, { type: 'warning', id }, { recordInstitutionId: w.institutionId, handlerInstitutionId: handlerOf(w) });
    }
    return w;
  }

  async capacities(actor: Actor, w: { id: number }): Promise<WarningCapacities> {
    const entity = await this.db.read((m) => this.repo.get(m, w.id));
    const roles = await this.jurisdiction.rolesOver(actor, entity);
    return {
      subject: await this.db.read((m) => this.isSubject(m, actor, entity)),
      officer: permits(actor, roles, ['discipline-officer']),
      leader: permits(actor, roles, ['head', 'deputy-in-charge']),
    };
  }
}
