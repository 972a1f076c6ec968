import { Lang, pick, t } from '../i18n/i18n';
import { beijingMinute, yuan } from '../plugin-api';
import type { FieldDef } from '../plugin-api';
import type { FormAccess } from '../records/record-write-policy.service';
import type { VersionEntry } from '../records/record-versions.service';

/** A value as a list cell shows it: option labels, money in yuan, yes/no, lists joined. */
export function cellText(f: FieldDef, v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
  if (f.type === 'multi-enum' && Array.isArray(v)) return v.map((x) => pick(f.options?.find((o) => o.value === x)?.label, lang) || String(x)).join('、');
  // Stored in fen; shown in yuan with the unit, so a (分) column label cannot mislead.
  if (f.type === 'money' && typeof v === 'number') return t(lang, 'ui.money_yuan', { amount: yuan(v) });
  if (f.type === 'boolean') return t(lang, v ? 'ui.yes' : 'ui.no');
  return Array.isArray(v) ? v.join('、') : String(v);
}

/** A whole field's value as text (item rows one per line, `label：value`), for a read-only field and the history. */
export function valueText(f: FieldDef, v: unknown, lang: Lang): string {
  if (f.type !== 'rows' || !Array.isArray(v)) return cellText(f, v, lang);
  return (v as Record<string, unknown>[]).map((row) => (f.columns ?? []).filter((c) => row[c.key] !== null && row[c.key] !== undefined).map((c) => `${pick(c.label, lang)}：${cellText(c, row[c.key], lang)}`).join('，')).join('；');
}

/** The edit form's parts beyond its inputs: the evidence notice, the reason box, and whether anything can be saved. */
export function formExtras(access: FormAccess | null, isEdit: boolean, formKeys: string[], reason: { value: string; error?: string }, lang: Lang) {
  const evidence = access?.evidence ?? 'none';
  const writable = formKeys.filter((k) => !access?.readOnly.has(k)).length;
  return {
    evidenceNote: evidence === 'locked' ? t(lang, 'record.evidence_locked') : evidence === 'reason' ? t(lang, 'record.evidence_reason') : null,
    // Every edit may say why; a correction of evidence must (the server decides which change is a correction).
    reasonField: isEdit && writable > 0 ? { label: t(lang, evidence === 'reason' ? 'record.reason_evidence' : 'record.reason'), value: reason.value, error: reason.error } : null,
    canSave: writable > 0,
  };
}

/** The record page's version history in the viewer's language: Beijing time to the minute, people by name, fields by label. */
export function historyRows(entries: VersionEntry[], lang: Lang) {
  const empty = t(lang, 'record.history_empty');
  return entries.map((e) => ({
    version: e.version,
    at: beijingMinute(e.at),
    who: typeof e.who === 'string' ? e.who : pick(e.who, lang),
    reason: e.reason ?? '',
    note: e.kind === 'created' ? t(lang, 'record.history_created') : e.kind === 'snapshot' ? t(lang, 'record.history_snapshot') : '',
    changes: e.changes.map((c) => ({ label: pick(c.field.label, lang), old: valueText(c.field, c.old, lang) || empty, oldEmpty: !valueText(c.field, c.old, lang), new: valueText(c.field, c.new, lang) || empty })),
  }));
}
