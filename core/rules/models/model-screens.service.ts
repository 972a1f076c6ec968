import { Injectable } from '@nestjs/common';
import { Actor, currentInstitutionOf } from '../../auth/actor';
import { actorNames } from '../../auth/actor-names';
import { Db } from '../../db/db';
import { AppError } from '../../http/app-error';
import { Lang, pick, t } from '../../i18n/i18n';
import { labelsIn } from '../../i18n/labels';
import { beijingMinute, yuan } from '../../plugin-api';
import type { RecordTypeDef } from '../../plugin-api';
import { PluginHost } from '../../plugin-host/plugin-host';
import type { Refusal } from '../../web/form-validation';
import type { BacktestResult } from './model-backtest.service';
import { fieldUse, modelPlaceholders, type ModelDefinition, type ModelProblem, PERIODS } from './model-definition';
import { blankState, conditionChoices, definitionFromState, type FilterRowState, type ModelFormState, measureChoice, moneyMeasure, stateFromDefinition } from './model-form';
import { MEASURE_LABELS, MODEL_SCREEN_LABELS, MODEL_STATUS_LABELS, OPERATOR_LABELS, PLACEHOLDER_LABELS, WINDOW_LABELS } from './models-web.i18n';
import { ModelsService, type ModelView } from './models.service';

/** Rows a filter table shows beyond those filled in. */
const SPARE_ROWS = 2;
const LEVELS = ['yellow', 'red', 'blue'] as const;

/** The record type a form is for: `plugin/recordType`, among the institution's enabled ones. */
export interface ModelFormTarget {
  pluginId: string;
  def: RecordTypeDef;
}

/** What the model form shows besides its inputs. */
export interface ModelFormExtras {
  model?: ModelView;
  backtest?: BacktestResult;
  refusal?: Refusal;
  reason?: string;
}

/**
 * The warning-model screens' views (list, record-type choice, form, model page) and the form's way into ModelsService:
 * the same validation as the API, its refusals named by the screen's labels.
 */
@Injectable()
export class ModelScreens {
  constructor(
    private readonly models: ModelsService,
    private readonly host: PluginHost,
    private readonly db: Db,
  ) {}

  async listView(actor: Actor, lang: Lang) {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const items = await this.models.list(actor, currentInstitutionOf(actor));
    return {
      L,
      models: items.map((m) => ({
        id: m.id,
        name: pick(m.definition.name, lang),
        recordType: this.typeLabel(m.definition, lang),
        status: pick(MODEL_STATUS_LABELS[m.status], lang),
        enabled: m.status === 'enabled',
        version: m.version ? L.versionNo.replace('{n}', String(m.version)) : L.noVersion,
        threshold: this.thresholdText(m.definition),
        level: t(lang, `ui.level_${m.definition.level}`),
        updatedAt: beijingMinute(m.updatedAt),
        configFile: m.configFile,
      })),
    };
  }

  /** The record types a new model may count: the enabled plugins' ones. */
  async typeChoices(actor: Actor, lang: Lang) {
    const schema = await this.models.schema(actor, currentInstitutionOf(actor));
    return schema.recordTypes.map((x) => ({ value: `${x.pluginId}/${x.recordType}`, label: `${pick(x.pluginName, lang)} · ${pick(x.label, lang)}` }));
  }

  /** `plugin/recordType` when it is one of the institution's enabled record types; null otherwise. */
  async target(actor: Actor, typeKey: string): Promise<ModelFormTarget | null> {
    const schema = await this.models.schema(actor, currentInstitutionOf(actor));
    const found = schema.recordTypes.find((x) => `${x.pluginId}/${x.recordType}` === typeKey);
    const def = found ? this.host.recordType(found.pluginId, found.recordType) : undefined;
    return found && def ? { pluginId: found.pluginId, def } : null;
  }

  async targetOf(model: ModelView): Promise<ModelFormTarget> {
    const def = this.host.recordType(model.definition.pluginId, model.definition.recordType);
    if (!def) throw AppError.notFound();
    return { pluginId: model.definition.pluginId, def };
  }

