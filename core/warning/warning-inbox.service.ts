import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { AccessService } from '../org/access.service';
import { WarningMessageEntity } from './warning.entities';

/** The signed-in user's in-app messages. */
@Injectable()
export class WarningInboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly access: AccessService,
  ) {}

  /** One page of the caller's messages, newest first, with the true count. */
  async page(actor: Actor, w: PageWindow): Promise<Page<WarningMessageEntity>> {
    const [items, total] = await this.db.read((m) => m.getRepository(WarningMessageEntity).findAndCount({ where: { userId: actor.userId }, order: { id: 'DESC' }, take: w.limit, skip: w.offset }));
    return pageOf(items, total, w);
  }

  async unread(actor: Actor): Promise<number> {
    return this.db.read((m) => m.getRepository(WarningMessageEntity).count({ where: { userId: actor.userId, readAt: IsNull() } }));
  }

  async markRead(actor: Actor, id: number): Promise<{ ok: true }> {
    const found = await this.db.read((m) => m.getRepository(WarningMessageEntity).findOneBy({ id }));
    if (!found) throw AppError.notFound();
    if (found.userId !== actor.userId) {
      await this.access.logDenied(actor, { type: 'warning-message', id }, { recordInstitutionId: found.institutionId });
      throw AppError.notFound();
    }
    await this.db.write(async (m) => {
      const msg = await m.getRepository(WarningMessageEntity).findOneBy({ id, userId: actor.userId });
      if (!msg) throw AppError.notFound();
      if (!msg.readAt) await m.getRepository(WarningMessageEntity).update({ id }, { readAt: this.clock.now().toISOString() });
    });
    return { ok: true };
  }
}
