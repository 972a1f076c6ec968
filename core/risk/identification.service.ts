import { permits } from '../org/access.service';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { ROLE_LABELS, type Role } from '../plugin-api';
import { RISK_EDITOR_ROLES, RiskContext } from './risk-context.service';
import { RiskPointService } from './risk-point.service';
import { ContributionEntity, RiskPointEntity } from './risk.entities';
import { UserEntity } from '../auth/auth.entities';
import { PersonEntity } from '../org/org.entities';
import { StepDef, STEP_ROLES } from './risk.presets';

/**
 * The ordered identification steps (003 篇1 五步法 and the 001/002 variants). Each step is done by
 * the holder of its role, in order; the last one approves the point. A send-back keeps every
 * earlier contribution and reopens an earlier step.
 */
@Injectable()
export class IdentificationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly ctx: RiskContext,
    private readonly points: RiskPointService,
    private readonly clock: Clock,
  ) {}

  /**
   * The owner's name when the owner has no active user account (an imported point): then the owner's department head,
   * or a discipline officer, may do the self step on the owner's behalf. Null when the owner can sign in.
   */
  async ownerWithoutAccount(point: RiskPointEntity): Promise<string | null> {
    if (!point.ownerPersonId) return null;
    return this.db.read(async (m) => {
      const user = await m.getRepository(UserEntity).findOneBy({ personId: point.ownerPersonId!, disabled: false });
      if (user) return null;
      return (await m.getRepository(PersonEntity).findOneBy({ id: point.ownerPersonId! }))?.name ?? null;
    });
  }

  /** Whether the caller may do the self step for an owner who cannot sign in: a discipline officer, or the head of the point's department. */
  private async mayActForOwner(actor: Actor, point: RiskPointEntity, roles: Role[]): Promise<boolean> {
    if (permits(actor, roles, ['discipline-officer'])) return true;
    if (!roles.includes('department-head') || !actor.personId || !point.departmentId) return false;
    const me = await this.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: actor.personId! }));
    return me?.departmentId === point.departmentId;
  }

  /** Why the caller may not act on this step, or null when they may. */
  async refusal(actor: Actor, point: RiskPointEntity, step: StepDef): Promise<{ zh: string; en: string } | null> {
    const roles = await this.ctx.rolesAt(actor, point.institutionId);
    const isOwner = !!actor.personId && actor.personId === point.ownerPersonId;
    if (step.kind === 'self') {
      if (point.ownerPersonId ? isOwner : roles.some((r) => RISK_EDITOR_ROLES.includes(r))) return null;
      const absent = await this.ownerWithoutAccount(point);
      if (absent && (await this.mayActForOwner(actor, point, roles))) return null;
      if (absent) return { zh: `“${absent}”没有登录账号，“${step.label.zh}”须由其所在科室负责人或纪检监察人员代为办理`, en: `${absent} has no account; the department head or a discipline officer does "${step.label.en}" on their behalf` };
      return { zh: `“${step.label.zh}”须由风险点所属本人办理`, en: `"${step.label.en}" is done by the person whose risk it is` };
    }
    const allowed = STEP_ROLES[step.kind];
    if (isOwner) return { zh: `“${step.label.zh}”不能由风险点所属本人办理`, en: `"${step.label.en}" cannot be done by the person whose risk it is` };
    if (!roles.some((r) => allowed.includes(r))) {
      const names = allowed.map((r) => ROLE_LABELS[r]);
      return { zh: `“${step.label.zh}”须由${names.map((n) => n.zh).join('、')}办理`, en: `"${step.label.en}" is done by ${names.map((n) => n.en).join(', ')}` };
    }
    return null;
  }

  async contribute(actor: Actor, pointId: number, stepIndex: number, content: string): Promise<void> {
    const point = await this.points.load(actor, pointId);
    const settings = await this.ctx.settings(point.institutionId);
    const step = settings.steps[stepIndex];
    if (!step) throw AppError.notFound();
    if (point.status !== 'identifying') {
      throw AppError.conflict({ zh: `风险点已${point.status === 'published' ? '公示' : '审定'}，查找步骤已结束`, en: `The point is already ${point.status}; identification is over` });
    }
    if (stepIndex !== point.currentStep) {
      const cur = settings.steps[point.currentStep];
      throw AppError.conflict({ zh: `步骤须按顺序办理：当前应办理第${point.currentStep + 1}步“${cur.label.zh}”`, en: `Steps go in order: step ${point.currentStep + 1} "${cur.label.en}" is next` });
    }
    const refusal = await this.refusal(actor, point, step);
    if (refusal) throw AppError.conflict(refusal);
    // Someone other than the owner doing the self step acts on the owner's behalf, and the record says so.
    const onBehalfOf = step.kind === 'self' && point.ownerPersonId && actor.personId !== point.ownerPersonId ? await this.ownerWithoutAccount(point) : null;
    const author = (onBehalfOf ? `${actor.displayName}（代${onBehalfOf}填报）` : actor.displayName).slice(0, 100);
    await this.db.write(async (m) => {
      const row = await m.getRepository(RiskPointEntity).findOneByOrFail({ id: pointId });
      // Re-checked inside the write lane: two people acting on the same step cannot both advance it.
      if (row.status !== 'identifying' || row.currentStep !== stepIndex) throw AppError.conflict({ zh: '该步骤已被他人办理，请刷新', en: 'Someone else has just done this step; reload' });
      const now = this.clock.now().toISOString();
      await m.getRepository(ContributionEntity).insert({ pointId, institutionId: row.institutionId, stepIndex, stepKey: step.key, kind: step.kind, action: 'contribute', content, userId: actor.userId, personId: actor.personId, authorName: author, at: now });
      const last = stepIndex === settings.steps.length - 1;
      row.currentStep = last ? stepIndex : stepIndex + 1;
      if (last) row.status = 'approved';
      row.updatedAt = now;
      await m.getRepository(RiskPointEntity).save(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: last ? 'risk.point.approve' : 'risk.point.step', objectType: 'risk-point', objectId: pointId, detail: { step: step.key, index: stepIndex, ...(onBehalfOf ? { onBehalfOf: point.ownerPersonId } : {}) } });
    });
  }

  /** The holder of the current step (or, once approved, of the last step) returns the point to an earlier step. */
  async sendBack(actor: Actor, pointId: number, toStep: number, reason: string): Promise<void> {
    const point = await this.points.load(actor, pointId);
    const settings = await this.ctx.settings(point.institutionId);
    if (point.status === 'published') throw AppError.conflict({ zh: '已公示的风险点不能退回，请修订后重新公示', en: 'A published point cannot be sent back; revise it instead' });
    const at = point.status === 'approved' ? settings.steps.length - 1 : point.currentStep;
    if (toStep >= at && point.status === 'identifying') throw AppError.conflict({ zh: '只能退回到更早的步骤', en: 'A point can only be sent back to an earlier step' });
    if (toStep > at) throw AppError.conflict({ zh: '只能退回到更早的步骤', en: 'A point can only be sent back to an earlier step' });
    const step = settings.steps[at];
    const refusal = await this.refusal(actor, point, step);
    if (refusal) throw AppError.conflict(refusal);
    await this.db.write(async (m) => {
      const row = await m.getRepository(RiskPointEntity).findOneByOrFail({ id: pointId });
      const now = this.clock.now().toISOString();
      await m.getRepository(ContributionEntity).insert({ pointId, institutionId: row.institutionId, stepIndex: at, stepKey: step.key, kind: step.kind, action: 'send-back', content: reason, userId: actor.userId, personId: actor.personId, authorName: actor.displayName.slice(0, 100), at: now });
      row.status = 'identifying';
      row.currentStep = toStep;
      row.updatedAt = now;
      await m.getRepository(RiskPointEntity).save(row);
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: row.institutionId, action: 'risk.point.send-back', objectType: 'risk-point', objectId: pointId, detail: { from: at, to: toStep, reason } });
    });
  }
}
