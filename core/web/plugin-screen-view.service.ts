import { yuanInput } from '../plugin-api';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { ISSUING_ROLES } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { Lang, pick, registerMessages, resolveLang, t } from '../i18n/i18n';
import { AccessService, permits } from '../org/access.service';
import type { InstitutionEntity } from '../org/org.entities';
import type { FieldDef, PluginRecordView, RecordTypeDef, ScreenDef } from '../plugin-api';
import { fieldsInCondition } from '../plugin-host/constraints';
import { PluginHost } from '../plugin-host/plugin-host';
import { pageWindow } from '../http/pagination';
import { pager, screenHref } from './pager';
import { RecordListQuery, RecordsService } from '../records/records.service';
import { listWorkbook } from '../spreadsheet/list-workbook';
import { RecordVersionsService } from '../records/record-versions.service';
import { FormAccess, RecordWritePolicy } from '../records/record-write-policy.service';
import { isEmpty } from '../records/record-write-rules';
import { cellText, formExtras, historyRows, valueText } from './plugin-record-form-view';
import { PluginScreenExtras } from './plugin-screen-extras';
import type { ListPageQuery } from './plugin-screen.dto';
import { FieldError, formFieldsOf, PluginScreenService } from './plugin-screen.service';
import { ScreenRenderer } from './screen-renderer';
import { ShellService } from './shell.service';

registerMessages({
  'ui.export_xlsx': { zh: '导出 Excel', en: 'Export to Excel' },
  'ui.sort_by': { zh: '按此列排序', en: 'Sort by this column' },
  'ui.record_institution': { zh: '所属单位', en: 'Institution' },
});

/** Locks that mean "another party's part of the record" (FieldDef.write by shares, or a caller reaching it only through a share). */
const PARTY_LOCKS = ['record.write_shares', 'validation.not_writable_by_share'];

/** What the generic plugin screen (list, form or dashboard) is asked to show. */
export interface PluginScreenViewOptions {
  actor: Actor;
  req: Request;
  pluginId: string;
  screenId: string;
  /** A list's search text, filters and flag choice. */
  listQuery?: ListPageQuery;
  /** A form's submitted (or stored) values, their problems, the page's status (400, or 403 for a protected field) and the reason typed. */
  formState?: { values: Record<string, unknown>; errors: FieldError[]; status?: number; reason?: string; picks?: Record<string, string> };
  /** The form edits this record (its institution's references and options) instead of creating one. */
  edit?: PluginRecordView;
  /** A failed 出具, shown next to that record's button. */
  issueError?: { recordId: number; template: string; message: string };
}

/** The screen being drawn, resolved once for the parts of the page. */
interface ScreenContext {
  opts: PluginScreenViewOptions;
  lang: Lang;
  screen: ScreenDef;
  type: RecordTypeDef;
  /** The institution the page is about: the edited record's, else the current one. */
  inst: InstitutionEntity;
  /** The plugin's screens at the current institution. */
  siblings: { pluginId: string; screen: ScreenDef }[];
  /** A unit the caller oversees, opened read-only (`at`) without switching the session: no new, edit or 出具. */
  readOnly: boolean;
}

/** Builds the view model of the generic plugin screen and renders it. */
@Injectable()
export class PluginScreenViewService {
  constructor(
    private readonly screens: PluginScreenService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly records: RecordsService,
    private readonly extras: PluginScreenExtras,
    private readonly shell: ShellService,
    private readonly renderer: ScreenRenderer,
    private readonly clock: Clock,
    private readonly policy: RecordWritePolicy,
    private readonly versions: RecordVersionsService,
  ) {}

