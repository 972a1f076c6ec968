import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../auth/auth.entities';
import { PersonEntity } from '../org/org.entities';
import { OFFICER } from './clue.service';
import { NotificationService } from './notification.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf } from './warning-jurisdiction.service';
import { dueAfter, PaletteDef } from './warning-levels';
import { transition, WarningAction } from './warning-state';
import { WarningEntity, WarningStepEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';

/** Moves a warning along: the checked transition, its step and audit row, the answer period, and who is told. */
@Injectable()
export class WarningTransitionService {
  constructor(
    private readonly audit: AuditService,
    private readonly cfg: WarningConfigService,
    private readonly notify: NotificationService,
    private readonly repo: WarningRepository,
  ) {}

  step(m: EntityManager, w: WarningEntity, kind: string, actor: string, data: Record<string, unknown>): Promise<WarningStepEntity> {
    return this.repo.addStep(m, { warningId: w.id, institutionId: w.institutionId, kind, actor, at: this.cfg.nowIso(), data: JSON.stringify(data) });
  }

  /** Applies a checked transition, saves, records the step and the audit row in one write. */
  async apply(m: EntityManager, actor: string, w: WarningEntity, action: WarningAction, data: Record<string, unknown>, changes: Partial<WarningEntity> = {}): Promise<WarningStepEntity> {
    const from = w.status;
    const to = transition(w.status, action);
    Object.assign(w, changes);
    if (to && !changes.status) w.status = to;
    w.updatedAt = this.cfg.nowIso();
    await this.repo.save(m, w);
    const s = await this.step(m, w, action, actor, data);
    await this.audit.append(m, { actor, institutionId: w.institutionId, action: `warning.${action}`, objectType: 'warning', objectId: w.id, detail: { from, to: w.status, level: w.levelCode, ...data } });
    return s;
  }

  /** Sets the answer period from `from` at the warning's current level. */
  schedule(p: PaletteDef, w: WarningEntity, from: string): Partial<WarningEntity> {
    const level = p.levels[w.levelIndex];
    return { issuedOn: from, dueDate: dueAfter(this.cfg.calendar, from, level.answerDeadline), finalDate: level.maxPeriod ? dueAfter(this.cfg.calendar, from, level.maxPeriod) : null };
  }

  /** In-app message and SMS to the warned person; returns how many were new (0 when the key was used). */
  /** Accounts that answer for the subject: the warned person's, a department's heads, an institution's head. */
  async subjectUsers(m: EntityManager, w: WarningEntity): Promise<number[]> {
    if (w.subjectType === 'person') return this.notify.usersOfPerson(m, w.subjectPersonId);
    if (w.subjectType === 'institution') return this.notify.usersWithRole(m, w.institutionId, ['head']);
    if (!w.subjectDepartmentId) return [];
    const heads = await this.notify.usersWithRole(m, w.institutionId, ['department-head']);
    const users = heads.length ? await m.getRepository(UserEntity).findBy({ id: In(heads), disabled: false }) : [];
    const people = new Set((await m.getRepository(PersonEntity).findBy({ institutionId: w.institutionId, departmentId: w.subjectDepartmentId })).map((p) => p.id));
    return users.filter((u) => u.personId && people.has(u.personId)).map((u) => u.id);
  }

  async tellSubject(m: EntityManager, w: WarningEntity, kind: string, title: string, body: string, uniqueKey?: string): Promise<number> {
    const users = await this.subjectUsers(m, w);
    const messages = await this.notify.message(m, users, { institutionId: w.institutionId, warningId: w.id, kind, title, body, uniqueKey });
    const sms = await this.notify.remindPerson(m, w.institutionId, w.subjectPersonId, uniqueKey ?? null);
    return messages + (sms ? 1 : 0);
  }

  async tellOfficers(m: EntityManager, w: WarningEntity, kind: string, title: string, body: string, uniqueKey?: string): Promise<void> {
    const users = await this.notify.usersWithRole(m, handlerOf(w), OFFICER);
    await this.notify.message(m, users, { institutionId: w.institutionId, warningId: w.id, kind, title, body, uniqueKey });
  }
}
