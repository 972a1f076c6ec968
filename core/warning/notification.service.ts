import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { Clock } from '../clock/clock';
import { insertMissing } from '../db/insert-missing';
import { PersonEntity } from '../org/org.entities';
import type { Role } from '../plugin-api';
import { SmsOutboxEntity, WarningMessageEntity } from './warning.entities';

export interface SmsMessage {
  institutionId: number;
  personId: number | null;
  recipient: string;
  body: string;
  /** Same key twice = sent once. */
  uniqueKey: string | null;
}

/** Where text messages go. Institutions with a real SMS provider bind their own implementation to SMS_GATEWAY. */
export interface SmsGateway {
  /** false when a message with the same unique key was already accepted. */
  send(m: EntityManager, msg: SmsMessage): Promise<boolean>;
}

export const SMS_GATEWAY = Symbol('SMS_GATEWAY');

/** Default gateway: queues each message in sms_outbox for a sender process (or a person) to deliver. */
@Injectable()
export class OutboxSmsGateway implements SmsGateway {
  constructor(private readonly clock: Clock) {}

  async send(m: EntityManager, msg: SmsMessage): Promise<boolean> {
    const repo = m.getRepository(SmsOutboxEntity);
    if (msg.uniqueKey && (await repo.findOneBy({ uniqueKey: msg.uniqueKey }))) return false;
    await repo.insert(repo.create({ ...msg, status: 'queued', createdAt: this.clock.now().toISOString() }));
    return true;
  }
}

export interface Notice {
  institutionId: number;
  warningId: number | null;
  kind: string;
  title: string;
  body: string;
  uniqueKey?: string;
}

/** In-app messages to users and SMS to people, both idempotent by key. */
@Injectable()
export class NotificationService {
  constructor(
    private readonly clock: Clock,
    @Inject(SMS_GATEWAY) private readonly sms: SmsGateway,
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

  /** SMS to the person concerned; people carry no phone number yet, so the recipient is their name and id. */
  async smsPerson(m: EntityManager, institutionId: number, personId: number | null, body: string, uniqueKey: string | null): Promise<boolean> {
    if (!personId) return false;
    const person = await m.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) return false;
    return this.sms.send(m, { institutionId, personId, recipient: `${person.name}（人员 #${person.id}）`, body, uniqueKey });
  }
}