  async render(opts: PluginScreenViewOptions): Promise<{ html: string; status: number }> {
    const { actor, req, pluginId, screenId, formState, edit } = opts;
    this.screens.currentInstitutionId(actor);
    const lang = resolveLang(req);
    const institutions = await this.access.institutions();
    const current = institutions.find((i) => i.id === actor.currentInstitutionId)!;
    const viewed = edit ? null : await this.viewedUnit(actor, institutions, current, opts.listQuery?.at);
    const siblings = this.host.screensFor((viewed ?? current).code).filter((s) => s.pluginId === pluginId);
    const screen = siblings.find((s) => s.screen.id === screenId)?.screen;
    if (!screen || (viewed && screen.kind === 'form')) throw AppError.notFound();
    const inst = edit ? institutions.find((i) => i.id === edit.institutionId)! : (viewed ?? current);
    const type = this.host.recordType(pluginId, screen.recordType)!;
    // An edit-only form (a step of a longer record) has no blank page to create from.
    if (screen.kind === 'form' && screen.creates === false && !edit) throw AppError.notFound();
    const ctx: ScreenContext = { opts, lang, screen, type, inst, siblings, readOnly: !!viewed };
    const title = edit ? t(lang, 'ui.edit_record', { type: pick(type.label, lang), title: edit.title }) : pick(screen.label, lang);
    const formFields = formFieldsOf(screen, type);
    // What this account may not write here (shown read-only), and whether the record is evidence of an open matter.
    const access = screen.kind === 'form' ? await this.policy.formAccess(actor, type, edit ? await this.records.writeTarget(edit.id) : { pluginId, recordType: type.id, institutionId: inst.id, recordId: null, createdBy: actor.userId, stored: {} }) : null;
    const fields = await this.fields(ctx, formFields, access);
    const reasonError = formState?.errors.find((e) => e.field === 'reason')?.message;
    const formScreen = siblings.find((s) => s.screen.kind === 'form' && s.screen.recordType === type.id && s.screen.creates !== false);
    const { list, filters } = screen.kind === 'list' ? await this.list(ctx, formScreen?.screen) : { list: null, filters: [] };
    const dashboard = screen.kind === 'dashboard' ? await this.extras.dashboard(screen, pluginId, inst.id, inst.code, lang, actor) : null;
    const data = await this.shell.data(req, actor, title, {
      screen: {
        kind: screen.kind,
        isList: screen.kind === 'list',
        isForm: screen.kind === 'form',
        isDashboard: screen.kind === 'dashboard',
        action: edit ? `/p/${pluginId}/${screenId}/${edit.id}/edit` : `/p/${pluginId}/${screenId}`,
        isEdit: !!edit,
        backHref: edit ? this.screens.returnHref(current.code, pluginId, screen) : null,
      },
      viewing: viewed ? { text: t(lang, 'ui.viewing_unit', { name: viewed.name }), backHref: this.screens.homeScreenHref(current.code, pluginId) } : null,
      ...formExtras(access, !!edit, formFields.map((f) => f.key), { value: formState?.reason ?? '', error: reasonError }, lang),
      history: edit ? historyRows(await this.versions.history(edit.id, type), lang) : null,
      constraints: screen.kind === 'form' ? this.constraints(ctx, formFields) : '[]',
      filters,
      dashboard,
      // A work queue (`show`) lists records made elsewhere: nothing to create from it.
      formHref: formScreen && !screen.show && !viewed ? `/p/${pluginId}/${formScreen.screen.id}` : null,
      // 批量导入 for those whose new form this is (its roles), as RecordImportService decides.
      importHref: formScreen && screen.kind === 'list' && !screen.show && !viewed && (!formScreen.screen.roles || permits(actor, await this.access.rolesAt(actor, inst.id), formScreen.screen.roles)) ? `/p/${pluginId}/${screenId}/import` : null,
      fields,
      list,
      q: opts.listQuery?.q ?? '',
      formErrors: formState?.errors ?? [],
    });
    return { html: this.renderer.render('plugin-screen', data), status: formState?.status ?? (formState?.errors.length ? 400 : 200) };
  }

