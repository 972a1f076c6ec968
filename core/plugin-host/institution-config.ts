import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INSTITUTION_TYPES, InstitutionType } from '../plugin-api';

/** An institution's code: its file name, and how URLs and other files name it. */
export const INSTITUTION_CODE = /^[a-z0-9][a-z0-9-]{1,63}$/;

export const WARNING_PALETTES = ['003-p8', '003-p5', '000', '001'] as const;
export const GRADING_PRESETS = ['000', '001', '002'] as const;
/** Assessment scoring presets (see core/assessment/scoring.ts): 004 第1篇, 004 第2篇, 000. */
export const ASSESSMENT_PRESET_IDS = ['004-p1', '004-p2', '000'] as const;

export interface PluginSetting {
  id: string;
  options: Record<string, unknown>;
  /** Per-rule threshold overrides: `{ <ruleId>: { <name>: number } }`, checked against the plugin's rules. */
  ruleThresholds: Record<string, Record<string, number>>;
  /** Warning models (ModelDefinition, core/rules/models) declared for this plugin; checked by the plugin host at boot. */
  models?: unknown[];
}

export interface VisibilityGrant {
  /** Code of the institution whose users may see this institution's records. */
  to: string;
  /** Plugin id, or '*'. */
  scope: string;
}

export interface InstitutionConfig {
  file: string;
  code: string;
  name: string;
  nameEn: string;
  type: InstitutionType;
  parent: string | null;
  letterhead: string;
  docNumberPrefix: string;
  warningPalette: (typeof WARNING_PALETTES)[number];
  gradingPreset: (typeof GRADING_PRESETS)[number];
  /** Democratic-evaluation scoring preset; defaults to '000' for gradingPreset 000, else '004-p1'. */
  assessmentPreset: (typeof ASSESSMENT_PRESET_IDS)[number];
  plugins: PluginSetting[];
  grants: VisibilityGrant[];
  /** Optional risk-module choices (taxonomy, identification steps, grade matrix, self-check dates). */
  risk?: RiskConfigBlock;
  /** Optional: who sees published assessment results and for how long; absent = each scheme's own setting, no end. */
  resultPublication?: ResultPublicationBlock;
  /** Who above the institution oversees its warning matters. */
  oversight: OversightBlock;
  /** Folder for this institution's template overrides. */
  templateDir: string;
}

/** A bad config file stops boot with the file, the field and the reason. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
    this.name = 'ConfigError';
  }
}

class Reader {
  constructor(
    private readonly file: string,
    private readonly obj: Record<string, unknown>,
  ) {}
  fail(field: string, reason: string): never {
    throw new ConfigError(this.file, field, reason);
  }
  str(field: string, opts: { optional?: boolean; pattern?: RegExp; max?: number } = {}): string | undefined {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (opts.optional) return undefined;
      this.fail(field, 'is required');
    }
    if (typeof v !== 'string' || !v.trim()) this.fail(field, `must be a non-empty string, got ${JSON.stringify(v)}`);
    if (opts.max && v.length > opts.max) this.fail(field, `must be at most ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(field, `must match ${opts.pattern}, got "${v}"`);
    return v;
  }
  oneOf<T extends string>(field: string, allowed: readonly T[], dflt?: T): T {
    const v = this.obj[field] ?? dflt;
    if (typeof v !== 'string' || !allowed.includes(v as T)) this.fail(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  }
}

const KNOWN_KEYS = ['code', 'name', 'nameEn', 'type', 'parent', 'letterhead', 'docNumberPrefix', 'warningPalette', 'gradingPreset', 'assessmentPreset', 'plugins', 'grants', 'risk', 'resultPublication', 'oversight'];

export const RESULT_PUBLICATION_TO = ['staff', 'subjects', 'none'] as const;

export interface ResultPublicationBlock {
  /** staff: 通报 to all staff; subjects: each assessed person sees their own; none: results stay with the officers. */
  to: (typeof RESULT_PUBLICATION_TO)[number];
  /** Days after publication during which staff see the results; afterwards each sees only their own. */
  days?: number;
}

