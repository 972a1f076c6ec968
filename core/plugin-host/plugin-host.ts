import * as fs from 'node:fs';
import * as semver from 'semver';
import {
  Condition,
  CORE_API_VERSION,
  FactDef,
  IndicatorDef,
  OperatorDef,
  PluginDefinition,
  PublicFormDef,
  RecordTypeDef,
  RuleDef,
  ScreenDef,
  SubjectSourceDef,
  TemplateDef,
  type LocalizedText,
} from '../plugin-api';
import { BUILTIN_OPERATORS } from '../rules/operators';
import { messagePlaceholders } from '../rules/rule-facts';
import { validateModel, type ModelDefinition } from '../rules/models/model-definition';
import { aggregateSource, aggregateSourceProblems } from '../rules/models/aggregate-subjects';
import '../rules/models/models.i18n';
import { t } from '../i18n/i18n';
import { ConfigError, InstitutionConfig } from './institution-config';
import { validateFields } from './field-validation';
import { fieldsInCondition } from './constraints';
import { institutionTypeLabels } from './institution-types';
import { PluginError } from './plugin-error';

export { PluginError } from './plugin-error';

/** Dependencies first, then by id, so the order never depends on the order plugins were listed. */
export function sortPlugins(plugins: PluginDefinition[]): PluginDefinition[] {
  const byId = new Map<string, PluginDefinition>();
  for (const p of plugins) {
    if (byId.has(p.id)) throw new PluginError(p.id, 'id is used by two plugins');
    byId.set(p.id, p);
  }
  const sorted: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: PluginDefinition, trail: string[]) => {
    if (state.get(p.id) === 'done') return;
    if (state.get(p.id) === 'visiting') throw new PluginError(p.id, `dependency cycle: ${[...trail, p.id].join(' → ')}`);
    state.set(p.id, 'visiting');
    for (const dep of [...(p.dependsOn ?? [])].sort()) {
      const d = byId.get(dep);
      if (!d) throw new PluginError(p.id, `depends on "${dep}", which is not installed`);
      visit(d, [...trail, p.id]);
    }
    state.set(p.id, 'done');
    sorted.push(p);
  };
  for (const p of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) visit(p, []);
  return sorted;
}

function factsInCondition(c: Condition, out: { fact: string; operator: string }[] = []) {
  if ('all' in c) c.all.forEach((x) => factsInCondition(x, out));
  else if ('any' in c) c.any.forEach((x) => factsInCondition(x, out));
  else if ('not' in c) factsInCondition(c.not, out);
  else out.push({ fact: c.fact, operator: c.operator });
  return out;
}