  blank(target: ModelFormTarget): ModelFormState {
    return blankState(target.def);
  }

  stateOf(model: ModelView, target: ModelFormTarget): ModelFormState {
    return stateFromDefinition(model.definition, target.def);
  }

  /** The form's definition, or a refusal naming every part by its screen label (nothing saved). */
  definitionOf(state: ModelFormState, target: ModelFormTarget): Record<string, unknown> {
    const { definition, problems } = definitionFromState(state, target.pluginId, target.def);
    if (problems.length) throw AppError.validation(problems);
    return definition;
  }

  create(actor: Actor, state: ModelFormState, target: ModelFormTarget): Promise<ModelView> {
    return this.models.create(actor, currentInstitutionOf(actor), this.definitionOf(state, target));
  }

  update(actor: Actor, id: number, state: ModelFormState, target: ModelFormTarget, reason: string): Promise<ModelView> {
    return this.models.update(actor, id, this.definitionOf(state, target), reason);
  }

  backtest(actor: Actor, state: ModelFormState, target: ModelFormTarget): Promise<BacktestResult> {
    return this.models.backtest(actor, { institutionId: currentInstitutionOf(actor), definition: this.definitionOf(state, target) });
  }

  /** A refusal without the English copies the form made of an empty English input: the Chinese one is named already. */
  withoutCopies(err: unknown, s: ModelFormState): unknown {
    if (!(err instanceof AppError) || !err.problems.length) return err;
    const copied = new Set([...(s.nameEn ? [] : ['name.en']), ...(s.messageEn ? [] : ['message.en'])]);
    const kept = err.problems.filter((p) => !copied.has(p.field));
    return kept.length === err.problems.length ? err : AppError.validation(kept);
  }

