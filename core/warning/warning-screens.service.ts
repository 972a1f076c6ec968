import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { Lang, pick, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { OrgService } from '../org/org.service';
import { beijingMinute, ROLE_LABELS, Role } from '../plugin-api';
import { In } from 'typeorm';
import { RoleAssignmentEntity, UserEntity } from '../auth/auth.entities';
import { ClueAssignmentScreens } from './clue-assignment-screens.service';
import { CLUE_STATE_LABELS, ClueService, ClueView, STAFF_SOURCES, SOURCE_LABELS } from './clue.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { EVIDENCE_MAX_BYTES } from './warning-evidence.service';
import { WarningInterviewService } from './warning-interview.service';
import type { LevelDef } from './warning-levels';
import { WarningReportService } from './warning-report.service';
import { SubjectSuggestionService } from './subject-suggestion.service';
import { handlerOf } from './warning-jurisdiction.service';
import { actorNames, stepFields } from './warning-steps';
import { WarningView, WarningViewService } from './warning-view.service';
import { WarningRepository } from './warning.repository';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordsService } from '../records/records.service';
import { recordHref } from '../web/record-href';

/** How many open clues the merge picker offers: more than any institution has awaiting triage at once. */
const MERGE_TARGETS = 200;

/** A form's problems as the screens show them (the shape validateForm and formError give). */
export type Problems = { errors: Record<string, string>; messages: string[]; form?: Record<string, unknown> };

/** A screen's title and the data its template reads. */
export interface Screen {
  title: string;
  data: Record<string, unknown>;
}

/** View models of the warning screens: the clue and warning pages, the caller's warnings, the quarterly report. */
@Injectable()
export class WarningScreensService {
  constructor(
    private readonly clues: ClueService,
    private readonly views: WarningViewService,
    private readonly warningAccess: WarningAccessService,
    private readonly interviews: WarningInterviewService,
    private readonly reports: WarningReportService,
    private readonly cfg: WarningConfigService,
    private readonly access: AccessService,
    private readonly org: OrgService,
    private readonly db: Db,
    private readonly repo: WarningRepository,
    private readonly suggestions: SubjectSuggestionService,
    private readonly records: RecordsService,
    private readonly host: PluginHost,
    private readonly assignmentScreens: ClueAssignmentScreens,
  ) {}

  /** The staff clue form, refilled with `form` and its problems after a refused post. */
  async clueForm(actor: Actor, lang: Lang, form: Record<string, unknown>, p: Problems | null): Promise<Record<string, unknown>> {
    const inst = actor.currentInstitutionId;
    const people = inst ? await this.org.people(actor, inst) : [];
    const departments = inst ? await this.org.departments(actor, inst) : [];
    return {
      form,
      errors: p?.errors ?? {},
      messages: p?.messages ?? [],
      sources: STAFF_SOURCES.map((s) => ({ value: s, label: pick(SOURCE_LABELS[s], lang), selected: form.source === s })),
      people: people.map((x) => ({ id: x.id, name: x.name, dept: x.departmentName ?? '', selected: String(form.subjectPersonId) === String(x.id) })),
      departments: departments.map((d) => ({ id: d.id, name: d.name, selected: String(form.subjectDepartmentId) === String(d.id) })),
      subjectTypes: ['person', 'department', 'institution'].map((s) => ({ value: s, label: t(lang, `warning.subject_${s}`), selected: (form.subjectType ?? 'person') === s })),
    };
  }

