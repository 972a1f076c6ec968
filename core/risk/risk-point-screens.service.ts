import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { actorNames } from '../auth/actor-names';
import { Db } from '../db/db';
import { ISSUING_ROLES } from '../documents/documents.service';
import { pageWindow } from '../http/pagination';
import { Lang, pick } from '../i18n/i18n';
import { OrgService } from '../org/org.service';
import { beijingMinute, type FieldDef } from '../plugin-api';
import { pager, screenHref } from '../web/pager';
import { IdentificationService } from './identification.service';
import { PowerService } from './power.service';
import { RiskContext } from './risk-context.service';
import { LEVEL_LABELS, riskLabels, STATUS_LABELS, versionReason } from './risk-labels';
import type { PointExtensions } from './risk-point-extensions';
import { RiskPointService } from './risk-point.service';
import { riskSettingsView } from './risk-settings.view';
import type { FormState } from './risk-web.forms';
import type { RiskPageQuery } from './risk.dto';
import { gradeLabel } from './risk.presets';

const NUMERIC_FIELD_TYPES = ['integer', 'money', 'decimal'];

/** A plugin field's value as text: enum options by label, money in yuan; list cells join several values with 、. */
function extensionText(v: unknown, f: Pick<FieldDef, 'type' | 'options'>, lang: Lang, joinArrays = false): string {
  if (v === null || v === undefined) return '';
  if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
  if (f.type === 'money' && typeof v === 'number') return (v / 100).toFixed(2);
  return joinArrays && Array.isArray(v) ? v.join('、') : String(v);
}

/** View models of the risk-point screens: the filtered list, the new-point form and one point with its identification steps. */
@Injectable()
export class RiskPointScreensService {
  constructor(
    private readonly ctx: RiskContext,
    private readonly org: OrgService,
    private readonly powers: PowerService,
    private readonly points: RiskPointService,
    private readonly identification: IdentificationService,
    private readonly db: Db,
  ) {}