function parseResultPublication(r: Reader, raw: unknown): ResultPublicationBlock | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) r.fail('resultPublication', 'must be a mapping, e.g. { to: staff, days: 30 }');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (key !== 'to' && key !== 'days') r.fail(`resultPublication.${key}`, 'unknown field (allowed: to, days)');
  if (typeof obj.to !== 'string' || !RESULT_PUBLICATION_TO.includes(obj.to as 'staff')) r.fail('resultPublication.to', `must be one of ${RESULT_PUBLICATION_TO.join(', ')}, got ${JSON.stringify(obj.to)}`);
  const out: ResultPublicationBlock = { to: obj.to as ResultPublicationBlock['to'] };
  if (obj.days !== undefined) {
    if (typeof obj.days !== 'number' || !Number.isInteger(obj.days) || obj.days < 1 || obj.days > 3650) r.fail('resultPublication.days', `must be a whole number of days from 1 to 3650, got ${JSON.stringify(obj.days)}`);
    if (out.to !== 'staff') r.fail('resultPublication.days', 'applies only when to is staff');
    out.days = obj.days;
  }
  return out;
}

export interface OversightBlock {
  /** Discipline officers of ancestor institutions (descendant-wide roles) see and handle this unit's clues and warnings; default true. */
  parentSeesWarnings: boolean;
}

function parseOversight(r: Reader, raw: unknown): OversightBlock {
  if (raw === undefined || raw === null) return { parentSeesWarnings: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) r.fail('oversight', 'must be a mapping, e.g. { parentSeesWarnings: false }');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (key !== 'parentSeesWarnings') r.fail(`oversight.${key}`, 'unknown field (allowed: parentSeesWarnings)');
  const v = obj.parentSeesWarnings ?? true;
  if (typeof v !== 'boolean') r.fail('oversight.parentSeesWarnings', `must be true or false, got ${JSON.stringify(v)}`);
  return { parentSeesWarnings: v };
}

export interface RiskConfigBlock {
  categories?: '000' | '001' | '002' | '003';
  identification?: '001' | '002' | '003';
  gradeMatrix?: (1 | 2 | 3)[][];
  selfCheckDueDates?: [string, string];
}

const RISK_KEYS = ['categories', 'identification', 'gradeMatrix', 'selfCheckDueDates'];

function parseRiskBlock(r: Reader, raw: unknown): RiskConfigBlock | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) r.fail('risk', 'must be a mapping');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!RISK_KEYS.includes(key)) r.fail(`risk.${key}`, `unknown field (allowed: ${RISK_KEYS.join(', ')})`);
  const out: RiskConfigBlock = {};
  const oneOf = <T extends string>(key: string, allowed: T[]): T | undefined => {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !allowed.includes(v as T)) r.fail(`risk.${key}`, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  out.categories = oneOf('categories', ['000', '001', '002', '003']);
  out.identification = oneOf('identification', ['001', '002', '003']);
  if (obj.gradeMatrix !== undefined) {
    const m = obj.gradeMatrix;
    const ok = Array.isArray(m) && m.length === 3 && m.every((row) => Array.isArray(row) && row.length === 3 && row.every((g) => g === 1 || g === 2 || g === 3));
    if (!ok) r.fail('risk.gradeMatrix', 'must be 3 rows (likelihood 1..3) of 3 grades (harm 1..3), each 1, 2 or 3');
    out.gradeMatrix = m as (1 | 2 | 3)[][];
  }
  if (obj.selfCheckDueDates !== undefined) {
    const d = obj.selfCheckDueDates;
    const ok = Array.isArray(d) && d.length === 2 && d.every((x) => typeof x === 'string' && /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(x)) && d[0] < d[1];
    if (!ok) r.fail('risk.selfCheckDueDates', 'must be two MM-DD dates in order, e.g. ["06-20", "11-20"]');
    out.selfCheckDueDates = d as [string, string];
  }
  return out;
}

