import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { WorkingCalendar } from '../calendar/working-days';

/** Events one core module raises and another handles, inside the raiser's write transaction. */
export interface DomainEventMap {
  /** A plugin rule (or a core scan) found something: the warning module turns it into a clue. */
  'rule.hit': {
    institutionId: number;
    ruleId: string;
    ruleVersion: number;
    level: string;
    hitId: number;
    recordId: number | null;
    /** Every record the hit is about (a split purchase names several); empty for subjects without records. */
    recordIds: number[];
    subjectLabel: string;
    message: { zh: string; en: string };
    inputs: unknown;
    /** The rule's name when no plugin declares it (a warning model configured as data). */
    ruleLabel?: { zh: string; en: string };
  };
  /** A rule's first hit asks for a record (RuleDef.followUp, e.g. a tracking task): core/records creates it. */
  'rule.follow-up': {
    pluginId: string;
    ruleId: string;
    hitId: number;
    institutionId: number;
    recordType: string;
    institutionCode?: string;
    values: Record<string, unknown>;
  };
  /** A self-check passed its due date without a report: the warning module turns it into a clue. */
  'self-check.overdue': {
    institutionId: number;
    selfCheckId: number;
    personId: number | null;
    departmentId: number | null;
    dueDate: string;
    title: string;
  };
  /** A democratic evaluation placed these posts in its bottom three: the warning module gives them a 002 yellow card. */
  'evaluation.bottom-three': {
    institutionId: number;
    year: number;
    posts: { postId: number; rank: number }[];
  };
  /** An admin entered a year's holiday notice: `calendar` is the calendar with it, in force once the write commits. */
  'calendar.notice-entered': {
    year: number;
    calendar: WorkingCalendar;
    actor: string;
  };
}

export type DomainEventType = keyof DomainEventMap;
type Handler<K extends DomainEventType> = (m: EntityManager, payload: DomainEventMap[K]) => Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventType, Handler<any>[]>();

  on<K extends DomainEventType>(type: K, handler: Handler<K>): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** Handlers run in order within the same transaction: a failing handler rolls the whole write back. */
  async emit<K extends DomainEventType>(m: EntityManager, type: K, payload: DomainEventMap[K]): Promise<void> {
    for (const h of this.handlers.get(type) ?? []) await h(m, payload);
  }
}
