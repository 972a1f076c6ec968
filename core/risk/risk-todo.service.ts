import { Injectable, OnModuleInit } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { PersonEntity } from '../org/org.entities';
import { AccessService } from '../org/access.service';
import { TodoItem, TodoRegistry } from '../platform/todo-registry';
import { RiskPointEntity, SelfCheckEntity } from './risk.entities';

const SELF_CHECK = { zh: '待报告的风险自查', en: 'Self-checks to report' };

/** What the risk module asks of a user: the self-checks of their own points, and of their department for its head. */
@Injectable()
export class RiskTodoService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly todos: TodoRegistry,
  ) {}

  onModuleInit(): void {
    this.todos.register((actor) => this.items(actor));
  }

  async items(actor: Actor): Promise<TodoItem[]> {
    const inst = actor.currentInstitutionId;
    if (!inst || !actor.personId) return [];
    const today = this.clock.today();
    const deptHead = (await this.access.rolesAt(actor, inst)).includes('department-head');
    return this.db.read(async (m) => {
      const me = await m.getRepository(PersonEntity).findOneBy({ id: actor.personId! });
      const mine = await m.getRepository(SelfCheckEntity).find({ where: { institutionId: inst, personId: actor.personId!, status: In(['due', 'overdue']) }, order: { dueDate: 'ASC', id: 'ASC' } });
      const department = deptHead && me?.departmentId ? await m.getRepository(SelfCheckEntity).find({ where: { institutionId: inst, departmentId: me.departmentId, personId: IsNull(), status: In(['due', 'overdue']) }, order: { dueDate: 'ASC', id: 'ASC' } }) : [];
      const rows = [...mine, ...department];
      const points = rows.length ? await m.getRepository(RiskPointEntity).findBy({ id: In([...new Set(rows.map((r) => r.pointId))]) }) : [];
      const title = new Map(points.map((p) => [p.id, p.title]));
      return rows.map((r) => ({ group: SELF_CHECK, title: `${title.get(r.pointId) ?? `#${r.pointId}`}（${r.periodKey}）`, href: '/risk/self-checks', due: r.dueDate, overdue: r.dueDate < today }));
    });
  }
}
