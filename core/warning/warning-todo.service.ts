import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { TodoItem, TodoRegistry } from '../platform/todo-registry';
import type { LocalizedText, Role } from '../plugin-api';
import { OFFICER } from './clue.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf, Matter, WarningJurisdictionService } from './warning-jurisdiction.service';
import { AWAITING_ANSWER, OPEN_STATES } from './warning-state';
import { WarningClueEntity, WarningEntity } from './warning.entities';

const GROUPS: Record<string, LocalizedText> = {
  answer: { zh: '待答复的预警', en: 'Warnings to answer' },
  triage: { zh: '待研判的预警信息', en: 'Clues to triage' },
  issue: { zh: '待发出的预警通知', en: 'Notices to issue' },
  review: { zh: '待审核的答复', en: 'Answers to review' },
  followUp: { zh: '待回访', en: 'Follow-up visits due' },
  release: { zh: '待审批解除的预警', en: 'Releases to approve' },
  extension: { zh: '待审批的延期申请', en: 'Extensions to decide' },
};

/** Most clues listed one by one; the board has the rest. */
const MAX_CLUES = 20;

/** What the warning module asks of a user: answers owed, clues to triage, notices, reviews, visits, releases, extensions. */
@Injectable()
export class WarningTodoService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly todos: TodoRegistry,
  ) {}

  onModuleInit(): void {
    this.todos.register((actor) => this.items(actor));
  }

  async items(actor: Actor): Promise<TodoItem[]> {
    const today = this.cfg.today();
    const rolesCache = new Map<number, Role[]>();
    // Roles over matters handled at an institution, as the warning screens decide them (a unit may hide its own from its parent).
    const rolesAt = async (id: number) => rolesCache.get(id) ?? rolesCache.set(id, await this.jurisdiction.rolesAtHandler(actor, id)).get(id)!;
    // Whose job it is, not who may do it: a system admin may act anywhere but is not asked to (no permits() here).
    const may = async (x: Matter, allowed: readonly Role[]) => (await rolesAt(handlerOf(x))).some((r) => allowed.includes(r));
    const institutions = actor.visibleInstitutionIds;
    const out: TodoItem[] = [];
    const item = (group: string, title: string, href: string, due: string | null) => out.push({ group: GROUPS[group], title, href, due, overdue: !!due && due < today });
    await this.db.read(async (m) => {
      const warnings = institutions.length ? await m.getRepository(WarningEntity).find({ where: { status: In(OPEN_STATES), institutionId: In(institutions) }, order: { dueDate: 'ASC', id: 'ASC' } }) : [];
      for (const w of warnings) {
        const href = `/warning/warnings/${w.id}`;
        if (AWAITING_ANSWER.includes(w.status as never) && (await this.warningAccess.isSubject(m, actor, w))) item('answer', w.title, href, w.dueDate);
        if (await may(w, OFFICER)) {
          if (w.status === 'decided') item('issue', `${w.subjectLabel}：${w.title}`, href, null);
          if (w.status === 'answered') item('review', `${w.subjectLabel}：${w.title}`, href, null);
          if (w.status === 'accepted') item('followUp', `${w.subjectLabel}：${w.title}`, href, null);
        }
        const palette = await this.cfg.palette(w.institutionId);
        if (w.status === 'followed-up' && (await may(w, palette.releaseApprovers))) item('release', `${w.subjectLabel}：${w.title}`, href, null);
        const level = palette.levels[w.levelIndex];
        if (w.extensionRequestedMonths && level?.extension.allowed && (await may(w, level.extension.approvers))) item('extension', `${w.subjectLabel}：${w.title}（${w.extensionRequestedMonths}个月）`, href, w.dueDate);
      }
      const clues = institutions.length ? await m.getRepository(WarningClueEntity).find({ where: { status: 'new', institutionId: In(institutions) }, order: { triageDue: 'ASC', id: 'ASC' } }) : [];
      let listed = 0;
      for (const c of clues) {
        if (listed >= MAX_CLUES) break;
        if (!(await may(c, OFFICER))) continue;
        listed++;
        item('triage', `#${c.id} ${c.subjectLabel}：${c.content.slice(0, 40)}`, `/warning/clues/${c.id}`, c.triageDue);
      }
    });
    return out;
  }
}