function checkPlugin(p: PluginDefinition): void {
  const fail = (reason: string): never => {
    throw new PluginError(p.id, reason);
  };
  if (!semver.valid(p.version)) fail(`version "${p.version}" is not semver`);
  if (!semver.validRange(p.coreCompatibility)) fail(`coreCompatibility "${p.coreCompatibility}" is not a semver range`);
  if (!semver.satisfies(CORE_API_VERSION, p.coreCompatibility)) {
    fail(`needs core ${p.coreCompatibility}, but this core is ${CORE_API_VERSION}`);
  }
  const types = new Set<string>();
  // Ids appear in SQL as literals (record queries and partial indexes): lower-case kebab-case only.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(p.id)) fail(`id "${p.id}" must be lower-case kebab-case`);
  for (const rt of p.recordTypes ?? []) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(rt.id)) fail(`record type id "${rt.id}" must be lower-case kebab-case`);
    if (types.has(rt.id)) fail(`record type "${rt.id}" is declared twice`);
    types.add(rt.id);
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const f of rt.fields) {
      if (keys.has(f.key)) fail(`record type "${rt.id}": field key "${f.key}" is declared twice`);
      if (ids.has(f.id)) fail(`record type "${rt.id}": field id "${f.id}" is declared twice`);
      if ((f.type === 'enum' || f.type === 'multi-enum') && !f.options?.length) fail(`field "${f.key}" needs options`);
      if (f.type === 'rows' && (!f.columns?.length || f.columns.some((c) => c.type === 'rows'))) fail(`field "${f.key}" needs columns (none of type rows)`);
      if (f.type === 'reference' && !(p.recordTypes ?? []).some((t) => t.id === f.ref?.recordType)) fail(`field "${f.key}" references unknown record type "${f.ref?.recordType}"`);
      if (f.format && f.type !== 'string') fail(`field "${f.key}": format "${f.format}" needs type string`);
      if (f.sensitive && !['string', 'text', 'date', 'integer'].includes(f.type)) fail(`field "${f.key}": a sensitive field must be string, text, date or integer`);
      keys.add(f.key);
      ids.add(f.id);
    }
    if (!keys.has(rt.titleField)) fail(`record type "${rt.id}": titleField "${rt.titleField}" is not a field`);
    for (const sh of rt.shares ?? []) {
      if (rt.fields.find((f) => f.key === sh.field)?.type !== 'string') fail(`record type "${rt.id}": share field "${sh.field}" must be a string field (an institution code)`);
      for (const w of sh.writable) if (!keys.has(w)) fail(`record type "${rt.id}": share of "${sh.field}" makes unknown field "${w}" writable`);
    }
    for (const index of rt.indexes ?? []) {
      for (const key of index) {
        const f = rt.fields.find((x) => x.key === key);
        if (!f) fail(`record type "${rt.id}": index names unknown field "${key}"`);
        else if (f.sensitive || ['rows', 'string-list', 'multi-enum'].includes(f.type)) fail(`record type "${rt.id}": field "${key}" (${f.type}${f.sensitive ? ', sensitive' : ''}) cannot be indexed`);
      }
    }
    for (const k of rt.constraints ?? []) {
      for (const key of [k.field, ...fieldsInCondition(k.when), ...fieldsInCondition(k.then)]) {
        if (!keys.has(key)) fail(`record type "${rt.id}": constraint "${k.id}" names unknown field "${key}"`);
      }
    }
  }
  const facts = new Set((p.facts ?? []).map((f) => f.id));
  const operators = new Set([...Object.keys(BUILTIN_OPERATORS), ...(p.operators ?? []).map((o) => o.id)]);
  const subjects = new Set((p.subjects ?? []).map((s) => s.id));
  for (const src of p.aggregateSubjects ?? []) {
    if (subjects.has(src.id)) fail(`subject source "${src.id}" is declared twice`);
    subjects.add(src.id);
    const problems = aggregateSourceProblems(src, p.recordTypes ?? []);
    if (problems.length) fail(`subject source "${src.id}": ${problems.join('; ')}`);
  }
  for (const rule of p.rules ?? []) {
    if (!types.has(rule.recordType)) fail(`rule "${rule.id}" is about unknown record type "${rule.recordType}"`);
    if (rule.subjects && !subjects.has(rule.subjects)) fail(`rule "${rule.id}" uses unknown subject source "${rule.subjects}"`);
    const data = (p.aggregateSubjects ?? []).find((s) => s.id === rule.subjects)?.aggregate;
    // A save runs the rules of the saved record's type, and the window's days come from the rule's thresholds.
    if (data && data.recordType !== rule.recordType) fail(`rule "${rule.id}" is about "${rule.recordType}" but its subjects aggregate "${data.recordType}"`);
    const days = data?.window.days;
    if (typeof days === 'object' && rule.thresholds?.[days.threshold] === undefined) fail(`rule "${rule.id}" has no threshold "${days.threshold}" for its subjects' window`);
    for (const ref of factsInCondition(rule.when)) {
      if (!facts.has(ref.fact)) fail(`rule "${rule.id}" uses unknown fact "${ref.fact}"`);
      if (!operators.has(ref.operator)) fail(`rule "${rule.id}" uses unknown operator "${ref.operator}"`);
    }
    // A placeholder must name an input the hit states in words, in both languages alike.
    const placeholders = messagePlaceholders(rule.message);
    if ([...placeholders.zh].sort().join() !== [...placeholders.en].sort().join()) fail(`rule "${rule.id}": the zh and en messages name different placeholders ({${placeholders.zh.join('}, {')}} / {${placeholders.en.join('}, {')}})`);
    const subjectValues = rule.subjects ? [...(p.subjects ?? []), ...(p.aggregateSubjects ?? [])].find((s) => s.id === rule.subjects)?.values : undefined;
    for (const name of placeholders.zh) {
      if (!rule.inputs?.[name] && !(p.facts ?? []).find((f) => f.id === name)?.unit && !subjectValues?.[name]) fail(`rule "${rule.id}": message placeholder {${name}} names no input described in words (add it to the rule's inputs)`);
    }
  }
  for (const pf of p.publicForms ?? []) {
    const rt = (p.recordTypes ?? []).find((t) => t.id === pf.recordType);
    if (!rt) fail(`public form "${pf.id}" answers unknown record type "${pf.recordType}"`);
    const byKey = new Map(rt!.fields.map((f) => [f.key, f]));
    if (byKey.get(pf.answeredField)?.type !== 'date') fail(`public form "${pf.id}": answeredField "${pf.answeredField}" must be a date field of "${pf.recordType}"`);
    if (!pf.fields.length) fail(`public form "${pf.id}" has no fields`);
    for (const key of pf.fields) {
      const f = byKey.get(key);
      if (!f) fail(`public form "${pf.id}" names unknown field "${key}"`);
      if (f!.sensitive || f!.type === 'reference' || f!.type === 'rows') fail(`public form "${pf.id}": field "${key}" cannot be filled in publicly`);
    }
  }
  for (const t of p.templates ?? []) {
    if (!fs.existsSync(t.file)) fail(`template "${t.id}" file not found: ${t.file}`);
  }
  for (const s of p.screens ?? []) {
    if (!types.has(s.recordType)) fail(`screen "${s.id}" shows unknown record type "${s.recordType}"`);
    const fieldKeys = new Set((p.recordTypes ?? []).find((t) => t.id === s.recordType)?.fields.map((f) => f.key));
    for (const key of s.filters ?? []) if (!fieldKeys.has(key)) fail(`screen "${s.id}" filters on unknown field "${key}"`);
    const sensitiveKeys = new Set((p.recordTypes ?? []).find((t) => t.id === s.recordType)?.fields.filter((f) => f.sensitive).map((f) => f.key));
    for (const key of s.filters ?? []) if (sensitiveKeys.has(key)) fail(`screen "${s.id}" cannot filter on sensitive field "${key}"`);
    if (s.kind === 'dashboard' && !s.dashboard) fail(`dashboard screen "${s.id}" has no dashboard function`);
    if (s.kind === 'check-in') {
      const fields = (p.recordTypes ?? []).find((t) => t.id === s.recordType)?.fields ?? [];
      if (fields.find((f) => f.key === s.checkIn?.codeField)?.type !== 'string') fail(`check-in screen "${s.id}" needs checkIn.codeField naming a string field`);
      if (fields.find((f) => f.key === s.checkIn?.stampField)?.type !== 'date') fail(`check-in screen "${s.id}" needs checkIn.stampField naming a date field`);
    }
    if (s.public && s.kind !== 'dashboard') fail(`screen "${s.id}": only dashboard screens can be public`);
    if ((s.fields || s.creates !== undefined || s.returnTo) && s.kind !== 'form') fail(`screen "${s.id}": fields, creates and returnTo are for form screens`);
    for (const key of s.fields ?? []) if (!fieldKeys.has(key)) fail(`screen "${s.id}" shows unknown field "${key}"`);
    if ((s.show || s.editScreen) && s.kind !== 'list') fail(`screen "${s.id}": show and editScreen are for list screens`);
    for (const key of s.show ? fieldsInCondition(s.show) : []) if (!fieldKeys.has(key) || sensitiveKeys.has(key)) fail(`screen "${s.id}": show names unknown or sensitive field "${key}"`);
    for (const target of [s.editScreen, s.returnTo].filter((x): x is string => !!x)) {
      const other = p.screens!.find((x) => x.id === target);
      const wanted = target === s.editScreen ? 'form' : other?.kind;
      if (!other || other.recordType !== s.recordType || other.kind !== wanted || other.kind === 'check-in') fail(`screen "${s.id}" names "${target}", which is not a ${target === s.editScreen ? 'form' : 'list, form or dashboard'} screen of the same record type`);
    }
    for (const type of s.institutionTypes ?? []) if (p.institutionTypes?.length && !p.institutionTypes.includes(type)) fail(`screen "${s.id}" is for institution type "${type}", which the plugin does not support`);
  }
}

