import { likeLiteral } from '../db/sql-like';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Db } from '../db/db';
import { AppError, FieldProblem } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { AccessService, permits } from '../org/access.service';
import type { InstitutionEntity } from '../org/org.entities';
import { ROLES, type Role } from '../plugin-api';
import './accounts.i18n';
import { Actor, actorLabel } from './actor';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from './auth.entities';
import { hashPassword, temporaryPassword } from './password';
import { UsersService } from './users.service';

export interface AccountGrant {
  institutionId: number;
  role: Role;
  includeDescendants: boolean;
}

/** A role row as posted by the account form: institution and role by position, `descendants` naming row numbers. */
export interface GrantRows {
  institutionId?: string[];
  role?: string[];
  descendants?: string[];
}

export interface AccountFilter {
  q: string;
  status: '' | 'active' | 'disabled' | 'pending';
}

export interface Account {
  id: number;
  username: string;
  displayName: string;
  isSystemAdmin: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  grants: AccountGrant[];
}


/** Accounts as the admin screens manage them: paged search, create with a temporary password, edit, reset, disable. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly users: UsersService,
  ) {}

  /** Accounts span institutions, so only a platform-wide admin manages them: an institution's admin role is not enough. */
  private assertManager(actor: Actor): void {
    if (!permits(actor, [], ['system-admin'])) throw AppError.forbidden();
  }

  /** The institutions whose roles the caller may hand out. */
  async manageableInstitutions(actor: Actor): Promise<InstitutionEntity[]> {
    this.assertManager(actor);
    const out: InstitutionEntity[] = [];
    for (const i of await this.access.institutions()) if (await this.access.can(actor, i.id, ['system-admin'])) out.push(i);
    return out;
  }

  async page(actor: Actor, f: AccountFilter, w: PageWindow): Promise<Page<Account>> {
    this.assertManager(actor);
    return this.db.read(async (m) => {
      const qb = m.getRepository(UserEntity).createQueryBuilder('u');
      if (f.q) qb.andWhere("(LOWER(u.username) LIKE :q ESCAPE '\\' OR LOWER(u.display_name) LIKE :q ESCAPE '\\')", { q: `%${likeLiteral(f.q.toLowerCase())}%` });
      if (f.status === 'active') qb.andWhere('u.disabled = :no', { no: false });
      if (f.status === 'disabled') qb.andWhere('u.disabled = :yes', { yes: true });
      if (f.status === 'pending') qb.andWhere('u.must_change_password = :yes AND u.disabled = :no', { yes: true, no: false });
      const [rows, total] = await qb.orderBy('u.id', 'ASC').limit(w.limit).offset(w.offset).getManyAndCount();
      const grants = rows.length ? await m.getRepository(RoleAssignmentEntity).find({ where: { userId: In(rows.map((u) => u.id)) }, order: { id: 'ASC' } }) : [];
      return pageOf(rows.map((u) => toAccount(u, grants.filter((g) => g.userId === u.id))), total, w);
    });
  }

  async get(actor: Actor, id: number): Promise<Account> {
    this.assertManager(actor);
    return this.db.read(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw AppError.notFound();
      return toAccount(user, await m.getRepository(RoleAssignmentEntity).find({ where: { userId: id }, order: { id: 'ASC' } }));
    });
  }

  /** The posted role rows as grants: empty rows dropped, half-filled rows and foreign institutions refused by row. */
  async grantsFrom(actor: Actor, rows: GrantRows): Promise<AccountGrant[]> {
    const allowed = new Set((await this.manageableInstitutions(actor)).map((i) => i.id));
    const problems: FieldProblem[] = [];
    const out = new Map<string, AccountGrant>();
    const institutions = rows.institutionId ?? [];
    const roles = rows.role ?? [];
    for (let i = 0; i < Math.max(institutions.length, roles.length); i++) {
      const inst = institutions[i] ?? '';
      const role = roles[i] ?? '';
      const row = i + 1;
      if (!inst && !role) continue;
      if (!role) problems.push({ field: 'role', key: 'validation.account_role_missing', params: { row } });
      else if (!inst) problems.push({ field: 'institutionId', key: 'validation.account_institution_missing', params: { row } });
      else if (!allowed.has(Number(inst))) problems.push({ field: 'institutionId', key: 'validation.account_institution', params: { row } });
      else if (ROLES.includes(role as Role)) out.set(`${inst}:${role}`, { institutionId: Number(inst), role: role as Role, includeDescendants: (rows.descendants ?? []).includes(String(i)) });
    }
    if (problems.length) throw AppError.validation(problems);
    return [...out.values()];
  }

  async create(actor: Actor, input: { username: string; displayName: string; grants: AccountGrant[] }): Promise<{ id: number; temporaryPassword: string }> {
    this.assertManager(actor);
    const password = temporaryPassword();
    const user = await this.users.create({ username: input.username, displayName: input.displayName, password, mustChangePassword: true, roles: input.grants }, actorLabel(actor));
    return { id: user.id, temporaryPassword: password };
  }

  /** Name and roles (`grants` absent: kept); a role change applies to the account's next request (sessions read roles each time). */
  async update(actor: Actor, id: number, input: { displayName: string; grants?: AccountGrant[] }): Promise<void> {
    this.assertManager(actor);
    await this.db.write(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw AppError.notFound();
      const before = await m.getRepository(RoleAssignmentEntity).find({ where: { userId: id }, order: { id: 'ASC' } });
      const key = (g: AccountGrant) => `${g.institutionId}:${g.role}:${g.includeDescendants ? 1 : 0}`;
      const from = before.map((r) => ({ institutionId: r.institutionId, role: r.role as Role, includeDescendants: r.includeDescendants }));
      const grants = input.grants ?? from;
      const rolesChanged = from.map(key).sort().join() !== grants.map(key).sort().join();
      if (!rolesChanged && user.displayName === input.displayName) return;
      if (user.displayName !== input.displayName) await m.getRepository(UserEntity).update({ id }, { displayName: input.displayName });
      if (rolesChanged) {
        await m.getRepository(RoleAssignmentEntity).delete({ userId: id });
        for (const g of grants) await m.getRepository(RoleAssignmentEntity).insert({ userId: id, ...g });
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (user.displayName !== input.displayName) changes.displayName = { from: user.displayName, to: input.displayName };
      if (rolesChanged) changes.roles = { from, to: grants };
      await this.audit.append(m, { actor: actorLabel(actor), action: 'user.update', objectType: 'user', objectId: id, detail: { username: user.username, changes } });
    });
  }

  /** A new temporary password: the old one stops working and every session of the account ends. */
  async resetPassword(actor: Actor, id: number): Promise<{ temporaryPassword: string }> {
    this.assertManager(actor);
    const password = temporaryPassword();
    const passwordHash = await hashPassword(password);
    await this.db.write(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw AppError.notFound();
      await m.getRepository(UserEntity).update({ id }, { passwordHash, mustChangePassword: true });
      const ended = await m.getRepository(SessionEntity).delete({ userId: id });
      await this.audit.append(m, { actor: actorLabel(actor), action: 'user.password_reset', objectType: 'user', objectId: id, detail: { username: user.username, sessionsEnded: ended.affected ?? 0 } });
    });
    return { temporaryPassword: password };
  }

  async setDisabled(actor: Actor, id: number, disabled: boolean): Promise<void> {
    this.assertManager(actor);
    if (disabled && id === actor.userId) throw AppError.conflict({ zh: '不能停用自己正在使用的账户', en: 'You cannot disable the account you are signed in with' });
    await this.users.setDisabled(id, disabled, actorLabel(actor));
  }
}

function toAccount(u: UserEntity, grants: RoleAssignmentEntity[]): Account {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    isSystemAdmin: u.isSystemAdmin,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt,
    grants: grants.map((g) => ({ institutionId: g.institutionId, role: g.role as Role, includeDescendants: g.includeDescendants })),
  };
}
