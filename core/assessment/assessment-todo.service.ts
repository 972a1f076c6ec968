import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { Actor } from '../auth/actor';
import { Db } from '../db/db';
import { TodoItem, TodoRegistry } from '../platform/todo-registry';
import { EvaluationRoundEntity, RoundVoterEntity } from './assessment.entities';

const BALLOT = { zh: '待投票的民主测评', en: 'Evaluations to vote in' };

/** What the assessment module asks of a user: the open evaluation rounds they may still vote in. */
@Injectable()
export class AssessmentTodoService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly todos: TodoRegistry,
  ) {}

  onModuleInit(): void {
    this.todos.register((actor) => this.items(actor));
  }

  async items(actor: Actor): Promise<TodoItem[]> {
    return this.db.read(async (m) => {
      const mine = await m.getRepository(RoundVoterEntity).findBy({ userId: actor.userId, hasVoted: false });
      if (!mine.length) return [];
      const rounds = await m.getRepository(EvaluationRoundEntity).findBy({ id: In(mine.map((v) => v.roundId)), status: 'open', mode: 'online' });
      return rounds.map((r) => ({ group: BALLOT, title: r.name, href: `/assessment/rounds/${r.id}/vote`, due: null, overdue: false }));
    });
  }
}
