import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Actor, actorLabel } from '../auth/actor';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Db } from '../db/db';
import { DocumentsService } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { PersonEntity, PostEntity } from '../org/org.entities';
import type { Role } from '../plugin-api';
import { OFFICER } from './clue.service';
import { interviewNoticeDocument } from './warning-documents';
import { NotificationService } from './notification.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf } from './warning-jurisdiction.service';
import { WarningNoticeService } from './warning-notice.service';
import { transition } from './warning-state';
import { WarningTransitionService } from './warning-transition.service';
import { WarningView, WarningViewService } from './warning-view.service';
import { WarningEntity } from './warning.entities';

/** An interviewer the schedule form offers: an account with a role at the institution, shown by name. */
export interface InterviewerChoice {
  userId: number;
  name: string;
  post: string;
  roles: Role[];
  lead: boolean;
}

/** 约谈: picking the interviewers, the 约谈通知单, and the record of the interview held. */
@Injectable()
export class WarningInterviewService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly notify: NotificationService,
    private readonly documents: DocumentsService,
    private readonly notices: WarningNoticeService,
    private readonly transitions: WarningTransitionService,
    private readonly views: WarningViewService,
  ) {}

  /**
   * Accounts holding a role at the warning's institution, by name, for picking interviewers (never the warned person
   * themself); lead marks the palette's lead roles.
   */
  async interviewerChoices(m: EntityManager, w: WarningEntity): Promise<InterviewerChoice[]> {
    const p = await this.cfg.palette(w.institutionId);
    const grants = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId: w.institutionId });
    if (!grants.length) return [];
    const users = (await m.getRepository(UserEntity).find({ where: { id: In([...new Set(grants.map((g) => g.userId))]), disabled: false }, order: { id: 'ASC' } })).filter(
      (u) => !(w.subjectPersonId && u.personId === w.subjectPersonId),
    );
    const personIds = users.map((u) => u.personId).filter((x): x is number => !!x);
    const people = personIds.length ? await m.getRepository(PersonEntity).findBy({ id: In(personIds) }) : [];
    const postIds = people.map((x) => x.postId).filter((x): x is number => !!x);
    const posts = postIds.length ? await m.getRepository(PostEntity).findBy({ id: In(postIds) }) : [];
    return users.map((u) => {
      const roles = grants.filter((g) => g.userId === u.id).map((g) => g.role as Role);
      const person = people.find((x) => x.id === u.personId);
      const post = person?.postId ? posts.find((x) => x.id === person.postId)?.name : undefined;
      return { userId: u.id, name: u.displayName, post: post ?? '', roles, lead: roles.some((r) => p.interviewLeadRoles.includes(r)) };
    });
  }

  async interviewers(actor: Actor, id: number): Promise<InterviewerChoice[]> {
    return this.db.read(async (m) => this.interviewerChoices(m, await this.warningAccess.load(m, actor, id)));
  }

  /** Checks the chosen interviewers: two or more accounts of the institution, the lead among them and of lead rank. */
  private async checkInterviewers(m: EntityManager, w: WarningEntity, interviewerUserIds: number[], leadUserId: number): Promise<{ lead: InterviewerChoice; all: InterviewerChoice[] }> {
    const ids = [...new Set(interviewerUserIds)];
    if (ids.length < 2) throw AppError.validation([{ field: 'interviewerUserIds', key: 'error.interview_two' }]);
    if (!ids.includes(leadUserId)) throw AppError.validation([{ field: 'leadUserId', key: 'error.interview_lead_listed' }]);
    const choices = await this.interviewerChoices(m, w);
    const all = ids.map((i) => choices.find((c) => c.userId === i));
    if (all.some((c) => !c)) throw AppError.validation([{ field: 'interviewerUserIds', key: 'validation.invalid' }]);
    const lead = choices.find((c) => c.userId === leadUserId)!;
    if (!lead.lead) throw AppError.validation([{ field: 'leadUserId', key: 'error.interview_lead_rank' }]);
    return { lead, all: all as InterviewerChoice[] };
  }

  /**
   * 约谈安排: time, place and interviewers; issues the 约谈通知单 (core/interview-notice) to the warned person. Like
   * the notice, the document is rendered between a checking read and the saving write.
   */
  async scheduleInterview(actor: Actor, id: number, input: { at: string; place: string; interviewerUserIds: number[]; leadUserId: number; bring?: string[] }): Promise<WarningView> {
    if (input.at.slice(0, 10) < this.cfg.today()) throw AppError.validation([{ field: 'at', key: 'error.interview_past' }]);
    const prep = await this.db.read(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      transition(w.status, 'schedule-interview');
      const { lead, all } = await this.checkInterviewers(m, w, input.interviewerUserIds, input.leadUserId);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      const person = w.subjectPersonId ? await m.getRepository(PersonEntity).findOneBy({ id: w.subjectPersonId }) : null;
      const post = person?.postId ? ((await m.getRepository(PostEntity).findOneBy({ id: person.postId }))?.name ?? '') : '';
      return { w, lead, all, readers: await this.notices.documentReaders(m, w), ...interviewNoticeDocument(w, level, { ...input, post, lead, interviewers: all }) };
    });
    const doc = await this.documents.issue(actor, { templateId: prep.templateId, institutionId: prep.w.institutionId, data: prep.data, ...prep.readers });
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      const level = (await this.cfg.palette(w.institutionId)).levels[w.levelIndex];
      await this.transitions.apply(m, actorLabel(actor), w, 'schedule-interview', {
        notice: level.interviewNotice.zh,
        scheduledAt: input.at,
        place: input.place,
        lead: { userId: prep.lead.userId, name: prep.lead.name },
        interviewers: prep.all.map((c) => ({ userId: c.userId, name: c.name })),
        document: { kind: 'interview-notice', title: '约谈通知单', id: doc.id, number: doc.number, templateId: doc.templateId },
      });
      const when = String(prep.data.time);
      await this.transitions.tellSubject(m, w, 'warning.interview', `约谈通知：${when}，${input.place}（${doc.number}）`, `约谈人：${prep.all.map((c) => c.name).join('、')}。请准时参加。`, `interview:${w.id}:${doc.id}`);
      await this.notify.message(m, prep.all.map((c) => c.userId), { institutionId: w.institutionId, warningId: w.id, kind: 'warning.interview', title: `约谈安排：预警 #${w.id}（${w.subjectLabel}）`, body: `${when}，${input.place}` });
      return this.views.view(m, actor, w);
    });
  }

  /** 约谈: at least two interviewers; the lead (主谈人) holds one of the palette's lead roles (003 篇5 五 2(2)). */
  async interview(actor: Actor, id: number, input: { interviewerUserIds: number[]; leadUserId: number; heldOn: string; place: string; notes: string }): Promise<WarningView> {
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      const { all } = await this.checkInterviewers(m, w, input.interviewerUserIds, input.leadUserId);
      const p = await this.cfg.palette(w.institutionId);
      const leadRoles = await m.getRepository(RoleAssignmentEntity).findBy({ userId: input.leadUserId, institutionId: w.institutionId, role: In(p.interviewLeadRoles) });
      const level = p.levels[w.levelIndex];
      await this.transitions.apply(m, actorLabel(actor), w, 'interview', {
        notice: level.interviewNotice.zh,
        heldOn: input.heldOn,
        place: input.place,
        notes: input.notes,
        lead: { userId: input.leadUserId, name: all.find((u) => u.userId === input.leadUserId)!.name, roles: leadRoles.map((r) => r.role) },
        interviewers: all.map((u) => ({ userId: u.userId, name: u.name })),
      });
      return this.views.view(m, actor, w);
    });
  }
}