  /** A refused part's name on the screen: `filters[1].value` is 筛选条件第2行. */
  problemLabels(problems: ModelProblem[], lang: Lang): Record<string, string> {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const row = (what: string, i: string) => (lang === 'en' ? `${what}, row ${Number(i) + 1}` : `${what}第${Number(i) + 1}行`);
    const label = (field: string): string => {
      const part = /^measure\.part(?:\[(\d+)\])?/.exec(field);
      if (part) return part[1] === undefined ? L.part : row(L.part, part[1]);
      const filter = /^filters\[(\d+)\]/.exec(field);
      if (filter) return row(L.filters.replace(/（.*|\s\(.*/, ''), filter[1]);
      const top = field.split(/[.[]/)[0];
      if (top === 'file') return L.file;
      const byTop: Record<string, string> = { id: L.key, name: field === 'name.en' ? L.nameEn : L.nameZh, message: field === 'message.en' ? L.messageEn : L.message, pluginId: L.recordType, recordType: L.recordType, groupBy: L.groupBy, personField: L.personField, threshold: L.threshold, level: L.level, measure: L.measure, reason: L.reason };
      if (top === 'window') return field === 'window.days' ? `${L.window}·${L.windowDays}` : field === 'window.field' ? `${L.window}·${L.windowField}` : L.window;
      return byTop[top] ?? field;
    };
    return Object.fromEntries(problems.map((p) => [p.field, label(p.field)]));
  }

  /** The form's view: its inputs with the choices that fit the record type, the placeholders, a backtest's result. */
  formView(lang: Lang, target: ModelFormTarget, s: ModelFormState, x: ModelFormExtras) {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const { def } = target;
    const errors = x.refusal?.errors ?? {};
    const uses = def.fields.map((f) => ({ f, u: fieldUse(f) })).filter((e) => e.u);
    const choices = conditionChoices(def).map((c) => ({
      value: c.value,
      label: c.option ? `${pick(c.field.label, lang)} ${pick(OPERATOR_LABELS.equal, lang)} ${pick(c.option.label, lang)}` : `${pick(c.field.label, lang)} ${pick(OPERATOR_LABELS[c.operator], lang)}`,
    }));
    const rows = (list: FilterRowState[], prefix: string, at: string) =>
      [...list, ...Array.from({ length: SPARE_ROWS }, () => ({ cond: '', value: '', to: '' }))].map((r, i) => ({
        prefix: `${prefix}${i}`,
        n: i + 1,
        value: r.value,
        to: r.to,
        choices: choices.map((c) => ({ ...c, selected: c.value === r.cond })),
        error: Object.entries(errors).find(([k]) => k.startsWith(`${at}[${i}]`))?.[1],
      }));
    const fieldLabel = (key: string) => pick(def.fields.find((f) => f.key === key)?.label, lang) || key;
    const measures = [
      { value: 'count', label: pick(MEASURE_LABELS.count, lang) },
      ...uses.flatMap(({ f, u }) => u!.measures.map((k) => ({ value: `${k}:${f.key}`, label: pick(MEASURE_LABELS[k], lang).replace('{field}', pick(f.label, lang)) }))),
      { value: 'share', label: pick(MEASURE_LABELS.shareOfCount, lang) },
    ].map((m) => ({ ...m, selected: m.value === s.measure }));
    const { definition } = definitionFromState(s, target.pluginId, def);
    const d = definition as unknown as ModelDefinition;
    const placeholders = d.window?.field && d.measure?.kind ? modelPlaceholders(d, def).map((p) => ({ code: `{${p}}`, label: PLACEHOLDER_LABELS[p] ? pick(PLACEHOLDER_LABELS[p], lang) : fieldLabel(p) })) : [];
    return {
      L,
      type: `${target.pluginId}/${def.id}`,
      typeLabel: `${pick(this.host.plugin(target.pluginId)?.name, lang)} · ${pick(def.label, lang)}`,
      model: x.model ? { id: x.model.id, enabled: x.model.status === 'enabled' } : null,
      s,
      filters: rows(s.filters, 'f', 'filters'),
      part: rows(s.part, 'p', 'measure.part'),
      groups: uses.filter((e) => e.u!.groupable).map(({ f }) => ({ key: f.key, label: pick(f.label, lang), checked: s.groupBy.includes(f.key) })),
      persons: uses.filter((e) => e.u!.personField).map(({ f }) => ({ key: f.key, label: pick(f.label, lang), selected: s.personField === f.key })),
      windowFields: uses.filter((e) => e.u!.window).map(({ f }) => ({ key: f.key, label: pick(f.label, lang), selected: s.windowField === f.key })),
      windowKinds: (['days', ...PERIODS] as const).map((k) => ({ value: k, label: pick(WINDOW_LABELS[k], lang), selected: s.windowKind === k })),
      measures,
      thresholdUnit: moneyMeasure(s.measure, def) ? (lang === 'en' ? 'yuan' : '元') : s.measure.startsWith('share') ? '%' : '',
      levels: LEVELS.map((l) => ({ value: l, label: t(lang, `ui.level_${l}`), selected: s.level === l })),
      placeholders,
      backtest: x.backtest ? this.backtestView(lang, x.backtest, d, def) : null,
      reason: x.reason ?? '',
      errors,
      general: x.refusal?.general ?? null,
      errorList: Object.values(errors),
    };
  }

  /** The model's page: the definition in words, its versions with who, when and why. */
  async detailView(actor: Actor, lang: Lang, id: number, backtest?: BacktestResult) {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const m = await this.models.get(actor, id);
    const target = await this.targetOf(m);
    const names = await this.db.read((em) => actorNames(em, m.versions.map((v) => v.actor), lang));
    const d = m.definition;
    return {
      L,
      m: {
        id: m.id,
        key: m.key,
        name: pick(d.name, lang),
        status: pick(MODEL_STATUS_LABELS[m.status], lang),
        enabled: m.status === 'enabled',
        version: m.version ? L.versionNo.replace('{n}', String(m.version)) : L.noVersion,
        configFile: m.configFile ? L.fromConfig.replace('{file}', m.configFile) : null,
        ruleId: m.ruleId,
      },
      facts: this.facts(lang, d, target.def),
      versions: m.versions
        .slice()
        .reverse()
        .map((v) => ({ version: L.versionNo.replace('{n}', String(v.version)), threshold: this.thresholdText(v.definition), actor: names(v.actor), reason: v.reason, at: beijingMinute(v.createdAt) })),
      backtest: backtest ? this.backtestView(lang, backtest, d, target.def) : null,
    };
  }

  /** The definition as labelled lines: what is counted, how, over which window, and when it warns. */
  private facts(lang: Lang, d: ModelDefinition, def: RecordTypeDef): { label: string; value: string }[] {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const label = (key: string) => pick(def.fields.find((f) => f.key === key)?.label, lang) || key;
    const state = stateFromDefinition(d, def);
    const choices = conditionChoices(def);
    const cond = (rows: FilterRowState[]) =>
      rows
        .map((r) => {
          const c = choices.find((x) => x.value === r.cond);
          if (!c) return r.cond;
          const head = `${pick(c.field.label, lang)} ${pick(OPERATOR_LABELS[c.operator], lang)}`;
          return c.option ? `${head} ${pick(c.option.label, lang)}` : c.operator === 'range' ? `${head} ${r.value || '…'} ~ ${r.to || '…'}` : r.value ? `${head} ${r.value}` : head;
        })
        .join(lang === 'en' ? '; ' : '；') || '—';
    const measure = d.measure.kind === 'count' ? pick(MEASURE_LABELS.count, lang) : d.measure.kind === 'share' && !d.measure.field ? pick(MEASURE_LABELS.shareOfCount, lang) : pick(MEASURE_LABELS[d.measure.kind], lang).replace('{field}', label(d.measure.field ?? ''));
    const window = d.window.days !== undefined ? (lang === 'en' ? `${label(d.window.field)}: the last ${d.window.days} days` : `按${label(d.window.field)}，截至当日的${d.window.days}天`) : `${label(d.window.field)} · ${pick(WINDOW_LABELS[d.window.period!], lang)}`;
    return [
      { label: L.recordType, value: this.typeLabel(d, lang) },
      { label: L.filters.replace(/（.*|\s\(.*/, ''), value: cond(state.filters) },
      ...(d.measure.kind === 'share' ? [{ label: L.part, value: cond(state.part) }] : []),
      { label: L.groupBy.replace(/（.*|\s\(.*/, ''), value: d.groupBy.map(label).join('、') || '—' },
      { label: L.personField, value: d.personField ? label(d.personField) : '—' },
      { label: L.window, value: window },
      { label: L.measure, value: measure },
      { label: L.threshold, value: this.thresholdText(d) },
      { label: L.level, value: t(lang, `ui.level_${d.level}`) },
      { label: L.message, value: pick(d.message, lang) },
    ];
  }

  private backtestView(lang: Lang, b: BacktestResult, d: ModelDefinition, def: RecordTypeDef) {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const money = moneyMeasure(measureChoice(d.measure), def);
    return {
      span: L.resultsSpan.replace('{from}', b.from).replace('{to}', b.to).replace('{total}', String(b.total)).replace('{seconds}', (b.elapsedMs / 1000).toFixed(2)),
      total: b.total,
      stopped: b.stoppedReason ? pick(b.stoppedReason, lang) : null,
      months: b.months,
      firstSubjects: L.firstSubjects.replace('{n}', String(b.subjects.length)),
      subjects: b.subjects.map((s) => ({ label: s.label, measured: money ? `${yuan(s.measured.value)} 元` : `${s.measured.value}${d.measure.kind === 'share' ? '%' : ''}`, message: pick(s.message, lang) })),
    };
  }

  private typeLabel(d: Pick<ModelDefinition, 'pluginId' | 'recordType'>, lang: Lang): string {
    const def = this.host.recordType(d.pluginId, d.recordType);
    return `${pick(this.host.plugin(d.pluginId)?.name, lang) || d.pluginId} · ${pick(def?.label, lang) || d.recordType}`;
  }

  /** The threshold as people read it: 元 for an amount, % for a share. */
  private thresholdText(d: ModelDefinition): string {
    const def = this.host.recordType(d.pluginId, d.recordType);
    if (def && moneyMeasure(measureChoice(d.measure), def)) return `${yuan(d.threshold)} 元`;
    return d.measure.kind === 'share' ? `${d.threshold}%` : String(d.threshold);
  }
}

