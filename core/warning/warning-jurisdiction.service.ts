import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { AppError } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import { InstitutionEntity, PersonEntity } from '../org/org.entities';
import type { Role } from '../plugin-api';
import { WarningConfigService } from './warning-config.service';

/** A clue or a warning: the institution it is about and, when the level above handles it, that institution. */
export interface Matter {
  institutionId: number;
  handlerInstitutionId: number | null;
}

/** The institution whose discipline body handles a matter: the one named on it, else the matter's own institution. */
export function handlerOf(x: Matter): number {
  return x.handlerInstitutionId ?? x.institutionId;
}

/** Roles whose holders cannot handle a tip-off about themselves: it goes to the level above. */
const ROUTED_PAST: Role[] = ['head', 'discipline-officer'];

/**
 * Who oversees a warning matter: the roles a caller holds at its handling institution (descendant-wide roles of
 * ancestors count unless that institution's config turns `oversight.parentSeesWarnings` off), the institutions whose
 * matters a board lists, and where a tip-off about an institution's head or discipline officer goes.
 */
@Injectable()
export class WarningJurisdictionService {
  constructor(
    private readonly access: AccessService,
    private readonly cfg: WarningConfigService,
  ) {}

  /** Roles the caller holds over matters handled at `institutionId`. */
  async rolesAtHandler(actor: Actor, institutionId: number): Promise<Role[]> {
    const roles = await this.access.rolesAt(actor, institutionId);
    if (await this.cfg.parentSeesWarnings(institutionId)) return roles;
    const direct = new Set(actor.roles.filter((r) => r.institutionId === institutionId).map((r) => r.role));
    return roles.filter((r) => r === 'system-admin' || direct.has(r));
  }

  /** Roles the caller holds over the matter, at its handler. */
  rolesOver(actor: Actor, x: Matter): Promise<Role[]> {
    return this.rolesAtHandler(actor, handlerOf(x));
  }

  async can(actor: Actor, x: Matter, allowed: readonly Role[]): Promise<boolean> {
    return permits(actor, await this.rolesOver(actor, x), allowed);
  }

  async require(actor: Actor, x: Matter, allowed: readonly Role[]): Promise<void> {
    if (!(await this.can(actor, x, allowed))) throw AppError.forbidden();
  }

  /** The current institution and those below it where the caller holds one of `allowed`: a board's units. */
  async scope(actor: Actor, allowed: readonly Role[]): Promise<number[]> {
    const current = actor.currentInstitutionId;
    if (!current) return [];
    const out: number[] = [];
    for (const id of await this.access.ownInstitutionIds(actor)) {
      if ((await this.chain(id)).some((i) => i.id === current) && permits(actor, await this.rolesAtHandler(actor, id), allowed)) out.push(id);
    }
    return out;
  }

  /** The institution and its ancestors, nearest first: the bodies a tip-off about it may be addressed to. */
  async chain(institutionId: number): Promise<InstitutionEntity[]> {
    const all = await this.access.institutions();
    const out: InstitutionEntity[] = [];
    for (let i = all.find((x) => x.id === institutionId); i && !out.includes(i); i = all.find((x) => x.id === i!.parentId)) out.push(i);
    return out;
  }

  /**
   * Who handles a tip-off or staff clue about `subject` at the institution (null: its own discipline body): the
   * ancestor the tipster chose; else, when the subject is the institution's head or discipline officer, the nearest
   * ancestor that has a discipline officer; with no such ancestor the matter stays at the institution.
   */
  async handlerFor(m: EntityManager, institutionId: number, subject: { personId?: number | null; label?: string }, chosen?: number | null): Promise<number | null> {
    if (chosen && chosen !== institutionId) return chosen;
    if (!(await this.namesHeadOrOfficer(m, institutionId, subject))) return null;
    for (const above of (await this.chain(institutionId)).slice(1)) {
      if (await m.getRepository(RoleAssignmentEntity).existsBy({ institutionId: above.id, role: 'discipline-officer' })) return above.id;
    }
    return null;
  }

  /** Whether the subject is a person whose account holds head or discipline-officer at the institution (by id, or by name in the label). */
  async namesHeadOrOfficer(m: EntityManager, institutionId: number, subject: { personId?: number | null; label?: string }): Promise<boolean> {
    const grants = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId, role: In(ROUTED_PAST) });
    if (!grants.length) return false;
    const users = await m.getRepository(UserEntity).findBy({ id: In(grants.map((g) => g.userId)) });
    const personIds = users.map((u) => u.personId).filter((p): p is number => !!p);
    if (subject.personId) return personIds.includes(subject.personId);
    const label = subject.label?.trim() ?? '';
    if (!label || !personIds.length) return false;
    return (await m.getRepository(PersonEntity).findBy({ id: In(personIds) })).some((p) => p.name.trim().length > 1 && label.includes(p.name.trim()));
  }
}
