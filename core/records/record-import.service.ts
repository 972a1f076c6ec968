import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import type { Lang } from '../i18n/i18n';
import { AccessService, permits } from '../org/access.service';
import type { FieldDef, RecordTypeDef } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { RulesService } from '../rules/rules.service';
import { insertRecords, BULK_BATCH, BulkRecord } from './record-bulk-insert';
import { fieldsWithOptionDefaults } from './record-defaults';
import { ImportChecker, ImportPlan, ImportRowError } from './record-import-check';
import { csvTable, fieldForHeader, fileTooLarge, IMPORT_LIMITS, IMPORTABLE_TYPES, ImportTable, previewText, xlsxTable } from './record-import-parse';
import { RecordSharesService } from './record-shares.service';
import { RecordWritePolicy, WriteTarget } from './record-write-policy.service';
import { changedKeys } from './record-write-rules';
import { RecordsService } from './records.service';

registerMessages({
  'error.record_import': { zh: '导入文件有 {count} 处错误，未导入任何数据', en: 'The file has {count} errors; nothing was imported' },
  'import.unknown_field': { zh: '列“{column}”对应的字段 {field} 不存在或不能导入', en: 'Column "{column}": field {field} does not exist or cannot be imported' },
  'import.mapped_twice': { zh: '字段 {field} 被多列对应：{columns}', en: 'Field {field} is mapped from several columns: {columns}' },
  'import.bad_mapping': { zh: '列对应关系应为 {"列名": "字段"} 形式的 JSON', en: 'The mapping must be JSON like {"column": "field"}' },
});

/** At most this many errors travel back; the total is counted to the end. */
const MAX_ERRORS = 1000;
const PREVIEW_ROWS = 20;

/** A refused import: nothing was written; the first errors and how many there were. */
export class RecordImportRejected extends AppError {
  constructor(
    readonly errors: ImportRowError[],
    readonly total: number,
  ) {
    super(HttpStatus.BAD_REQUEST, 'error.record_import', { count: total });
  }
}

/** An uploaded file as the import reads it. */
export interface ImportFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/** The record type and institution an import writes to, and what the caller may fill from a file. */
export interface ImportTarget {
  def: RecordTypeDef;
  pluginId: string;
  institutionId: number;
  code: string;
  fields: FieldDef[];
  /** Fields a cell can hold and the caller may write, in declaration order. */
  importable: FieldDef[];
  /** Fields of the type no file can fill (lists and structured rows). */
  notImportable: FieldDef[];
}

/** What the preview shows: the mapping per column, the first rows as stored, every row's errors (the first 1,000) and the totals. */
export interface ImportPreview {
  header: string[];
  mapping: (string | null)[];
  rows: { row: number; cells: string[]; errors: ImportRowError[] }[];
  total: number;
  errorCount: number;
  errors: ImportRowError[];
}

/** Bulk import of one plugin record type from CSV or XLSX: mapped once, previewed, then written all-or-nothing. */
@Injectable()
export class RecordImportService {
  constructor(
    private readonly db: Db,
    private readonly host: PluginHost,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
    private readonly records: RecordsService,
    private readonly policy: RecordWritePolicy,
    private readonly shares: RecordSharesService,
  ) {}

