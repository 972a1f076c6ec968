/**
 * The public plugin contract. This is the ONLY core module a plugin may import
 * (enforced by test/e2e/plugin-boundary.e2e-spec.ts). It must not import any other core module.
 */

/** The version of the contract; plugins declare a semver range against it. */
export const CORE_API_VERSION = '1.0.0';

export interface LocalizedText {
  zh: string;
  en: string;
}

export const ROLES = [
  'system-admin',
  'discipline-officer',
  'head',
  'deputy-in-charge',
  'department-head',
  'staff',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, LocalizedText> = {
  'system-admin': { zh: '系统管理员/实施人员', en: 'System admin / implementer' },
  'discipline-officer': { zh: '纪检监察', en: 'Discipline officer' },
  head: { zh: '主要领导', en: 'Head' },
  'deputy-in-charge': { zh: '分管领导', en: 'Deputy in charge' },
  'department-head': { zh: '科室负责人', en: 'Department head' },
  staff: { zh: '干部职工', en: 'Staff' },
};

export const INSTITUTION_TYPES = [
  'hospital',
  'tax-bureau',
  'cdc',
  'designated-hospital',
  'township-health-centre',
  'village-clinic',
  'village',
  'government',
  'discipline-commission',
  'other',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

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
  default?: unknown;
}

export interface RecordTypeDef {
  id: string;
  label: LocalizedText;
  fields: FieldDef[];
  /** Field key used as the record's title in lists and audit entries. */
  titleField: string;
}

/** Extra fields a plugin adds to a core record (stored in a validated JSON column, never a core table change). */
export interface FieldExtensionDef {
  target: 'risk-point' | 'clue' | 'warning' | 'person';
  fields: FieldDef[];
}

export interface PluginRecordView {
  id: number;
  institutionId: number;
  pluginId: string;
  recordType: string;
  title: string;
  values: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Read-only access to the plugin's own records, scoped to one institution. */
export interface RecordQuery {
  list(recordType: string, opts?: { limit?: number }): Promise<PluginRecordView[]>;
}

export interface FactContext {
  institutionId: number;
  record?: PluginRecordView;
  options: Record<string, unknown>;
  records: RecordQuery;
  now: Date;
}

export interface FactDef {
  id: string;
  label: LocalizedText;
  compute: (ctx: FactContext) => unknown | Promise<unknown>;
}

export interface OperatorDef {
  id: string;
  label: LocalizedText;
  test: (factValue: unknown, ruleValue: unknown) => boolean;
}

/** A rule value may name a threshold that an institution's options can override. */
export type RuleValue = unknown | { threshold: string };

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; operator: string; value: RuleValue };

export type RuleLevel = 'blue' | 'yellow' | 'red';

export interface RuleDef {
  id: string;
  version: number;
  label: LocalizedText;
  /** Evaluated whenever a record of this type is saved. */
  recordType: string;
  level: RuleLevel;
  when: Condition;
  message: LocalizedText;
  /** Default thresholds; institution options `ruleThresholds.<ruleId>.<name>` override them. */
  thresholds?: Record<string, number>;
}

export interface IndicatorDef {
  id: string;
  label: LocalizedText;
  unit: '%' | 'count' | 'fen';
  target?: number;
  compute: (ctx: FactContext) => Promise<{ value: number; target?: number }>;
}

export interface TemplateDef {
  /** Local id; the host namespaces it as `<pluginId>/<id>`. */
  id: string;
  label: LocalizedText;
  kind: 'notice' | 'minutes' | 'report' | 'form' | 'letter';
  /** Absolute path to the Handlebars file. */
  file: string;
  recordType?: string;
}

export interface ScreenDef {
  id: string;
  label: LocalizedText;
  kind: 'list' | 'form' | 'detail' | 'dashboard';
  recordType: string;
  /** Roles that see the screen in navigation; all roles when absent. */
  roles?: Role[];
}

export interface DemoSeedContext {
  institutionId: number;
  institutionCode: string;
  options: Record<string, unknown>;
  createRecord(recordType: string, values: Record<string, unknown>): Promise<PluginRecordView>;
}

export interface PluginLifecycle {
  /** Runs once for every plugin before any plugin loads: register contributions only. */
  beforeLoad?: () => void;
  /** Runs after every plugin has registered. */
  load?: () => void | Promise<void>;
}

export interface PluginDefinition {
  id: string;
  version: string;
  name: LocalizedText;
  description?: LocalizedText;
  /** Semver range of CORE_API_VERSION this plugin works with. */
  coreCompatibility: string;
  dependsOn?: string[];
  institutionTypes?: InstitutionType[];
  /** Options an institution sets in its config file, validated at boot. */
  options?: FieldDef[];
  recordTypes?: RecordTypeDef[];
  fieldExtensions?: FieldExtensionDef[];
  facts?: FactDef[];
  operators?: OperatorDef[];
  rules?: RuleDef[];
  indicators?: IndicatorDef[];
  templates?: TemplateDef[];
  screens?: ScreenDef[];
  demoSeed?: (ctx: DemoSeedContext) => Promise<void>;
  lifecycle?: PluginLifecycle;
}

const ID_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/** Declares a plugin; checks the shape early so a typo fails at import, not at first use. */
export function definePlugin(def: PluginDefinition): Readonly<PluginDefinition> {
  if (!ID_PATTERN.test(def.id)) {
    throw new Error(`plugin id "${def.id}" must be kebab-case (a-z, 0-9, -)`);
  }
  return Object.freeze({ ...def });
}

export function isThresholdRef(value: unknown): value is { threshold: string } {
  return typeof value === 'object' && value !== null && typeof (value as { threshold?: unknown }).threshold === 'string';
}