  /** One clue with its triage forms (the levels the caller may pick from). */
  async clue(actor: Actor, lang: Lang, id: number, forms: Record<string, Problems>): Promise<Screen> {
    const clue: ClueView = await this.clues.get(actor, id);
    const palette = await this.cfg.palette(clue.institutionId);
    const recordIds = await this.db.read(async (m) => JSON.parse((await this.repo.clue(m, clue.id)).recordIds ?? '[]') as number[]);
    const subject = clue.status === 'new' ? await this.triageSubject(actor, lang, clue, recordIds, (forms.warn?.form ?? {}) as Record<string, unknown>) : {};
    return {
      title: `${t(lang, 'warning.clue')} #${clue.id}`,
      data: {
        clue,
        source: pick(clue.sourceLabel, lang),
        statusText: pick(CLUE_STATE_LABELS[clue.status], lang),
        isNew: clue.status === 'new',
        levels: palette.levels.map((l) => ({ code: l.code, label: `${pick(l.label, lang)} · ${pick(l.disposition, lang)}`, who: pick(l.deciderNote, lang), decidingBody: l.decidingBody ? pick(l.decidingBody, lang) : '' })),
        decidingBody: pick(palette.levels.find((l) => l.decidingBody)?.decidingBody ?? { zh: '', en: '' }, lang),
        forms,
        ...subject,
        records: await this.citedRecords(actor, recordIds),
        mergeTargets: clue.status === 'new' ? await this.mergeTargets(actor, clue) : [],
        ...(await this.assignmentScreens.clueSection(actor, lang, clue, forms.assign)),
        today: this.cfg.today(),
      },
    };
  }

  /** The records a clue names, each by its business number and title and linked to its page; those the caller may not read are left out. */
  private async citedRecords(actor: Actor, recordIds: number[]): Promise<{ label: string; href: string | null }[]> {
    const here = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const screens = here ? this.host.screensFor(here.code) : [];
    const out: { label: string; href: string | null }[] = [];
    for (const id of recordIds) {
      const r = await this.records.get(actor, id, 'clue').catch((err: unknown) => (err instanceof AppError && [403, 404].includes(err.getStatus()) ? null : Promise.reject(err)));
      if (!r) continue;
      const number = this.host.recordType(r.pluginId, r.recordType)?.fields.find((f) => f.unique && typeof r.values[f.key] === 'string' && r.values[f.key] !== r.title);
      out.push({ label: number ? `${r.values[number.key] as string} ${r.title}` : r.title, href: recordHref(screens, r.pluginId, r.recordType, r.id) });
    }
    return out;
  }

  /** The other clues awaiting triage at the clue's institution that the caller handles: what it may be merged into. */
  private async mergeTargets(actor: Actor, clue: ClueView): Promise<{ id: number; label: string }[]> {
    const open = await this.clues.page(actor, { status: 'new', unit: clue.institutionId }, { page: 1, pageSize: MERGE_TARGETS, limit: MERGE_TARGETS, offset: 0 });
    return open.items
      .filter((c) => c.id !== clue.id && c.institutionId === clue.institutionId && handlerOf(c) === handlerOf(clue))
      .sort((a, b) => b.id - a.id)
      .map((c) => ({ id: c.id, label: `#${c.id} · ${beijingMinute(c.createdAt).slice(0, 10)} · ${c.subjectLabel} · ${c.content.length > 40 ? `${c.content.slice(0, 40)}…` : c.content}` }));
  }

  /** The triage form's subject pickers: the people the clue's records name come first, preselected, with why. */
  private async triageSubject(actor: Actor, lang: Lang, clue: ClueView, recordIds: number[], posted: Record<string, unknown>): Promise<Record<string, unknown>> {
    const suggested = await this.suggestions.suggest(actor, clue, recordIds);
    const people = await this.org.people(actor, clue.institutionId);
    const departments = await this.org.departments(actor, clue.institutionId);
    const form = Object.keys(posted).length ? posted : suggested.length ? { subjectType: 'person', subjectPersonId: suggested[0].personId } : { subjectType: clue.subjectPersonId ? 'person' : clue.subjectType, subjectPersonId: clue.subjectPersonId, subjectDepartmentId: clue.subjectDepartmentId };
    const first = new Set(suggested.map((x) => x.personId));
    const option = (x: { id: number; name: string; departmentName: string | null; postName: string | null }) => ({ id: x.id, name: x.name, detail: [x.departmentName, x.postName].filter(Boolean).join(' '), selected: String(form.subjectPersonId) === String(x.id) });
    return {
      suggestions: suggested.map((x) => ({ name: x.name, why: x.reasons.map((r) => `${pick(r.label, lang)}${r.record ? `（${r.record}）` : ''}`).join(lang === 'en' ? '; ' : '；') })),
      suggestedPeople: people.filter((x) => first.has(x.id)).map(option),
      otherPeople: people.filter((x) => !first.has(x.id)).map(option),
      departments: departments.map((d) => ({ id: d.id, name: d.name, selected: String(form.subjectDepartmentId) === String(d.id) })),
      subjectTypes: ['person', 'department', 'institution'].map((v) => ({ value: v, label: t(lang, `warning.subject_${v}`), selected: (form.subjectType ?? 'person') === v })),
      warnForm: form,
    };
  }

