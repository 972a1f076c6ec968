import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '../http/app-error';
import { t } from '../i18n/i18n';
import type { Lang } from '../i18n/i18n';
import type { FieldDef, LocalizedText, RecordTypeDef } from '../plugin-api';
import { checkConstraints } from '../plugin-host/constraints';
import { validateFields } from '../plugin-host/field-validation';
import { cellToValue, FileRow } from './record-import-parse';
import { InstitutionEntity } from '../org/org.entities';
import { allowedInstitutionCodes, institutionProblems } from './record-institutions';
import { PluginRecordEntity } from './record.entities';
import { boundValue, fieldSql, jsonbData, recordTypeSql } from './record-where';

/** Rows checked together: one indexed lookup of their business numbers instead of every stored number in memory. */
const CHECK_BATCH = 500;

/** One refused cell (or row) of an import: the file's row number, the column header, the reason in the request's language. */
export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

/** Where the records go and how the file's columns map to the type's fields. */
export interface ImportPlan {
  def: RecordTypeDef;
  pluginId: string;
  institutionId: number;
  /** The type's fields with the institution's option defaults (as a single create meets them). */
  fields: FieldDef[];
  options: Record<string, unknown>;
  header: string[];
  /** Per column: the field it fills, or null (不导入). */
  columns: (FieldDef | null)[];
  today: string;
  lang: Lang;
  /** Another record type of the plugin (a reference's target, found by its title or business number). */
  typeOf: (recordType: string) => RecordTypeDef | undefined;
  /** Whether an institution enables the plugin (an institution field names only those). */
  isEnabled: (code: string) => boolean;
  /** An institution type's name, for the refusal of a row naming the wrong kind of institution. */
  typeLabel: (type: string) => LocalizedText;
}

const isPg = (m: EntityManager) => m.connection.options.type === 'postgres';

/** A field's stored value in SQL (the JSON `data` column keyed by field id); the id is a plugin-declared literal the host checked. */
function storedValue(m: EntityManager, fieldId: string): string {
  const id = fieldId.replace(/[^A-Za-z0-9_.-]/g, '');
  return isPg(m) ? `(${jsonbData('r')} ->> '${id}')` : `json_extract(r.data, '$."${id}"')`;
}

/** Records of one type at the institution by a stored field value: one read for the whole file instead of one per row. */
async function holdersBy(m: EntityManager, plan: ImportPlan, recordType: string, fieldId: string | null): Promise<{ id: number; title: string; v: unknown }[]> {
  const qb = m
    .getRepository(PluginRecordEntity)
    .createQueryBuilder('r')
    .select('r.id', 'id')
    .addSelect('r.title', 'title')
    .where('r.plugin_id = :pluginId AND r.record_type = :recordType AND r.institution_id = :institutionId', { pluginId: plan.pluginId, recordType, institutionId: plan.institutionId });
  if (fieldId) qb.addSelect(storedValue(m, fieldId), 'v').andWhere(`${storedValue(m, fieldId)} IS NOT NULL`);
  return qb.getRawMany();
}

/**
 * Checks rows as a single create checks one record (the field declarations, the type's constraints, no day after
 * today, institutions of the allowed types, references within the institution, business numbers no record holds), reading what it needs from the
 * database once per file, or for an indexed business number once per batch of rows. `checkAll` keeps each row's business
 * numbers, so a number repeated in the file is refused too.
 */
export class ImportChecker {
  private readonly uniqueFields: FieldDef[];
  /** Stored holders of the unique fields no index leads (read once); indexed ones are looked up per batch. */
  private readonly stored = new Map<string, Map<string, { id: number; title: string }>>();
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly refs = new Map<string, Map<string, number | 'ambiguous'>>();
  private readonly refTitles = new Map<string, Map<number, string>>();
  private readonly institutions = new Map<string, Set<string>>();

  private constructor(private readonly plan: ImportPlan) {
    this.uniqueFields = plan.def.fields.filter((f) => f.unique);
  }

  static async load(m: EntityManager, plan: ImportPlan): Promise<ImportChecker> {
    const c = new ImportChecker(plan);
    for (const f of c.uniqueFields) {
      // A number the type indexes is looked up per batch of rows; an unindexed one is read once, as a scan per batch would cost more.
      if (!plan.def.indexes?.some((keys) => keys[0] === f.key)) c.stored.set(f.key, new Map((await holdersBy(m, plan, plan.def.id, f.id)).map((r) => [String(r.v), { id: r.id, title: r.title }])));
      c.seen.set(f.key, new Map());
    }
    const withInstitution = plan.def.fields.filter((f) => f.institution);
    if (withInstitution.length) {
      const all = await m.getRepository(InstitutionEntity).find();
      for (const f of withInstitution) c.institutions.set(f.key, allowedInstitutionCodes(f, all, plan.isEnabled));
    }
    for (const f of plan.columns) {
      if (f?.type !== 'reference' || !f.ref || c.refs.has(f.key)) continue;
      const numbers = (plan.typeOf(f.ref.recordType)?.fields ?? []).filter((x) => x.unique);
      const byName = new Map<string, number | 'ambiguous'>();
      const titles = new Map<number, string>();
      const add = (name: unknown, id: number) => {
        const key = String(name ?? '').trim();
        if (key) byName.set(key, byName.has(key) && byName.get(key) !== id ? 'ambiguous' : id);
      };
      for (const r of await holdersBy(m, plan, f.ref.recordType, null)) add(r.title, r.id), titles.set(r.id, r.title);
      for (const n of numbers) for (const r of await holdersBy(m, plan, f.ref.recordType, n.id)) add(r.v, r.id);
      c.refs.set(f.key, byName);
      c.refTitles.set(f.key, titles);
    }
    return c;
  }

