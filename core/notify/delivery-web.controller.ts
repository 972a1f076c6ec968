import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { beijingMinute } from '../plugin-api';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { DeliveryFilter, DeliveryOutbox } from './delivery-outbox';
import { DeliverySender } from './delivery-sender';
import { CHANNEL_LABELS, DELIVERY_LABELS, STATUS_LABELS } from './notify.i18n';
import { CHANNELS, DELIVERY_STATUSES } from './notify.entities';

/** System admins' list of SMS and e-mail deliveries: status, attempts and the gateway's last answer; failed ones can be retried. */
@ApiExcludeController()
@Roles('system-admin')
@Controller('admin/deliveries')
export class DeliveryWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly outbox: DeliveryOutbox,
    private readonly sender: DeliverySender,
  ) {}

  @Get()
  async listPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(DELIVERY_LABELS, lang);
    const f: DeliveryFilter = { status: DELIVERY_STATUSES.find((s) => s === q.status) ?? '', channel: CHANNELS.find((c) => c === q.channel) ?? '' };
    const w = screenPageWindow(q);
    const found = await this.outbox.page(f, w);
    const on = this.sender.transports();
    const pageSize = q.pageSize ? w.pageSize : undefined;
    await this.shell.send(req, res, actor, 'admin/deliveries', L.title, {
      L,
      retried: q.retried === '1',
      channelStates: CHANNELS.map((c) => ({ label: pick(CHANNEL_LABELS[c], lang), on: on.has(c) })),
      statuses: DELIVERY_STATUSES.map((s) => ({ value: s, label: pick(STATUS_LABELS[s], lang), selected: s === f.status })),
      channels: CHANNELS.map((c) => ({ value: c, label: pick(CHANNEL_LABELS[c], lang), selected: c === f.channel })),
      filtered: !!(f.status || f.channel),
      pageSize: pageSize ?? null,
      total: found.total,
      rows: found.items.map((d) => ({
        id: d.id,
        personName: d.personName,
        institutionName: d.institutionName,
        channel: pick(CHANNEL_LABELS[d.channel], lang),
        status: d.status,
        statusLabel: pick(STATUS_LABELS[d.status], lang),
        attempts: d.attempts,
        lastError: d.lastError,
        createdAt: beijingMinute(d.createdAt),
        sentAt: d.sentAt && beijingMinute(d.sentAt),
        nextAttempt: d.status === 'retrying' ? beijingMinute(d.nextAttemptAt) : null,
        canRetry: d.status === 'failed',
      })),
      pager: pager(lang, w, found.total, (page) => screenHref('/admin/deliveries', { status: f.status, channel: f.channel, pageSize, page })),
    });
  }

  @Post(':id/retry')
  async retry(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response): Promise<void> {
    await this.outbox.retry(actor, id);
    res.redirect(303, '/admin/deliveries?retried=1');
  }
}
