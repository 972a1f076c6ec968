import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { actorNames } from '../auth/actor-names';
import { UserEntity } from '../auth/auth.entities';
import { likeLiteral } from '../db/sql-like';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Lang, pick, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { InstitutionEntity } from '../org/org.entities';
import { beijingMinute } from '../plugin-api';
import type { FieldDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { ListRow, writeListWorkbook } from '../spreadsheet/list-workbook';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { recordHref } from '../web/record-href';
import { AuditEntryEntity } from './audit.entity';
import { AuditService, brokenReasonText } from './audit.service';
import { ModuleRegistry } from '../platform/module-registry';
import type { LocalizedText } from '../plugin-api';
import { DetailRow, detailRows, detailText } from './audit-detail';
import { OBJECT_HREFS, OBJECT_LABELS, OUTCOME_LABELS, PLATFORM_ACTION_LABELS } from './audit-labels';
import { AuditFilter, auditFilterQuery, auditQuery, parseAuditFilter } from './audit-query';
import { AUDIT_ROLES } from './audit-roles';

/** Entries read per query while exporting: the export holds one such page, whatever the log's length. */
const EXPORT_PAGE = 500;
/** Accounts an actor search may match; a broader search is narrowed by the other filters. */
const ACTOR_MATCHES = 200;

/** One entry as the screen and the export show it. */
interface EntryView {
  seq: number;
  at: string;
  unit: string;
  actor: string;
  actorRaw: string;
  action: string;
  actionCode: string;
  object: string;
  objectHref: string | null;
  outcome: string;
  outcomeCode: string;
  detail: DetailRow[];
}

/** The caller's reading of the log: which institutions' entries (null: all, the platform's own included). */
interface AuditScope {
  institutions: number[] | null;
  all: InstitutionEntity[];
}

/**
 * The audit log screen (/audit) and its Excel export: the entries of the institutions the caller oversees as a
 * discipline officer (every entry for a system admin), filtered and paged in SQL, in words; and the chain check.
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly modules: ModuleRegistry,
  ) {
    this.actionLabels = { ...PLATFORM_ACTION_LABELS, ...modules.auditActions };
  }

  /** Action names: the platform's own, then each module's, in the filter's order. */
  private readonly actionLabels: Record<string, LocalizedText>;

  /** 403 for a caller who is no discipline officer anywhere (nor a system admin). */
  private async scope(actor: Actor): Promise<AuditScope> {
    const all = await this.access.institutions();
    if (actor.isSystemAdmin) return { institutions: null, all };
    const ids: number[] = [];
    for (const id of await this.access.ownInstitutionIds(actor)) if (await this.access.can(actor, id, AUDIT_ROLES)) ids.push(id);
    if (!ids.length) throw AppError.forbidden();
    return { institutions: ids, all };
  }

  /** The recorded actor labels an actor search names: a label as written, or accounts by username or part of the name. */
  private async actorLabels(m: EntityManager, f: AuditFilter): Promise<string[] | null> {
    if (!f.actor) return null;
    if (f.actor.includes(':') || f.actor === 'anonymous') return [f.actor];
    const users = await m
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select(['u.id', 'u.username'])
      .where("u.username = :actor OR u.display_name LIKE :pattern ESCAPE '\\'", { actor: f.actor, pattern: `%${likeLiteral(f.actor)}%` })
      .orderBy('u.id', 'ASC')
      .take(ACTOR_MATCHES)
      .getMany();
    return users.map((u) => `user:${u.id}:${u.username}`);
  }

  private async view(m: EntityManager, rows: AuditEntryEntity[], s: AuditScope, lang: Lang): Promise<EntryView[]> {
    const name = await actorNames(m, rows.map((r) => r.actor), lang);
    const unitOf = (id: number | null) => s.all.find((i) => i.id === id);
    return rows.map((r) => {
      const unit = unitOf(r.institutionId);
      const [pluginId, typeId] = r.objectType.split('/');
      const recordType = typeId ? this.host.recordType(pluginId, typeId) : undefined;
      const fields: FieldDef[] | undefined = recordType?.fields;
      const typeLabel = recordType ? pick(recordType.label, lang) : OBJECT_LABELS[r.objectType] ? pick(OBJECT_LABELS[r.objectType], lang) : r.objectType;
      const numeric = /^\d{1,12}$/.test(r.objectId);
      const href = !numeric ? null : recordType ? (unit ? recordHref(this.host.screensFor(unit.code), pluginId, typeId, Number(r.objectId)) : null) : (OBJECT_HREFS[r.objectType]?.(r.objectId) ?? null);
      return {
        seq: r.seq,
        at: beijingMinute(r.at),
        unit: unit ? (lang === 'en' && unit.nameEn ? unit.nameEn : unit.name) : t(lang, 'audit.no_unit'),
        actor: name(r.actor),
        actorRaw: r.actor,
        action: this.actionLabels[r.action] ? pick(this.actionLabels[r.action], lang) : r.action,
        actionCode: r.action,
        object: `${typeLabel} #${r.objectId}`,
        objectHref: href,
        outcome: OUTCOME_LABELS[r.outcome] ? pick(OUTCOME_LABELS[r.outcome], lang) : r.outcome,
        outcomeCode: r.outcome,
        detail: detailRows(r.detail, lang, fields, this.modules.auditTransition(r.action)),
      };
    });
  }

  /** The filter's choices: labelled actions and object types (the asked one kept when it has no label), the units. */
  private choices(f: AuditFilter, s: AuditScope, lang: Lang) {
    const option = (value: string, label: string, current: string) => ({ value, label, selected: value === current });
    const actions = Object.entries(this.actionLabels).map(([code, l]) => option(code, pick(l, lang), f.action));
    if (f.action && !this.actionLabels[f.action]) actions.push(option(f.action, f.action, f.action));
    const types = [
      ...Object.entries(OBJECT_LABELS).map(([code, l]) => option(code, pick(l, lang), f.objectType)),
      ...this.host.plugins.flatMap((p) => (p.recordTypes ?? []).map((rt) => option(`${p.id}/${rt.id}`, `${pick(p.name, lang)} · ${pick(rt.label, lang)}`, f.objectType))),
    ];
    if (f.objectType && !types.some((x) => x.value === f.objectType)) types.push(option(f.objectType, f.objectType, f.objectType));
    const inScope = s.institutions ? s.all.filter((i) => s.institutions!.includes(i.id)) : s.all;
    const units = inScope.map((i) => ({ value: String(i.id), label: lang === 'en' && i.nameEn ? i.nameEn : i.name, selected: i.id === f.unit }));
    // The platform's own entries (sign-ins before an institution is chosen, config sync) belong to no institution.
    if (!s.institutions) units.push({ value: '0', label: t(lang, 'audit.no_unit'), selected: f.unit === 0 });
    const outcomes = Object.entries(OUTCOME_LABELS).map(([code, l]) => option(code, pick(l, lang), f.outcome));
    return { actions, types, units: units.length > 1 ? units : null, outcomes };
  }

  /** One page of the filtered log, newest first, with the true total. */
  async page(actor: Actor, lang: Lang, q: Record<string, string>): Promise<Record<string, unknown>> {
    const s = await this.scope(actor);
    const f = parseAuditFilter(q);
    const w = screenPageWindow(q);
    const { rows, total } = await this.db.read(async (m) => {
      const qb = auditQuery(m, s.institutions, f, await this.actorLabels(m, f));
      const page = await qb.clone().offset(w.offset).limit(w.limit).getMany();
      const count = await qb.clone().select('COUNT(*)', 'n').orderBy().getRawOne<{ n: number | string }>();
      return { rows: await this.view(m, page, s, lang), total: Number(count?.n ?? 0) };
    });
    const query = { ...auditFilterQuery(f), pageSize: q.pageSize ? w.pageSize : undefined };
    return {
      rows,
      total,
      filter: f,
      ...this.choices(f, s, lang),
      pager: pager(lang, w, total, (page) => screenHref('/audit', { ...query, page })),
      pageSize: q.pageSize ? w.pageSize : null,
      exportHref: screenHref('/audit/export.xlsx', auditFilterQuery(f)),
      verifyAction: screenHref('/audit/verify', query),
    };
  }

  /**
   * Every entry the filters select, written to `out` as an Excel workbook in the screen's words, read EXPORT_PAGE at a
   * time by sequence number (each page starts below the last one's, so the reads stay on the indexes).
   */
  async export(actor: Actor, lang: Lang, q: Record<string, string>): Promise<{ filename: string; write: (out: Writable) => Promise<void> }> {
    const s = await this.scope(actor);
    const f = parseAuditFilter(q);
    const header = ['audit.seq', 'audit.at', 'audit.unit', 'audit.actor', 'audit.action', 'audit.object', 'audit.outcome', 'audit.detail'].map((k) => t(lang, k));
    const cells = (e: EntryView): ListRow => [e.seq, e.at, e.unit, e.actor, e.action === e.actionCode ? e.action : `${e.action}（${e.actionCode}）`, e.object, e.outcome, detailText(e.detail)];
    const read = (below: number | null) =>
      this.db.read(async (m) => {
        const qb = auditQuery(m, s.institutions, f, await this.actorLabels(m, f));
        if (below !== null) qb.andWhere('a.seq < :below', { below });
        return this.view(m, await qb.limit(EXPORT_PAGE).getMany(), s, lang);
      });
    async function* rows(): AsyncGenerator<ListRow> {
      for (let below: number | null = null; ; ) {
        const page = await read(below);
        for (const e of page) yield cells(e);
        if (page.length < EXPORT_PAGE) break;
        below = page[page.length - 1].seq;
      }
    }
    const title = t(lang, 'audit.title');
    return { filename: `${title}.xlsx`, write: (out) => writeListWorkbook(out, title, header, rows()) };
  }

  /** The whole chain checked (there is one chain for all institutions), as a sentence; only for those who read the log. */
  async verify(actor: Actor, lang: Lang): Promise<{ ok: boolean; text: string }> {
    await this.scope(actor);
    const r = await this.audit.verify();
    if (r.ok) return { ok: true, text: t(lang, 'audit.verify_ok', { n: r.rows }) };
    return { ok: false, text: t(lang, 'audit.verify_broken', { n: r.rows, seq: r.firstBroken!.seq, reason: brokenReasonText(r.firstBroken!.reason) }) };
  }
}
