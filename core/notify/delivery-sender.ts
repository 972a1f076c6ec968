import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { Clock } from '../clock/clock';
import { EnvConfig } from '../config/env.config';
import { PublicUrl } from '../config/public-url';
import { Db } from '../db/db';
import { HealthChecks, HealthResult } from '../http/health-checks';
import { PersonEntity } from '../org/org.entities';
import { openContact } from '../org/person-contact';
import { FieldCipher } from '../records/field-cipher';
import { Channel, CHANNELS, DeliveryEntity } from './notify.entities';
import { SmsGatewayTransport } from './sms-gateway.transport';
import { SmtpTransport } from './smtp.transport';
import { DeliveryError, Transport } from './transport';

/** The whole text of every SMS and e-mail: that something waits, and where; never a name, a level or the matter. */
export const REMINDER_TEXT = '您有一条待办事项，请登录平台查看：';
export const REMINDER_SUBJECT = '您有一条待办事项';

const BATCH = 10;
/** Longer than a batch can take (10 sends × the 10-20 s transport timeouts), so a live sender never loses its rows. */
const LEASE_MS = 5 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;
/** After this many attempts a message that still times out is failed (about two hours of retries). */
export const MAX_ATTEMPTS = 8;
const TICK_MS = 15_000;
/** A message waiting longer than this makes /api/health warn. */
const STALE_MS = 60 * 60_000;

export interface DrainResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** Wait before attempt n+1 after n failed ones: 30 s, 1, 2, 4 … min, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/**
 * Sends the outbox, in every process that boots the app (`start` and `worker`), on a 15 s timer. Each row is claimed
 * with a lease by a conditional update inside a write transaction, so two senders never take the same row; a
 * channel without its settings is off and its rows wait.
 */