/** An institution's `plugins` list (YAML file, or as saved on /admin/plugins), checked for shape; PluginHost checks it against the plugins. */
export function parsePluginList(displayName: string, raw: unknown): PluginSetting[] {
  const r = new Reader(displayName, { plugins: raw });
  const plugins: PluginSetting[] = [];
  const rawPlugins = raw ?? [];
  if (!Array.isArray(rawPlugins)) r.fail('plugins', 'must be a list');
  (rawPlugins as unknown[]).forEach((p, i) => {
    const item = typeof p === 'string' ? { id: p } : p;
    if (typeof item !== 'object' || item === null) r.fail(`plugins[${i}]`, 'must be a plugin id or {id, options}');
    const pr = new Reader(displayName, item as Record<string, unknown>);
    const id = pr.str('id')!;
    const options = (item as Record<string, unknown>).options ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) r.fail(`plugins[${i}].options`, 'must be a mapping');
    if (plugins.some((x) => x.id === id)) r.fail(`plugins[${i}].id`, `plugin "${id}" is listed twice`);
    const thresholds = (item as Record<string, unknown>).ruleThresholds ?? {};
    if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) r.fail(`plugins[${i}].ruleThresholds`, 'must be a mapping of rule id to {name: number}');
    for (const [ruleId, values] of Object.entries(thresholds as Record<string, unknown>)) {
      if (typeof values !== 'object' || values === null) r.fail(`plugins[${i}].ruleThresholds.${ruleId}`, 'must be a mapping of threshold name to number');
      for (const [name, v] of Object.entries(values as Record<string, unknown>)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) r.fail(`plugins[${i}].ruleThresholds.${ruleId}.${name}`, `must be a number, got ${JSON.stringify(v)}`);
      }
    }
    const models = (item as Record<string, unknown>).models ?? [];
    if (!Array.isArray(models)) r.fail(`plugins[${i}].models`, 'must be a list of warning models');
    const unknownKey = Object.keys(item as object).find((k) => !['id', 'options', 'ruleThresholds', 'models'].includes(k));
    if (unknownKey) r.fail(`plugins[${i}].${unknownKey}`, 'unknown field (allowed: id, options, ruleThresholds, models)');
    plugins.push({ id, options: options as Record<string, unknown>, ruleThresholds: thresholds as Record<string, Record<string, number>>, models: models as unknown[] });
  });
  return plugins;
}