export interface EnabledPlugin {
  plugin: PluginDefinition;
  options: Record<string, unknown>;
  ruleThresholds: Record<string, Record<string, number>>;
  /** Warning models the institution's YAML declares under this plugin, checked as the API checks them. */
  models: ModelDefinition[];
}

/**
 * Holds the installed plugins and each institution's enabled set.
 * Two phases, as NocoBase does: every plugin's beforeLoad (register) runs before any load (initialise).
 */
export class PluginHost {
  readonly plugins: PluginDefinition[];
  private readonly byId: Map<string, PluginDefinition>;
  private readonly enabled = new Map<string, EnabledPlugin[]>();
  private readonly factMaps = new Map<string, Map<string, FactDef>>();
  private readonly sourceMaps = new Map<string, Map<string, SubjectSourceDef>>();
  private readonly operatorMaps = new Map<string, Map<string, OperatorDef>>();
  private readonly typeLabels: Map<string, LocalizedText>;

  constructor(
    installed: PluginDefinition[],
    readonly institutions: InstitutionConfig[],
  ) {
    this.plugins = sortPlugins(installed);
    this.plugins.forEach(checkPlugin);
    this.typeLabels = institutionTypeLabels(this.plugins);
    this.byId = new Map(this.plugins.map((p) => [p.id, p]));
    for (const inst of institutions) this.enabled.set(inst.code, this.resolveEnabled(inst));
  }

