/**
 * The public plugin contract. This is the ONLY core module a plugin may import
 * (enforced by test/e2e/plugin-boundary.e2e-spec.ts). It must not import any other core module.
 */

/** The version of the contract; plugins declare a semver range against it. */
export const CORE_API_VERSION = '1.0.0';

import type { AggregateSubjectsDef } from './aggregates';
import type { FieldDef, FieldOption } from './field-types';
import type { Role } from './roles';
import type { LocalizedText } from './text';
export * from './text';
export * from './roles';
export * from './field-types';
export * from './id-formats';
export * from './dates';
export * from './values';
export * from './fields';
export * from './demo-data';
export * from './aggregates';

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
export type CoreInstitutionType = (typeof INSTITUTION_TYPES)[number];
/** A core type, or one an installed plugin declares (`PluginDefinition.declaresInstitutionTypes`); the host refuses unknown ones at boot. */
export type InstitutionType = CoreInstitutionType | (string & {});

/** An institution type a plugin brings (a power-supply company), named in zh and en for screens and refusals. */
export interface InstitutionTypeDef {
  id: string;
  label: LocalizedText;
}

/**
 * A condition over one record's values, plain data so the server and the form's script
 * evaluate the same thing. `value` may be `{ option: name }` (the institution's plugin option).
 */
