import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel, RoleGrant } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import type { Role } from '../plugin-api';
import { InstitutionEntity, InstitutionGrantEntity } from './org.entities';

interface OrgSnapshot {
  institutions: InstitutionEntity[];
  grants: InstitutionGrantEntity[];
}

/** The admin rule, decided once: a system admin may act everywhere; anyone else needs one of `allowed` among `held`. */
export function permits(actor: Pick<Actor, 'isSystemAdmin'>, held: readonly Role[], allowed: readonly Role[]): boolean {
  return actor.isSystemAdmin || held.some((r) => allowed.includes(r));
}

/** Decides which institutions a caller may see; every scoped query asks it. */
@Injectable()
export class AccessService {
  private snapshot: OrgSnapshot | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** The org tree changes only through config sync; cache it and drop the cache then. */
  invalidate(): void {
    this.snapshot = null;
  }

  private async org(): Promise<OrgSnapshot> {
    if (!this.snapshot) {
      this.snapshot = await this.db.read(async (m) => ({
        institutions: await m.getRepository(InstitutionEntity).find({ order: { id: 'ASC' } }),
        grants: await m.getRepository(InstitutionGrantEntity).find(),
      }));
    }
    return this.snapshot;
  }

  private descendants(all: InstitutionEntity[], rootId: number): number[] {
    const out: number[] = [];
    const queue = [rootId];
    while (queue.length) {
      const id = queue.shift()!;
      for (const child of all.filter((i) => i.parentId === id)) {
        out.push(child.id);
        queue.push(child.id);
      }
    }
    return out;
  }

  /** Institutions whose records the caller may see; `scope` narrows visibility grants to one plugin. */
  async visibleInstitutionIds(user: { isSystemAdmin: boolean; roles: RoleGrant[] }, scope?: string): Promise<number[]> {
    const { institutions, grants } = await this.org();
    if (user.isSystemAdmin) return institutions.map((i) => i.id);
    const base = new Set<number>();
    for (const r of user.roles) {
      base.add(r.institutionId);
      if (r.includeDescendants) this.descendants(institutions, r.institutionId).forEach((id) => base.add(id));
    }
    const out = new Set(base);
    for (const g of grants) {
      if (base.has(g.granteeId) && (g.scope === '*' || g.scope === scope)) out.add(g.grantorId);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Institutions the caller holds a role at, with descendants where the role says so (no grants): where shares reach them. */
  async ownInstitutionIds(user: { isSystemAdmin: boolean; roles: RoleGrant[] }): Promise<number[]> {
    const { institutions } = await this.org();
    if (user.isSystemAdmin) return institutions.map((i) => i.id);
    const out = new Set<number>();
    for (const r of user.roles) {
      out.add(r.institutionId);
      if (r.includeDescendants) this.descendants(institutions, r.institutionId).forEach((id) => out.add(id));
    }
    return [...out].sort((a, b) => a - b);
  }

  /** An institution's network for one plugin: itself, its descendants and the institutions granting it visibility. */
  async networkOf(institutionId: number, scope: string): Promise<number[]> {
    const { institutions, grants } = await this.org();
    const out = new Set([institutionId, ...this.descendants(institutions, institutionId)]);
    for (const g of grants) if (g.granteeId === institutionId && (g.scope === '*' || g.scope === scope)) out.add(g.grantorId);
    return [...out].sort((a, b) => a - b);
  }

  /** Roles the caller holds at an institution, directly or through an ancestor's descendant-wide role. */
  async rolesAt(actor: Actor, institutionId: number): Promise<Role[]> {
    const { institutions } = await this.org();
    const roles = new Set<Role>();
    for (const r of actor.roles) {
      if (r.institutionId === institutionId) roles.add(r.role);
      else if (r.includeDescendants && this.descendants(institutions, r.institutionId).includes(institutionId)) roles.add(r.role);
    }
    if (actor.isSystemAdmin) roles.add('system-admin');
    return [...roles];
  }

  /** The one permission check: a system admin may act everywhere; anyone else needs one of `allowed` at the institution. */
  async can(actor: Actor, institutionId: number, allowed: readonly Role[]): Promise<boolean> {
    // permits() decides; checking the admin flag first only saves the roles lookup.
    return actor.isSystemAdmin || permits(actor, await this.rolesAt(actor, institutionId), allowed);
  }

  /** 403 unless `can` says yes. */
  async requireAccess(actor: Actor, institutionId: number, allowed: readonly Role[]): Promise<void> {
    if (!(await this.can(actor, institutionId, allowed))) throw AppError.forbidden();
  }

  /**
   * A record in an institution the caller cannot see answers exactly like a missing one (404),
   * and the attempt is logged.
   */
  async assertVisible(actor: Actor, institutionId: number, object: { type: string; id: string | number }, scope?: string): Promise<void> {
    const visible = scope ? await this.visibleInstitutionIds(actor, scope) : actor.visibleInstitutionIds;
    if (visible.includes(institutionId)) return;
    throw await this.concealed(actor, object, { recordInstitutionId: institutionId });
  }

  /** Reading an object: 404 (logged) unless `can` says yes, so a lower role cannot tell it from a missing one. */
  async requireReadable(actor: Actor, institutionId: number, allowed: readonly Role[], object: { type: string; id: string | number }): Promise<void> {
    if (await this.can(actor, institutionId, allowed)) return;
    throw await this.concealed(actor, object, { recordInstitutionId: institutionId });
  }

  /** The answer for an object the caller may not read, inside its institution too: logged, then the same 404 as a missing one. */
  async concealed(actor: Actor, object: { type: string; id: string | number }, detail: Record<string, unknown>): Promise<AppError> {
    await this.logDenied(actor, object, detail);
    return AppError.notFound();
  }

  /** Logs a refused access; inside a write it is written after the rollback the refusal causes. */
  async logDenied(actor: Actor, object: { type: string; id: string | number }, detail: Record<string, unknown>): Promise<void> {
    await this.db.afterSettle(() => this.audit.record({
      actor: actorLabel(actor),
      institutionId: actor.currentInstitutionId,
      action: 'access.denied',
      objectType: object.type,
      objectId: object.id,
      outcome: 'denied',
      detail,
    }));
  }

  async institutions(): Promise<InstitutionEntity[]> {
    return (await this.org()).institutions;
  }
}