  private resolveEnabled(inst: InstitutionConfig): EnabledPlugin[] {
    const out: EnabledPlugin[] = [];
    inst.plugins.forEach((setting, i) => {
      const plugin = this.byId.get(setting.id);
      if (!plugin) {
        throw new ConfigError(inst.file, `plugins[${i}].id`, `unknown plugin "${setting.id}" (installed: ${[...this.byId.keys()].join(', ') || 'none'})`);
      }
      for (const dep of plugin.dependsOn ?? []) {
        if (!inst.plugins.some((s) => s.id === dep)) throw new ConfigError(inst.file, `plugins[${i}]`, `plugin "${plugin.id}" needs plugin "${dep}" enabled too`);
      }
      if (plugin.institutionTypes?.length && !plugin.institutionTypes.includes(inst.type)) {
        throw new ConfigError(inst.file, `plugins[${i}].id`, `plugin "${plugin.id}" is for institution types ${plugin.institutionTypes.join(', ')}, not "${inst.type}"`);
      }
      const check = validateFields(plugin.options ?? [], setting.options);
      if (check.problems.length) {
        const p = check.problems[0];
        throw new ConfigError(inst.file, `plugins[${i}].options.${p.field}`, describeProblem(p.key, p.params));
      }
      for (const [ruleId, values] of Object.entries(setting.ruleThresholds)) {
        const rule = plugin.rules?.find((r) => r.id === ruleId);
        if (!rule) throw new ConfigError(inst.file, `plugins[${i}].ruleThresholds.${ruleId}`, `plugin "${plugin.id}" has no rule "${ruleId}"`);
        for (const name of Object.keys(values)) {
          if (!(name in (rule.thresholds ?? {}))) {
            throw new ConfigError(inst.file, `plugins[${i}].ruleThresholds.${ruleId}.${name}`, `rule "${ruleId}" has no threshold "${name}" (has: ${Object.keys(rule.thresholds ?? {}).join(', ') || 'none'})`);
          }
        }
      }
      out.push({ plugin, options: check.values, ruleThresholds: setting.ruleThresholds, models: [] });
    });
    this.checkModels(inst, out);
    // Deterministic order: the global dependency order, not the order in the file.
    return out.sort((a, b) => this.plugins.indexOf(a.plugin) - this.plugins.indexOf(b.plugin));
  }

