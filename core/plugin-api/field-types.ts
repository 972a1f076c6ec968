import type { FieldFormat, MaskKind } from './id-formats';
import type { Role } from './roles';
import type { LocalizedText } from './text';

export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'money',
  'decimal',
  'boolean',
  'date',
  'enum',
  'multi-enum',
  'string-list',
  /** The id of another record of the same plugin and institution (`ref.recordType`). */
  'reference',
  /** A list of rows, each validated by `columns` (e.g. a project's items). */
  'rows',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  value: string;
  label: LocalizedText;
}

/**
 * One field declaration drives storage, API validation, forms, lists and template data.
 * `id` is stable across renames of `key` (stored data is keyed by `id`).
 */
export interface FieldDef {
  key: string;
  id: string;
  type: FieldType;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  options?: FieldOption[];
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
  patternMessage?: LocalizedText;
  /** Show as a column in list screens. */
  list?: boolean;
  /** Extra check in code; returns a message when the value is wrong. */
  validate?: (value: unknown, values: Record<string, unknown>) => LocalizedText | null;
  /** For 'date': a newly written day may not be later than today by the platform's clock (a record of what happened). */
  notAfterToday?: boolean;
  default?: unknown;
  /**
   * For 'reference': the record type (same plugin) the id must point at, and optionally how a picker names each record
   * (from its title and values as the viewer may see them), so that records with one masked title can be told apart.
   */
  ref?: { recordType: string; optionLabel?: (title: string, values: Record<string, unknown>) => LocalizedText };
  /** For 'string': the code of an institution that enables the plugin, of one of these types; forms offer them by name. */
  institution?: { types: string[] };
  /** For 'rows': the columns of each row (any type except 'rows'). */
  columns?: FieldDef[];
  /** For 'rows': most rows allowed (default 100). */
  maxRows?: number;
  /** For 'string': a built-in identifier check ('uscc' GB 32100-2015 credit code, 'prc-id' GB 11643 ID number). */
  format?: FieldFormat;
  /** Personal data: stored encrypted, and masked in JSON, screens and documents for actors without a `visibleTo` role. */
  sensitive?: SensitiveFieldDef;
  /** The field names people of the institution (a buyer, an approver, a doctor): triage suggests them as a warning's subject. */
  namesPerson?: boolean;
  /** Who may write the field and until when (core refuses any other write with 403); without it, whoever may edit the record. */
  write?: FieldWriteRule;
  /** A business number (项目编号, 合同编号): no two records of the type at one institution may hold the same value (400 naming the other). */
  unique?: boolean;
}

/**
 * A protected field of a supervision record. The parts narrow together: a write needs an allowed writer AND the time
 * not passed. System writes (demo seed, a rule's follow-up record) are not an account's and are not checked.
 */
export interface FieldWriteRule {
  /** Roles at the record's institution; 'public-form': the record's public form only, never an account; 'shares': only the institutions the record is shared with (RecordTypeDef.shares). */
  by?: Role[] | 'public-form' | 'shares';
  /** The account that created the record may write it too (alone: only that account). */
  creator?: boolean;
  /** 'created': only in the write that creates the record; 'set': until it holds a value (written once); `{ before }`: until that field holds a value (signed, submitted). */
  until?: 'created' | 'set' | { before: string };
}

/** How core protects a field holding personal data (an ID number, a phone number). */
export interface SensitiveFieldDef {
  /** Stored AES-256-GCM encrypted with the platform's field key; rules and facts still see the clear value. */
  encrypt: boolean;
  mask: MaskKind;
  /** Roles (at the record's institution, or at an institution it is shared with) that see the clear value; everyone else sees the mask. */
  visibleTo: Role[];
  /**
   * Oversight roles that see a stable pseudonym (a keyed digest of the record and field: same record,
   * same pseudonym) instead of the mask, and may reveal the clear value once with a logged reason.
   */
  pseudonymFor?: Role[];
}
