import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { LessThan, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Attempt, PublicThrottle } from '../http/public-throttle';
import { AccessService } from '../org/access.service';
import type { Role } from '../plugin-api';
import { Actor, RoleGrant } from './actor';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from './auth.entities';
import { hashPassword, passwordProblems, verifyPassword } from './password';
import './sso/sso.i18n';

export const SESSION_COOKIE = 'sid';
export const SESSION_HOURS = 12;

/**
 * Failed sign-ins allowed per submitted username (existing or not, so a lockout reveals no account) and per
 * client address, each over 15 minutes.
 */
const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000, refusal: 'error.locked' },
  address: { max: 30, windowMs: 15 * 60_000 },
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  actor: Actor;
}

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | null = null;
  private readonly failures = new PublicThrottle(LOGIN_LIMITS);

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly env: EnvConfig,
  ) {}

  /** Counts the attempt against the address and the name before the password is checked; a success takes both back. */
  private countAttempt(username: string, ip: string): Attempt {
    const byAddress = this.failures.take('address', ip);
    try {
      this.failures.take('account', username);
    } catch (err) {
      byAddress.release();
      throw err;
    }
    return {
      release: () => {
        byAddress.release();
        this.failures.clear('account', username);
      },
    };
  }

  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const attempt = this.countAttempt(username, ip);
    const user = await this.db.read((m) => m.getRepository(UserEntity).findOneBy({ username }));
    const now = new Date();
    // Verify against a dummy hash for unknown names so timing does not reveal which names exist.
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || user.disabled) {
      await this.db.write((m) =>
        this.audit.append(m, {
          actor: `login:${username.slice(0, 60)}`,
          action: 'auth.login',
          objectType: 'user',
          objectId: user?.id ?? '-',
          outcome: 'failed',
          detail: { ip },
        }),
      );
      throw new AppError(HttpStatus.UNAUTHORIZED, 'error.bad_credentials');
    }
    attempt.release();
    if (this.env.SSO_ONLY_EXCEPT_ADMINS && !user.isSystemAdmin) {
      await this.refuse(username, user.id, 'password_login_restricted', { ip });
      throw new AppError(HttpStatus.FORBIDDEN, 'error.password_login_sso_only');
    }
    return this.openSession(user, { ip, method: 'password' }, now);
  }

  /**
   * Sign-in vouched for by the identity provider (method `oidc` or `cas`): the username must name an existing, enabled
   * account, none is created; the password lockout is not involved.
   */
  async loginExternal(username: string, method: string, ip: string): Promise<LoginResult> {
    const user = await this.db.read((m) => m.getRepository(UserEntity).findOneBy({ username }));
    if (!user || user.disabled) {
      const reason = user ? 'account_disabled' : 'unknown_account';
      await this.refuse(username, user?.id ?? '-', reason, { ip, method });
      throw new AppError(HttpStatus.FORBIDDEN, user ? 'error.sso_account_disabled' : 'error.sso_unknown_account', { username: username.slice(0, 64) });
    }
    return this.openSession(user, { ip, method }, new Date());
  }

  /** A sign-in refused for a reason other than a wrong password, audited as denied with that reason. */
  async refuse(username: string, userId: number | string, reason: string, detail: Record<string, unknown>): Promise<void> {
    await this.db.write((m) =>
      this.audit.append(m, { actor: `login:${username.slice(0, 60)}`, action: 'auth.login', objectType: 'user', objectId: userId, outcome: 'denied', detail: { ...detail, reason } }),
    );
  }

  private async openSession(user: UserEntity, detail: Record<string, unknown>, now: Date): Promise<LoginResult> {
    const token = randomBytes(32).toString('base64url');
    const roles = await this.rolesOf(user.id);
    const session = await this.db.write(async (m) => {
      await m.getRepository(SessionEntity).delete({ expiresAt: LessThan(now.toISOString()) });
      const s = m.getRepository(SessionEntity).create({
        idHash: hashToken(token),
        userId: user.id,
        csrfToken: randomBytes(24).toString('hex'),
        currentInstitutionId: roles[0]?.institutionId ?? null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
      });
      await m.getRepository(SessionEntity).insert(s);
      await this.audit.append(m, { actor: `user:${user.id}:${user.username}`, institutionId: s.currentInstitutionId, action: 'auth.login', objectType: 'user', objectId: user.id, detail });
      return s;
    });
    return { token, actor: await this.buildActor(user, session, roles) };
  }

  async rolesOf(userId: number): Promise<RoleGrant[]> {
    const rows = await this.db.read((m) => m.getRepository(RoleAssignmentEntity).find({ where: { userId }, order: { id: 'ASC' } }));
    return rows.map((r) => ({ institutionId: r.institutionId, role: r.role as Role, includeDescendants: r.includeDescendants }));
  }

  private async buildActor(
    user: Pick<UserEntity, 'id' | 'username' | 'displayName' | 'personId' | 'isSystemAdmin' | 'mustChangePassword'>,
    session: Pick<SessionEntity, 'idHash' | 'csrfToken' | 'currentInstitutionId'>,
    roles: RoleGrant[],
  ): Promise<Actor> {
    const visible = await this.access.visibleInstitutionIds({ isSystemAdmin: user.isSystemAdmin, roles });
    const current = session.currentInstitutionId && visible.includes(session.currentInstitutionId) ? session.currentInstitutionId : (visible[0] ?? null);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      personId: user.personId,
      isSystemAdmin: user.isSystemAdmin,
      // With password sign-in closed to them, a temporary password is useless and nothing to force a change of.
      mustChangePassword: user.mustChangePassword && !(this.env.SSO_ONLY_EXCEPT_ADMINS && !user.isSystemAdmin),
      roles,
      sessionHash: session.idHash,
      csrfToken: session.csrfToken,
      currentInstitutionId: current,
      visibleInstitutionIds: visible,
    };
  }

  /** The actor behind a session cookie, or null when the session is unknown, expired or its user disabled. */
  async resolve(token: string | undefined): Promise<Actor | null> {
    if (!token || token.length > 200) return null;
    // Every request resolves its session: one statement for session, user and roles, read raw (no entity hydration).
    const rows: ResolvedRow[] = await this.db.read((m) =>
      m.query(
        `SELECT s.id_hash, s.user_id, s.csrf_token, s.current_institution_id, s.expires_at, u.username, u.display_name, u.person_id,
           u.is_system_admin, u.disabled, u.must_change_password, r.institution_id AS r_institution_id, r.role AS r_role, r.include_descendants AS r_include_descendants
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN role_assignments r ON r.user_id = u.id
         WHERE s.id_hash = ${this.db.kind === 'postgres' ? '$1' : '?'} ORDER BY r.id`,
        [hashToken(token)],
      ),
    );
    const row = rows[0];
    if (!row || truthy(row.disabled) || row.expires_at < new Date().toISOString()) return null;
    const user = { id: Number(row.user_id), username: row.username, displayName: row.display_name, personId: row.person_id === null ? null : Number(row.person_id), isSystemAdmin: truthy(row.is_system_admin), mustChangePassword: truthy(row.must_change_password) };
    const session = { idHash: row.id_hash, csrfToken: row.csrf_token, currentInstitutionId: row.current_institution_id === null ? null : Number(row.current_institution_id) };
    const roles = rows.filter((r) => r.r_role !== null).map((r) => ({ institutionId: Number(r.r_institution_id), role: r.r_role as Role, includeDescendants: truthy(r.r_include_descendants) }));
    return this.buildActor(user, session, roles);
  }

  async logout(actor: Actor): Promise<void> {
    await this.db.write(async (m) => {
      await m.getRepository(SessionEntity).delete({ idHash: actor.sessionHash });
      await this.audit.append(m, { actor: `user:${actor.userId}:${actor.username}`, institutionId: actor.currentInstitutionId, action: 'auth.logout', objectType: 'user', objectId: actor.userId });
    });
  }

  /**
   * The caller replaces their own password. A wrong current password counts towards the sign-in lockout of the
   * account (a stolen session must not become a password-guessing oracle); success ends every other session.
   */
  async changePassword(actor: Actor, current: string, next: string, ip: string): Promise<void> {
    const attempt = this.countAttempt(actor.username, ip);
    const user = await this.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ id: actor.userId }));
    const who = `user:${actor.userId}:${actor.username}`;
    if (!(await verifyPassword(user.passwordHash, current))) {
      await this.db.write((m) => this.audit.append(m, { actor: who, institutionId: actor.currentInstitutionId, action: 'user.password_change', objectType: 'user', objectId: user.id, outcome: 'failed', detail: { ip } }));
      throw new AppError(HttpStatus.BAD_REQUEST, 'error.validation', {}, [{ field: 'currentPassword', key: 'validation.wrong_current_password' }]);
    }
    attempt.release();
    const problems = passwordProblems(next, user.username, 'newPassword');
    if (!problems.length && next === current) problems.push({ field: 'newPassword', key: 'validation.password_unchanged' });
    if (problems.length) throw AppError.validation(problems);
    const passwordHash = await hashPassword(next);
    await this.db.write(async (m) => {
      await m.getRepository(UserEntity).update({ id: user.id }, { passwordHash, mustChangePassword: false });
      const ended = await m.getRepository(SessionEntity).delete({ userId: user.id, idHash: Not(actor.sessionHash) });
      await this.audit.append(m, { actor: who, institutionId: actor.currentInstitutionId, action: 'user.password_change', objectType: 'user', objectId: user.id, detail: { ip, sessionsEnded: ended.affected ?? 0, wasTemporary: user.mustChangePassword } });
    });
  }

  async switchInstitution(actor: Actor, institutionId: number): Promise<void> {
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    await this.db.write((m) => m.getRepository(SessionEntity).update({ idHash: actor.sessionHash }, { currentInstitutionId: institutionId }));
  }
}

/** One row of the session lookup: the session and its user, with one of the user's roles (none: nulls). */
interface ResolvedRow {
  id_hash: string;
  user_id: number | string;
  csrf_token: string;
  current_institution_id: number | string | null;
  expires_at: string;
  username: string;
  display_name: string;
  person_id: number | string | null;
  is_system_admin: boolean | number;
  disabled: boolean | number;
  must_change_password: boolean | number;
  r_institution_id: number | string | null;
  r_role: string | null;
  r_include_descendants: boolean | number | null;
}

/** A raw boolean column: PostgreSQL answers true/false, SQLite 1/0. */
const truthy = (v: boolean | number | null): boolean => v === true || v === 1;
