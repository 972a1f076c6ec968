import { Injectable } from '@nestjs/common';
import type { DeepPartial, EntityManager, SelectQueryBuilder } from 'typeorm';
import { fenFromYuan, type FieldDef, type LocalizedText, type RecordGroup, type RecordTotal, type RecordTypeDef, type RecordWhere } from '../plugin-api';
import { PluginRecordEntity, RecordShareEntity, RuleHitEntity } from './record.entities';
import { anyWhereSql, boundValue, fieldSql, jsonbData, recordTypeSql, whereSql } from './record-where';

/** One record type at one institution: what rule queries read. */
export interface RecordAt {
  pluginId: string;
  recordType: string;
  institutionId: number;
  /** Instead of the institution's own records, those this condition reaches (its network: descendants, grants, shares). */
  network?: { sql: string; params: Record<string, unknown> };
}

// Rows read per statement when a caller wants every record: memory per statement stays bounded, and nothing is cut off.
const PAGE = 5_000;

/** Records of one type a caller may reach: owned by one of `owners`, or shared with one of `sharedTo`. */
export interface RecordReach {
  pluginId: string;
  recordType: string;
  owners: number[];
  sharedTo: number[];
}

/**
 * Queries of the plugin-record aggregate: records, the shares that give them second owners, and their rule hits.
 * Each takes the EntityManager of the caller's `db.read`/`db.write`, so it runs inside the caller's transaction.
 */
@Injectable()
export class PluginRecordRepository {
  findById(m: EntityManager, id: number): Promise<PluginRecordEntity | null> {
    return m.getRepository(PluginRecordEntity).findOneBy({ id });
  }

  findByIdOrFail(m: EntityManager, id: number): Promise<PluginRecordEntity> {
    return m.getRepository(PluginRecordEntity).findOneByOrFail({ id });
  }

  /** Whether a reference may point at this record: same plugin, institution and referenced type. */
  async referenceExists(m: EntityManager, target: { id: number; institutionId: number; pluginId: string; recordType: string }): Promise<boolean> {
    return !!(await m.getRepository(PluginRecordEntity).findOneBy(target));
  }

  async insert(m: EntityManager, values: DeepPartial<PluginRecordEntity>): Promise<PluginRecordEntity> {
    const repo = m.getRepository(PluginRecordEntity);
    const row = repo.create(values);
    await repo.insert(row);
    return row;
  }

  async save(m: EntityManager, row: PluginRecordEntity): Promise<void> {
    await m.getRepository(PluginRecordEntity).save(row);
  }

  /** Shares of these records granted to these institutions. */
  sharesOf(m: EntityManager, recordIds: number[], institutionIds: number[]): Promise<RecordShareEntity[]> {
    return m.getRepository(RecordShareEntity).createQueryBuilder('s').where('s.record_id IN (:...ids) AND s.institution_id IN (:...own)', { ids: recordIds, own: institutionIds }).getMany();
  }

  /** One page of reachable records matching `spec`, in its order (newest first by default); with the count of all that match. */
  page(m: EntityManager, reach: RecordReach, spec: RecordSearch, limit: number, offset: number): Promise<[PluginRecordEntity[], number]> {
    return this.ordered(m, this.search(m, reach, spec), spec.sort).take(limit).skip(offset).getManyAndCount();
  }

  /** Every reachable record matching `spec`, in its order: for a condition SQL cannot say (a work queue's `show`). */
  all(m: EntityManager, reach: RecordReach, spec: RecordSearch): Promise<PluginRecordEntity[]> {
    return this.ordered(m, this.search(m, reach, spec), spec.sort).getMany();
  }

