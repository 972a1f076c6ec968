import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { Clock } from '../clock/clock';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { OrgService } from '../org/org.service';
import { ShellService } from '../web/shell.service';
import { IdentificationService } from './identification.service';
import { PowerService, PowerView, UploadedFileLike } from './power.service';
import { RiskContext, RISK_EDITOR_ROLES } from './risk-context.service';
import { fieldErrors, FieldErrors, formToDto } from './risk-form';
import { LEVEL_LABELS, POWER_ACTION_LABELS, riskLabels, STATUS_LABELS, VERSION_REASONS } from './risk-labels';
import { RiskPointService, RiskPointView } from './risk-point.service';
import { riskSettingsView, UNASSESSABLE_FACTORS } from './risk-settings.view';
import { EXCEL_UPLOAD, FLOW_CHART_UPLOAD } from './risk.controller';
import { ImportRejected, RiskExcelService } from './risk-excel.service';
import { PublicationCommentDto, CreateCommitmentDto, CreatePowerDto, CreateRiskPointDto, PublishDto, RegradeDto, ReviseDto, RiskPageQuery, UpdatePowerDto } from './risk.dto';
import { CommitmentService } from './commitment.service';
import { PublicationService } from './publication.service';
import { SelfCheckService } from './self-check.service';
import { gradeLabel } from './risk.presets';
import { RiskDocumentsService } from './risk-documents.service';
import { ImportPresetsDto, IssueRiskDocumentDto } from './risk.dto';
import { PresetImportRejected, RiskPresetsImportService } from './risk-presets-import.service';
import { ISSUING_ROLES } from '../documents/documents.service';

const POWER_TEXT = ['number', 'category', 'name', 'legalBasisDocument', 'legalBasisArticle', 'processDescription', 'keyLinks', 'weakLinks', 'workRules', 'relatedRegulations'];

