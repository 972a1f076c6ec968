import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { insertMissing } from '../db/insert-missing';
import { AppError } from '../http/app-error';
import { PageWindow } from '../http/pagination';
import { AccessService } from '../org/access.service';
import { PersonEntity } from '../org/org.entities';
import { Channel, DeliveryEntity, DeliveryStatus } from './notify.entities';

export interface DeliveryRequest {
  institutionId: number;
  personId: number;
  /** Path on the platform the message points to; the text never carries the matter itself. */
  link: string;
  /** Same key twice = queued once (per channel). */
  uniqueKey: string | null;
}

export interface DeliveryFilter {
  status: DeliveryStatus | '';
  channel: Channel | '';
}

export interface DeliveryRow extends DeliveryEntity {
  personName: string;
  institutionName: string;
}

/** The outbox side of delivery: queue a person's reminder on their channels, list deliveries, requeue a failed one. */
@Injectable()
export class DeliveryOutbox {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /**
   * Inside the caller's transaction: SMS always (a person without a phone fails visibly on the admin's list, to be
   * fixed and retried), e-mail when the person has an address. Returns how many rows were new.
   */
  async queue(m: EntityManager, req: DeliveryRequest): Promise<number> {
    const person = await m.getRepository(PersonEntity).findOneBy({ id: req.personId });
    if (!person) return 0;
    const now = this.clock.now().toISOString();
    const channels: Channel[] = person.email ? ['sms', 'email'] : ['sms'];
    const repo = m.getRepository(DeliveryEntity);
    const rows = channels.map((channel) =>
      repo.create({ institutionId: req.institutionId, personId: person.id, channel, link: req.link, status: 'queued', attempts: 0, lastError: null, nextAttemptAt: now, claimedUntil: null, lastAttemptAt: null, sentAt: null, uniqueKey: req.uniqueKey ? `${req.uniqueKey}:${channel}` : null, createdAt: now }),
    );
    return (await insertMissing(m, DeliveryEntity, rows, ['uniqueKey'])).length;
  }

  async page(f: DeliveryFilter, w: PageWindow): Promise<{ items: DeliveryRow[]; total: number }> {
    const where = { ...(f.status ? { status: f.status } : {}), ...(f.channel ? { channel: f.channel } : {}) };
    const [rows, total] = await this.db.read((m) => m.getRepository(DeliveryEntity).findAndCount({ where, order: { id: 'DESC' }, skip: w.offset, take: w.limit }));
    const ids = [...new Set(rows.map((r) => r.personId))];
    const people = new Map(ids.length ? (await this.db.read((m) => m.getRepository(PersonEntity).findBy({ id: In(ids) }))).map((p) => [p.id, p.name]) : []);
    const institutions = new Map((await this.access.institutions()).map((i) => [i.id, i.name]));
    return { items: rows.map((r) => ({ ...r, personName: people.get(r.personId) ?? `#${r.personId}`, institutionName: institutions.get(r.institutionId) ?? '' })), total };
  }

  /** A failed delivery goes back to the queue with a fresh backoff (after its person's contact was fixed, say). */
  async retry(actor: Actor, id: number): Promise<void> {
    await this.db.write(async (m) => {
      const repo = m.getRepository(DeliveryEntity);
      const row = await repo.findOneBy({ id });
      if (!row) throw AppError.notFound();
      if (row.status !== 'failed') throw AppError.conflict({ zh: '只有发送失败的消息可以重发', en: 'Only failed deliveries can be retried' });
      await repo.update({ id }, { status: 'queued', attempts: 0, nextAttemptAt: this.clock.now().toISOString(), claimedUntil: null });
      await this.audit.append(m, { actor: `user:${actor.userId}:${actor.username}`, institutionId: row.institutionId, action: 'notification.retry', objectType: 'notification', objectId: id, detail: { channel: row.channel, lastError: row.lastError } });
    });
  }
}