  /** One warning with its timeline and the forms the caller may use now (interviewers offered to officers only). */
  async warning(actor: Actor, lang: Lang, id: number, forms: Record<string, Problems>): Promise<Screen> {
    const w: WarningView = await this.views.get(actor, id);
    const me = await this.warningAccess.capacities(actor, w);
    const level = (await this.cfg.palette(w.institutionId)).levels[w.level.index];
    const picking = me.officer && (w.actions.includes('schedule-interview') || w.actions.includes('interview'));
    const interviewers = picking
      ? (await this.interviews.interviewers(actor, id)).map((c) => ({ ...c, detail: [c.post, ...c.roles.map((r) => pick(ROLE_LABELS[r], lang))].filter(Boolean).join(lang === 'en' ? ', ' : '、') }))
      : [];
    return {
      title: `${t(lang, 'warning.warning')} #${w.id}`,
      data: {
        w,
        levelText: `${pick(w.level.label, lang)} · ${pick(w.level.disposition, lang)}`,
        statusText: pick(w.statusLabel, lang),
        documentText: pick(w.level.document, lang),
        steps: await this.timeline(w, lang),
        can: Object.fromEntries(w.actions.map((a) => [a, true])),
        me,
        forms,
        today: this.cfg.today(),
        evidenceMaxMb: EVIDENCE_MAX_BYTES / 1024 / 1024,
        clueSource: w.clue ? pick(w.clue.sourceLabel, lang) : '',
        interviewers,
        leads: interviewers.filter((c) => c.lead),
        interviewNotice: pick(level.interviewNotice, lang),
        deadline: lang === 'en' ? deadlineEn(level) : w.level.deadline,
        dueEstimate: !!w.dueDate && this.cfg.calendar.isEstimate(w.dueDate),
        releasers: ['accepted', 'followed-up'].includes(w.status) ? await this.releasers(w, lang) : '',
        loose: w.evidence.filter((e) => e.stepId === null),
      },
    };
  }

  /** The steps as people read them: Beijing time to the minute, the actor by name, the data as labelled rows. */
  private async timeline(w: WarningView, lang: Lang): Promise<{ label: string; at: string; actor: string; fields: { label: string; value: string }[] }[]> {
    const levels = (await this.cfg.palette(w.institutionId)).levels;
    const level = (code: string) => pick(levels.find((l) => l.code === code)?.label ?? { zh: code, en: code }, lang);
    const actor = await this.db.read((m) => actorNames(m, w.steps.map((s) => s.actor), lang));
    return w.steps.map((s) => ({ label: t(lang, `warning.step_${s.kind}`), at: beijingMinute(s.at), actor: actor(s.actor), fields: stepFields(s.data, lang, { level, actor }) }));
  }

  /** Who may approve the release (003 篇5 六 4: 承办单位领导), by name and role, so the officer knows whom it waits for. */
  private async releasers(w: WarningView, lang: Lang): Promise<string> {
    const roles = (await this.cfg.palette(w.institutionId)).releaseApprovers;
    const { rows, users } = await this.db.read(async (m) => {
      const rows = await m.getRepository(RoleAssignmentEntity).find({ where: { institutionId: handlerOf(w), role: In(roles) }, order: { userId: 'ASC' } });
      return { rows, users: rows.length ? await m.getRepository(UserEntity).findBy({ id: In(rows.map((r) => r.userId)), disabled: false }) : [] };
    });
    return users.map((u) => `${u.displayName}（${rows.filter((r) => r.userId === u.id).map((r) => pick(ROLE_LABELS[r.role as Role], lang)).join('、')}）`).join(lang === 'en' ? ', ' : '、');
  }