  /** A referenced record's title, for the preview. */
  titleOf(f: FieldDef, id: number): string | undefined {
    return this.refTitles.get(f.key)?.get(id);
  }

  /** Each row's values as they would be stored, or its problems, in file order. */
  async *checkAll(m: EntityManager, rows: Iterable<FileRow>): AsyncGenerator<{ row: number; values: Record<string, unknown>; errors: ImportRowError[] }> {
    let batch: FileRow[] = [];
    const run = async () => {
      const checked = batch.map((r) => ({ row: r.row, ...this.checkFields(r) }));
      batch = [];
      const held = await this.holders(m, checked.filter((c) => c.unique).map((c) => c.values));
      for (const c of checked) if (c.unique) this.checkUnique(c.row, c.values, held, c.fail);
      return checked.map(({ row, values, errors }) => ({ row, values, errors }));
    };
    for (const r of rows) {
      batch.push(r);
      if (batch.length >= CHECK_BATCH) yield* await run();
    }
    if (batch.length) yield* await run();
  }

  /**
   * The stored holders of these rows' indexed business numbers, by field and value. Numbers an earlier row of the file
   * took are left out: this import may have written them already, and the file's own duplicate is reported instead.
   */
  private async holders(m: EntityManager, rows: Record<string, unknown>[]): Promise<Map<string, Map<string, { id: number; title: string }>>> {
    const out = new Map<string, Map<string, { id: number; title: string }>>();
    const pg = m.connection.options.type === 'postgres';
    for (const f of this.uniqueFields.filter((x) => !this.stored.has(x.key))) {
      const seen = this.seen.get(f.key)!;
      const wanted = [...new Set(rows.map((v) => v[f.key]).filter((v): v is string | number => ((typeof v === 'string' && !!v.trim()) || typeof v === 'number') && !seen.has(String(v))))];
      const found = new Map<string, { id: number; title: string }>();
      out.set(f.key, found);
      if (!wanted.length) continue;
      // The index's own expression and predicate, so the declared index answers each value.
      const hits: { id: number; title: string; v: unknown }[] = await m
        .getRepository(PluginRecordEntity)
        .createQueryBuilder('r')
        .select('r.id', 'id')
        .addSelect('r.title', 'title')
        .addSelect(fieldSql(pg, f), 'v')
        .where(`${recordTypeSql(this.plan.pluginId, this.plan.def.id)} AND r.institution_id = :institutionId`, { institutionId: this.plan.institutionId })
        .andWhere(`${fieldSql(pg, f)} IN (:...uValues)`, { uValues: wanted.map((v) => boundValue(pg, f, v)) })
        .getRawMany();
      for (const h of hits) found.set(String(h.v), { id: Number(h.id), title: h.title });
    }
    return out;
  }

  private checkFields(r: FileRow): { values: Record<string, unknown>; errors: ImportRowError[]; unique: boolean; fail: (p: FieldProblem) => void } {
    const { plan } = this;
    const errors: ImportRowError[] = [];
    const columnOf = (key: string) => {
      const i = plan.columns.findIndex((f) => f?.key === key);
      const f = plan.fields.find((x) => x.key === key);
      return i >= 0 ? plan.header[i] : f ? (plan.lang === 'en' ? (f.label.en ?? f.label.zh) : f.label.zh) : key;
    };
    const fail = (p: FieldProblem, column = columnOf(p.field)) => errors.push({ row: r.row, column, message: t(plan.lang, p.key, { ...p.params, field: column }) });
    const input: Record<string, unknown> = {};
    plan.columns.forEach((f, i) => {
      if (!f) return;
      const cell = cellToValue(f, r.cells[i] ?? null, plan.header[i], (rf, name) => this.refs.get(rf.key)?.get(name) ?? null);
      if (cell.problem) fail(cell.problem, plan.header[i]);
      else if (cell.value !== undefined) input[f.key] = cell.value;
    });
    const refused = new Set(errors.map((e) => e.column));
    const check = validateFields(plan.fields, input);
    for (const p of check.problems) if (!refused.has(columnOf(p.field))) fail(p);
    if (errors.length) return { values: check.values, errors, unique: false, fail };
    for (const p of checkConstraints(plan.def.constraints, check.values, plan.options)) fail(p);
    for (const p of institutionProblems(plan.def.fields, check.values, (f) => this.institutions.get(f.key)!, plan.typeLabel)) fail(p);
    for (const f of plan.def.fields) {
      const v = check.values[f.key];
      if (f.notAfterToday && typeof v === 'string' && v > plan.today) fail({ field: f.key, key: 'validation.not_after_today', params: { today: plan.today } });
    }
    return { values: check.values, errors, unique: true, fail };
  }

  /** A business number a stored record holds, or an earlier row of the file, is refused; otherwise the row takes it. */
  private checkUnique(row: number, values: Record<string, unknown>, held: Map<string, Map<string, { id: number; title: string }>>, fail: (p: FieldProblem) => void): void {
    for (const f of this.uniqueFields) {
      const v = values[f.key];
      if ((typeof v !== 'string' || !v.trim()) && typeof v !== 'number') continue;
      const key = String(v);
      const earlier = this.seen.get(f.key)!.get(key);
      // A number taken earlier in the file had no stored holder (or that row was refused and never took it).
      const holder = earlier === undefined ? (this.stored.get(f.key) ?? held.get(f.key))?.get(key) : undefined;
      if (holder) fail({ field: f.key, key: 'validation.unique', params: { value: key, id: holder.id, title: holder.title } });
      else if (earlier !== undefined) fail({ field: f.key, key: 'import.duplicate_in_file', params: { value: key, row: earlier } });
      else this.seen.get(f.key)!.set(key, row);
    }
  }
}
