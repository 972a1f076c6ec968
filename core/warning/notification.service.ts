import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { insertMissing } from '../db/insert-missing';
import { DeliveryOutbox } from '../notify/delivery-outbox';
import type { Role } from '../plugin-api';
import { WarningMessageEntity } from './warning.entities';

/** Where an SMS or e-mail reminder points: the person's in-app messages, which say what the matter is after sign-in. */
const MESSAGES_LINK = '/warning/messages';

export interface Notice {
  institutionId: number;
  warningId: number | null;
  kind: string;
  title: string;
  body: string;
  uniqueKey?: string;
}

/** In-app messages to users and SMS/e-mail reminders to people, both idempotent by key. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly clock: Clock,
    private readonly outbox: DeliveryOutbox,
  ) {}

  async usersOfPerson(m: EntityManager, personId: number | null): Promise<number[]> {
    if (!personId) return [];
    return (await m.getRepository(UserEntity).findBy({ personId, disabled: false })).map((u) => u.id);
  }

  async usersWithRole(m: EntityManager, institutionId: number, roles: Role[]): Promise<number[]> {
    const rows = await m.getRepository(RoleAssignmentEntity).findBy({ institutionId, role: In(roles) });
    return [...new Set(rows.map((r) => r.userId))];
  }

  async message(m: EntityManager, userIds: number[], n: Notice): Promise<number> {
    const now = this.clock.now().toISOString();
    const rows = [...new Set(userIds)].map((userId) =>
      m.getRepository(WarningMessageEntity).create({ institutionId: n.institutionId, userId, warningId: n.warningId, kind: n.kind, title: n.title.slice(0, 300), body: n.body, uniqueKey: n.uniqueKey ? `${n.uniqueKey}:u${userId}` : null, createdAt: now, readAt: null }),
    );
    return (await insertMissing(m, WarningMessageEntity, rows, ['uniqueKey'])).length;
  }

  /** Queues an SMS (and an e-mail when on file) telling the person a to-do waits, with a link; never the matter. True when new. */
  async remindPerson(m: EntityManager, institutionId: number, personId: number | null, uniqueKey: string | null): Promise<boolean> {
    if (!personId) return false;
    return (await this.outbox.queue(m, { institutionId, personId, link: MESSAGES_LINK, uniqueKey })) > 0;
  }
}