  /** Every record of the type at the institution matching `where` (field keys of `def`), oldest first, read page by page. */
  async find(m: EntityManager, at: RecordAt, def: RecordTypeDef, where: RecordWhere = {}, opts: { orderBy?: string; limit?: number } = {}): Promise<PluginRecordEntity[]> {
    const out: PluginRecordEntity[] = [];
    if (opts.limit === undefined) {
      await this.each(m, at, def, where, (page) => void out.push(...page), { orderKey: opts.orderBy });
      return out;
    }
    if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > PAGE) throw new Error(`find: limit must be 1..${PAGE}`);
    // The first few by a field: one page, one seek in an index that leads with the conditions and the field.
    for await (const page of this.pages(m, at, def, where, { orderKey: opts.orderBy, pageSize: opts.limit })) return page;
    return [];
  }

  /** The records matching `where` in pages of PAGE, by id or by `orderKey`'s value then id (keyset paging: each page one index range). */
  async each(m: EntityManager, at: RecordAt, def: RecordTypeDef, where: RecordWhere, fn: (page: PluginRecordEntity[]) => void | Promise<void>, opts: { orderKey?: string; fromId?: number; pageSize?: number } = {}): Promise<void> {
    for await (const page of this.pages(m, at, def, where, opts)) await fn(page);
  }

  /** As `each`, as pages to iterate: the next page is read only when the caller asks for it. */
  async *pages(m: EntityManager, at: RecordAt, def: RecordTypeDef, where: RecordWhere, { orderKey, fromId = 0, pageSize = PAGE }: { orderKey?: string; fromId?: number; pageSize?: number } = {}): AsyncGenerator<PluginRecordEntity[]> {
    const pg = isPg(m);
    const cond = whereSql(pg, def, where);
    const orderField = orderKey ? def.fields.find((f) => f.key === orderKey) : undefined;
    if (orderKey && (!orderField || orderField.sensitive)) throw new Error(`record type "${def.id}": "${orderKey}" cannot order records`);
    const order = orderField ? fieldSql(pg, orderField) : null;
    // From a record id on (the records a bulk import just added): only in id order.
    let after: { id: number; key: unknown } | null = fromId > 0 && !orderField ? { id: fromId - 1, key: null } : null;
    for (;;) {
      const qb = this.at(m, at);
      cond.sql.forEach((c) => qb.andWhere(c));
      if (order) {
        qb.andWhere(`${order} IS NOT NULL`);
        // The bound on the value alone lets the index range start at the last page (SQLite seeks on no row value here).
        if (after) qb.andWhere(`${order} >= :afterKey AND (${order}, r.id) > (:afterKey, :afterId)`, { afterKey: after.key, afterId: after.id });
        qb.orderBy(order, 'ASC').addOrderBy('r.id', 'ASC');
      } else if (cond.sql.length) {
        // "+r.id" keeps SQLite from walking the whole table in id order (for the LIMIT) instead of using the conditions' index.
        if (after) qb.andWhere('+r.id > :afterId', { afterId: after.id });
        qb.orderBy('+r.id', 'ASC');
      } else {
        if (after) qb.andWhere('r.id > :afterId', { afterId: after.id });
        qb.orderBy('r.id', 'ASC');
      }
      // Raw rows mapped by hand: entity hydration cost more than the query itself on a scan of a million records.
      const page = (await qb.setParameters(cond.params).limit(pageSize).getRawMany()).map(fromRaw);
      if (page.length) yield page;
      if (page.length < pageSize) return;
      const last = page[page.length - 1];
      after = { id: last.id, key: orderField ? (JSON.parse(last.data) as Record<string, unknown>)[orderField.id] : null };
    }
  }

  /**
   * The records matching any of `wheres` (a scan's candidates for several rules), from `fromId` on in id order, in pages of
   * PAGE: one pass over the type whatever the number of conditions, each row's JSON read once by SQL and only candidates decoded.
   */
  async eachAny(m: EntityManager, at: RecordAt, def: RecordTypeDef, wheres: RecordWhere[], fn: (page: PluginRecordEntity[]) => void | Promise<void>, { fromId = 0 }: { fromId?: number } = {}): Promise<void> {
    if (!wheres.length) return;
    const cond = anyWhereSql(isPg(m), def, wheres);
    for (let after = Math.max(0, fromId - 1); ; ) {
      // "+" on the institution keeps SQLite walking the table by id range (one sequential pass) rather than an index of the whole type per page.
      const qb = m
        .getRepository(PluginRecordEntity)
        .createQueryBuilder('r')
        .where(`${recordTypeSql(at.pluginId, at.recordType)} AND +r.institution_id = :atInst AND r.id > :afterId`, { atInst: at.institutionId, afterId: after })
        .andWhere(cond.sql, cond.params)
        .orderBy('r.id', 'ASC')
        .limit(PAGE);
      const page = (await qb.getRawMany()).map(fromRaw);
      if (page.length) await fn(page);
      if (page.length < PAGE) return;
      after = page[page.length - 1].id;
    }
  }

  /** How many records of the type the institution holds, from `fromId` on. */
  async count(m: EntityManager, at: RecordAt, fromId = 0): Promise<number> {
    const qb = this.at(m, at).select('COUNT(*)', 'n');
    if (fromId > 0) qb.andWhere('r.id >= :fromId', { fromId });
    return Number((await qb.getRawOne<{ n: number | string }>())?.n ?? 0);
  }

  /** Count, and sum, least and greatest of `fieldKey`, over the records matching `where`: in SQL, through the type's indexes. */
  async total(m: EntityManager, at: RecordAt, def: RecordTypeDef, where: RecordWhere, fieldKey?: string): Promise<RecordTotal> {
    const [g] = await this.groups(m, at, def, where, [], fieldKey);
    return g ? { count: g.count, sum: g.sum, min: g.min, max: g.max } : { count: 0, sum: 0, min: null, max: null };
  }

  /** `total` per distinct value of the `by` fields (a field cut to its first `chars` characters: a date's month). */
  async groups(m: EntityManager, at: RecordAt, def: RecordTypeDef, where: RecordWhere, by: (string | { key: string; chars: number })[], fieldKey?: string): Promise<RecordGroup[]> {
    const pg = isPg(m);
    const cond = whereSql(pg, def, where);
    const fieldOf = (key: string) => {
      const f = def.fields.find((x) => x.key === key);
      if (!f) throw new Error(`record type "${def.id}" has no field "${key}"`);
      if (f.sensitive) throw new Error(`record type "${def.id}": sensitive field "${key}" cannot be grouped or measured`);
      return f;
    };
    const measuredField = fieldKey ? fieldOf(fieldKey) : null;
    const measured = measuredField ? fieldSql(pg, measuredField) : null;
    // Each grouping as SQL over a table alias: `r` for the records, `x` for PostgreSQL's parsed rows below.
    const groupExprs = by.map((b) => {
      const key = typeof b === 'string' ? b : b.key;
      const f = fieldOf(key);
      if (typeof b === 'string') return { key, f, over: (alias: string) => fieldSql(pg, f, alias) };
      if (!Number.isInteger(b.chars) || b.chars < 1 || b.chars > 64) throw new Error('groups: chars must be 1..64');
      return { key, f: null, over: (alias: string) => `substr(${fieldSql(pg, f, alias)}, 1, ${b.chars})` };
    });
    let rows: Record<string, unknown>[];
    if (pg) {
      // PostgreSQL reads the rows' jsonb in a fenced subquery (OFFSET 0) and groups over it.
      const inner = this.at(m, at).select(jsonbData('r'), 'data_jsonb');
      cond.sql.forEach((c) => inner.andWhere(c));
      const [sql, params] = inner.setParameters(cond.params).getQueryAndParameters();
      const value = measuredField ? fieldSql(true, measuredField, 'x') : 'NULL';
      const groupCols = groupExprs.map((g, i) => `${g.over('x')} AS g${i}`);
      const gs = groupExprs.map((_, i) => `g${i}`).join(', ');
      const measures = measuredField ? `, ${isNumeric(measuredField) ? 'SUM(v)' : 'NULL'} AS s, MIN(v) AS lo, MAX(v) AS hi` : '';
      rows = await m.query(
        `SELECT COUNT(*) AS n${measures}${gs ? `, ${gs}` : ''} FROM (SELECT ${[`${value} AS v`, ...groupCols].join(', ')} FROM (${sql} OFFSET 0) x) y${gs ? ` GROUP BY ${gs}` : ''}`,
        params,
      );
    } else if (groupExprs.length) {
      // SQLite reads an index on expressions as covering only outside GROUP BY: the values come from a subquery it keeps apart (LIMIT -1).
      const inner = this.at(m, at).select(measured ?? 'NULL', 'v');
      groupExprs.forEach((g, i) => inner.addSelect(g.over('r'), `g${i}`));
      cond.sql.forEach((c) => inner.andWhere(c));
      const [sql, params] = inner.setParameters(cond.params).getQueryAndParameters();
      const gs = groupExprs.map((_, i) => `g${i}`).join(', ');
      const measures = measured ? `, ${isNumeric(measuredField!) ? 'SUM(v)' : 'NULL'} AS s, MIN(v) AS lo, MAX(v) AS hi` : '';
      rows = await m.query(`SELECT COUNT(*) AS n${measures}, ${gs} FROM (${sql} LIMIT -1) x GROUP BY ${gs}`, params);
    } else {
      const qb = this.at(m, at).select('COUNT(*)', 'n');
      // A sum only of numbers (PostgreSQL has no SUM of text); least and greatest of anything (dates as text).
      if (measured) qb.addSelect(isNumeric(measuredField!) ? `SUM(${measured})` : 'NULL', 's').addSelect(`MIN(${measured})`, 'lo').addSelect(`MAX(${measured})`, 'hi');
      groupExprs.forEach((g, i) => qb.addSelect(g.over('r'), `g${i}`).addGroupBy(g.over('r')));
      cond.sql.forEach((c) => qb.andWhere(c));
      rows = await qb.setParameters(cond.params).getRawMany();
    }
    // PostgreSQL answers numeric aggregates and casts as strings.
    const typed = (f: FieldDef | null, v: unknown): string | number | null => (v === null || v === undefined ? null : f && isNumeric(f) ? Number(v) : (v as string | number));
    return rows
      .filter((r) => Number(r.n) > 0)
      .map((r) => ({
        count: Number(r.n),
        sum: Number(r.s ?? 0),
        min: typed(measuredField, r.lo),
        max: typed(measuredField, r.hi),
        by: Object.fromEntries(groupExprs.map((g, i) => [g.key, typed(g.f, r[`g${i}`])])),
      }));
  }

  private at(m: EntityManager, at: RecordAt): SelectQueryBuilder<PluginRecordEntity> {
    const qb = m.getRepository(PluginRecordEntity).createQueryBuilder('r');
    if (at.network) return qb.where(recordTypeSql(at.pluginId, at.recordType)).andWhere(at.network.sql, at.network.params);
    return qb.where(`${recordTypeSql(at.pluginId, at.recordType)} AND r.institution_id = :atInst`, { atInst: at.institutionId });
  }

  /** Another record of the type at the institution holding `value` in `field` (a business number must be unique there). */
  async holderOf(m: EntityManager, at: { pluginId: string; recordType: string; institutionId: number }, field: FieldDef, value: string | number, exceptId: number | null): Promise<Pick<PluginRecordEntity, 'id' | 'title'> | null> {
    const qb = m
      .getRepository(PluginRecordEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.title'])
      .where(`${recordTypeSql(at.pluginId, at.recordType)} AND r.institution_id = :institutionId`, { institutionId: at.institutionId })
      // The field's literal expression, so a declared index over it (RecordTypeDef.indexes) answers the lookup.
      .andWhere(`${fieldSql(isPg(m), field)} = :uValue`, { uValue: boundValue(isPg(m), field, value) });
    if (exceptId !== null) qb.andWhere('r.id <> :exceptId', { exceptId });
    return qb.getOne();
  }

  /** Id and title of exactly these reachable records. */
  titles(m: EntityManager, reach: RecordReach, ids: number[]): Promise<Pick<PluginRecordEntity, 'id' | 'title'>[]> {
    const qb = m
      .getRepository(PluginRecordEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.title'])
      .where('r.plugin_id = :pluginId AND r.record_type = :recordType AND r.id IN (:...wanted)', { pluginId: reach.pluginId, recordType: reach.recordType, wanted: ids });
    return this.reachable(qb, reach).getMany();
  }

  /** Rule hits of these records, oldest first. */
  hitsOfRecords(m: EntityManager, recordIds: number[]): Promise<RuleHitEntity[]> {
    return m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.record_id IN (:...ids)', { ids: recordIds }).orderBy('h.id', 'ASC').getMany();
  }

  /** One page of the rule hits at these institutions, newest first, with the count of all. */
  recentHits(m: EntityManager, institutionIds: number[], limit: number, offset: number): Promise<[RuleHitEntity[], number]> {
    return m.getRepository(RuleHitEntity).createQueryBuilder('h').where('h.institution_id IN (:...scope)', { scope: institutionIds }).orderBy('h.id', 'DESC').take(limit).skip(offset).getManyAndCount();
  }

  private search(m: EntityManager, reach: RecordReach, spec: RecordSearch): SelectQueryBuilder<PluginRecordEntity> {
    const qb = m.getRepository(PluginRecordEntity).createQueryBuilder('r').where('r.plugin_id = :pluginId AND r.record_type = :recordType', { pluginId: reach.pluginId, recordType: reach.recordType });
    this.reachable(qb, reach);
    const q = spec.q?.replace(/[%_\\]/g, '').trim();
    if (q) this.matching(m, qb, reach, spec.searchFields, q);
    (spec.where ?? []).forEach(([f, v], i) => {
      const params = { [`w${i}Path`]: jsonPath(m, f.id), [`w${i}`]: isPg(m) ? String(v) : typeof v === 'boolean' ? Number(v) : v };
      qb.andWhere(v === null || v === undefined ? `${jsonValue(m, `w${i}`)} IS NULL` : `${jsonValue(m, `w${i}`)} = :w${i}`, params);
    });
    if (spec.flagged !== undefined) qb.andWhere(`${spec.flagged ? '' : 'NOT '}EXISTS (SELECT 1 FROM rule_hits h WHERE h.record_id = r.id)`);
    return qb;
  }

  /**
   * `q` in the title or any searchable field, each the way it is shown: text as typed, an option by its label, a
   * reference by the referenced record's title, money in yuan. Values are read from the JSON column, so no row is decoded in code.
   */
  private matching(m: EntityManager, qb: SelectQueryBuilder<PluginRecordEntity>, reach: RecordReach, fields: FieldDef[], q: string): void {
    const like = isPg(m) ? 'ILIKE' : 'LIKE';
    const params: Record<string, unknown> = { sq: `%${q}%` };
    const ors = [`r.title ${like} :sq`];
    const lower = q.toLowerCase();
    fields.forEach((f, i) => {
      const v = jsonValue(m, `s${i}`);
      params[`s${i}Path`] = jsonPath(m, f.id);
      if (['string', 'text', 'date', 'string-list', 'multi-enum'].includes(f.type)) ors.push(`${v} ${like} :sq`);
      else if (f.type === 'enum') {
        const hits = (f.options ?? []).filter((o) => o.value === q || labelHas(o.label, lower)).map((o) => o.value);
        if (hits.length) (params[`s${i}In`] = hits), ors.push(`${v} IN (:...s${i}In)`);
      } else if (f.type === 'reference' && f.ref) {
        params[`s${i}Type`] = f.ref.recordType;
        ors.push(`${v} IN (SELECT ${isPg(m) ? 'CAST(x.id AS TEXT)' : 'x.id'} FROM plugin_records x WHERE x.plugin_id = :pluginId AND x.record_type = :s${i}Type AND x.title ${like} :sq)`);
      } else if (f.type === 'money' || f.type === 'integer' || f.type === 'decimal') {
        const n = f.type === 'money' ? fenFromYuan(q) : /^-?\d+(\.\d+)?$/.test(q) ? Number(q) : null;
        if (n !== null) (params[`s${i}N`] = isPg(m) ? String(n) : n), ors.push(`${v} = :s${i}N`);
      }
    });
    qb.andWhere(`(${ors.join(' OR ')})`, params);
  }

  /** The sort column (a field's value, the record number or its date), then the record number, so pages never overlap. */
  private ordered(m: EntityManager, qb: SelectQueryBuilder<PluginRecordEntity>, sort: RecordSort | undefined): SelectQueryBuilder<PluginRecordEntity> {
    const dir = sort?.dir ?? 'DESC';
    if (!sort?.field) return qb.orderBy('r.id', dir);
    // ORDER BY takes no bound parameter here: the path is a literal of the field's id, which the plugin host checked.
    if (!/^[A-Za-z0-9_.-]+$/.test(sort.field.id)) return qb.orderBy('r.id', dir);
    const numeric = ['money', 'integer', 'decimal', 'reference'].includes(sort.field.type);
    const expr = isPg(m) ? `(${jsonbData('r')} ->> '${sort.field.id}')${numeric ? '::numeric' : ''}` : `json_extract(r.data, '$."${sort.field.id}"')`;
    return qb.orderBy(expr, dir, dir === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST').addOrderBy('r.id', dir);
  }

  /** Records shared with the caller's own institutions (second owners) are reached beside their owners' records. */
  private reachable(qb: SelectQueryBuilder<PluginRecordEntity>, { owners, sharedTo }: RecordReach): SelectQueryBuilder<PluginRecordEntity> {
    const owned = owners.length ? 'r.institution_id IN (:...owners)' : '1 = 0';
    if (sharedTo.length) return qb.andWhere(`(${owned} OR r.id IN (SELECT s.record_id FROM record_shares s WHERE s.institution_id IN (:...sharedTo)))`, { owners, sharedTo });
    return qb.andWhere(owned, { owners });
  }
}

/** Which records a list shows and in what order, said in fields (the repository turns it into SQL). */
export interface RecordSearch {
  q?: string;
  /** The fields `q` is looked for in (besides the title): a list's columns, without personal data. */
  searchFields: FieldDef[];
  /** Exact values (null: not filled in). */
  where?: [FieldDef, unknown][];
  /** Only records with (true) or without (false) a rule hit. */
  flagged?: boolean;
  sort?: RecordSort;
}

/** A field to sort by (none: the record number, which follows creation), and the direction. */
export interface RecordSort {
  field?: FieldDef;
  dir: 'ASC' | 'DESC';
}

const isPg = (m: EntityManager): boolean => m.connection.options.type === 'postgres';

/** A raw plugin_records row (TypeORM's `r_<column>` names) as its entity. */
function fromRaw(r: Record<string, unknown>): PluginRecordEntity {
  return Object.assign(new PluginRecordEntity(), {
    id: Number(r.r_id),
    institutionId: Number(r.r_institution_id),
    pluginId: r.r_plugin_id as string,
    recordType: r.r_record_type as string,
    title: r.r_title as string,
    data: r.r_data as string,
    version: Number(r.r_version),
    createdBy: r.r_created_by === null || r.r_created_by === undefined ? null : Number(r.r_created_by),
    createdAt: r.r_created_at as string,
    updatedAt: r.r_updated_at as string,
  });
}
const isNumeric = (f: FieldDef): boolean => ['money', 'integer', 'decimal', 'reference'].includes(f.type);

/** A field's stored value in the JSON `data` column, read at the path bound as `:<name>Path`. */
function jsonValue(m: EntityManager, name: string): string {
  return isPg(m) ? `(${jsonbData('r')} ->> :${name}Path)` : `json_extract(r.data, :${name}Path)`;
}

function jsonPath(m: EntityManager, fieldId: string): string {
  return isPg(m) ? fieldId : `$.${JSON.stringify(fieldId)}`;
}

function labelHas(label: LocalizedText, lower: string): boolean {
  return label.zh.toLowerCase().includes(lower) || (label.en ?? '').toLowerCase().includes(lower);
}
