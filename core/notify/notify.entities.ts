import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** queued → sent, or retrying (timeouts, 5xx) → sent | failed; failed also for a refusal (4xx) or no contact on file. */
export const DELIVERY_STATUSES = ['queued', 'retrying', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message to a person on one channel. It holds no phone number, address or matter text: the contact is read
 * from the person when sending and the body is the fixed reminder with `link`.
 */
@Entity('notification_outbox')
@Index(['status', 'nextAttemptAt'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'person_id' }) personId: number;
  @Column('varchar', { length: 10 }) channel: Channel;
  /** Path on the platform the message points to, e.g. /warning/messages. */
  @Column('varchar', { length: 300 }) link: string;
  @Column('varchar', { length: 10 }) status: DeliveryStatus;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('varchar', { name: 'last_error', length: 500, nullable: true }) lastError: string | null;
  @Column('varchar', { name: 'next_attempt_at', length: 32 }) nextAttemptAt: string;
  /** A sender's lease: another process leaves the row alone until then (a sender that died frees it when it passes). */
  @Column('varchar', { name: 'claimed_until', length: 32, nullable: true }) claimedUntil: string | null;
  @Column('varchar', { name: 'last_attempt_at', length: 32, nullable: true }) lastAttemptAt: string | null;
  @Column('varchar', { name: 'sent_at', length: 32, nullable: true }) sentAt: string | null;
  /** Same key twice = queued once. */
  @Column('varchar', { name: 'unique_key', length: 200, nullable: true }) uniqueKey: string | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

export const NOTIFY_ENTITIES: Function[] = [DeliveryEntity];
