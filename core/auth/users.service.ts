import { HttpStatus, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import type { Role } from '../plugin-api';
import { RoleAssignmentEntity, SessionEntity, UserEntity } from './auth.entities';
import './accounts.i18n';
import { hashPassword, passwordProblems } from './password';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  personId?: number | null;
  isSystemAdmin?: boolean;
  /** A temporary password an admin hands over: the holder must replace it at next sign-in. */
  mustChangePassword?: boolean;
  roles?: { institutionId: number; role: Role; includeDescendants?: boolean }[];
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async create(input: NewUser, actor: string): Promise<UserEntity> {
    const problems = passwordProblems(input.password, input.username);
    if (problems.length) throw AppError.validation(problems);
    const passwordHash = await hashPassword(input.password);
    return this.db.write(async (m) => {
      const repo = m.getRepository(UserEntity);
      if (await repo.findOneBy({ username: input.username })) {
        throw new AppError(HttpStatus.CONFLICT, 'error.username_taken', { username: input.username }, [{ field: 'username', key: 'validation.username_taken', params: { username: input.username } }]);
      }
      const user = repo.create({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        personId: input.personId ?? null,
        isSystemAdmin: input.isSystemAdmin ?? false,
        disabled: false,
        mustChangePassword: input.mustChangePassword ?? false,
        locale: 'zh',
        createdAt: new Date().toISOString(),
      });
      await repo.insert(user);
      for (const r of input.roles ?? []) {
        await m.getRepository(RoleAssignmentEntity).insert({ userId: user.id, institutionId: r.institutionId, role: r.role, includeDescendants: r.includeDescendants ?? false });
      }
      await this.audit.append(m, { actor, action: 'user.create', objectType: 'user', objectId: user.id, detail: { username: user.username, displayName: user.displayName, admin: user.isSystemAdmin, roles: input.roles ?? [], temporaryPassword: user.mustChangePassword } });
      return user;
    });
  }

  /** Disabling an account ends its live sessions at once. */
  async setDisabled(userId: number, disabled: boolean, actor: string): Promise<void> {
    await this.db.write(async (m) => {
      const res = await m.getRepository(UserEntity).update({ id: userId }, { disabled });
      if (!res.affected) throw AppError.notFound();
      if (disabled) await m.getRepository(SessionEntity).delete({ userId });
      await this.audit.append(m, { actor, action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId });
    });
  }

  async count(): Promise<number> {
    return this.db.read((m) => m.getRepository(UserEntity).count());
  }

  list(): Promise<UserEntity[]> {
    return this.db.read((m) => m.getRepository(UserEntity).find({ order: { id: 'ASC' } }));
  }
}
