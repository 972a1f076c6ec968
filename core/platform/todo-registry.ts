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

/** How long the menu's count may lag behind (every page shows it; the home page always counts afresh). */
const COUNT_TTL_MS = 20_000;

/** Modules register what waits for a user; the home page and the menu read it without importing any module. */
@Injectable()
export class TodoRegistry {
  private readonly providers: TodoProvider[] = [];
  private readonly counts = new Map<string, { n: number; at: number }>();

  register(p: TodoProvider): void {
    this.providers.push(p);
  }

  /** Everything waiting for the actor, overdue first, then soonest due; undated last. */
  async for(actor: Actor): Promise<TodoItem[]> {
    const all = (await Promise.all(this.providers.map((p) => p(actor)))).flat();
    this.counts.set(this.key(actor), { n: all.length, at: Date.now() });
    return all.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.title.localeCompare(b.title));
  }

  /** The number of items for the menu badge, counted at most every COUNT_TTL_MS per user and institution. */
  async count(actor: Actor): Promise<number> {
    const hit = this.counts.get(this.key(actor));
    if (hit && Date.now() - hit.at < COUNT_TTL_MS) return hit.n;
    return (await this.for(actor)).length;
  }

  private key(actor: Actor): string {
    return `${actor.userId}:${actor.currentInstitutionId ?? ''}`;
  }
}