  /** Every institution type this build knows: core's and those the installed plugins declare. */
  institutionTypes(): string[] {
    return [...this.typeLabels.keys()];
  }

  /** The institution's plugins checked as its YAML file's are at boot; throws ConfigError naming the field. */
  checkInstitution(cfg: InstitutionConfig): void {
    this.resolveEnabled(cfg);
  }

  /** Adds or replaces an institution while running (saved on /admin/institutions): menus, rules, options and letterhead follow at once. */
  putInstitution(cfg: InstitutionConfig): void {
    const enabled = this.resolveEnabled(cfg);
    const at = this.institutions.findIndex((i) => i.code === cfg.code);
    if (at >= 0) this.institutions[at] = cfg;
    else this.institutions.push(cfg);
    this.enabled.set(cfg.code, enabled);
  }

  /** The YAML's models, each checked against the institution's enabled plugins: the first refusal stops boot with file, model and reason. */
  private checkModels(inst: InstitutionConfig, enabled: EnabledPlugin[]): void {
    const scope = { plugins: enabled.map((e) => ({ id: e.plugin.id, recordTypes: e.plugin.recordTypes })) };
    const ids = new Set<string>();
    inst.plugins.forEach((setting, i) => {
      (setting.models ?? []).forEach((raw, j) => {
        const at = `plugins[${i}].models[${j}]`;
        // Declared under its plugin's entry: the plugin id may be left out.
        const model = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { pluginId: setting.id, ...raw } : raw;
        const id = (model as { id?: unknown })?.id;
        const [p] = validateModel(model, scope);
        if (p) throw new ConfigError(inst.file, `${at}.${p.field}`, `model "${String(id)}": ${t('en', p.key, { ...p.params, field: p.field })}`);
        const d = model as ModelDefinition;
        if (d.pluginId !== setting.id) throw new ConfigError(inst.file, `${at}.pluginId`, `model "${d.id}": is declared under plugin "${setting.id}" but names "${d.pluginId}"`);
        if (ids.has(d.id)) throw new ConfigError(inst.file, `${at}.id`, `model "${d.id}": is declared twice`);
        ids.add(d.id);
        enabled.find((e) => e.plugin.id === setting.id)!.models.push(d);
      });
    });
  }

  async start(): Promise<void> {
    for (const p of this.plugins) p.lifecycle?.beforeLoad?.();
    for (const p of this.plugins) await p.lifecycle?.load?.();
  }

  plugin(id: string): PluginDefinition | undefined {
    return this.byId.get(id);
  }

  enabledFor(institutionCode: string): EnabledPlugin[] {
    return this.enabled.get(institutionCode) ?? [];
  }

  /** An institution type's name: core's or the declaring plugin's; an unknown one as itself. */
  institutionTypeLabel(type: string): LocalizedText {
    return this.typeLabels.get(type) ?? { zh: type, en: type };
  }

  isEnabled(institutionCode: string, pluginId: string): boolean {
    return this.enabledFor(institutionCode).some((e) => e.plugin.id === pluginId);
  }

  optionsFor(institutionCode: string, pluginId: string): Record<string, unknown> {
    return this.enabledFor(institutionCode).find((e) => e.plugin.id === pluginId)?.options ?? {};
  }

  thresholdOverrides(institutionCode: string, pluginId: string): Record<string, Record<string, number>> {
    return this.enabledFor(institutionCode).find((e) => e.plugin.id === pluginId)?.ruleThresholds ?? {};
  }