  /** The warnings against the caller in person. */
  async mine(actor: Actor, lang: Lang): Promise<Record<string, unknown>> {
    const rows = (await this.views.list(actor, {})).filter((w) => w.subjectPersonId !== null && w.subjectPersonId === actor.personId);
    return {
      rows: rows.map((w) => ({ ...w, levelText: pick(w.level.label, lang), statusText: pick(w.statusLabel, lang) })),
      today: this.cfg.today(),
    };
  }

  /** The quarterly report of the asked quarter (this quarter by default), with its chart and the issued PDF's link. */
  async report(actor: Actor, lang: Lang, q: Record<string, string>): Promise<Screen> {
    const today = this.cfg.today();
    const year = /^\d{4}$/.test(q.year ?? '') ? Number(q.year) : Number(today.slice(0, 4));
    const quarter = /^[1-4]$/.test(q.quarter ?? '') ? Number(q.quarter) : Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const r = await this.reports.quarterly(actor, year, quarter);
    const named = (rows: { key: string; label: { zh: string; en: string }; count: number }[]) => rows.map((x) => ({ label: pick(x.label, lang), count: x.count }));
    return {
      title: `${t(lang, 'warning.report')} ${year}Q${quarter}`,
      data: {
        r,
        year,
        quarter,
        quarters: [1, 2, 3, 4].map((n) => ({ n, selected: n === quarter })),
        byLevel: named(r.byLevel),
        bySource: named(r.bySource),
        byDepartment: named(r.byDepartment),
        byStatus: named(r.byStatus),
        tiers: r.tiers.map((x) => pick(x, lang)),
        byUnit: r.byUnit,
        overdueUnits: r.overdueUnits,
        topModels: r.topModels.map((x) => ({ label: pick(x.label, lang), hits: x.hits })),
        chart: trendChart(r.trend, lang),
        jsonHref: `/api/warning/reports/quarterly?year=${year}&quarter=${quarter}`,
        canIssue: !!actor.currentInstitutionId && (await this.access.can(actor, actor.currentInstitutionId, ['discipline-officer', 'head'])),
        issued: /^\d{1,9}$/.test(q.issued ?? '') ? { id: Number(q.issued), number: typeof q.number === 'string' ? q.number.slice(0, 60) : '' } : null,
      },
    };
  }
}

/** A level's answer period in English (the Chinese one is deadlineText). */
function deadlineEn(l: LevelDef): string {
  const { unit, n } = l.answerDeadline;
  return `${n} ${unit === 'working-days' ? 'working day' : unit === 'months' ? 'month' : 'day'}${n === 1 ? '' : 's'}`;
}

/** Bar chart of the four-quarter trend as plain SVG numbers for the template (no script, no inline style). */
export function trendChart(trend: { label: string; clues: number; warnings: number; top: number }[], lang: Lang) {
  const width = 560;
  const height = 220;
  const base = 180;
  const max = Math.max(1, ...trend.flatMap((q) => [q.clues, q.warnings]));
  const scale = (n: number) => Math.round((n / max) * 140);
  const group = width / trend.length;
  return {
    width,
    height,
    base,
    legendClues: lang === 'en' ? 'Clues' : '预警信息',
    legendWarnings: lang === 'en' ? 'Warnings' : '预警',
    groups: trend.map((q, i) => {
      const x = Math.round(i * group + group / 2 - 30);
      return {
        label: q.label,
        labelX: x + 30,
        clues: { x, y: base - scale(q.clues), h: scale(q.clues), n: q.clues, ty: base - scale(q.clues) - 4, tx: x + 13 },
        warnings: { x: x + 32, y: base - scale(q.warnings), h: scale(q.warnings), n: q.warnings, ty: base - scale(q.warnings) - 4, tx: x + 45 },
      };
    }),
  };
}
