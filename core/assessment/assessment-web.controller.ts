import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ISSUING_ROLES } from '../documents/documents.service';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { flattenValidationErrors } from '../http/validation';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { OrgService } from '../org/org.service';
import { ShellService } from '../web/shell.service';
import { assessmentLabels } from './assessment-labels';
import { buildCharts, resultsWorkbook, unitRankingWorkbook } from './assessment-report';
import { CreateRoundDto, CreateSchemeDto, ITEM_METHODS, RecordVetoDto, ReplaceItemsDto, ReplaceVetoRulesDto, ScoreItemDto, SelfReportDto } from './assessment.dto';
import { FACT_LABELS } from './assessment-facts';
import { VETO_FACTS, VetoRule } from './veto-rules';
import { AssessmentService, MANAGE_ROLES, SubjectResult, VIEW_ROLES } from './assessment.service';
import { DOSSIER_ROLES, DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';
import { UnitRankingService } from './unit-ranking.service';
import { BALLOT_CHOICES, BALLOT_LABELS, formatHundredths, PRESETS } from './scoring';

type Form = Record<string, string | string[] | undefined>;
const ITEM_ROWS = 6;

/** Turns an AppError into messages keyed by field, naming each field by its screen label, for showing next to each input. */
function problemsByField(err: unknown, lang: Lang, names: Record<string, string> = {}): { byField: Record<string, string>; general: string | null } {
  if (!(err instanceof AppError)) throw err;
  if (!err.problems.length) return { byField: {}, general: errorBody(err, lang).message };
  const L = assessmentLabels(lang) as Record<string, string>;
  const byField: Record<string, string> = {};
  for (const p of err.problems) {
    const last = p.field.split('.').pop() ?? p.field;
    const label = names[last] ?? L[last === 'id' ? 'subject' : last] ?? last;
    byField[p.field] = errorBody(AppError.validation([{ ...p, field: label }]), lang).details![0].message;
  }
  return { byField, general: null };
}

function validated<T extends object>(cls: new () => T, plain: Record<string, unknown>): T {
  const dto = plainToInstance(cls, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw AppError.validation(flattenValidationErrors(errors));
  return dto;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : (v ?? '')).trim();
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

/** Screens of the assessment module: they gather data from the services and render, nothing more. */
@ApiExcludeController()
@Controller('assessment')
export class AssessmentWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly org: OrgService,
    private readonly assessment: AssessmentService,
    private readonly evaluation: EvaluationService,
    private readonly dossiers: DossierService,
    private readonly units: UnitRankingService,
    private readonly access: AccessService,
  ) {}

  private current(actor: Actor): number {
    if (!actor.currentInstitutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    return actor.currentInstitutionId;
  }

  // ---- scheme list and creation -------------------------------------------------------------

  @Get()
  async index(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, form?: { values: Form; errors: Record<string, string>; general: string | null }): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const institutionId = this.current(actor);
    const manager = await this.access.can(actor, institutionId, MANAGE_ROLES);
    const schemes = (await this.assessment.listSchemes(actor, institutionId)).filter((s) => manager || s.status === 'published');
    const rounds = await this.evaluation.myOpenRounds(actor);
    const mySubjects = await this.assessment.mySubjects(actor);
    let create = null;
    if (manager) {
      const values = form?.values ?? {};
      const errors = form?.errors ?? {};
      const [people, departments, indicators] = await Promise.all([this.org.people(actor, institutionId), this.org.departments(actor, institutionId), this.assessment.indicators(actor, institutionId)]);
      const chosen = new Set(list(values.subjects));
      create = {
        values: { name: str(values.name), period: str(values.period) || this.assessment.today().slice(0, 4), assessmentDate: str(values.assessmentDate) },
        errors,
        general: form?.general ?? null,
        rows: Array.from({ length: ITEM_ROWS }, (_, i) => ({
          i,
          area: str(values[`area${i}`]),
          name: str(values[`name${i}`]),
          maxPoints: str(values[`maxPoints${i}`]),
          perMissing: str(values[`perMissing${i}`]),
          methods: ITEM_METHODS.map((m) => ({ value: m, label: L[m === 'indicator' ? 'indicatorMethod' : m], selected: str(values[`method${i}`]) === m })),
          indicators: indicators.map((d) => ({ value: `${d.pluginId}/${d.indicatorId}`, label: pick(d.label, lang), selected: str(values[`indicator${i}`]) === `${d.pluginId}/${d.indicatorId}` })),
          error: Object.entries(errors).filter(([k]) => k.startsWith(`items.${i}.`)).map(([, v]) => v).join('；'),
        })),
        itemsError: errors.items,
        people: people.map((p) => ({ value: `person:${p.id}`, label: `${p.name}${p.departmentName ? `（${p.departmentName}）` : ''}`, checked: chosen.has(`person:${p.id}`) })),
        departments: departments.map((d) => ({ value: `department:${d.id}`, label: d.name, checked: chosen.has(`department:${d.id}`) })),
      };
    }
    await this.shell.send(req, res, actor, 'assessment/index', L.schemes, {
      L,
      manager,
      schemes: schemes.map((s) => ({ ...s, statusLabel: L[s.status as 'draft'], presetLabel: pick(PRESETS[s.preset as '004-p1'].label, lang) })),
      rounds,
      mySubjects,
      create,
    }, form ? 400 : 200);
  }

  @Post('schemes')
  async createScheme(@CurrentActor() actor: Actor, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const items = Array.from({ length: ITEM_ROWS }, (_, i) => i)
      .filter((i) => str(body[`name${i}`]) || str(body[`maxPoints${i}`]))
      .map((i) => {
        const [pluginId, indicatorId] = str(body[`indicator${i}`]).split('/');
        const method = str(body[`method${i}`]);
        return {
          area: str(body[`area${i}`]),
          name: str(body[`name${i}`]),
          maxPoints: Number(str(body[`maxPoints${i}`])),
          method,
          ...(method === 'deduction' && str(body[`perMissing${i}`]) ? { perMissing: Number(str(body[`perMissing${i}`])) } : {}),
          ...(method === 'indicator' ? { pluginId, indicatorId } : {}),
        };
      });
    const subjects = list(body.subjects).map((v) => {
      const [kind, id] = v.split(':');
      return { kind, id: Number(id) };
    });
    try {
      const dto = validated(CreateSchemeDto, {
        institutionId: this.current(actor),
        name: str(body.name),
        period: str(body.period),
        ...(str(body.assessmentDate) ? { assessmentDate: str(body.assessmentDate) } : {}),
        items,
        subjects,
      });
      const scheme = await this.assessment.createScheme(actor, dto);
      res.redirect(303, `/assessment/schemes/${scheme.id}`);
    } catch (err) {
      const { byField, general } = problemsByField(err, resolveLang(req));
      await this.index(actor, req, res, { values: body, errors: byField, general });
    }
  }

  // ---- scheme detail, results, charts -------------------------------------------------------

  @Get('schemes/:id')
  async scheme(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, form?: { errors: Record<string, string>; general: string | null; status: number }): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const plain = await this.assessment.scheme(actor, id);
    if (!(await this.access.can(actor, plain.institutionId, VIEW_ROLES))) {
      const { results, publishedUntil } = await this.assessment.results(actor, id);
      const windowClosed = publishedUntil !== null && this.assessment.today() > publishedUntil;
      return this.shell.send(req, res, actor, 'assessment/published', plain.name, { L, scheme: plain, publishedUntil, windowClosed, results: results.map((r) => this.resultRow(r, lang)) });
    }
    const detail = await this.assessment.detail(actor, id);
    const manager = await this.access.can(actor, detail.institutionId, MANAGE_ROLES);
    const { results, frozen } = await this.assessment.results(actor, id);
    const history = await this.assessment.scoreHistory(detail.institutionId);
    const preset = this.assessment.presetOf(plain);
    const charts = buildCharts(results, preset.bands, lang, history);
    const rounds = await Promise.all(detail.rounds.map((r) => this.evaluation.view(actor, r.id)));
    const reports = await this.assessment.selfReports(actor, id);
    const evidence = (await this.assessment.evidence(actor, id)).filter((e) => e.reports.length);
    const voters = manager && detail.status === 'draft' ? await this.evaluation.voterCandidates(detail.institutionId) : [];
    const methodLabel = (m: string) => L[m === 'indicator' ? 'indicatorMethod' : (m as 'manual')];
    await this.shell.send(
      req,
      res,
      actor,
      'assessment/scheme',
      detail.name,
      {
        L,
        manager,
        draft: detail.status === 'draft',
        finalisedOnly: detail.status === 'finalised',
        scheme: { ...detail, statusLabel: L[detail.status as 'draft'], presetLabel: pick(preset.label, lang) },
        grades: detail.grades.map((g) => ({ label: pick(g.label, lang), min: g.min })),
        vetoRules: detail.vetoRules.map((r) => ({ label: pick(r.label, lang), min: r.min })),
        items: detail.items.map((i) => ({ ...i, methodLabel: methodLabel(i.method), perMissing: i.perMissingHundredths === null ? null : formatHundredths(i.perMissingHundredths) })),
        itemsTotal: detail.items.reduce((s, i) => s + i.maxPoints, 0),
        scorable: detail.items.filter((i) => i.method === 'manual' || i.method === 'deduction').map((i) => ({ id: i.id, label: `${i.area} · ${i.name}（${methodLabel(i.method)}）` })),
        subjects: detail.subjects,
        rounds: rounds.map((r) => ({
          ...r,
          statusLabel: L[r.status as 'open'],
          modeLabel: L[r.mode as 'online'],
          isOpen: r.status === 'open',
          isPaper: r.mode === 'paper',
          turnoutText: r.turnout ? L.turnout.replace('{voted}', String(r.turnout.voted)).replace('{voters}', String(r.turnout.voters)) : '',
          tallies: r.tallies?.map((t) => ({ ...t, label: detail.subjects.find((s) => s.id === t.subjectId)?.label ?? '' })) ?? null,
        })),
        ballotChoices: [...BALLOT_CHOICES, 'invalid'].map((c) => ({ value: c, label: c === 'invalid' ? L.invalid : pick(BALLOT_LABELS[c as 'good'], lang) })),
        results: results.map((r) => this.resultRow(r, lang)),
        frozen,
        charts,
        hasHistory: charts.trend.periods.length > 0,
        reports,
        evidence,
        voters,
        errors: form?.errors ?? {},
        general: form?.general ?? null,
      },
      form?.status ?? 200,
    );
  }

  private resultRow(r: SubjectResult, lang: Lang) {
    return {
      ...r,
      evaluation: r.evaluationHundredths === null ? '—' : formatHundredths(r.evaluationHundredths),
      baseGradeText: pick(r.baseGradeLabel, lang),
      gradeText: pick(r.gradeLabel, lang),
      capped: r.caps.length > 0,
      capTexts: r.caps.map((c) => `${pick(c.fromLabel, lang)} → ${pick(c.toLabel, lang)}：${pick(c.reason, lang)}`),
      otherTexts: r.notBinding.map((c) => pick(c.reason, lang)),
      consequenceTexts: r.consequences.map((c) => pick(c.label, lang)),
      items: r.items.map((i) => ({
        ...i,
        indicatorText: i.indicator ? (i.indicator.error ? i.indicator.error : `${i.indicator.value ?? '—'} / ${i.indicator.target ?? '—'}`) : '',
      })),
    };
  }

  /** Runs a scheme action and comes back to the scheme page, showing a refusal there. */
  private async act(actor: Actor, id: number, req: Request, res: Response, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      const { byField, general } = problemsByField(err, resolveLang(req));
      await this.scheme(actor, id, req, res, { errors: byField, general, status: err instanceof AppError ? err.getStatus() : 400 });
    }
  }

  @Post('schemes/:id/score')
  score(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => {
      const itemId = Number(str(body.itemId));
      const dto = validated(ScoreItemDto, {
        subjectId: Number(str(body.subjectId)),
        ...(str(body.points) ? { points: Number(str(body.points)) } : {}),
        ...(str(body.missing) ? { missing: Number(str(body.missing)) } : {}),
        evidence: str(body.evidence),
      });
      if (!Number.isSafeInteger(itemId) || itemId < 1) throw AppError.validation([{ field: 'itemId', key: 'validation.required' }]);
      await this.assessment.scoreItem(actor, itemId, dto);
    });
  }

  @Post('schemes/:id/rounds')
  createRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => {
      const scheme = await this.assessment.scheme(actor, id, MANAGE_ROLES);
      const mode = str(body.mode) === 'paper' ? 'paper' : 'online';
      const voterUserIds = mode === 'online' ? list(body.voters).map(Number) : [];
      await this.evaluation.create(actor, scheme.id, validated(CreateRoundDto, { name: str(body.roundName) || '民主测评', mode, voterUserIds }));
    });
  }

  @Post('rounds/:id/close')
  async closeRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const round = await this.evaluation.view(actor, id);
    return this.act(actor, round.schemeId, req, res, () => this.evaluation.close(actor, id));
  }

  @Post('rounds/:id/paper-tally')
  async paperTally(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    const round = await this.evaluation.view(actor, id);
    return this.act(actor, round.schemeId, req, res, async () => {
      const n = (k: string) => Number(str(body[k]) || '0');
      await this.evaluation.enterPaperTally(actor, id, { subjectId: n('subjectId'), excellent: n('excellent'), good: n('good'), fair: n('fair'), poor: n('poor'), invalid: n('invalid') });
    });
  }

  @Post('schemes/:id/finalise')
  finalise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, () => this.assessment.finalise(actor, id));
  }

  @Post('schemes/:id/publish')
  publish(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, () => this.assessment.publish(actor, id));
  }

  @Get('schemes/:id/export.xlsx')
  async export(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const scheme = await this.assessment.scheme(actor, id);
    const { results } = await this.assessment.results(actor, id);
    const buf = await resultsWorkbook(`${scheme.name}（${scheme.period}）`, results, lang);
    res
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="assessment-${id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${scheme.name}.xlsx`)}`)
      .send(buf);
  }

  // ---- editing items and veto rules ------------------------------------------------------------

  @Get('schemes/:id/edit')
  async edit(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Req() req: Request,
    @Res() res: Response,
    form?: { part: 'items' | 'rules'; values: Form; errors: Record<string, string>; general: string | null; rowOf: number[] },
  ): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const plain = await this.assessment.scheme(actor, id, MANAGE_ROLES);
    this.assessment.assertDraft(plain);
    const detail = await this.assessment.detail(actor, id);
    const indicators = await this.assessment.indicators(actor, detail.institutionId);
    const preset = this.assessment.presetOf(plain);
    // Errors arrive by DTO index; rowOf maps that index back to the form row it came from.
    const rowErrors = (prefix: RegExp, part: 'items' | 'rules') => {
      const out: Record<number, string[]> = {};
      if (form?.part !== part) return out;
      for (const [field, msg] of Object.entries(form.errors)) {
        const m = prefix.exec(field);
        if (m) (out[form.rowOf[Number(m[1] ?? m[2])] ?? 0] ??= []).push(msg);
      }
      return out;
    };
    const itemValues = form?.part === 'items' ? form.values : null;
    const itemCount = itemValues ? Object.keys(itemValues).filter((k) => /^name\d+$/.test(k)).length : detail.items.length + 3;
    const itemErrs = rowErrors(/^items(?:\[(\d+)\]|\.(\d+))/, 'items');
    const itemRows = Array.from({ length: itemCount }, (_, i) => {
      const it = detail.items[i];
      const v = (k: string, dflt: string) => (itemValues ? str(itemValues[`${k}${i}`]) : dflt);
      const method = v('method', it?.method ?? 'manual');
      const indicator = v('indicator', it?.pluginId ? `${it.pluginId}/${it.indicatorId}` : '');
      return {
        i,
        id: v('id', it ? String(it.id) : ''),
        area: v('area', it?.area ?? ''),
        name: v('name', it?.name ?? ''),
        maxPoints: v('maxPoints', it ? String(it.maxPoints) : ''),
        perMissing: v('perMissing', it?.perMissingHundredths ? formatHundredths(it.perMissingHundredths) : ''),
        methods: ITEM_METHODS.map((m) => ({ value: m, label: L[m === 'indicator' ? 'indicatorMethod' : m], selected: method === m })),
        indicators: indicators.map((d) => ({ value: `${d.pluginId}/${d.indicatorId}`, label: pick(d.label, lang), selected: indicator === `${d.pluginId}/${d.indicatorId}` })),
        error: (itemErrs[i] ?? []).join('；'),
      };
    });
    const sum = itemRows.reduce((t, r) => t + (Number(r.maxPoints) || 0), 0);
    const ruleValues = form?.part === 'rules' ? form.values : null;
    const ruleCount = ruleValues ? Object.keys(ruleValues).filter((k) => /^fact\d+$/.test(k)).length : detail.vetoRules.length + 1;
    const ruleErrs = rowErrors(/^vetoRules(?:\[(\d+)\]|\.(\d+))/, 'rules');
    const ruleRows = Array.from({ length: ruleCount }, (_, i) => {
      const r = detail.vetoRules[i];
      const v = (k: string, dflt: string) => (ruleValues ? str(ruleValues[`${k}${i}`]) : dflt);
      const fact = v('fact', r?.fact ?? '');
      const cap = v('capGrade', r?.capGrade ?? '');
      return {
        i,
        ruleId: v('ruleId', r?.id ?? ''),
        min: v('min', r ? String(r.min) : '1'),
        exclude: ruleValues ? str(ruleValues[`exclude${i}`]) === 'on' : (r?.excludeFromPromotion ?? false),
        labelZh: v('labelZh', r?.label.zh ?? ''),
        labelEn: v('labelEn', r?.label.en ?? ''),
        facts: VETO_FACTS.map((f) => ({ value: f, label: pick(FACT_LABELS[f], lang), selected: fact === f })),
        caps: [{ value: '', label: L.noCap, selected: cap === '' }, ...preset.bands.map((b) => ({ value: b.code, label: pick(b.label, lang), selected: cap === b.code }))],
        error: (ruleErrs[i] ?? []).join('；'),
      };
    });
    await this.shell.send(req, res, actor, 'assessment/edit', `${L.editScheme} · ${detail.name}`, {
      L,
      scheme: detail,
      itemRows,
      sum,
      sumOk: sum === 100,
      itemsError: form?.part === 'items' ? (form.errors.items ?? form.general) : null,
      ruleRows,
      rulesError: form?.part === 'rules' ? form.general : null,
    }, form ? 400 : 200);
  }

  @Post('schemes/:id/items')
  async saveItems(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rows = Object.keys(body).filter((k) => /^name\d{1,3}$/.test(k)).map((k) => Number(k.slice(4))).sort((a, b) => a - b);
    // A row with neither a name nor points is an empty (or emptied, i.e. removed) row.
    const used = rows.filter((i) => str(body[`name${i}`]) || str(body[`maxPoints${i}`]));
    const items = used.map((i) => {
      const [pluginId, indicatorId] = str(body[`indicator${i}`]).split('/');
      const method = str(body[`method${i}`]);
      return {
        ...(str(body[`id${i}`]) ? { id: Number(str(body[`id${i}`])) } : {}),
        area: str(body[`area${i}`]),
        name: str(body[`name${i}`]),
        maxPoints: Number(str(body[`maxPoints${i}`])),
        method,
        ...(method === 'deduction' && str(body[`perMissing${i}`]) ? { perMissing: Number(str(body[`perMissing${i}`])) } : {}),
        ...(method === 'indicator' ? { pluginId, indicatorId } : {}),
      };
    });
    try {
      const dto = validated(ReplaceItemsDto, { items });
      await this.assessment.replaceItems(actor, id, dto);
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      const { byField, general } = problemsByField(err, resolveLang(req));
      await this.edit(actor, id, req, res, { part: 'items', values: body, errors: byField, general, rowOf: used });
    }
  }

  @Post('schemes/:id/veto-rules')
  async saveVetoRules(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rows = Object.keys(body).filter((k) => /^fact\d{1,2}$/.test(k)).map((k) => Number(k.slice(4))).sort((a, b) => a - b);
    // A row is kept when it names a fact and is not ticked for removal.
    const used = rows.filter((i) => str(body[`fact${i}`]) && str(body[`remove${i}`]) !== 'on');
    const taken = new Set(used.map((i) => str(body[`ruleId${i}`])).filter(Boolean));
    const vetoRules = used.map((i) => {
      const fact = str(body[`fact${i}`]);
      let ruleId = str(body[`ruleId${i}`]);
      if (!ruleId) {
        ruleId = taken.has(fact) ? `${fact}-${i + 1}` : fact;
        taken.add(ruleId);
      }
      return {
        id: ruleId,
        fact,
        min: Number(str(body[`min${i}`])),
        capGrade: str(body[`capGrade${i}`]) || null,
        excludeFromPromotion: str(body[`exclude${i}`]) === 'on',
        label: { zh: str(body[`labelZh${i}`]), en: str(body[`labelEn${i}`]) || str(body[`labelZh${i}`]) },
      };
    });
    try {
      const dto = validated(ReplaceVetoRulesDto, { vetoRules });
      await this.assessment.replaceVetoRules(actor, id, dto.vetoRules as VetoRule[]);
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      const L = assessmentLabels(resolveLang(req));
      const { byField, general } = problemsByField(err, resolveLang(req), { min: L.ruleMin, label: L.labelZh, fact: L.fact, id: L.fact });
      await this.edit(actor, id, req, res, { part: 'rules', values: body, errors: byField, general, rowOf: used });
    }
  }

  // ---- self-reports (述职述廉) ------------------------------------------------------------------

  @Get('schemes/:id/self-report')
  async selfReport(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Req() req: Request,
    @Res() res: Response,
    form?: { values: Form; errors: Record<string, string>; general: string | null; status: number },
  ): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const scheme = await this.assessment.scheme(actor, id);
    const manager = await this.access.can(actor, scheme.institutionId, MANAGE_ROLES);
    const subjects = (await this.assessment.subjectsOf(id)).filter((s) => manager || (s.personId !== null && s.personId === actor.personId));
    if (!subjects.length) throw AppError.forbidden();
    const chosen = str(form?.values.subjectId);
    const publishFrom = scheme.assessmentDate ? new Date(Date.parse(scheme.assessmentDate) - 3 * 86_400_000).toISOString().slice(0, 10) : null;
    await this.shell.send(req, res, actor, 'assessment/self-report', `${L.submitSelfReport} · ${scheme.name}`, {
      L,
      scheme,
      publishFrom,
      late: publishFrom !== null && this.assessment.today() > publishFrom,
      subjects: subjects.map((s) => ({ id: s.id, label: s.label, selected: String(s.id) === chosen })),
      values: { title: form ? str(form.values.title) : /^\d{4}$/.test(scheme.period) ? `${scheme.period}年度述职述廉报告` : `${scheme.name}述职述廉报告`, body: str(form?.values.body) },
      errors: form?.errors ?? {},
      general: form?.general ?? null,
      saved: req.query.saved === '1',
    }, form?.status ?? 200);
  }

  @Post('schemes/:id/self-report')
  async submitSelfReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const dto = validated(SelfReportDto, { subjectId: Number(str(body.subjectId)), title: str(body.title), body: str(body.body) });
      await this.assessment.submitSelfReport(actor, id, dto);
      res.redirect(303, `/assessment/schemes/${id}/self-report?saved=1`);
    } catch (err) {
      const L = assessmentLabels(resolveLang(req));
      const { byField, general } = problemsByField(err, resolveLang(req), { title: L.reportTitle, body: L.reportBody });
      await this.selfReport(actor, id, req, res, { values: body, errors: byField, general, status: err instanceof AppError ? err.getStatus() : 400 });
    }
  }

  // ---- ranking across units ---------------------------------------------------------------------

  private periodOf(req: Request): string | undefined {
    const p = typeof req.query.period === 'string' ? req.query.period : '';
    return /^\d{4}(-(H1|H2|Q[1-4]))?$/.test(p) ? p : undefined;
  }

  @Get('units')
  async unitRanking(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const r = await this.units.ranking(actor, this.current(actor), this.periodOf(req));
    const charts = buildCharts([], [], lang, r.history);
    await this.shell.send(req, res, actor, 'assessment/units', L.unitRanking, {
      L,
      r,
      periods: r.periods.map((p) => ({ value: p, selected: p === r.period })),
      charts,
      hasHistory: charts.trend.periods.length > 0,
      exportHref: `/assessment/units/export.xlsx${r.period ? `?period=${encodeURIComponent(r.period)}` : ''}`,
    });
  }

  @Get('units/export.xlsx')
  async unitRankingExport(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const r = await this.units.ranking(actor, this.current(actor), this.periodOf(req));
    const title = lang === 'zh' ? `${r.parent.name}所属单位考核排名（${r.period ?? '—'}）` : `Unit ranking under ${r.parent.name} (${r.period ?? '—'})`;
    const buf = await unitRankingWorkbook(title, r.rows, lang);
    res
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="unit-ranking-${r.period ?? 'none'}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`)
      .send(buf);
  }

  // ---- ballots --------------------------------------------------------------------------------

  @Get('rounds/:id/vote')
  async ballot(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, error?: string): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const round = await this.evaluation.view(actor, id);
    await this.shell.send(req, res, actor, 'assessment/ballot', `${L.ballotSheet} · ${round.name}`, {
      L,
      round,
      canVote: round.myBallot.listed && !round.myBallot.hasVoted && round.status === 'open' && round.mode === 'online',
      choices: BALLOT_CHOICES.map((c) => ({ value: c, label: pick(BALLOT_LABELS[c], lang) })),
      error: error ?? null,
    }, error ? 409 : 200);
  }

  @Post('rounds/:id/vote')
  async castBallot(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const choices: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (/^s\d{1,12}$/.test(k) && str(v)) choices[k.slice(1)] = str(v);
    try {
      await this.evaluation.cast(actor, id, { choices });
      res.redirect(303, `/assessment/rounds/${id}/vote`);
    } catch (err) {
      await this.ballot(actor, id, req, res, problemsByField(err, resolveLang(req)).general ?? '');
    }
  }

  // ---- integrity dossiers ---------------------------------------------------------------------

  @Get('dossiers')
  async dossierList(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const institutionId = this.current(actor);
    if (!(await this.access.can(actor, institutionId, DOSSIER_ROLES))) {
      if (actor.personId) return res.redirect(303, `/assessment/dossiers/${actor.personId}`);
      throw AppError.forbidden();
    }
    const people = await this.org.people(actor, institutionId);
    await this.shell.send(req, res, actor, 'assessment/dossiers', L.dossiers, { L, people });
  }

  @Post('dossiers/:personId/vetoes')
  async recordVeto(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const dto = validated(RecordVetoDto, { personId, year: Number(str(body.year)), reason: str(body.reason) });
      await this.dossiers.recordVeto(actor, dto);
      res.redirect(303, `/assessment/dossiers/${personId}`);
    } catch (err) {
      const { byField, general } = problemsByField(err, resolveLang(req));
      await this.dossier(actor, personId, req, res, { errors: byField, general, values: body });
    }
  }

  @Post('dossiers/:personId/pdf')
  async dossierPdf(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const doc = await this.dossiers.issuePdf(actor, personId);
      res.redirect(303, `/api/documents/${doc.id}/pdf`);
    } catch (err) {
      const { general } = problemsByField(err, resolveLang(req));
      await this.dossier(actor, personId, req, res, { errors: {}, general, values: {}, pdf: true });
    }
  }

  @Get('dossiers/:personId')
  async dossier(
    @CurrentActor() actor: Actor,
    @Param('personId', IdPipe) personId: number,
    @Req() req: Request,
    @Res() res: Response,
    form?: { errors: Record<string, string>; general: string | null; values: Form; pdf?: boolean },
  ): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const d = await this.dossiers.view(actor, personId);
    const canVeto = await this.access.can(actor, d.person.institutionId, MANAGE_ROLES);
    const canPdf = (await this.access.can(actor, d.person.institutionId, ISSUING_ROLES));
    await this.shell.send(req, res, actor, 'assessment/dossier', `${L.dossier} · ${d.person.name}`, {
      L,
      canVeto,
      canPdf,
      pdfError: form?.pdf ? form.general : null,
      veto: { year: str(form?.values.year) || this.assessment.today().slice(0, 4), reason: str(form?.values.reason), errors: form?.errors ?? {}, general: form?.pdf ? null : (form?.general ?? null) },
      d: {
        ...d,
        results: d.results.map((r) => ({ ...r, gradeText: pick(r.gradeLabel, lang), capTexts: r.caps.map((c) => pick(c, lang)) })),
        vetoes: d.vetoes.map((v) => ({ ...v, recordedBy: v.recordedBy.split(':').pop(), recordedAt: v.recordedAt.slice(0, 16).replace('T', ' ') })),
        views: d.views.map((v) => ({ who: v.who.split(':').pop(), at: v.at.slice(0, 19).replace('T', ' '), outcome: v.outcome === 'ok' ? L.viewed : L.refused })),
      },
    }, form ? 400 : 200);
  }
}
