/** Short builders for field declarations, so a plugin's record types read as tables. */
import type { FieldDef, FieldOption } from './field-types';

/** An enum option: option('agree', '同意', 'Agree'). */
export const option = (value: string, zh: string, en: string): FieldOption => ({ value, label: { zh, en } });

/**
 * A field builder whose stable ids are `<idPrefix>-<key>` (e.g. 'tc' gives tc-penaltyFen): one prefix per plugin,
 * never changed once data is stored (stored values are keyed by id).
 */
export const fieldMaker =
  (idPrefix: string) =>
  (key: string, type: FieldDef['type'], zh: string, en: string, extra: Partial<FieldDef> = {}): FieldDef => ({ key, id: `${idPrefix}-${key}`, type, label: { zh, en }, ...extra });