  async list(actor: Actor, institutionId: number, q: RiskPageQuery, lang: Lang, message?: string) {
    const L = riskLabels(lang);
    const settings = riskSettingsView(await this.ctx.settings(institutionId), await this.ctx.extensionFields(institutionId), lang);
    // The screen pages by page/pageSize only; limit/offset are the API's older way.
    const { lang: _lang, limit: _limit, offset: _offset, ...filters } = q;
    const w = pageWindow(q);
    const result = await this.points.list(actor, { ...filters, institutionId, page: w.page, pageSize: w.pageSize }, lang);
    const other = institutionId !== actor.currentInstitutionId;
    const href = (page: number | undefined) => screenHref('/risk/points', { institutionId: other ? institutionId : undefined, grade: q.grade, category: q.category, departmentId: q.departmentId, status: q.status, level: q.level, q: q.q, pageSize: q.pageSize ? w.pageSize : undefined, page });
    // The top ten are the unfiltered list's first ten: taken from this page when it is that list's first page.
    const unfiltered = !q.grade && !q.category && !q.departmentId && !q.status && !q.level && !q.q?.trim();
    const top = unfiltered && w.page === 1 && w.pageSize >= 10 ? result.items.slice(0, 10) : await this.points.top(actor, institutionId, lang);
    const depts = await this.org.departments(actor, institutionId);
    const extCols = (await this.ctx.extensionFields(institutionId)).flatMap((e) => e.fields.filter((f) => f.list).map((f) => ({ pluginId: e.pluginId, field: f })));
    return {
      L,
      q: q.q ?? '',
      grades: settings.grades.map((g) => ({ ...g, selected: q.grade === g.grade })),
      categories: settings.categories.map((c) => ({ ...c, selected: q.category === c.key })),
      departments: depts.map((d) => ({ id: d.id, name: d.name, selected: q.departmentId === d.id })),
      statuses: Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label: pick(label, lang), selected: q.status === value })),
      extColumns: extCols.map((c) => pick(c.field.label, lang)),
      total: result.totalCapped ? `${result.total}+` : result.total,
      pager: pager(lang, w, result.total, href, result.totalCapped),
      pageSize: q.pageSize ? w.pageSize : null,
      items: result.items.map((r) => ({ ...r, levelLabel: pick(LEVEL_LABELS[r.level], lang), statusLabel: pick(STATUS_LABELS[r.status], lang), ext: extCols.map((c) => extensionText(r.extensions[c.pluginId]?.[c.field.key], c.field, lang, true)) })),
      top: top.map((r, i) => ({ ...r, rank: i + 1 })),
      // Another unit's list is read-only here: the forms below act on the current institution.
      otherUnit: other ? { id: institutionId, name: (await this.ctx.institution(institutionId)).name } : null,
      editor: !other && (await this.ctx.isEditor(actor, institutionId)),
      exportBase: `/api/risk/export?institutionId=${institutionId}`,
      message,
      issuer: !other && (await this.ctx.access.can(actor, institutionId, ISSUING_ROLES)),
      people: (await this.org.people(actor, institutionId)).filter((p) => p.postId).map((p) => ({ id: p.id, label: `${p.name}（${p.departmentName ?? ''}${p.postName ? `·${p.postName}` : ''}）` })),
    };
  }

  async newPointForm(actor: Actor, institutionId: number, lang: Lang, form?: FormState) {
    const values = form?.values ?? {};
    const errors = form?.errors ?? {};
    const L = riskLabels(lang);
    const settings = riskSettingsView(await this.ctx.settings(institutionId), await this.ctx.extensionFields(institutionId), lang);
    const powers = await this.powers.list(actor, institutionId);
    const chosen = new Set((Array.isArray(values.powerIds) ? values.powerIds : [values.powerIds]).map((x) => Number(x)));
    const sel = (key: string, v: unknown) => String(values[key] ?? '') === String(v);
    const ext = (values.extensions ?? {}) as PointExtensions;
    return {
      values: { title: values.title ?? '', description: values.description ?? '', manifestation: values.manifestation ?? '', measuresPrevention: values.measuresPrevention ?? '', measuresMonitoring: values.measuresMonitoring ?? '', measuresDisposal: values.measuresDisposal ?? '' },
      errors,
      levels: Object.entries(LEVEL_LABELS).map(([value, label]) => ({ value, label: pick(label, lang), selected: sel('level', value) || (!values.level && value === 'post') })),
      categories: settings.categories.map((c) => ({ ...c, selected: sel('category', c.key) })),
      likelihood: settings.likelihood.map((o) => ({ ...o, selected: sel('likelihood', o.value) })),
      harm: settings.harm.map((o) => ({ ...o, selected: sel('harm', o.value) })),
      // Scope and frequency default to 1 when left out; the last three may stay unassessed.
      factors: settings.factors.map((f) => ({ ...f, error: errors[f.key], options: f.options.map((o) => ({ ...o, selected: sel(f.key, o.value) || (!f.optional && values[f.key] === undefined && o.value === 1) })) })),
      riskIndexHelp: settings.riskIndexHelp,
      grades: settings.grades,
      powers: powers.map((p) => ({ id: p.id, label: `${p.number} ${p.name}`, checked: chosen.has(p.id) })),
      extFields: settings.extensionFields.flatMap((e) =>
        e.fields.map((f) => ({
          name: `ext__${e.pluginId}__${f.key}`,
          label: f.label,
          isEnum: f.type === 'enum',
          options: f.options.map((o) => ({ ...o, selected: ext[e.pluginId]?.[f.key] === o.value })),
          value: ext[e.pluginId]?.[f.key] ?? '',
          inputType: NUMERIC_FIELD_TYPES.includes(f.type) ? 'number' : f.type === 'date' ? 'date' : 'text',
          error: errors[`extensions.${e.pluginId}.${f.key}`],
        })),
      ),
      L,
      general: form?.general,
    };
  }

  /**
   * Takes the plugin fields, posted as ext__<plugin>__<key>, out of the form and returns them as
   * { plugin: { key: value } }, typed by the declaration; the rest of the form is the DTO's.
   */
  async takeExtensions(institutionId: number, body: Record<string, unknown>): Promise<PointExtensions> {
    const out: PointExtensions = {};
    for (const e of await this.ctx.extensionFields(institutionId)) {
      for (const f of e.fields) {
        const raw = body[`ext__${e.pluginId}__${f.key}`];
        delete body[`ext__${e.pluginId}__${f.key}`];
        if (raw === undefined || raw === '') continue;
        out[e.pluginId] ??= {};
        out[e.pluginId][f.key] = NUMERIC_FIELD_TYPES.includes(f.type) && !Number.isNaN(Number(raw)) ? Number(raw) : f.type === 'boolean' ? raw === 'on' : raw;
      }
    }
    return out;
  }

  async point(actor: Actor, id: number, lang: Lang, message?: string) {
    const L = riskLabels(lang);
    const point = await this.points.get(actor, id, lang);
    const settings = await this.ctx.settings(point.institutionId);
    const row = await this.points.load(actor, id);
    const current = point.status === 'identifying' ? settings.steps[point.currentStep] : null;
    const refusal = current ? await this.identification.refusal(actor, row, current) : null;
    const lastStep = settings.steps[settings.steps.length - 1];
    const canSendBack = point.status === 'identifying' ? point.currentStep > 0 && !refusal : point.status === 'approved' && !(await this.identification.refusal(actor, row, lastStep));
    const exts = await this.ctx.extensionFields(point.institutionId);
    const view = riskSettingsView(settings, exts, lang);
    const at = beijingMinute;
    const who = await this.db.read((m) => actorNames(m, [...point.versions.map((v) => v.actor), ...point.gradeLog.map((g) => g.actor)], lang));
    return {
      title: point.title,
      data: {
        L,
        message,
        point: { ...point, levelLabel: pick(LEVEL_LABELS[point.level], lang), statusLabel: pick(STATUS_LABELS[point.status], lang) },
        gradeHelp: view.grades,
        riskIndexHelp: view.riskIndexHelp,
        factors: view.factors.map((f) => {
          const v = point[f.key];
          return { ...f, display: v === null ? L.notAssessed : `${v} ${f.options[v - 1]?.label ?? ''}`, options: f.options.map((o) => ({ ...o, selected: o.value === v })), unassessed: v === null };
        }),
        extValues: exts.flatMap((e) => e.fields.map((f) => ({ label: pick(f.label, lang), value: extensionText(point.extensions[e.pluginId]?.[f.key], f, lang) }))),
        steps: point.steps.map((s) => ({ ...s, number: s.index + 1, cls: s.current ? 'step-current' : s.done ? 'step-done' : 'step-todo' })),
        contributions: point.contributions.map((c) => ({ ...c, cls: `contrib contrib-${c.colour}`, at: at(c.at), isSendBack: c.action === 'send-back' })),
        canAct: !!current && !refusal,
        currentStep: current ? { number: point.currentStep + 1, label: pick(current.label, lang) } : null,
        refusal: current && refusal ? pick(refusal, lang) : null,
        canSendBack,
        sendBackTargets: settings.steps.map((s, i) => ({ number: i + 1, label: pick(s.label, lang) })).filter((s) => s.number - 1 < (point.status === 'approved' ? settings.steps.length : point.currentStep)),
        editor: await this.ctx.isEditor(actor, point.institutionId),
        likelihoodOptions: [1, 2, 3].map((v) => ({ value: v, selected: v === point.likelihood })),
        harmOptions: [1, 2, 3].map((v) => ({ value: v, selected: v === point.harm })),
        gradeLog: point.gradeLog.map((g) => ({ ...g, from: pick(gradeLabel(settings, g.fromGrade), lang), to: pick(gradeLabel(settings, g.toGrade), lang), actor: who(g.actor), at: at(g.at) })),
        versions: [...point.versions].reverse().map((v) => ({ ...v, reason: versionReason(v.reason, lang), actor: who(v.actor), at: at(v.at) })),
      },
    };
  }
}