/** Screens of the risk module; they gather data from the services and render, nothing more. */
@ApiExcludeController()
@Controller('risk')
export class RiskWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly org: OrgService,
    private readonly powers: PowerService,
    private readonly points: RiskPointService,
    private readonly identification: IdentificationService,
    private readonly publications: PublicationService,
    private readonly commitments: CommitmentService,
    private readonly clock: Clock,
    private readonly selfChecks: SelfCheckService,
    private readonly excel: RiskExcelService,
    private readonly riskDocuments: RiskDocumentsService,
    private readonly presets: RiskPresetsImportService,
  ) {}

  private async current(actor: Actor): Promise<number> {
    if (!actor.currentInstitutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    return this.ctx.target(actor, actor.currentInstitutionId);
  }

  private async isEditor(actor: Actor, institutionId: number): Promise<boolean> {
    return this.ctx.access.can(actor, institutionId, RISK_EDITOR_ROLES);
  }

  private assertCsrf(actor: Actor, body: Record<string, unknown> | undefined): void {
    if (!body || body._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
  }

  // ---- power catalogue ----------------------------------------------------------------------

  private async powerFormData(actor: Actor, institutionId: number, values: Record<string, unknown>, errors: FieldErrors, lang: Lang) {
    const L = riskLabels(lang);
    const depts = await this.org.departments(actor, institutionId);
    const people = await this.org.people(actor, institutionId);
    const posts = [...new Map(people.filter((p) => p.postId).map((p) => [p.postId!, { id: p.postId!, name: `${p.postName ?? ''}（${p.departmentName ?? ''}）` }])).values()];
    const text = (key: string, multiline = false, required = false) => ({ key, label: L[key as keyof typeof L] ?? key, value: values[key] ?? '', error: errors[key], multiline, required });
    return {
      textFields: [text('number', false, true), text('category', false, true), text('name', false, true), text('legalBasisDocument'), text('legalBasisArticle')],
      longFields: [text('processDescription', true), text('keyLinks', true), text('weakLinks', true), text('workRules', true), text('relatedRegulations', true)],
      departments: depts.map((d) => ({ id: d.id, name: d.name, selected: Number(values.responsibleDepartmentId) === d.id })),
      posts: posts.map((p) => ({ ...p, selected: Number(values.responsiblePostId) === p.id })),
      deptError: errors.responsibleDepartmentId,
      postError: errors.responsiblePostId,
    };
  }

  @Get('powers')
  async powersPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, status = 200, form?: { values: Record<string, unknown>; errors: FieldErrors; general: string | null }): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    const list = await this.powers.list(actor, institutionId, true);
    const editor = await this.isEditor(actor, institutionId);
    await this.shell.send(req, res, actor, 'risk/powers', L.powers, {
      L,
      editor,
      powers: list.map((p) => this.powerRow(p, lang)),
      form: editor ? { action: '/risk/powers', submit: L.newPower, general: form?.general, ...(await this.powerFormData(actor, institutionId, form?.values ?? {}, form?.errors ?? {}, lang)) } : null,
      exportBase: `/api/risk/export?institutionId=${institutionId}`,
    }, status);
  }

  private powerRow(p: PowerView, lang: Lang) {
    return { ...p, removedLabel: p.removed ? pick({ zh: '已撤销', en: 'Removed' }, lang) : '' };
  }

  @Post('powers')
  async createPower(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.current(actor);
    const { dto, problems } = formToDto(CreatePowerDto, body, ['responsibleDepartmentId', 'responsiblePostId']);
    try {
      if (problems) throw problems;
      const created = await this.powers.create(actor, institutionId, dto);
      res.redirect(303, `/risk/powers/${created.id}`);
    } catch (err) {
      const { byField, general } = fieldErrors(err, lang, riskLabels(lang));
      await this.powersPage(actor, req, res, Object.keys(byField).length ? 400 : (err as AppError).getStatus(), { values: body, errors: byField, general });
    }
  }

  @Get('powers/:id')
  async powerPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, status = 200, form?: { values: Record<string, unknown>; errors: FieldErrors; general: string | null }, uploadError?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const power = await this.powers.get(actor, id);
    const editor = !power.removed && (await this.isEditor(actor, power.institutionId));
    const values = form?.values ?? Object.fromEntries([...POWER_TEXT, 'responsibleDepartmentId', 'responsiblePostId'].map((k) => [k, (power as unknown as Record<string, unknown>)[k] ?? '']));
    await this.shell.send(req, res, actor, 'risk/power', `${power.number} ${power.name}`, {
      L,
      power: this.powerRow(power, lang),
      versions: [...power.versions].reverse().map((v) => ({ ...v, actionLabel: pick(POWER_ACTION_LABELS[v.action], lang) || v.action, at: v.at.slice(0, 16).replace('T', ' ') })),
      editor,
      isPdf: power.flowChart?.mime === 'application/pdf',
      uploadError,
      form: editor ? { action: `/risk/powers/${id}`, submit: L.save, general: form?.general, ...(await this.powerFormData(actor, power.institutionId, values, form?.errors ?? {}, lang)) } : null,
    }, status);
  }

  @Post('powers/:id')
  async updatePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const { dto, problems } = formToDto(UpdatePowerDto, body, ['responsibleDepartmentId', 'responsiblePostId'], [], POWER_TEXT.slice(3));
    try {
      if (problems) throw problems;
      await this.powers.update(actor, id, dto);
      res.redirect(303, `/risk/powers/${id}`);
    } catch (err) {
      const { byField, general } = fieldErrors(err, lang, riskLabels(lang));
      await this.powerPage(actor, id, req, res, Object.keys(byField).length ? 400 : (err as AppError).getStatus(), { values: body, errors: byField, general });
    }
  }

  @Post('powers/:id/remove')
  async removePower(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response): Promise<void> {
    await this.powers.remove(actor, id);
    res.redirect(303, `/risk/powers/${id}`);
  }

  /** Multipart forms are parsed after the guard runs, so this route checks the form's CSRF token itself. */
  @CsrfExempt()
  @Post('powers/:id/flow-chart')
  @UseInterceptors(FLOW_CHART_UPLOAD)
  async uploadFlowChart(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @UploadedFile() file: UploadedFileLike | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.assertCsrf(actor, body);
    try {
      await this.powers.uploadFlowChart(actor, id, file);
      res.redirect(303, `/risk/powers/${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.getStatus() === 404) throw err;
      const { general, byField } = fieldErrors(err, resolveLang(req), riskLabels(resolveLang(req)));
      await this.powerPage(actor, id, req, res, err.getStatus(), undefined, general ?? Object.values(byField).join('；'));
    }
  }

  // ---- risk points --------------------------------------------------------------------------

  @Get('points')
  async pointsPage(@CurrentActor() actor: Actor, @Query() q: RiskPageQuery, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    const settings = riskSettingsView(await this.ctx.settings(institutionId), await this.ctx.extensionFields(institutionId), lang);
    const { lang: _lang, ...filters } = q;
    const query = { ...filters, institutionId, limit: q.limit ?? 50 };
    const result = await this.points.list(actor, query, lang);
    const top = await this.points.top(actor, institutionId, lang);
    const depts = await this.org.departments(actor, institutionId);
    const extCols = (await this.ctx.extensionFields(institutionId)).flatMap((e) => e.fields.filter((f) => f.list).map((f) => ({ pluginId: e.pluginId, field: f })));
    const fmt = (v: unknown, f: (typeof extCols)[number]['field']) => {
      if (v === null || v === undefined) return '';
      if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
      if (f.type === 'money' && typeof v === 'number') return (v / 100).toFixed(2);
      return Array.isArray(v) ? v.join('、') : String(v);
    };
    await this.shell.send(req, res, actor, 'risk/points', L.points, {
      L,
      q: q.q ?? '',
      grades: settings.grades.map((g) => ({ ...g, selected: q.grade === g.grade })),
      categories: settings.categories.map((c) => ({ ...c, selected: q.category === c.key })),
      departments: depts.map((d) => ({ id: d.id, name: d.name, selected: q.departmentId === d.id })),
      statuses: Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label: pick(label, lang), selected: q.status === value })),
      extColumns: extCols.map((c) => pick(c.field.label, lang)),
      total: result.totalCapped ? `${result.total}+` : result.total,
      items: result.items.map((r) => ({ ...r, levelLabel: pick(LEVEL_LABELS[r.level], lang), statusLabel: pick(STATUS_LABELS[r.status], lang), ext: extCols.map((c) => fmt(r.extensions[c.pluginId]?.[c.field.key], c.field)) })),
      top: top.map((r, i) => ({ ...r, rank: i + 1 })),
      editor: await this.isEditor(actor, institutionId),
      exportBase: `/api/risk/export?institutionId=${institutionId}`,
      message,
      issuer: await this.ctx.access.can(actor, institutionId, ISSUING_ROLES),
      people: (await this.org.people(actor, institutionId)).filter((p) => p.postId).map((p) => ({ id: p.id, label: `${p.name}（${p.departmentName ?? ''}${p.postName ? `·${p.postName}` : ''}）` })),
    }, status);
  }

  // ---- plugins' preset risk points ---------------------------------------------------------

  @Get('presets')
  async presetsPage(@CurrentActor() actor: Actor, @Query('pluginId') pluginIdQ: string | undefined, @Query('fallbackCategory') fallbackQ: string | undefined, @Req() req: Request, @Res() res: Response, status = 200, outcome?: { errors?: { message: string }[]; created?: number }): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    await this.ctx.access.requireAccess(actor, institutionId, RISK_EDITOR_ROLES);
    const sets = await this.presets.sets(institutionId, lang);
    const pluginId = typeof pluginIdQ === 'string' && sets.some((x) => x.pluginId === pluginIdQ) ? pluginIdQ : sets[0]?.pluginId;
    const fallbackCategory = typeof fallbackQ === 'string' ? fallbackQ : '';
    const settings = await this.ctx.settings(institutionId);
    const rows = pluginId ? await this.presets.preview(actor, institutionId, pluginId, fallbackCategory || undefined, lang) : null;
    await this.shell.send(req, res, actor, 'risk/presets', L.presets, {
      L,
      sets: sets.map((x) => ({ ...x, selected: x.pluginId === pluginId })),
      categories: settings.categories.map((c) => ({ key: c.key, label: pick(c.label, lang), selected: c.key === fallbackCategory })),
      pluginId,
      fallbackCategory,
      rows,
      errors: outcome?.errors,
      created: outcome?.created,
    }, status);
  }

  @Post('presets/import')
  async importPresetsForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const institutionId = await this.current(actor);
    const pluginId = String(body.pluginId ?? '');
    const fallback = typeof body.fallbackCategory === 'string' && body.fallbackCategory ? body.fallbackCategory : undefined;
    const ids = (Array.isArray(body.presetIds) ? body.presetIds : body.presetIds === undefined ? [] : [body.presetIds]).map(String);
    try {
      const { created } = await this.presets.import(actor, institutionId, pluginId, Object.assign(new ImportPresetsDto(), { presetIds: ids, fallbackCategory: fallback }));
      await this.presetsPage(actor, pluginId, fallback, req, res, 201, { created });
    } catch (err) {
      if (!(err instanceof PresetImportRejected)) throw err;
      await this.presetsPage(actor, pluginId, fallback, req, res, 400, { errors: err.rows });
    }
  }

  /** Issues a catalogue or 附表 form through the documents pipeline and opens the PDF. */
  @Post('documents')
  async issueDocument(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.current(actor);
    const { dto, problems } = formToDto(IssueRiskDocumentDto, body, ['personId', 'departmentId']);
    try {
      if (problems) throw problems;
      const issued = await this.riskDocuments.issue(actor, institutionId, dto);
      res.redirect(303, `/api/documents/${issued.id}/pdf`);
    } catch (err) {
      if (!(err instanceof AppError) || err.getStatus() === 404) throw err;
      const L = riskLabels(lang);
      const { byField, general } = fieldErrors(err, lang, { ...L, personId: L.person, departmentId: L.department });
      await this.pointsPage(actor, {} as RiskPageQuery, req, res, err.getStatus(), general ?? Object.values(byField).join('；'));
    }
  }

  /** Multipart: parsed after the guard, so the form's CSRF token is checked here. */
  @CsrfExempt()
  @Post('points/import')
  @UseInterceptors(EXCEL_UPLOAD)
  async importForm(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedFileLike | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.assertCsrf(actor, body);
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    try {
      const result = await this.excel.import(actor, institutionId, file);
      await this.shell.send(req, res, actor, 'risk/import-result', L.import, { L, ok: true, created: result.created });
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      await this.shell.send(req, res, actor, 'risk/import-result', L.import, { L, ok: false, errors: err.rows }, 400);
    }
  }

  private async pointFormData(actor: Actor, institutionId: number, values: Record<string, unknown>, errors: FieldErrors, lang: Lang) {
    const L = riskLabels(lang);
    const settings = riskSettingsView(await this.ctx.settings(institutionId), await this.ctx.extensionFields(institutionId), lang);
    const powers = await this.powers.list(actor, institutionId);
    const chosen = new Set((Array.isArray(values.powerIds) ? values.powerIds : [values.powerIds]).map((x) => Number(x)));
    const sel = (key: string, v: unknown) => String(values[key] ?? '') === String(v);
    const ext = (values.extensions ?? {}) as Record<string, Record<string, unknown>>;
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
          inputType: ['integer', 'money', 'decimal'].includes(f.type) ? 'number' : f.type === 'date' ? 'date' : 'text',
          error: errors[`extensions.${e.pluginId}.${f.key}`],
        })),
      ),
      L,
    };
  }

  /** Form fields named ext__<plugin>__<key> become { plugin: { key: value } }, typed by the declaration. */
  private async extensionsFromForm(institutionId: number, body: Record<string, unknown>): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const e of await this.ctx.extensionFields(institutionId)) {
      for (const f of e.fields) {
        const raw = body[`ext__${e.pluginId}__${f.key}`];
        delete body[`ext__${e.pluginId}__${f.key}`];
        if (raw === undefined || raw === '') continue;
        out[e.pluginId] ??= {};
        out[e.pluginId][f.key] = ['integer', 'money', 'decimal'].includes(f.type) && !Number.isNaN(Number(raw)) ? Number(raw) : f.type === 'boolean' ? raw === 'on' : raw;
      }
    }
    return out;
  }

  @Get('points/new')
  async newPointPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, status = 200, form?: { values: Record<string, unknown>; errors: FieldErrors; general: string | null }): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.current(actor);
    const data = await this.pointFormData(actor, institutionId, form?.values ?? {}, form?.errors ?? {}, lang);
    await this.shell.send(req, res, actor, 'risk/point-form', data.L.newPoint, { ...data, general: form?.general }, status);
  }

  @Post('points')
  async createPoint(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.current(actor);
    const extensions = await this.extensionsFromForm(institutionId, body);
    const { dto, problems } = formToDto(CreateRiskPointDto, body, ['likelihood', 'harm'], ['powerIds']);
    dto.extensions = extensions;
    try {
      if (problems) throw problems;
      const id = await this.points.create(actor, institutionId, dto);
      res.redirect(303, `/risk/points/${id}`);
    } catch (err) {
      const L = riskLabels(lang);
      const { byField, general } = fieldErrors(err, lang, L);
      await this.newPointPage(actor, req, res, Object.keys(byField).length ? 400 : (err as AppError).getStatus(), { values: { ...body, extensions }, errors: byField, general });
    }
  }

  @Get('points/:id')
  async pointPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
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
    await this.shell.send(req, res, actor, 'risk/point', point.title, {
      L,
      message,
      point: this.pointView(point, lang),
      gradeHelp: view.grades,
      riskIndexHelp: view.riskIndexHelp,
      factors: view.factors.map((f) => {
        const v = point[f.key];
        return { ...f, display: v === null ? L.notAssessed : `${v} ${f.options[v - 1]?.label ?? ''}`, options: f.options.map((o) => ({ ...o, selected: o.value === v })), unassessed: v === null };
      }),
      extValues: exts.flatMap((e) => e.fields.map((f) => ({ label: pick(f.label, lang), value: this.fmtExt(point.extensions[e.pluginId]?.[f.key], f, lang) }))),
      steps: point.steps.map((s) => ({ ...s, number: s.index + 1, cls: s.current ? 'step-current' : s.done ? 'step-done' : 'step-todo' })),
      contributions: point.contributions.map((c) => ({ ...c, cls: `contrib contrib-${c.colour}`, at: c.at.slice(0, 16).replace('T', ' '), isSendBack: c.action === 'send-back' })),
      canAct: !!current && !refusal,
      currentStep: current ? { number: point.currentStep + 1, label: pick(current.label, lang) } : null,
      refusal: current && refusal ? pick(refusal, lang) : null,
      canSendBack,
      sendBackTargets: settings.steps.map((s, i) => ({ number: i + 1, label: pick(s.label, lang) })).filter((s) => s.number - 1 < (point.status === 'approved' ? settings.steps.length : point.currentStep)),
      editor: await this.isEditor(actor, point.institutionId),
      likelihoodOptions: [1, 2, 3].map((v) => ({ value: v, selected: v === point.likelihood })),
      harmOptions: [1, 2, 3].map((v) => ({ value: v, selected: v === point.harm })),
      gradeLog: point.gradeLog.map((g) => ({ ...g, from: pick(gradeLabel(settings, g.fromGrade), lang), to: pick(gradeLabel(settings, g.toGrade), lang), at: g.at.slice(0, 16).replace('T', ' ') })),
      versions: [...point.versions].reverse().map((v) => ({ ...v, reason: pick(VERSION_REASONS[v.reason], lang) || v.reason, at: v.at.slice(0, 16).replace('T', ' ') })),
    }, status);
  }

  private fmtExt(v: unknown, f: { type: string; options?: { value: string; label: { zh: string; en: string } }[] }, lang: Lang): string {
    if (v === null || v === undefined) return '';
    if (f.type === 'enum') return pick(f.options?.find((o) => o.value === v)?.label, lang) || String(v);
    if (f.type === 'money' && typeof v === 'number') return (v / 100).toFixed(2);
    return String(v);
  }

  private pointView(p: RiskPointView, lang: Lang) {
    return { ...p, levelLabel: pick(LEVEL_LABELS[p.level], lang), statusLabel: pick(STATUS_LABELS[p.status], lang) };
  }

  private async pointAction(actor: Actor, id: number, req: Request, res: Response, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      res.redirect(303, `/risk/points/${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.getStatus() === 404) throw err;
      const { byField, general } = fieldErrors(err, resolveLang(req), riskLabels(resolveLang(req)));
      await this.pointPage(actor, id, req, res, err.getStatus(), general ?? Object.values(byField).join('；'));
    }
  }

  @Post('points/:id/step')
  stepForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      const content = String(body.content ?? '').trim();
      if (!content || content.length > 4000) throw AppError.validation([{ field: 'content', key: 'validation.required' }]);
      await this.identification.contribute(actor, id, Number(body.step) - 1, content);
    });
  }

  @Post('points/:id/send-back')
  sendBackForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      const reason = String(body.reason ?? '').trim();
      if (!reason || reason.length > 4000) throw AppError.validation([{ field: 'reason', key: 'validation.required' }]);
      const toStep = Number(body.toStep);
      if (!Number.isInteger(toStep) || toStep < 1) throw AppError.validation([{ field: 'toStep', key: 'validation.integer' }]);
      await this.identification.sendBack(actor, id, toStep - 1, reason);
    });
  }

  @Post('points/:id/regrade')
  regradeForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pointAction(actor, id, req, res, async () => {
      // "未评估" posts an empty value, which clears that factor.
      for (const k of UNASSESSABLE_FACTORS) if (body[k] === '') body[k] = null;
      const { dto, problems } = formToDto(RegradeDto, body, ['likelihood', 'harm']);
      if (problems) throw problems;
      await this.points.regrade(actor, id, dto);
    });
  }

  // ---- publications (公示) ------------------------------------------------------------------

  @Get('publications')
  async publicationsPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    const canPublish = await this.publications.canPublish(actor, institutionId);
    const approved = canPublish ? (await this.points.list(actor, { institutionId, status: 'approved', limit: 200 }, lang)).items : [];
    const statusLabel = (s: string, inPeriod: boolean) => pick(s === 'superseded' ? { zh: '已被新版本取代', en: 'Superseded' } : inPeriod ? { zh: '公示中', en: 'Open' } : { zh: '不在公示期', en: 'Outside period' }, lang);
    await this.shell.send(req, res, actor, 'risk/publications', L.publications, {
      L,
      message,
      canPublish,
      approved,
      today: this.clock.today(),
      publications: (await this.publications.list(actor, institutionId)).map((p) => ({ ...p, statusLabel: statusLabel(p.status, p.inPeriod) })),
    }, status);
  }

  @Post('publications')
  async publishForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const institutionId = await this.current(actor);
    const { dto, problems } = formToDto(PublishDto, body, [], ['pointIds']);
    try {
      if (problems) throw problems;
      const id = await this.publications.publish(actor, institutionId, dto);
      res.redirect(303, `/risk/publications/${id}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.getStatus() === 404) throw err;
      const lang = resolveLang(req);
      const { byField, general } = fieldErrors(err, lang, { ...riskLabels(lang), startsOn: pick({ zh: '开始日期', en: 'Start' }, lang), endsOn: pick({ zh: '结束日期', en: 'End' }, lang), pointIds: riskLabels(lang).points });
      await this.publicationsPage(actor, req, res, err.getStatus(), general ?? Object.values(byField).join('；'));
    }
  }

  @Get('publications/:id')
  async publicationPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const pub = await this.publications.get(actor, id);
    const kindLabel = (k: string) => pick(k === 'objection' ? { zh: '异议', en: 'Objection' } : { zh: '意见', en: 'Comment' }, lang);
    await this.shell.send(req, res, actor, 'risk/publication', `${pub.title}（v${pub.version}）`, {
      L,
      message,
      pub,
      items: pub.items.map((i) => ({ ...i, levelLabel: pick(LEVEL_LABELS[i.level], lang) })),
      comments: pub.comments.map((c) => ({ ...c, kindLabel: kindLabel(c.kind), at: c.at.slice(0, 16).replace('T', ' '), point: pub.items.find((i) => i.pointId === c.pointId)?.title ?? '' })),
      canComment: pub.inPeriod,
      canRevise: pub.status === 'open' && (await this.publications.canPublish(actor, pub.institutionId)),
    }, status);
  }

  @Post('publications/:id/comments')
  commentForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, `/risk/publications/${id}`, req, (msg, st) => this.publicationPage(actor, id, req, res, st, msg), async () => {
      const { dto, problems } = formToDto(PublicationCommentDto, body, ['pointId']);
      if (problems) throw problems;
      await this.publications.comment(actor, id, dto);
    });
  }

  @Post('publications/:id/revise')
  reviseForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    let next = id;
    return this.pageAction(res, () => `/risk/publications/${next}`, req, (msg, st) => this.publicationPage(actor, id, req, res, st, msg), async () => {
      const { dto, problems } = formToDto(ReviseDto, body);
      if (problems) throw problems;
      next = await this.publications.revise(actor, id, dto);
    });
  }

  /** Runs a form action: redirect on success, the same page with the reason on a 4xx. */
  private async pageAction(res: Response, to: string | (() => string), req: Request, rerender: (message: string, status: number) => Promise<void>, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      res.redirect(303, typeof to === 'string' ? to : to());
    } catch (err) {
      if (!(err instanceof AppError) || err.getStatus() === 404) throw err;
      const { byField, general } = fieldErrors(err, resolveLang(req), riskLabels(resolveLang(req)));
      await rerender(general ?? Object.values(byField).join('；'), err.getStatus());
    }
  }

  // ---- commitments (承诺书) -------------------------------------------------------------------

  @Get('commitments')
  async commitmentsPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    const editor = await this.isEditor(actor, institutionId);
    const points = (await this.points.list(actor, { institutionId, limit: 200 }, lang)).items;
    const list = await this.commitments.list(actor, institutionId);
    const roles = await this.ctx.rolesAt(actor, institutionId);
    const people = editor ? await this.org.people(actor, institutionId) : [];
    const me = actor.personId ? (await this.org.people(actor, institutionId)).find((x) => x.id === actor.personId) : undefined;
    await this.shell.send(req, res, actor, 'risk/commitments', L.commitments, {
      L,
      message,
      editor,
      year: this.clock.now().getUTCFullYear(),
      points,
      people: people.map((x) => ({ id: x.id, name: `${x.name}（${x.departmentName ?? ''} ${x.postName ?? ''}）` })),
      departments: editor ? await this.org.departments(actor, institutionId) : [],
      commitments: list.map((x) => ({
        ...x,
        kindLabel: pick(x.kind === 'personal' ? { zh: '个人承诺书（附表4）', en: 'Personal (form 4)' } : { zh: '科室承诺书（附表5）', en: 'Department (form 5)' }, lang),
        canAck: !x.acknowledgedAt && (x.kind === 'personal' ? x.personId === actor.personId : roles.includes('department-head') && me?.departmentId === x.departmentId),
        ackAt: x.acknowledgedAt ? x.acknowledgedAt.slice(0, 16).replace('T', ' ') : null,
      })),
    }, status);
  }

  @Post('commitments')
  createCommitmentForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, '/risk/commitments', req, (msg, st) => this.commitmentsPage(actor, req, res, st, msg), async () => {
      const institutionId = await this.current(actor);
      const { dto, problems } = formToDto(CreateCommitmentDto, body, ['personId', 'departmentId', 'year'], ['pointIds']);
      if (problems) throw problems;
      await this.commitments.create(actor, institutionId, dto);
    });
  }

  @Post('commitments/:id/acknowledge')
  ackForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, '/risk/commitments', req, (msg, st) => this.commitmentsPage(actor, req, res, st, msg), () => this.commitments.acknowledge(actor, id));
  }

  // ---- self-checks (自查) ---------------------------------------------------------------------

  @Get('self-checks')
  async selfChecksPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, status = 200, message?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = riskLabels(lang);
    const institutionId = await this.current(actor);
    const editor = await this.isEditor(actor, institutionId);
    const settings = await this.ctx.settings(institutionId);
    const statusLabels: Record<string, { zh: string; en: string }> = { due: { zh: '待提交', en: 'Due' }, submitted: { zh: '已提交', en: 'Submitted' }, overdue: { zh: '已逾期', en: 'Overdue' } };
    const list = await this.selfChecks.list(actor, institutionId);
    await this.shell.send(req, res, actor, 'risk/self-checks', L.selfChecks, {
      L,
      message,
      dueDates: settings.selfCheckDueDates.join(pick({ zh: '、', en: ', ' }, lang)),
      checks: list
        .filter((x) => editor || x.personId === actor.personId)
        .map((x) => ({ ...x, gradeLabel: x.grade ? pick(gradeLabel(settings, x.grade), lang) : '', statusLabel: pick(statusLabels[x.status], lang), cls: `risk-sc-${x.status}`, canSubmit: x.status !== 'submitted' && (editor || x.personId === actor.personId) })),
      rotation: editor ? await this.selfChecks.rotationList(actor, institutionId) : [],
      editor,
      messages: (await this.selfChecks.messages(actor)).map((m) => ({ ...m, at: m.createdAt.slice(0, 16).replace('T', ' '), unread: !m.readAt })),
      unread: await this.selfChecks.unreadCount(actor),
    }, status);
  }

  @Post('messages/read-all')
  readAllForm(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, '/risk/self-checks', req, (msg, st) => this.selfChecksPage(actor, req, res, st, msg), async () => {
      await this.selfChecks.markRead(actor);
    });
  }

  @Post('messages/:id/read')
  readForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, '/risk/self-checks', req, (msg, st) => this.selfChecksPage(actor, req, res, st, msg), async () => {
      await this.selfChecks.markRead(actor, id);
    });
  }

  @Post('self-checks/:id/submit')
  submitSelfCheckForm(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pageAction(res, '/risk/self-checks', req, (msg, st) => this.selfChecksPage(actor, req, res, st, msg), async () => {
      const report = String(body.report ?? '').trim();
      if (!report || report.length > 4000) throw AppError.validation([{ field: 'report', key: 'validation.required' }]);
      await this.selfChecks.submit(actor, id, report);
    });
  }
}
