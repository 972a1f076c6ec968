import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import type { LocalizedText } from '../plugin-api';

/** One thing waiting for the signed-in user (待办): what, where it is done, and by when. */
export interface TodoItem {
  /** Groups items on the home page, e.g. 待答复的预警. */
  group: LocalizedText;
  title: string;
  href: string;
  /** 'YYYY-MM-DD', or null when no deadline applies. */
  due: string | null;
  overdue: boolean;
}

export type TodoProvider = (actor: Actor) => Promise<TodoItem[]>;

/** Modules register what waits for a user; the home page and the menu read it without importing any module. */
@Injectable()
export class TodoRegistry {
  private readonly providers: TodoProvider[] = [];

  register(p: TodoProvider): void {
    this.providers.push(p);
  }

  /** Everything waiting for the actor, overdue first, then soonest due; undated last. */
  async for(actor: Actor): Promise<TodoItem[]> {
    const all = (await Promise.all(this.providers.map((p) => p(actor)))).flat();
    return all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.title.localeCompare(b.title));
  }
}
