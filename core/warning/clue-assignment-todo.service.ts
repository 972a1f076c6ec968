import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { TodoItem, TodoRegistry } from '../platform/todo-registry';
import type { LocalizedText } from '../plugin-api';
import { ClueAssignmentAccess } from './clue-assignment-access.service';
import { ASSIGNERS } from './clue-assignment-access.service';
import { OPEN_ASSIGNMENT_STATES } from './clue-assignment-labels';
import { WarningConfigService } from './warning-config.service';
import { WarningJurisdictionService } from './warning-jurisdiction.service';
import { WarningAssignmentEntity, WarningClueEntity } from './warning.entities';

const GROUPS: Record<string, LocalizedText> = {
  handle: { zh: '上级交办的预警信息', en: 'Clues assigned to your unit' },
  overdue: { zh: '逾期未报告的交办件', en: 'Assignments overdue' },
  review: { zh: '待审核的交办报告', en: 'Assignment reports to review' },
};

/** What assignments ask of a user: the unit's officer owes a report; the assigning body reviews reports and chases overdue ones. */
@Injectable()
export class ClueAssignmentTodoService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly rights: ClueAssignmentAccess,
    private readonly jurisdiction: WarningJurisdictionService,
    private readonly cfg: WarningConfigService,
    private readonly todos: TodoRegistry,
  ) {}

  onModuleInit(): void {
    this.todos.register((actor) => this.items(actor));
  }

  async items(actor: Actor): Promise<TodoItem[]> {
    const places = actor.visibleInstitutionIds;
    if (!places.length) return [];
    const today = this.cfg.today();
    const out: TodoItem[] = [];
    await this.db.read(async (m) => {
      const open = await m.getRepository(WarningAssignmentEntity).find({ where: [{ status: In(OPEN_ASSIGNMENT_STATES), unitInstitutionId: In(places) }, { status: In(OPEN_ASSIGNMENT_STATES), fromInstitutionId: In(places) }], order: { deadline: 'ASC', id: 'ASC' } });
      if (!open.length) return;
      const subjects = new Map((await m.getRepository(WarningClueEntity).findBy({ id: In(open.map((a) => a.clueId)) })).map((c) => [c.id, c.subjectLabel]));
      const assigner = new Map<number, boolean>();
      for (const a of open) {
        const href = `/warning/assignments/${a.id}`;
        const title = `交办件 #${a.id} ${subjects.get(a.clueId) ?? ''}`;
        // Whose job it is, not who may do it: a system admin is not asked (no permits() here).
        if (a.status === 'assigned' && (await this.rights.handlesAtUnit(actor, a))) out.push({ group: GROUPS.handle, title, href, due: a.deadline, overdue: a.deadline < today });
        if (!assigner.has(a.fromInstitutionId)) assigner.set(a.fromInstitutionId, (await this.jurisdiction.rolesAtHandler(actor, a.fromInstitutionId)).some((r) => ASSIGNERS.includes(r)));
        if (!assigner.get(a.fromInstitutionId)) continue;
        if (a.status === 'assigned' && a.deadline < today) out.push({ group: GROUPS.overdue, title, href, due: a.deadline, overdue: true });
        if (a.status === 'reported') out.push({ group: GROUPS.review, title, href, due: null, overdue: false });
      }
    });
    return out;
  }
}
