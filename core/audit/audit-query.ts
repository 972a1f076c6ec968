import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { addDays } from '../plugin-api';
import { AuditEntryEntity } from './audit.entity';

/** What the audit screen's URL filters by; empty strings are "any". Days are Beijing calendar days, both inclusive. */
export interface AuditFilter {
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  outcome: string;
  from: string;
  to: string;
  /** An institution id, 0 for the platform's own entries (no institution), null for every one in scope. */
  unit: number | null;
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const day = (v: unknown) => {
  const s = text(v, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s) ? s : '';
};

/** The filters from a query string; a screen never answers 400 for them, a malformed one is simply not applied. */
export function parseAuditFilter(q: Record<string, unknown>): AuditFilter {
  const unit = typeof q.unit === 'string' && /^\d{1,9}$/.test(q.unit) ? Number(q.unit) : null;
  return { actor: text(q.actor, 100), action: text(q.action, 80), objectType: text(q.objectType, 80), objectId: text(q.objectId, 80), outcome: text(q.outcome, 20), from: day(q.from), to: day(q.to), unit };
}

/** The filters as the URL carries them (the pager, the export link and the verify form keep them). */
export function auditFilterQuery(f: AuditFilter): Record<string, string | number | undefined> {
  return { actor: f.actor, action: f.action, objectType: f.objectType, objectId: f.objectId, outcome: f.outcome, from: f.from, to: f.to, unit: f.unit ?? undefined };
}

/** The instant a Beijing day starts (UTC+8 all year), as the stored ISO strings compare. */
export const beijingDayStart = (d: string) => `${addDays(d, -1)}T16:00:00.000Z`;

/**
 * The entries the filter selects within `scope` (institution ids; null: every entry, the platform's own included),
 * newest first. Every condition is an equality, an IN list or a range on an indexed column (audit-0001-indexes), so
 * the page and its count read indexes however long the log grows. `actors` are the recorded actor labels the actor
 * filter matched (null: no actor filter).
 */
export function auditQuery(m: EntityManager, scope: number[] | null, f: AuditFilter, actors: string[] | null): SelectQueryBuilder<AuditEntryEntity> {
  const qb = m.getRepository(AuditEntryEntity).createQueryBuilder('a');
  if (scope) qb.andWhere(scope.length ? 'a.institution_id IN (:...scope)' : '1 = 0', { scope });
  if (f.unit === 0) qb.andWhere('a.institution_id IS NULL');
  else if (f.unit !== null) qb.andWhere('a.institution_id = :unit', { unit: f.unit });
  if (actors) qb.andWhere(actors.length ? 'a.actor IN (:...actors)' : '1 = 0', { actors });
  if (f.action) qb.andWhere('a.action = :action', { action: f.action });
  if (f.objectType) qb.andWhere('a.object_type = :objectType', { objectType: f.objectType });
  if (f.objectId) qb.andWhere('a.object_id = :objectId', { objectId: f.objectId });
  if (f.outcome) qb.andWhere('a.outcome = :outcome', { outcome: f.outcome });
  if (f.from) qb.andWhere('a.at >= :fromAt', { fromAt: beijingDayStart(f.from) });
  if (f.to) qb.andWhere('a.at < :toAt', { toAt: beijingDayStart(addDays(f.to, 1)) });
  return qb.orderBy('a.seq', 'DESC');
}