@Injectable()
export class DeliverySender implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Delivery');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DrainResult> | null = null;
  private cached: { key: string; transports: Map<Channel, Transport> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly env: EnvConfig,
    private readonly publicUrl: PublicUrl,
    private readonly cipher: FieldCipher,
    private readonly checks: HealthChecks,
  ) {}

  onModuleInit(): void {
    this.checks.register('notifications', () => this.health(), 10_000);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.transports().size) void this.drain().catch((err: Error) => this.log.error(`delivery run failed: ${err.message}`));
    }, TICK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    for (const t of this.cached?.transports.values() ?? []) if (t instanceof SmtpTransport) t.close();
  }

  /** The adapters of the channels whose settings are set, rebuilt when the settings change (tests set them after boot). */
  transports(): Map<Channel, Transport> {
    const e = this.env;
    const key = JSON.stringify([e.SMS_GATEWAY_URL, e.SMS_GATEWAY_KEY, e.SMS_TEMPLATE_ID, e.SMTP_URL, e.SMTP_FROM]);
    if (this.cached?.key === key) return this.cached.transports;
    const transports = new Map<Channel, Transport>();
    if (e.SMS_GATEWAY_URL && e.SMS_GATEWAY_KEY) transports.set('sms', new SmsGatewayTransport({ url: e.SMS_GATEWAY_URL, key: e.SMS_GATEWAY_KEY, templateId: e.SMS_TEMPLATE_ID }));
    if (e.SMTP_URL && e.SMTP_FROM) transports.set('email', new SmtpTransport(e.SMTP_URL, e.SMTP_FROM));
    this.cached = { key, transports };
    return transports;
  }

  /** Sends what is due until nothing is; one run at a time per process. */
  drain(): Promise<DrainResult> {
    this.running ??= this.drainAll().finally(() => (this.running = null));
    return this.running;
  }

  private async drainAll(): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const rows = await this.claim();
      if (!rows.length) return total;
      for (const row of rows) total[await this.deliver(row)]++;
    }
  }

  private async claim(): Promise<DeliveryEntity[]> {
    const channels = [...this.transports().keys()];
    if (!channels.length) return [];
    const now = this.clock.now();
    const at = now.toISOString();
    const until = new Date(now.getTime() + LEASE_MS).toISOString();
    return this.db.write(async (m) => {
      const repo = m.getRepository(DeliveryEntity);
      const free = [{ claimedUntil: IsNull() }, { claimedUntil: LessThan(at) }].map((c) => ({ ...c, status: In(['queued', 'retrying']), channel: In(channels), nextAttemptAt: LessThanOrEqual(at) }));
      const due = await repo.find({ where: free, order: { id: 'ASC' }, take: BATCH });
      const mine: DeliveryEntity[] = [];
      for (const row of due) {
        // Conditional, so a row another sender leased meanwhile is left to it.
        const r = await repo.update({ id: row.id, ...(row.claimedUntil ? { claimedUntil: row.claimedUntil } : { claimedUntil: IsNull() }) }, { claimedUntil: until });
        if (r.affected) mine.push(row);
      }
      return mine;
    });
  }

  private async deliver(row: DeliveryEntity): Promise<keyof DrainResult> {
    const attempts = row.attempts + 1;
    const at = () => this.clock.now().toISOString();
    try {
      const to = await this.contact(row);
      const link = `${this.publicUrl.base}${row.link}`;
      await this.transports().get(row.channel)!.send({ to, subject: REMINDER_SUBJECT, text: `${REMINDER_TEXT}${link}`, link, ref: `lz-${row.id}` });
      await this.record(row.id, { status: 'sent', attempts, sentAt: at(), lastAttemptAt: at(), lastError: null });
      return 'sent';
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message, false);
      const failed = e.permanent || attempts >= MAX_ATTEMPTS;
      const next = new Date(this.clock.now().getTime() + backoffMs(attempts)).toISOString();
      await this.record(row.id, { status: failed ? 'failed' : 'retrying', attempts, lastAttemptAt: at(), lastError: e.message.slice(0, 500), ...(failed ? {} : { nextAttemptAt: next }) });
      if (failed) this.log.warn(`delivery #${row.id} (${row.channel}) failed: ${e.message}`);
      return failed ? 'failed' : 'retrying';
    }
  }

  /** The address, read and decrypted now: the outbox never holds it. */
  private async contact(row: DeliveryEntity): Promise<string> {
    const person = await this.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: row.personId }));
    const value = person && openContact(this.cipher, row.channel === 'sms' ? 'phone' : 'email', row.channel === 'sms' ? person.phone : person.email);
    if (!value) throw new DeliveryError(row.channel === 'sms' ? '未登记手机号 / no phone number on file' : '未登记邮箱 / no e-mail address on file', true);
    return value;
  }

  private record(id: number, changes: Partial<DeliveryEntity>): Promise<unknown> {
    return this.db.write((m) => m.getRepository(DeliveryEntity).update({ id }, { ...changes, claimedUntil: null }));
  }

  /** Warn (never down: the platform serves without them) when messages wait on a channel that is off, wait long, or failed lately. */
  async health(): Promise<HealthResult> {
    const now = this.clock.now();
    const on = new Set(this.transports().keys());
    const since = new Date(now.getTime() - 24 * 3_600_000).toISOString();
    const rows: { channel: Channel; waiting: number; oldest: string | null; failed: number }[] = await this.db.read((m) =>
      m
        .getRepository(DeliveryEntity)
        .createQueryBuilder('d')
        .select('d.channel', 'channel')
        .addSelect(`SUM(CASE WHEN d.status IN ('queued', 'retrying') THEN 1 ELSE 0 END)`, 'waiting')
        .addSelect(`MIN(CASE WHEN d.status IN ('queued', 'retrying') THEN d.created_at END)`, 'oldest')
        .addSelect(`SUM(CASE WHEN d.status = 'failed' AND d.last_attempt_at >= :since THEN 1 ELSE 0 END)`, 'failed')
        .setParameter('since', since)
        .groupBy('d.channel')
        .getRawMany(),
    );
    const channels = Object.fromEntries(
      CHANNELS.map((c) => {
        const r = rows.find((x) => x.channel === c);
        const oldest = r?.oldest ?? null;
        return [c, { on: on.has(c), waiting: Number(r?.waiting ?? 0), oldestWaitingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)) : 0, failedLast24h: Number(r?.failed ?? 0) }];
      }),
    ) as Record<Channel, { on: boolean; waiting: number; oldestWaitingSeconds: number; failedLast24h: number }>;
    const problems: string[] = [];
    for (const c of CHANNELS) {
      const s = channels[c];
      const settings = c === 'sms' ? 'SMS_GATEWAY_URL and SMS_GATEWAY_KEY' : 'SMTP_URL and SMTP_FROM';
      if (!s.on && s.waiting) problems.push(`${s.waiting} ${c} message(s) queued but ${c} is off: set ${settings}`);
      else if (s.oldestWaitingSeconds * 1000 > STALE_MS) problems.push(`${c} messages waiting for ${Math.round(s.oldestWaitingSeconds / 60)} min`);
      if (s.failedLast24h) problems.push(`${s.failedLast24h} ${c} message(s) failed in the last 24 h (see /admin/deliveries)`);
    }
    return { status: problems.length ? 'warn' : 'ok', channels, ...(problems.length ? { detail: problems.join('; ') } : {}) };
  }
}
