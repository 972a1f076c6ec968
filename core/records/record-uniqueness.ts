import type { EntityManager } from 'typeorm';
import { AppError, type FieldProblem } from '../http/app-error';
import { registerMessages } from '../i18n/i18n';
import type { RecordTypeDef } from '../plugin-api';
import type { PluginRecordRepository } from './plugin-record.repository';

registerMessages({
  'validation.unique': { zh: '{field}：{value} 已被记录 #{id}（{title}）使用，不能重复', en: '{field}: {value} is already used by record #{id} ({title})' },
});

/** A unique field must be a plain value stored in clear, or the database cannot compare it. */
export function uniqueProblems(def: RecordTypeDef): string[] {
  return def.fields
    .filter((f) => f.unique && (f.sensitive?.encrypt || !['string', 'integer'].includes(f.type)))
    .map((f) => `record type "${def.id}": field "${f.key}" is unique but ${f.sensitive?.encrypt ? 'encrypted' : `of type ${f.type}`}`);
}

/**
 * Refuses a business number another record of the type at the institution already holds, naming that record. Runs
 * inside the write transaction (the write lane on SQLite, SERIALIZABLE on PostgreSQL), so two racing saves cannot both pass.
 */
export async function assertUnique(
  m: EntityManager,
  repo: PluginRecordRepository,
  def: RecordTypeDef,
  at: { pluginId: string; institutionId: number; recordId: number | null },
  values: Record<string, unknown>,
  changed?: string[],
): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const f of def.fields.filter((x) => x.unique && (!changed || changed.includes(x.key)))) {
    const v = values[f.key];
    if ((typeof v !== 'string' || !v.trim()) && typeof v !== 'number') continue;
    const other = await repo.holderOf(m, { pluginId: at.pluginId, recordType: def.id, institutionId: at.institutionId }, f, v, at.recordId);
    if (other) problems.push({ field: f.key, key: 'validation.unique', params: { value: String(v), id: other.id, title: other.title } });
  }
  if (problems.length) throw AppError.validation(problems);
}