/** `types`: the institution types known to this build, core's and the installed plugins' (`declaresInstitutionTypes`). */
export function parseInstitutionConfig(file: string, text: string, displayName = file, types: readonly string[] = INSTITUTION_TYPES): InstitutionConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(displayName, '(file)', `is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(displayName, '(file)', 'must be a YAML mapping');
  const cfg = parseInstitutionObject(raw as Record<string, unknown>, displayName, types, path.dirname(file));
  const expected = path.basename(file).replace(/\.ya?ml$/, '');
  if (expected !== cfg.code) throw new ConfigError(displayName, 'code', `must equal the file name "${expected}"`);
  return cfg;
}

/** An institution from its YAML-shaped mapping (a file's, or one saved on /admin/institutions); `folder` holds its template overrides. */
export function parseInstitutionObject(obj: Record<string, unknown>, displayName: string, types: readonly string[], folder: string): InstitutionConfig {
  const r = new Reader(displayName, obj);
  for (const key of Object.keys(obj)) if (!KNOWN_KEYS.includes(key)) r.fail(key, `unknown field (allowed: ${KNOWN_KEYS.join(', ')})`);
  const code = r.str('code', { pattern: INSTITUTION_CODE })!;
  const plugins = parsePluginList(displayName, obj.plugins);
  const grants: VisibilityGrant[] = [];
  const rawGrants = obj.grants ?? [];
  if (!Array.isArray(rawGrants)) r.fail('grants', 'must be a list');
  (rawGrants as unknown[]).forEach((g, i) => {
    if (typeof g !== 'object' || g === null) r.fail(`grants[${i}]`, 'must be {to, scope}');
    const gr = new Reader(displayName, g as Record<string, unknown>);
    grants.push({ to: gr.str('to')!, scope: gr.str('scope')! });
  });
  const gradingPreset = r.oneOf('gradingPreset', GRADING_PRESETS, '002');
  return {
    file: displayName,
    code,
    name: r.str('name', { max: 200 })!,
    nameEn: r.str('nameEn', { optional: true, max: 200 }) ?? '',
    type: r.oneOf('type', types),
    parent: r.str('parent', { optional: true }) ?? null,
    letterhead: r.str('letterhead', { max: 60 })!,
    docNumberPrefix: r.str('docNumberPrefix', { max: 20 })!,
    warningPalette: r.oneOf('warningPalette', WARNING_PALETTES, '003-p8'),
    gradingPreset,
    assessmentPreset: r.oneOf('assessmentPreset', ASSESSMENT_PRESET_IDS, gradingPreset === '000' ? '000' : '004-p1'),
    plugins,
    grants,
    risk: parseRiskBlock(r, obj.risk),
    resultPublication: parseResultPublication(r, obj.resultPublication),
    oversight: parseOversight(r, obj.oversight),
    templateDir: path.join(folder, code, 'templates'),
  };
}

/** Reads `<configDir>/institutions/*.yaml` and checks references between the files. */
export function loadInstitutionConfigs(configDir: string, types: readonly string[] = INSTITUTION_TYPES): InstitutionConfig[] {
  const dir = path.join(configDir, 'institutions');
  if (!fs.existsSync(dir)) throw new ConfigError(dir, '(folder)', 'does not exist; create one YAML file per institution');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const rel = (f: string) => path.relative(process.cwd(), path.join(dir, f)) || f;
  const configs = files.map((f) => parseInstitutionConfig(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'), rel(f), types));
  checkInstitutionSet(configs);
  return configs;
}

/** Whether `code` stands somewhere below `ancestor` in the institutions' parent chains. */
export function isBelow(all: InstitutionConfig[], code: string, ancestor: string): boolean {
  for (let cur = all.find((i) => i.code === code), n = 0; cur?.parent && n < 1000; cur = all.find((i) => i.code === cur!.parent), n++) if (cur.parent === ancestor) return true;
  return false;
}

/** What holds between institutions: parents and grants name known ones, parents end, no two share a number prefix. */
export function checkInstitutionSet(configs: InstitutionConfig[]): void {
  const codes = new Set(configs.map((c) => c.code));
  for (const c of configs) {
    if (c.parent && !codes.has(c.parent)) throw new ConfigError(c.file, 'parent', `unknown institution "${c.parent}"`);
    if (c.parent === c.code) throw new ConfigError(c.file, 'parent', 'an institution cannot be its own parent');
    c.grants.forEach((g, i) => {
      if (!codes.has(g.to)) throw new ConfigError(c.file, `grants[${i}].to`, `unknown institution "${g.to}"`);
    });
  }
  // Numbers run per prefix and year: two institutions under one prefix would issue the same 〔2026〕1号.
  for (const c of configs) {
    const first = configs.find((x) => x.docNumberPrefix === c.docNumberPrefix);
    if (first && first !== c) throw new ConfigError(c.file, 'docNumberPrefix', `"${c.docNumberPrefix}" is already the prefix of ${first.code} (${first.name}); ${c.code} (${c.name}) needs a prefix of its own`);
  }
  // A parent chain must end; a loop would make descendant scoping spin forever.
  for (const c of configs) {
    const seen = new Set<string>();
    let cur: InstitutionConfig | undefined = c;
    while (cur?.parent) {
      if (seen.has(cur.code)) throw new ConfigError(c.file, 'parent', 'parents form a cycle');
      seen.add(cur.code);
      cur = configs.find((x) => x.code === cur!.parent);
    }
  }
}
