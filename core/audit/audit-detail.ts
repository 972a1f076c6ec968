import { Lang, pick, t } from '../i18n/i18n';
import { beijingMinute } from '../plugin-api';
import type { FieldDef, LocalizedText } from '../plugin-api';
import { valueText } from '../web/plugin-record-form-view';
import type { AuditTransition } from '../platform/domain-module';
import { DETAIL_LABELS, DETAIL_VALUE_LABELS } from './audit-labels';

/** One line of an entry's details: a change (old → new) or a plain value. */
export interface DetailRow {
  label: string;
  value?: string;
  old?: string;
  new?: string;
  oldEmpty?: boolean;
}

/** Keys of a record change that the old → new rows already say. */
const RECORD_CHANGE_KEYS = new Set(['version', 'changed', 'values']);

/** A `from`/`to` pair without a module's wording. */
const CHANGE: AuditTransition = { actionPrefix: '', label: { zh: '变更', en: 'Change' } };

function plain(v: unknown, lang: Lang): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return t(lang, v ? 'ui.yes' : 'ui.no');
  if (Array.isArray(v)) return v.map((x) => plain(x, lang)).filter(Boolean).join(lang === 'en' ? ', ' : '、');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [DETAIL_LABELS[k] ? pick(DETAIL_LABELS[k], lang) : k, plain(x, lang)])
      .filter(([, x]) => x !== '')
      .map(([k, x]) => `${k}：${x}`)
      .join(lang === 'en' ? '; ' : '，');
  }
  // An instant the platform recorded (a scan's time) reads as Beijing time, like the entry's own.
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) return beijingMinute(v);
  return String(v);
}

function change(label: string, old: string, next: string, lang: Lang): DetailRow {
  const empty = t(lang, 'audit.empty_value');
  return { label, old: old || empty, oldEmpty: !old, new: next || empty };
}

/**
 * An entry's stored details as people read them: a record change field by field with the record type's labels and
 * value formats (the record page's history does the same), a from/to pair as one change, the rest labelled values.
 * `fields` are the record type's fields when the object is a plugin record.
 */
/** `transition`: how the module that wrote the action words its `from`/`to` (ModuleRegistry.auditTransition). */
export function detailRows(detail: string, lang: Lang, fields?: FieldDef[], transition: AuditTransition = CHANGE): DetailRow[] {
  if (!detail) return [];
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(detail) as Record<string, unknown>;
  } catch {
    return [{ label: t(lang, 'audit.detail'), value: detail }];
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [{ label: t(lang, 'audit.detail'), value: plain(data, lang) }];
  const out: DetailRow[] = [];
  const values = data.values && typeof data.values === 'object' ? (data.values as Record<string, { old?: unknown; new?: unknown }>) : null;
  if (values) {
    for (const [key, v] of Object.entries(values)) {
      const f = fields?.find((x) => x.key === key);
      const text = (x: unknown) => (f ? valueText(f, x, lang) : plain(x, lang));
      out.push(change(f ? pick(f.label, lang) : key, text(v?.old), text(v?.new), lang));
    }
  }
  const pair = transition;
  if ('from' in data || 'to' in data) {
    const word = (x: unknown) => (typeof x === 'string' && pair.values?.[x] ? pick(pair.values[x], lang) : plain(x, lang));
    out.push(change(pick(pair.label, lang), word(data.from), word(data.to), lang));
  }
  if ('fromIndex' in data || 'toIndex' in data) out.push(change(pick(DETAIL_LABELS.riskIndex, lang), plain(data.fromIndex, lang), plain(data.toIndex, lang), lang));
  for (const [key, v] of Object.entries(data)) {
    if (['from', 'to', 'fromIndex', 'toIndex'].includes(key) || (values && RECORD_CHANGE_KEYS.has(key))) continue;
    const named = typeof v === 'string' ? DETAIL_VALUE_LABELS[key]?.[v] : undefined;
    const value = named ? pick(named, lang) : plain(v, lang);
    if (value !== '') out.push({ label: DETAIL_LABELS[key] ? pick(DETAIL_LABELS[key], lang) : key, value });
  }
  return out;
}

/** The rows in one cell of the export: `label：old → new` and `label：value`, one per line. */
export function detailText(rows: DetailRow[]): string {
  return rows.map((r) => (r.value !== undefined ? `${r.label}：${r.value}` : `${r.label}：${r.old} → ${r.new}`)).join('\n');
}
