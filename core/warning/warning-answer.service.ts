import { Injectable } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { OFFICER } from './clue.service';
import { NotificationService } from './notification.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf } from './warning-jurisdiction.service';
import { WarningNoticeService } from './warning-notice.service';
import { WarningTransitionService } from './warning-transition.service';
import { WarningView, WarningViewService } from './warning-view.service';
import { WarningEntity } from './warning.entities';
import { WarningRepository } from './warning.repository';

/** After the notice: the answer and its review, the one extension, the follow-up visit, release and archive. */
@Injectable()
export class WarningAnswerService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly notify: NotificationService,
    private readonly notices: WarningNoticeService,
    private readonly transitions: WarningTransitionService,
    private readonly views: WarningViewService,
    private readonly repo: WarningRepository,
  ) {}

  /** The warned person answers with an explanation or rectification measures and attaches evidence. */
  async answer(actor: Actor, id: number, input: { explanation: string; measures?: string; evidenceIds?: number[] }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.warningAccess.requireSubject(m, actor, w);
      const ids = [...new Set(input.evidenceIds ?? [])];
      const files = await this.repo.evidenceByIds(m, w.id, ids);
      if (files.length !== ids.length || files.some((f) => f.stepId !== null)) throw AppError.validation([{ field: 'evidenceIds', key: 'validation.invalid' }]);
      const s = await this.transitions.apply(m, actorLabel(actor), w, 'answer', { explanation: input.explanation, measures: input.measures ?? '', evidenceIds: ids, onTime: !w.dueDate || this.cfg.today() <= w.dueDate });
      await this.repo.attachEvidence(m, files.map((f) => f.id), s.id);
      await this.transitions.tellOfficers(m, w, 'warning.answered', `预警 #${w.id}（${w.subjectLabel}）已提交答复`, '请审核答复。', `answered:${w.id}:${s.id}`);
      return this.views.view(m, actor, w);
    });
  }

  async review(actor: Actor, id: number, input: { decision: 'accept' | 'reject'; comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      await this.transitions.apply(m, actorLabel(actor), w, input.decision, { comment: input.comment });
      const title = input.decision === 'accept' ? `您对预警 #${w.id} 的答复已采纳` : `您对预警 #${w.id} 的答复未通过，请于 ${w.dueDate} 前重新答复`;
      await this.transitions.tellSubject(m, w, `warning.${input.decision}`, title, input.comment);
      return this.views.view(m, actor, w);
    });
  }

  /** One extension of at most the level's maximum, only where the level allows it (003 篇5 六 3). */
  async requestExtension(actor: Actor, id: number, input: { months: number; reason: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      if (!(await this.warningAccess.isSubject(m, actor, w))) await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      if (!level.extension.allowed) throw AppError.conflict({ zh: `${level.label.zh}（${level.disposition.zh}）不允许延期`, en: `${level.label.en} allows no extension` });
      if (w.extensionUsed) throw AppError.conflict({ zh: '延期只能申请一次，本预警已延期', en: 'Only one extension is allowed and it has been used' });
      if (w.extensionRequestedMonths) throw AppError.conflict({ zh: '已有延期申请待审批', en: 'An extension request is already pending' });
      if (input.months > level.extension.maxMonths) throw AppError.validation([{ field: 'months', key: 'validation.max', params: { max: level.extension.maxMonths } }]);
      await this.transitions.apply(m, actorLabel(actor), w, 'request-extension', { months: input.months, reason: input.reason }, { extensionRequestedMonths: input.months });
      const approvers = await this.notify.usersWithRole(m, handlerOf(w), level.extension.approvers);
      await this.notify.message(m, approvers, { institutionId: w.institutionId, warningId: w.id, kind: 'warning.extension', title: `预警 #${w.id} 申请延期 ${input.months} 个月`, body: input.reason });
      return this.views.view(m, actor, w);
    });
  }

  /** An approved extension's 延期整改通知书 is issued right after the decision is saved. */
  async decideExtension(actor: Actor, id: number, input: { approve: boolean; comment: string }): Promise<WarningView> {
    const decided = await this.decideExtensionStep(actor, id, input);
    if (!input.approve) return decided;
    await this.notices.issuePendingDocuments(actor, 'warning-extension', id);
    return this.views.get(actor, id);
  }

  private async decideExtensionStep(actor: Actor, id: number, input: { approve: boolean; comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      if (!level.extension.allowed || !w.extensionRequestedMonths) throw AppError.conflict({ zh: '没有待审批的延期申请', en: 'No extension request is pending' });
      await this.access.requireAccess(actor, handlerOf(w), level.extension.approvers);
      const months = w.extensionRequestedMonths;
      const changes: Partial<WarningEntity> = { extensionRequestedMonths: null };
      if (input.approve) {
        changes.extensionUsed = true;
        changes.dueDate = this.cfg.calendar.addCalendarMonths(w.dueDate!, months);
      }
      await this.transitions.apply(m, actorLabel(actor), w, 'decide-extension', { approve: input.approve, months, comment: input.comment, newDueDate: changes.dueDate ?? null, document: input.approve ? { kind: 'extension-notice', title: '延期整改通知书', pending: true } : null }, changes);
      await this.transitions.tellSubject(m, w, 'warning.extension', input.approve ? `延期申请已批准，整改期限延至 ${w.dueDate}（延期整改通知书）` : '延期申请未获批准', input.comment);
      return this.views.view(m, actor, w);
    });
  }

  /** 回访登记 (《预警工作回访登记表》): how the visit was made, what was found, the opinion. */
  async followUp(actor: Actor, id: number, input: { visitedOn: string; method: string; findings: string; opinion: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      await this.transitions.apply(m, actorLabel(actor), w, 'follow-up', { form: '预警工作回访登记表', ...input });
      // The release waits for a leader (003 篇5 六 4): tell the ones who may approve it.
      const approvers = await this.notify.usersWithRole(m, handlerOf(w), (await this.cfg.palette(w.institutionId)).releaseApprovers);
      await this.notify.message(m, approvers, { institutionId: w.institutionId, warningId: w.id, kind: 'warning.release-pending', title: `预警 #${w.id}（${w.subjectLabel}：${w.title}）已回访，待您审批解除`, body: `回访意见：${input.opinion}`, uniqueKey: `release-pending:${w.id}` });
      return this.views.view(m, actor, w);
    });
  }

  /** 解除预警, approved by a leader of the handling unit (003 篇5 六 4); the level may ask for a 解除预警通知书, issued right after. */
  async release(actor: Actor, id: number, input: { comment: string }): Promise<WarningView> {
    const released = await this.releaseStep(actor, id, input);
    if (!(await this.cfg.palette(released.institutionId)).levels[released.level.index].releaseNotice) return released;
    await this.notices.issuePendingDocuments(actor, 'warning-release', id);
    return this.views.get(actor, id);
  }

  private async releaseStep(actor: Actor, id: number, input: { comment: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      const p = await this.cfg.palette(w.institutionId);
      await this.access.requireAccess(actor, handlerOf(w), p.releaseApprovers);
      const notice = p.levels[w.levelIndex].releaseNotice ? { document: { kind: 'release-notice', title: '解除预警通知书', pending: true } } : {};
      await this.transitions.apply(m, actorLabel(actor), w, 'release', { comment: input.comment, approvedBy: actorLabel(actor), ...notice });
      await this.transitions.tellSubject(m, w, 'warning.released', `预警 #${w.id} 已解除`, input.comment);
      return this.views.view(m, actor, w);
    });
  }

  async archive(actor: Actor, id: number): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      await this.transitions.apply(m, actorLabel(actor), w, 'archive', { rule: '一事一档' });
      return this.views.view(m, actor, w);
    });
  }
}