export type ValueCondition =
  | { all: ValueCondition[] }
  | { any: ValueCondition[] }
  | { not: ValueCondition }
  | { field: string; op: 'present' | 'absent' }
  | { field: string; op: 'equal' | 'notEqual' | 'in' | 'notIn' | 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive'; value: unknown };

/** Cross-field validation: when `when` holds, `then` must hold too, or `field` gets `message` (400 on the server, live in the form). */
export interface RecordConstraint {
  id: string;
  field: string;
  when: ValueCondition;
  then: ValueCondition;
  message: LocalizedText;
}

export interface RecordTypeDef {
  id: string;
  label: LocalizedText;
  fields: FieldDef[];
  /** Field key used as the record's title in lists and audit entries. */
  titleField: string;
  /** Cross-field rules checked on every save and as the user types. */
  constraints?: RecordConstraint[];
  /**
   * Second owning institutions: each names a 'string' field holding an institution code (e.g. the
   * hospital a referral is addressed to). That institution sees the record (and the records it
   * references, read-only) and may change only the `writable` fields.
   */
  shares?: RecordShareDef[];
  /**
   * Indexes over field values (field keys, in order), for rule queries (RecordQuery.find/total/groups) and lookups.
   * Core creates them at start from these declarations (named by stable field ids, so a key rename keeps them).
   */
  indexes?: string[][];
}

export interface RecordShareDef {
  field: string;
  writable: string[];
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

export interface RuleHitView {
  id: number;
  /** Local rule id (without the plugin prefix). */
  ruleId: string;
  ruleVersion: number;
  level: string;
  recordId: number | null;
  subjectKey: string;
  createdAt: string;
  /** The rule's message as raised, its placeholders filled with the hit's thresholds and facts. */
  message: LocalizedText;
}

/** Read-only access to the plugin's own records and rule hits, scoped to one institution. */
export interface RecordQuery {
  /**
   * The institution's own records; `scope: 'network'` adds those of its descendants, of institutions
   * granting it visibility for this plugin, and records shared with it (RecordTypeDef.shares).
   */
  list(recordType: string, opts?: { limit?: number; scope?: 'own' | 'network' }): Promise<PluginRecordView[]>;
  /**
   * The institution's own records matching `where`, read through the type's indexes: all of them (no cap), or the
   * first `limit` by `orderBy` (then id). For selective conditions; a whole history is read with `each`. `scope: 'network'`
   * reads the records `list` with that scope reaches (descendants, grants, shares). (Always provided by core.)
   */
  find?(recordType: string, where: RecordWhere, opts?: { orderBy?: string; limit?: number; scope?: 'own' | 'network' }): Promise<PluginRecordView[]>;
  /**
   * The own records matching `where`, page by page (memory stays bounded at any volume), by record id or by the
   * field `orderBy` (then id; records without a value there are left out). (Always provided by core.)
   */
  each?(recordType: string, where: RecordWhere, fn: (page: PluginRecordView[]) => void | Promise<void>, opts?: { orderBy?: string }): Promise<void>;
  /** As `each`, as pages to iterate (`for await`): for a subject source that yields subjects while it reads. (Always provided by core.) */
  pages?(recordType: string, where: RecordWhere, opts?: { orderBy?: string; scope?: 'own' | 'network' }): AsyncIterable<PluginRecordView[]>;
  /** How many own records match `where`, and the sum, least and greatest of `field` over them, computed in SQL. (Always provided by core.) */
  total?(recordType: string, where: RecordWhere, field?: string): Promise<RecordTotal>;
  /** `total` per distinct value of the `by` fields (a date field cut to `chars`: 7 gives its month), in SQL. (Always provided by core.) */
  groups?(recordType: string, where: RecordWhere, by: (string | { key: string; chars: number })[], field?: string): Promise<RecordGroup[]>;
  /** The subjects of one of this plugin's subject sources (in code or as data), as a rule over it sees them now. (Always provided by core.) */
  subjects?(sourceId: string): Promise<RuleSubject[]>;
  /** One record of this plugin and institution, or null. (Always provided by core; optional only so older fakes still type-check.) */
  get?(id: number): Promise<PluginRecordView | null>;
  /** This plugin's rule hits in the institution (`scope: 'network'`: and in its network's institutions), oldest first. (Always provided by core.) */
  hits?(opts?: { scope?: 'own' | 'network'; recordId?: number }): Promise<RuleHitView[]>;
  /**
   * How many of this plugin's rule hits there are per local rule id (`by: 'rule'`) or per month of their day (`'month'`,
   * YYYY-MM), counted in SQL; `from`/`to` (YYYY-MM-DD, inclusive) bound the hit's day. Keys with no hit are absent. (Always provided by core.)
   */
  hitCounts?(opts: { by: 'rule' | 'month'; scope?: 'own' | 'network'; from?: string; to?: string }): Promise<{ key: string; count: number }[]>;
  /** The institution this context is about (its code names it in share fields). (Always provided by core.) */
  institution?(): Promise<{ id: number; code: string; name: string }>;
}

/** Conditions on field values (by key), turned into SQL; each part must hold. Sensitive fields cannot be queried. */
export interface RecordWhere {
  /** The field holds this value, or one of these values (a reference by the referenced record's id). */
  equal?: Record<string, string | number | boolean | (string | number)[]>;
  /** Inclusive bounds (dates as YYYY-MM-DD), and `below`: strictly less than. */
  range?: Record<string, { from?: string | number; to?: string | number; below?: number }>;
  /** The fields are filled in. */
  present?: string[];
  /** A 'rows' field has a row whose `column` holds one of `values` (an item's name); without `values`, any value. */
  rowHas?: { field: string; column: string; values?: string[] };
  /** The record's id is at least this: the records a bulk import added (FactContext.importedFromId). */
  idFrom?: number;
}

export interface RecordTotal {
  count: number;
  sum: number;
  min: string | number | null;
  max: string | number | null;
}

export interface RecordGroup extends RecordTotal {
  /** The group's values, by the `by` keys. */
  by: Record<string, string | number | null>;
}

/**
 * What a subject rule is evaluated about: an aggregate (a supplier's share of a category, a
 * quarter, a group of purchases, a reporting period). `key` must be stable: it makes hits unique.
 */
export interface RuleSubject {
  key: string;
  label: string;
  /** The record the hit is about, when there is one. */
  recordId?: number;
  /** Every record the subject is made of, when more than one (a cluster of purchases); defaults to [recordId]. */
  recordIds?: number[];
  /** Values the subject's facts read; kept with the hit as its inputs. */
  values: Record<string, unknown>;
}

/** Lists the subjects of rules that declare `subjects: <id>`, in code: for what an aggregate as data cannot say (AggregateSourceDef). */
export interface SubjectSourceDef {
  id: string;
  label: LocalizedText;
  /**
   * Every subject. An async generator (`async function*`) yields them while it reads its records page by page
   * (RecordQuery.pages), so a scan's memory holds one page and one group, not the history; read its subjects with ctx.records.subjects(id).
   */
  list: (ctx: FactContext) => RuleSubject[] | Promise<RuleSubject[]> | AsyncIterable<RuleSubject>;
  /**
   * On a save: only the subjects the saved record (`ctx.record`) belongs to, found through indexed queries, so a save
   * costs the same with a thousand records as with a million. Each must equal what `list` gives for that key.
   * Without it a save re-lists every subject.
   */
  around?: (ctx: FactContext & { record: PluginRecordView }) => RuleSubject[] | Promise<RuleSubject[]>;
  /** The subject values a hit states (they are kept in its inputs), by key; values not described here are left out. */
  values?: Record<string, ValueDescription>;
}

/**
 * Subjects of rules that declare `subjects: <id>` as data: an aggregate core compiles to SQL (as it does a warning
 * model), in a scan and on a save alike.
 */
export interface AggregateSourceDef {
  id: string;
  label: LocalizedText;
  aggregate: AggregateSubjectsDef;
  /** As SubjectSourceDef.values: how a hit states the subject's values. */
  values?: Record<string, ValueDescription>;
}

/**
 * The platform's working-day calendar, read-only (dates 'YYYY-MM-DD'): State Council notices entered by the admin or
 * shipped in config/calendar, else the statutory holidays computed from the law, which `isEstimate` marks for review.
 */
export interface WorkingDays {
  isWorkingDay(date: string): boolean;
  /** The n-th working day after `date` (the start day itself is not counted). */
  addWorkingDays(date: string, n: number): string;
  /** The day's status comes from the law's computation, not a published notice: a deadline on it is to be reviewed. */
  isEstimate(date: string): boolean;
}

export interface FactContext {
  institutionId: number;
  /**
   * Count working days with this, never Monday to Friday: 国庆, 春节 and the make-up Saturdays are in it. Core sets it on
   * every rule, fact, indicator, template and screen context; only hand-made contexts in unit tests leave it out.
   */
  calendar?: WorkingDays;
  record?: PluginRecordView;
  options: Record<string, unknown>;
  records: RecordQuery;
  now: Date;
  /** The rule's thresholds after the institution's overrides (set while a rule runs). */
  thresholds?: Record<string, number>;
  /** The subject a subject rule is being evaluated for. */
  subject?: RuleSubject;
  /**
   * Subject sources after a bulk import of the rule's record type: the new records are those with ids from this one
   * (RecordWhere.idFrom). A source may then list only the subjects they belong to; a hit is raised once either way.
   */
  importedFromId?: number;
  /**
   * Dashboards only (absent in rules, templates and public screens): the institutions below this one
   * that enable this plugin and that the viewer may see, each with its own context (its options,
   * records and hits), for a view across them (a township over its villages). Ordered by id.
   */
  descendants?: () => Promise<DescendantContext[]>;
  /**
   * Record templates only: each institution of this one's network for the plugin (itself, its descendants, and
   * institutions granting it visibility, as RecordQuery scope 'network'), with its own context, ordered by id
   * (a CDC's quarterly report with a row per institution).
   */
  network?: () => Promise<DescendantContext[]>;
  /**
   * Indicators only: the reporting period (inclusive ISO days, id `2026` or `2026-Q1`); an indicator
   * counts the records whose own date (a referral's, an exam's due day) falls in it. Absent = all.
   */
  period?: IndicatorPeriod;
}

export interface IndicatorPeriod {
  id: string;
  from: string;
  to: string;
}

/** One record behind an indicator: in the denominator, and `ok` when also in the numerator. */
export interface IndicatorRecordRef {
  id: number;
  title: string;
  ok: boolean;
}

/** An indicator's value; a rate also gives its numerator, denominator and the records behind them (drill-down). */
export interface IndicatorResult {
  value: number;
  /** Set when the indicator cannot be computed (e.g. an option it needs is not configured): shown instead of a value, never scored. */
  unavailable?: LocalizedText;
  target?: number;
  numerator?: number;
  denominator?: number;
  records?: IndicatorRecordRef[];
}

/** One institution below the dashboard's, as FactContext.descendants gives it. */
export interface DescendantContext {
  id: number;
  code: string;
  name: string;
  /** Its parent institution's id (to show the tree), null at the top. */
  parentId: number | null;
  context: FactContext;
}

/**
 * How a value a rule reports is written for people (core/rules/rule-facts.ts): 'fen' as 元 with two decimals,
 * 'percent' with one decimal, 'date' as 2026年7月1日, 'period' (2026, 2026-02, 2026-Q1, 2026-W07, a~b) in words,
 * 'count' and 'days' with their word, 'boolean' as 是/否, 'enum' by its option's label, 'institution' (a code) by
 * its name, 'list' joined with 、, 'object' by its `fields`.
 */
export type ValueUnit = 'fen' | 'percent' | 'count' | 'days' | 'date' | 'period' | 'text' | 'boolean' | 'enum' | 'institution' | 'list' | 'object';

/** A reported value's label and unit, so clues and notices state it in sentences and never print its key or raw form. */
export interface ValueDescription {
  label: LocalizedText;
  unit: ValueUnit;
  /** 'count': the counting word (笔, 人, 次); English as 'person|people', or a plural whose s one drops. */
  counter?: LocalizedText;
  /** 'enum': the stored values and their labels. */
  options?: FieldOption[];
  /** 'object', or a 'list' of objects: the fields stated, in order; a field with `title` leads, without its label. */
  fields?: Record<string, ValueDescription & { title?: boolean }>;
  /** Inside an object: the sibling field whose value ('fen' or 'percent') is this field's unit (a band in money or in percent). */
  unitFrom?: string;
  /** Stated when the value is null (e.g. 未报送); without it a null value is left out. */
  none?: LocalizedText;
}

export interface FactDef extends Omit<ValueDescription, 'unit'> {
  id: string;
  /** How clues and notices state the value; a fact without a unit is left out of them. */
  unit?: ValueUnit;
  compute: (ctx: FactContext) => unknown | Promise<unknown>;
}

export interface OperatorDef {
  id: string;
  label: LocalizedText;
  test: (factValue: unknown, ruleValue: unknown) => boolean;
}

/** A rule value may name a threshold (overridable per institution) or one of the institution's plugin options. */
export type RuleValue = unknown | { threshold: string } | { option: string };

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
  /** Evaluated whenever a record of this type is saved (and by the nightly scan). */
  recordType: string;
  /**
   * A SubjectSourceDef id: the rule then runs once per subject (aggregates, periods) instead of
   * once per saved record, and each subject's key makes its hit unique.
   */
  subjects?: string;
  level: RuleLevel;
  when: Condition;
  message: LocalizedText;
  /** Default thresholds; institution options `ruleThresholds.<ruleId>.<name>` override them. */
  thresholds?: Record<string, number>;
  /**
   * Record rules: the records this rule can possibly hit, as conditions SQL can say (a record matching any of them; none:
   * no record), so a full scan reads only those through the indexes instead of decoding every record. `when` still
   * decides, so each condition must hold for every record the rule could hit. Absent or null: every record. Called with
   * the institution's options and the rule's thresholds, without a record.
   */
  candidates?: (ctx: FactContext) => RecordWhere[] | null | Promise<RecordWhere[] | null>;
  /**
   * A record core creates once when the rule first hits (a tracking task for the institution that
   * must act): called with the hit's context (record or subject); null creates nothing.
   */
  followUp?: (ctx: FactContext) => FollowUpRecord | null | Promise<FollowUpRecord | null>;
  /** How a hit states the thresholds and options the rule compares with, by name; a fact id here rewords that fact for this rule. */
  inputs?: Record<string, ValueDescription>;
}

/** A record of the same plugin that a rule hit creates, validated and audited like any other. */
export interface FollowUpRecord {
  recordType: string;
  /** The institution that owns it, by code; the hit's institution when absent. */
  institutionCode?: string;
  values: Record<string, unknown>;
}

export interface IndicatorDef {
  id: string;
  label: LocalizedText;
  unit: '%' | 'count' | 'fen';
  target?: number;
  /** How an assessment item scores it: 'higher' (default) = full points at or above target; 'lower' = full points at or below. */
  better?: 'higher' | 'lower';
  compute: (ctx: FactContext) => Promise<IndicatorResult>;
}

export interface TemplateDef {
  /** Local id; the host namespaces it as `<pluginId>/<id>`. */
  id: string;
  label: LocalizedText;
  kind: 'notice' | 'minutes' | 'report' | 'form' | 'letter';
  /** Absolute path to the Handlebars file. */
  file: string;
  recordType?: string;
  /** Extra data for the template (aggregates over the plugin's records), given as `data`. */
  data?: (ctx: FactContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Why the record cannot be issued with this template yet (its names and counts disagree), or null; asked before a number is taken. */
  refuse?: (ctx: FactContext) => LocalizedText | null | Promise<LocalizedText | null>;
  /** Roles that may issue it besides the discipline officer and the head, at the institution it goes out in the name of (a clinic's doctors their referral slips). */
  issueRoles?: Role[];
  /** In whose name it goes out: the record's institution (default), or that institution's parent when it has one (a CDC's notice to the township whose task it is). */
  issuedBy?: 'record' | 'parent';
}

/**
 * A table cell that links somewhere on this site (`href` must start with one `/`; anything else is
 * shown as plain text). With `institutionId`, following it first switches the viewer to that
 * institution (one they can see), so a township's row opens the village's own screen.
 */
export interface DashboardLink {
  text: string | LocalizedText;
  href: string;
  institutionId?: number;
}

/**
 * A dashboard's words: the platform's labels (a category, a rule, a status) as LocalizedText, so English mode shows
 * no Chinese; a plain string is user data (a name, a month) shown as it is.
 */
export type DashboardText = string | LocalizedText;

/** One panel of a dashboard screen; core renders it (SVG bars, tables) from this data. */
export type DashboardPanel =
  | { kind: 'bars'; title: LocalizedText; unit: 'fen' | 'count' | '%'; bars: { label: DashboardText; value: number }[] }
  | { kind: 'table'; title: LocalizedText; columns: LocalizedText[]; rows: (DashboardText | number | DashboardLink)[][] }
  | { kind: 'stats'; title: LocalizedText; stats: { label: LocalizedText; value: DashboardText }[] };

export interface ScreenDef {
  id: string;
  label: LocalizedText;
  kind: 'list' | 'form' | 'detail' | 'dashboard' | 'check-in';
  recordType: string;
  /** Roles that see the screen in navigation; all roles when absent. */
  roles?: Role[];
  /** Institution types the screen is offered at (a township view, a village's forms); all types when absent. */
  institutionTypes?: InstitutionType[];
  /** List screens: field keys (enum or reference) offered as filters. */
  filters?: string[];
  /** List screens: 'network' lists the records of every institution the viewer sees for the plugin (a CDC over its townships' tasks), each row naming its institution. Default 'own'. */
  scope?: 'own' | 'network';
  /** Form screens: also edit existing records at `/p/<plugin>/<screen>/<id>/edit`, linked from list rows (default true). */
  editable?: boolean;
  /** Form screens: only these fields, in this order (one party's part of a longer record, e.g. a hospital's registration). Default all. */
  fields?: string[];
  /** Form screens: false = the screen only edits records (reached from a list row or a dashboard link), never creates one; not in navigation. */
  creates?: boolean;
  /** Form screens: the screen (by id) to return to after saving an edit; default the list whose `editScreen` names this form, else the type's list. */
  returnTo?: string;
  /** List screens: only records meeting this condition (a work queue, e.g. arrived and not yet diagnosed); no 新建 button. */
  show?: ValueCondition;
  /** List screens: the form screen (by id) the rows' edit links open; default the record type's first editable form. */
  editScreen?: string;
  /** Dashboard screens: the panels, computed from the plugin's records. */
  dashboard?: (ctx: FactContext) => DashboardPanel[] | Promise<DashboardPanel[]>;
  /**
   * Check-in screens (served at `/check-in/<plugin>/<screen>`): scan or type a record's code to stamp a date
   * field on it (a hospital recording a referral's arrival), beside the queue of records not yet stamped.
   * The stamp goes through the normal update, so share `writable` rules apply.
   */
  checkIn?: { codeField: string; stampField: string };
  /**
   * Dashboard screens only: also served with no login at `/public/<institution code>/<plugin id>/<screen id>`
   * (a notice board villagers read). The dashboard function must show only what may be published.
   */
  public?: boolean;
}

/** A preset risk point a plugin offers (002 附表 style) so an institution starts from something real. */
export interface RiskPresetDef {
  id: string;
  post: LocalizedText;
  name: LocalizedText;
  /** 002's four categories: post duties, business process, rules and mechanisms, external environment. */
  category: 'post-duty' | 'business-process' | 'mechanism' | 'external';
  /** 1 = 一级 (highest) … 3 = 三级. */
  grade: 1 | 2 | 3;
  measures: { phase: 'prevention' | 'monitoring' | 'disposal'; text: LocalizedText }[];
  /** Values for the plugin's field extensions on risk points. */
  extra?: Record<string, unknown>;
}

/**
 * A page the public opens with no login, from a link or QR code printed on a document, to answer
 * questions about ONE record (an integrity receipt after an inspection). Core signs the link per
 * record, rate-limits the page, saves the answers into the record's own fields, stamps
 * `answeredField` (after which the link no longer works) and runs the record's rules, so a bad
 * answer becomes a rule hit and so a warning clue.
 */
export interface PublicFormDef {
  id: string;
  label: LocalizedText;
  intro?: LocalizedText;
  recordType: string;
  /** Keys of the record's fields the public fills in, in order. */
  fields: string[];
  /** A 'date' field of the record: set to the day of answering; a link whose record has it is used up. */
  answeredField: string;
  /** A short description of the record for the page (never personal data). */
  describe?: (record: PluginRecordView) => LocalizedText;
  /** Shown once the answers are saved; core's generic thanks when unset. */
  thanks?: LocalizedText;
}

/** What core gives a template (and staff) for a record's public form: the signed link, its code and QR. */
export interface PublicFormLink {
  formId: string;
  url: string;
  /** The one-time code printed on the paper: `<record id>-<10 characters>`. */
  code: string;
  /** An SVG QR code of `url`, as a data: URI for <img src>. */
  qr: string;
  answered: boolean;
}

export interface DemoSeedContext {
  institutionId: number;
  institutionCode: string;
  /** The institution's type (a plugin enabled at a village and at its township seeds only the village). */
  institutionType?: InstitutionType;
  options: Record<string, unknown>;
  /** The seeding day (YYYY-MM-DD, the app clock): demo data is dated relative to it. */
  today: string;
  /** Validates and stores a record; rules run once after the whole seed (a scan), not per record. */
  createRecord(recordType: string, values: Record<string, unknown>): Promise<PluginRecordView>;
  /** A demo person of this institution (department and post made if new), with a demo account when `account` is set. */
  createPerson(person: DemoPersonSeed): Promise<{ personId: number }>;
}

/** Invented names only. The account's password is the demo password; usernames must be unique across the demo. */
export interface DemoPersonSeed {
  name: string;
  department?: string;
  post?: string;
  /** On the post since (YYYY-MM-DD): rotation rules read it. */
  postSince?: string;
  account?: { username: string; role: Role; includeDescendants?: boolean };
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
  /** Institution types this plugin adds to core's (kebab-case ids, unique across plugins); institutions' YAML may then use them. */
  declaresInstitutionTypes?: InstitutionTypeDef[];
  institutionTypes?: InstitutionType[];
  /** Options an institution sets in its config file, validated at boot. */
  options?: FieldDef[];
  recordTypes?: RecordTypeDef[];
  fieldExtensions?: FieldExtensionDef[];
  facts?: FactDef[];
  subjects?: SubjectSourceDef[];
  /** Subject sources as data; their ids share one namespace with `subjects`. */
  aggregateSubjects?: AggregateSourceDef[];
  operators?: OperatorDef[];
  rules?: RuleDef[];
  indicators?: IndicatorDef[];
  templates?: TemplateDef[];
  screens?: ScreenDef[];
  publicForms?: PublicFormDef[];
  riskPresets?: RiskPresetDef[];
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

export function isOptionRef(value: unknown): value is { option: string } {
  return typeof value === 'object' && value !== null && typeof (value as { option?: unknown }).option === 'string';
}

/** A source's subjects as one array, however it gives them (array, promise or async generator): for screens and tests. */
export async function listSubjects(source: Pick<SubjectSourceDef, 'list'>, ctx: FactContext): Promise<RuleSubject[]> {
  const out: RuleSubject[] = [];
  for await (const s of await source.list(ctx)) out.push(s);
  return out;
}