  institutionsEnabling(pluginId: string): string[] {
    return this.institutions.filter((i) => this.isEnabled(i.code, pluginId)).map((i) => i.code);
  }

  recordType(pluginId: string, typeId: string): RecordTypeDef | undefined {
    return this.byId.get(pluginId)?.recordTypes?.find((t) => t.id === typeId);
  }

  rulesFor(pluginId: string, recordType: string): RuleDef[] {
    return (this.byId.get(pluginId)?.rules ?? []).filter((r) => r.recordType === recordType);
  }

  facts(pluginId: string): Map<string, FactDef> {
    // Asked once per rule evaluation: built once per plugin.
    let facts = this.factMaps.get(pluginId);
    if (!facts) this.factMaps.set(pluginId, (facts = new Map((this.byId.get(pluginId)?.facts ?? []).map((f) => [f.id, f]))));
    return facts;
  }

  /** The plugin's subject sources, those declared as data compiled (once) to run as any other. */
  subjectSources(pluginId: string): Map<string, SubjectSourceDef> {
    let sources = this.sourceMaps.get(pluginId);
    if (!sources) {
      const p = this.byId.get(pluginId);
      const compiled = (p?.aggregateSubjects ?? []).map((src) => aggregateSource(src, p!.recordTypes ?? []));
      this.sourceMaps.set(pluginId, (sources = new Map([...(p?.subjects ?? []), ...compiled].map((s) => [s.id, s]))));
    }
    return sources;
  }

  /** Rules of a plugin, all record types (the scan runs them all). */
  rules(pluginId: string): RuleDef[] {
    return this.byId.get(pluginId)?.rules ?? [];
  }

  /** Indicators of the plugins an institution enables, for the assessment module. */
  indicatorsFor(institutionCode: string): { pluginId: string; indicator: IndicatorDef }[] {
    return this.enabledFor(institutionCode).flatMap((e) => (e.plugin.indicators ?? []).map((indicator) => ({ pluginId: e.plugin.id, indicator })));
  }

  operators(pluginId: string): Map<string, OperatorDef> {
    let ops = this.operatorMaps.get(pluginId);
    if (!ops) this.operatorMaps.set(pluginId, (ops = new Map((this.byId.get(pluginId)?.operators ?? []).map((o) => [o.id, o]))));
    return ops;
  }

  publicForm(pluginId: string, formId: string): PublicFormDef | undefined {
    return this.byId.get(pluginId)?.publicForms?.find((f) => f.id === formId);
  }

  publicFormsFor(pluginId: string, recordType: string): PublicFormDef[] {
    return (this.byId.get(pluginId)?.publicForms ?? []).filter((f) => f.recordType === recordType);
  }

  templates(): { pluginId: string; template: TemplateDef }[] {
    return this.plugins.flatMap((p) => (p.templates ?? []).map((template) => ({ pluginId: p.id, template })));
  }

  screensFor(institutionCode: string): { pluginId: string; screen: ScreenDef }[] {
    const type = this.institutions.find((i) => i.code === institutionCode)?.type;
    return this.enabledFor(institutionCode).flatMap((e) => (e.plugin.screens ?? []).filter((screen) => !screen.institutionTypes || (type !== undefined && screen.institutionTypes.includes(type))).map((screen) => ({ pluginId: e.plugin.id, screen })));
  }
}

function describeProblem(key: string, params: Record<string, unknown> = {}): string {
  const map: Record<string, string> = {
    'validation.required': 'is required',
    'validation.unknown_field': 'is not an option of this plugin',
    'validation.integer': 'must be an integer',
    'validation.number': 'must be a number',
    'validation.string': 'must be a string',
    'validation.boolean': 'must be true or false',
    'validation.date': 'must be a date (YYYY-MM-DD)',
    'validation.enum': `must be one of ${String(params.values ?? '')}`,
    'validation.min': `must be at least ${String(params.min)}`,
    'validation.max': `must be at most ${String(params.max)}`,
  };
  return map[key] ?? 'is invalid';
}