  /**
   * The form's inputs (a list or dashboard gets them too, unused), with reference pickers and item rows on forms. A field
   * the account may not write is shown as its stored value with the reason, not as an input.
   */
  private async fields({ opts, lang, screen, inst }: ScreenContext, formFields: FieldDef[], access: FormAccess | null) {
    const errorsByField = new Map((opts.formState?.errors ?? []).map((e) => [e.field, e.message]));
    const fields = formFields.map((f) => {
      const v = opts.formState?.values[f.key];
      const lock = access?.readOnly.get(f.key);
      return {
        readOnly: !!lock,
        // Another party's part of a shared record (a hospital's diagnosis on a clinic's referral) is left out until that party fills it in.
        hidden: !!lock && PARTY_LOCKS.includes(lock.key) && isEmpty(opts.edit?.values[f.key]),
        display: lock ? valueText(f, opts.edit?.values[f.key], lang) : '',
        // The message without its field name: the label stands beside it.
        lockNote: lock ? t(lang, lock.key, { ...lock.params, field: '' }).replace(/^[：:]\s*/, '') : '',
        key: f.key,
        label: pick(f.label, lang),
        help: pick(f.help, lang),
        required: !!f.required,
        type: f.type,
        // Money is typed in yuan as text (a number input would refuse 12.5 or let 12.345 through to a vague message).
        inputType: f.type === 'date' ? 'date' : ['integer', 'decimal'].includes(f.type) ? 'number' : 'text',
        inputMode: f.type === 'money' ? 'decimal' : undefined,
        // The browser's date picker stops at today, as the server's check does.
        max: f.type === 'date' && f.notAfterToday ? this.clock.today() : undefined,
        isText: f.type === 'text',
        // An institution field is picked by name from a list, never typed as a code.
        isEnum: f.type === 'enum' || !!f.institution,
        // Multi-choice fields are a group of checkboxes sharing the field's name.
        isMulti: f.type === 'multi-enum',
        isBool: f.type === 'boolean',
        value: v === undefined || v === null ? '' : Array.isArray(v) ? v.join(', ') : f.type === 'money' && typeof v === 'number' ? yuanInput(v) : String(v),
        checked: v === true,
        options: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), selected: Array.isArray(v) ? v.includes(o.value) : o.value === v })),
        error: errorsByField.get(f.key),
        isRef: f.type === 'reference',
        isRows: f.type === 'rows',
      };
    });
    if (screen.kind === 'form') {
      for (const [i, f] of formFields.entries()) {
        if (fields[i].readOnly && f.type === 'reference' && typeof opts.edit?.values[f.key] === 'number') fields[i].display = (await this.records.titles(opts.actor, opts.pluginId, f.ref!.recordType, [opts.edit.values[f.key] as number])).get(opts.edit.values[f.key] as number) ?? fields[i].display;
        if (fields[i].readOnly && f.institution && typeof opts.edit?.values[f.key] === 'string') fields[i].display = (await this.extras.institutionOptions(opts.pluginId, inst.code, f, opts.edit?.values[f.key], lang)).find((o) => o.selected)?.label ?? fields[i].display;
        if (fields[i].readOnly) continue;
        if (f.type === 'reference') {
          const pickQuery = opts.formState?.picks?.[f.key] ?? '';
          const picker = await this.extras.referencePicker(opts.actor, opts.pluginId, inst.id, f, opts.formState?.values[f.key], pickQuery, lang);
          Object.assign(fields[i], { options: picker.options, pickQuery, pickNote: picker.note });
        }
        if (f.institution) fields[i].options = await this.extras.institutionOptions(opts.pluginId, inst.code, f, opts.formState?.values[f.key], lang);
        if (f.type === 'rows') Object.assign(fields[i], { rows: this.extras.rows(f, opts.formState?.values[f.key], lang) });
      }
    }
    return fields;
  }

  /** The live check sees only this form's inputs: a constraint over fields outside a subset form is left to the server. */
  private constraints({ opts, lang, type, inst }: ScreenContext, formFields: FieldDef[]): string {
    const inForm = (type.constraints ?? []).filter((k) => [k.field, ...fieldsInCondition(k.when), ...fieldsInCondition(k.then)].every((key) => formFields.some((f) => f.key === key)));
    return this.extras.constraintsJson({ ...type, constraints: inForm }, this.host.optionsFor(inst.code, opts.pluginId), lang);
  }

  /** A list screen: one page of records with their cells, rule flags, edit links and 出具 buttons, a pager, sortable heads and its filters. */
  private async list(ctx: ScreenContext, formScreen: ScreenDef | undefined): Promise<{ list: unknown; filters: unknown[] }> {
    const { opts, lang, screen, type, inst, siblings, readOnly } = ctx;
    const { actor, pluginId, screenId, listQuery = {}, issueError } = opts;
    const listFields = type.fields.filter((f) => f.list);
    const editScreen = screen.editScreen ? siblings.find((s) => s.screen.id === screen.editScreen)?.screen : formScreen;
    const editBase = editScreen && editScreen.editable !== false && !readOnly ? `/p/${pluginId}/${editScreen.id}` : null;
    const where = this.extras.parseFilters(screen, type, listQuery.filter);
    const w = pageWindow(listQuery);
    const result = await this.records.list(actor, pluginId, type.id, { ...this.listSearch(ctx), limit: w.limit, offset: w.offset });
    const flags = await this.extras.flags(pluginId, result.items.map((r) => r.id), lang);
    const titles = await this.referenceTitles(actor, pluginId, listFields, result.items);
    const names = await this.extras.institutionNames(listFields, lang);
    const filters = await this.extras.filterControls(actor, pluginId, inst.id, screen, type, where, lang);
    // 出具 buttons: the type's templates, for those the documents pipeline lets issue in the template's issuer's name
    // (the record's institution or its parent), with the template's own issuing roles.
    const templates = (this.host.plugin(pluginId)?.templates ?? []).filter((d) => d.recordType === type.id);
    const offered = readOnly ? [] : templates;
    const all = offered.length ? await this.access.institutions() : [];
    const issuable = new Map<string, boolean>();
    for (const institutionId of new Set(result.items.map((r) => r.institutionId))) {
      for (const d of offered) {
        const issuer = (d.issuedBy === 'parent' && all.find((i) => i.id === institutionId)?.parentId) || institutionId;
        issuable.set(`${institutionId}:${d.id}`, await this.access.can(actor, issuer, [...ISSUING_ROLES, ...(d.issueRoles ?? [])]));
      }
    }
    // A network list names each row's institution.
    const units = screen.scope === 'network' && !readOnly ? new Map((await this.access.institutions()).map((i) => [i.id, i.name])) : null;
    // Paging, sorting and the export keep the search and filters.
    const href = (change: Partial<ListPageQuery>) => screenHref(`/p/${pluginId}/${screenId}`, { ...listQuery, ...change });
    const list = {
      total: t(lang, 'ui.total', { n: result.total }),
      empty: result.items.length === 0,
      columns: [
        ...(units ? [{ label: t(lang, 'ui.record_institution'), sorted: null, href: null }] : []),
        ...listFields.map((f) => {
          const sorted = listQuery.sort === f.key ? (listQuery.dir === 'asc' ? 'asc' : 'desc') : null;
          // Personal data is not sortable: the order would tell what the masked values are.
          return { label: pick(f.label, lang), sorted, href: f.sensitive || f.type === 'rows' ? null : href({ sort: f.key, dir: sorted === 'asc' ? 'desc' : 'asc', page: undefined }) };
        }),
      ],
      pager: pager(lang, w, result.total, (page) => href({ page })),
      exportHref: href({ format: 'xlsx', page: undefined }),
      hidden: [
        ...(listQuery.sort ? [{ name: 'sort', value: listQuery.sort }] : []),
        ...(listQuery.dir ? [{ name: 'dir', value: listQuery.dir }] : []),
        ...(listQuery.pageSize ? [{ name: 'pageSize', value: String(listQuery.pageSize) }] : []),
        ...(listQuery.at ? [{ name: 'at', value: String(listQuery.at) }] : []),
      ],
      hasActions: !!editBase || [...issuable.values()].some(Boolean),
      // An edit-only form is one party's step (a hospital's registration): its rows' link says which step.
      editLabel: editScreen && editScreen.creates === false ? pick(editScreen.label, lang) : t(lang, 'ui.edit'),
      flaggedValue: listQuery.flagged ?? '',
      rows: result.items.map((r) => ({
        id: r.id,
        title: r.title,
        cells: [...(units ? [units.get(r.institutionId) ?? ''] : []), ...this.cells(listFields, r, titles, names, lang)],
        createdAt: r.createdAt.slice(0, 10),
        flags: flags.get(r.id) ?? [],
        editHref: editBase ? `${editBase}/${r.id}/edit` : null,
        issue: templates
          .filter((d) => issuable.get(`${r.institutionId}:${d.id}`))
          .map((d) => {
            const template = `${pluginId}/${d.id}`;
            const failed = issueError?.recordId === r.id && issueError.template === template;
            return { action: `/p/${pluginId}/${screenId}/${r.id}/issue`, template, label: t(lang, 'ui.issue_template', { template: pick(d.label, lang) }), error: failed ? issueError.message : null };
          }),
      })),
    };
    return { list, filters };
  }

  /** The whole filtered, sorted list as an Excel file, cells as the screen shows them (personal data masked as there). */
  async exportList(opts: PluginScreenViewOptions): Promise<{ buffer: Buffer; filename: string }> {
    const { actor, req, pluginId, screenId } = opts;
    const current = this.screens.currentInstitutionId(actor);
    const institutions = await this.access.institutions();
    const here = institutions.find((i) => i.id === current)!;
    const inst = (await this.viewedUnit(actor, institutions, here, opts.listQuery?.at)) ?? here;
    const siblings = this.host.screensFor(inst.code).filter((s) => s.pluginId === pluginId);
    const screen = siblings.find((s) => s.screen.id === screenId && s.screen.kind === 'list')?.screen;
    if (!screen) throw AppError.notFound();
    const lang = resolveLang(req);
    const type = this.host.recordType(pluginId, screen.recordType)!;
    const ctx: ScreenContext = { opts, lang, screen, type, inst, siblings, readOnly: inst !== here };
    const listFields = type.fields.filter((f) => f.list);
    const { items } = await this.records.list(actor, pluginId, type.id, { ...this.listSearch(ctx), limit: Number.MAX_SAFE_INTEGER, offset: 0 }, 'export');
    const titles = await this.referenceTitles(actor, pluginId, listFields, items);
    const flags = await this.extras.flags(pluginId, items.map((r) => r.id), lang);
    const header = ['#', ...listFields.map((f) => pick(f.label, lang)), t(lang, 'ui.flags'), t(lang, 'ui.created_at')];
    const names = await this.extras.institutionNames(listFields, lang);
    const rows = items.map((r) => [r.id, ...this.cells(listFields, r, titles, names, lang), (flags.get(r.id) ?? []).map((x) => x.label).join('；'), r.createdAt.slice(0, 10)]);
    const title = `${inst.name}${pick(screen.label, lang)}`;
    return { buffer: await listWorkbook(title, header, rows), filename: `${title}.xlsx` };
  }

  /** The unit `at` names, when it is not the current institution and the caller sees it (else the same 404 as a missing one). */
  private async viewedUnit(actor: Actor, institutions: InstitutionEntity[], current: InstitutionEntity, at: number | undefined): Promise<InstitutionEntity | null> {
    if (!at || at === current.id) return null;
    await this.access.assertVisible(actor, at, { type: 'institution', id: at });
    const unit = institutions.find((i) => i.id === at);
    if (!unit) throw AppError.notFound();
    return unit;
  }

  /** What the list's URL asks for, as a records query: the search, the screen's filters, the flag choice and the order. */
  private listSearch({ opts, screen, type, inst, readOnly }: ScreenContext): RecordListQuery {
    const q = opts.listQuery ?? {};
    const flagged = q.flagged === '1' ? true : q.flagged === '0' ? false : undefined;
    const sortable = type.fields.some((f) => f.list && f.key === q.sort);
    // A network list at one's own institution spans what the viewer sees; viewing a unit below keeps to that unit.
    return { institutionId: screen.scope === 'network' && !readOnly ? undefined : inst.id, q: q.q, where: this.extras.parseFilters(screen, type, q.filter), flagged, show: screen.show, sort: sortable ? q.sort : undefined, dir: q.dir };
  }

  private cells(listFields: FieldDef[], r: PluginRecordView, titles: Map<string, Map<number, string>>, names: Map<string, string>, lang: Lang): string[] {
    return listFields.map((f) => {
      const v = r.values[f.key];
      if (f.type === 'reference' && typeof v === 'number') return titles.get(f.ref?.recordType ?? '')?.get(v) ?? String(v);
      // An institution is listed by name, not by its code.
      if (f.institution && typeof v === 'string') return names.get(v) ?? v;
      return cellText(f, v, lang);
    });
  }

  /** References show the referenced record's title, not its id: exactly the ids on this page, one read per referenced type. */
  private async referenceTitles(actor: Actor, pluginId: string, listFields: FieldDef[], items: PluginRecordView[]): Promise<Map<string, Map<number, string>>> {
    const idsByType = new Map<string, number[]>();
    for (const f of listFields.filter((x) => x.type === 'reference' && x.ref)) {
      idsByType.set(f.ref!.recordType, [...(idsByType.get(f.ref!.recordType) ?? []), ...items.map((r) => r.values[f.key]).filter((v): v is number => typeof v === 'number')]);
    }
    const titles = new Map<string, Map<number, string>>();
    for (const [refType, ids] of idsByType) titles.set(refType, await this.records.titles(actor, pluginId, refType, ids));
    return titles;
  }
}