  /** 404 as for a single create when the type or institution is out of reach; 403 when the caller may not create the type there. */
  async target(actor: Actor, pluginId: string, recordType: string, institutionId = actor.currentInstitutionId): Promise<ImportTarget> {
    if (!institutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    const def = this.host.recordType(pluginId, recordType);
    if (!def) throw new AppError(HttpStatus.NOT_FOUND, 'error.unknown_record_type', { type: `${pluginId}/${recordType}` });
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId }, pluginId);
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    if (!inst || !this.host.isEnabled(inst.code, pluginId)) throw new AppError(HttpStatus.NOT_FOUND, 'error.plugin_not_enabled', { plugin: pluginId });
    if (!(await this.mayCreate(actor, inst.code, institutionId, pluginId, recordType))) throw AppError.forbidden();
    const fields = fieldsWithOptionDefaults(def.fields, this.host.optionsFor(inst.code, pluginId));
    const { readOnly } = await this.policy.formAccess(actor, def, this.newRecord(actor, pluginId, recordType, institutionId));
    return {
      def,
      pluginId,
      institutionId,
      code: inst.code,
      fields,
      importable: fields.filter((f) => IMPORTABLE_TYPES.includes(f.type) && !readOnly.has(f.key)),
      notImportable: fields.filter((f) => !IMPORTABLE_TYPES.includes(f.type)),
    };
  }

  /** Whether the caller has a form to create the type at the institution (its screen's roles), as the register's new button offers. */
  async mayCreate(actor: Actor, code: string, institutionId: number, pluginId: string, recordType: string): Promise<boolean> {
    const form = this.host.screensFor(code).find((s) => s.pluginId === pluginId && s.screen.kind === 'form' && s.screen.recordType === recordType && s.screen.creates !== false);
    if (!form) return false;
    return !form.screen.roles || permits(actor, await this.access.rolesAt(actor, institutionId), form.screen.roles);
  }

  private newRecord(actor: Actor, pluginId: string, recordType: string, institutionId: number): WriteTarget {
    return { pluginId, recordType, institutionId, recordId: null, createdBy: actor.userId, stored: {} };
  }

  /** The file as a table; over the size cap 413; neither CSV nor a workbook 400. */
  async table(file: ImportFile | undefined): Promise<ImportTable> {
    if (!file?.buffer?.length) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    if (file.size > IMPORT_LIMITS.bytes) throw fileTooLarge();
    const zip = file.buffer.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'));
    if (zip) {
      const t = await xlsxTable(file.buffer);
      if (t) return t;
      throw AppError.validation([{ field: 'file', key: 'validation.custom', params: { message: { zh: '无法读取该 Excel 文件', en: 'The Excel file could not be read' } } }]);
    }
    return csvTable(file.buffer);
  }

  /**
   * Per column, the field it fills: the caller's mapping (header → field key, '' for 不导入) where given, else the one
   * remembered for the institution and type, else the field the header names.
   */
  async mapping(target: ImportTarget, header: string[], given: Record<string, string> | undefined): Promise<(FieldDef | null)[]> {
    const saved = given ? {} : await this.savedMapping(target);
    const byKey = new Map(target.fields.map((f) => [f.key, f]));
    const out = header.map((h): FieldDef | null => {
      const chosen = given?.[h] ?? saved[h];
      if (chosen === undefined) return fieldForHeader(h, target.importable) ?? null;
      if (chosen === '') return null;
      // A remembered choice this caller may not write (an officer's mapping, a buyer's import) is left out, not refused.
      const f = given ? byKey.get(chosen) : target.importable.find((x) => x.key === chosen);
      // A protected field stays in the mapping: the write policy refuses it by name (403).
      if (!f || !IMPORTABLE_TYPES.includes(f.type)) {
        if (given) throw AppError.validation([{ field: 'mapping', key: 'import.unknown_field', params: { column: h, field: chosen } }]);
        return null;
      }
      return f;
    });
    for (const f of new Set(out.filter((x): x is FieldDef => !!x))) {
      const columns = header.filter((_, i) => out[i] === f);
      if (columns.length > 1) throw AppError.validation([{ field: 'mapping', key: 'import.mapped_twice', params: { field: f.label, columns: columns.join('、') } }]);
    }
    return out;
  }

  /** A mapping given as JSON text (API and form): an object of header → field key. */
  parseMapping(json: unknown): Record<string, string> | undefined {
    if (json === undefined || json === null || json === '') return undefined;
    let v: unknown;
    try {
      v = typeof json === 'string' ? JSON.parse(json) : json;
    } catch {
      v = null;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw AppError.validation([{ field: 'mapping', key: 'import.bad_mapping' }]);
    return v as Record<string, string>;
  }

  private async savedMapping(target: ImportTarget): Promise<Record<string, string>> {
    const row = await this.db.read((m) => this.mappingQuery(m, target).select('x.mapping', 'mapping').getRawOne<{ mapping: string }>());
    return row ? (JSON.parse(row.mapping) as Record<string, string>) : {};
  }

  private mappingQuery(m: EntityManager, target: ImportTarget) {
    return m.createQueryBuilder().from('record_import_mappings', 'x').where('x.institution_id = :i AND x.plugin_id = :p AND x.record_type = :t', { i: target.institutionId, p: target.pluginId, t: target.def.id });
  }

  private plan(target: ImportTarget, header: string[], columns: (FieldDef | null)[], lang: Lang): ImportPlan {
    return { def: target.def, pluginId: target.pluginId, institutionId: target.institutionId, fields: target.fields, options: this.host.optionsFor(target.code, target.pluginId), header, columns, today: this.clock.today(), lang, typeOf: (t) => this.host.recordType(target.pluginId, t), isEnabled: (code) => this.host.isEnabled(code, target.pluginId), typeLabel: (t) => this.host.institutionTypeLabel(t) };
  }

  /** The caller may write every mapped field (403 naming the protected ones, audited as a denied create). */
  private async assertWritable(m: EntityManager, actor: Actor, target: ImportTarget, columns: (FieldDef | null)[]): Promise<void> {
    const keys = columns.filter((f): f is FieldDef => !!f).map((f) => f.key);
    await this.policy.assertAccountWrite(m, actor, target.def, this.newRecord(actor, target.pluginId, target.def.id, target.institutionId), keys, null);
  }

  /** Checks every row without writing; the first rows as they would be stored. */
  async preview(actor: Actor, target: ImportTarget, table: ImportTable, given: Record<string, string> | undefined, lang: Lang): Promise<ImportPreview> {
    const columns = await this.mapping(target, table.header, given);
    const plan = this.plan(target, table.header, columns, lang);
    return this.db.read(async (m) => {
      await this.assertWritable(m, actor, target, columns);
      const checker = await ImportChecker.load(m, plan);
      const out: ImportPreview = { header: table.header, mapping: columns.map((f) => f?.key ?? null), rows: [], total: 0, errorCount: 0, errors: [] };
      const yes = { zh: '是', en: 'Yes' };
      for await (const r of checker.checkAll(m, table.rows())) {
        const { values, errors } = r;
        out.total++;
        out.errorCount += errors.length;
        if (out.errors.length < MAX_ERRORS) out.errors.push(...errors.slice(0, MAX_ERRORS - out.errors.length));
        if (out.rows.length < PREVIEW_ROWS) out.rows.push({ row: r.row, errors, cells: columns.map((f) => (f ? previewText(f, values[f.key], (rf, id) => checker.titleOf(rf, id), yes, lang) : '')) });
      }
      return out;
    });
  }

  /**
   * Writes every row in one transaction, or nothing when any row is refused (400 with the first 1,000 errors and
   * the total). Audited once with the file's SHA-256; the mapping is remembered; the rules then run once over the new records.
   */
  async import(actor: Actor, target: ImportTarget, table: ImportTable, file: ImportFile, given: Record<string, string> | undefined, lang: Lang): Promise<{ imported: number; newHits: number }> {
    const columns = await this.mapping(target, table.header, given);
    const plan = this.plan(target, table.header, columns, lang);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const who = actorLabel(actor);
    const imported = await this.db.write(async (m) => {
      await this.assertWritable(m, actor, target, columns);
      const checker = await ImportChecker.load(m, plan);
      const ctx = { institutionId: target.institutionId, pluginId: target.pluginId, recordType: target.def.id, userId: actor.userId, actor: who, now: this.clock.now().toISOString() };
      const errors: ImportRowError[] = [];
      let errorCount = 0;
      let pending: { values: Record<string, unknown>; record: BulkRecord }[] = [];
      let count = 0;
      let firstId = 0;
      const flush = async () => {
        const ids = await insertRecords(m, ctx, pending.map((p) => p.record));
        firstId ||= ids[0] ?? 0;
        // A type with second owners (a referral's hospital) grants them per record, as a create does.
        if (target.def.shares?.length) for (let i = 0; i < ids.length; i++) await this.shares.sync(m, target.def, target.pluginId, ids[i], pending[i].values, { created: true });
        pending = [];
      };
      for await (const { values, errors: rowErrors } of checker.checkAll(m, table.rows())) {
        count++;
        if (rowErrors.length) {
          errorCount += rowErrors.length;
          if (errors.length < MAX_ERRORS) errors.push(...rowErrors.slice(0, MAX_ERRORS - errors.length));
          continue;
        }
        // After the first error nothing more is written: the transaction rolls back, the rest is only checked.
        if (errorCount) continue;
        pending.push({ values, record: { title: this.records.titleOf(target.def, values), data: this.records.storedData(target.def, values), changed: changedKeys(target.def.fields, {}, values) } });
        if (pending.length >= BULK_BATCH) await flush();
      }
      if (errorCount) throw new RecordImportRejected(errors, errorCount);
      if (!count) throw AppError.validation([{ field: 'file', key: 'validation.custom', params: { message: { zh: '文件中没有数据行', en: 'The file has no data rows' } } }]);
      await flush();
      await this.remember(m, target, table.header, columns);
      await this.audit.append(m, { actor: who, institutionId: target.institutionId, action: 'records.import', objectType: `${target.pluginId}/${target.def.id}`, objectId: 'import', detail: { file: file.originalname.slice(0, 200), sha256, rows: count, recordType: target.def.id } });
      return { count, firstId };
    });
    // Rules see the new records once, after the commit, not once per row.
    const scan = await this.rules.afterImport(target.institutionId, target.pluginId, target.def.id, imported.firstId);
    return { imported: imported.count, newHits: scan.newHits };
  }

  private async remember(m: EntityManager, target: ImportTarget, header: string[], columns: (FieldDef | null)[]): Promise<void> {
    const mapping = JSON.stringify(Object.fromEntries(header.map((h, i) => [h, columns[i]?.key ?? '']).filter(([h]) => h)));
    await m.createQueryBuilder().delete().from('record_import_mappings').where('institution_id = :i AND plugin_id = :p AND record_type = :t', { i: target.institutionId, p: target.pluginId, t: target.def.id }).execute();
    await m.createQueryBuilder().insert().into('record_import_mappings', ['institution_id', 'plugin_id', 'record_type', 'mapping', 'updated_at']).values({ institution_id: target.institutionId, plugin_id: target.pluginId, record_type: target.def.id, mapping, updated_at: this.clock.now().toISOString() }).execute();
  }
}
