import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { flattenValidationErrors } from '../http/validation';
import { Lang, pick, resolveLang } from '../i18n/i18n';
import { OrgService } from '../org/org.service';
import { ShellService } from '../web/shell.service';
import { assessmentLabels } from './assessment-labels';
import { buildCharts, resultsWorkbook } from './assessment-report';
import { CreateSchemeDto, ITEM_METHODS, RecordVetoDto, ScoreItemDto } from './assessment.dto';
import { AssessmentService, MANAGE_ROLES, SubjectResult, VIEW_ROLES } from './assessment.service';
import { DOSSIER_ROLES, DossierService } from './dossier.service';
import { EvaluationService } from './evaluation.service';
import { BALLOT_CHOICES, BALLOT_LABELS, formatHundredths, PRESETS } from './scoring';

type Form = Record<string, string | string[] | undefined>;
const ITEM_ROWS = 6;

/** Turns an AppError into messages keyed by field, naming each field by its screen label, for showing next to each input. */
function problemsByField(err: unknown, lang: Lang): { byField: Record<string, string>; general: string | null } {
  if (!(err instanceof AppError)) throw err;
  if (!err.problems.length) return { byField: {}, general: errorBody(err, lang).message };
  const L = assessmentLabels(lang) as Record<string, string>;
  const byField: Record<string, string> = {};
  for (const p of err.problems) {
    const last = p.field.split('.').pop() ?? p.field;
    const label = L[last === 'id' ? 'subject' : last] ?? last;
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
    const manager = await this.assessment.hasRole(actor, institutionId, MANAGE_ROLES);
    const schemes = (await this.assessment.listSchemes(actor, institutionId)).filter((s) => manager || s.status === 'published');
    const rounds = await this.evaluation.myOpenRounds(actor);
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
    if (!(await this.assessment.hasRole(actor, plain.institutionId, VIEW_ROLES))) {
      const { results } = await this.assessment.results(actor, id);
      return this.shell.send(req, res, actor, 'assessment/published', plain.name, { L, scheme: plain, results: results.map((r) => this.resultRow(r, lang)) });
    }
    const detail = await this.assessment.detail(actor, id);
    const manager = await this.assessment.hasRole(actor, detail.institutionId, MANAGE_ROLES);
    const { results, frozen } = await this.assessment.results(actor, id);
    const history = await this.assessment.scoreHistory(detail.institutionId);
    const preset = this.assessment.presetOf(plain);
    const charts = buildCharts(results, preset.bands, lang, history);
    const rounds = await Promise.all(detail.rounds.map((r) => this.evaluation.view(actor, r.id)));
    const reports = await this.assessment.selfReports(actor, id);
    const evidence = (await this.assessment.evidence(actor, id)).filter((e) => e.reports.length);
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
      const voterUserIds = mode === 'online' ? await this.evaluation.usersAt(scheme.institutionId) : [];
      await this.evaluation.create(actor, id, { name: str(body.roundName) || '民主测评', mode, voterUserIds });
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
    if (!(await this.assessment.hasRole(actor, institutionId, DOSSIER_ROLES))) {
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

  @Get('dossiers/:personId')
  async dossier(
    @CurrentActor() actor: Actor,
    @Param('personId', IdPipe) personId: number,
    @Req() req: Request,
    @Res() res: Response,
    form?: { errors: Record<string, string>; general: string | null; values: Form },
  ): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const d = await this.dossiers.view(actor, personId);
    const canVeto = await this.assessment.hasRole(actor, d.person.institutionId, MANAGE_ROLES);
    await this.shell.send(req, res, actor, 'assessment/dossier', `${L.dossier} · ${d.person.name}`, {
      L,
      canVeto,
      veto: { year: str(form?.values.year) || this.assessment.today().slice(0, 4), reason: str(form?.values.reason), errors: form?.errors ?? {}, general: form?.general ?? null },
      d: {
        ...d,
        results: d.results.map((r) => ({ ...r, gradeText: pick(r.gradeLabel, lang), capTexts: r.caps.map((c) => pick(c, lang)) })),
        vetoes: d.vetoes.map((v) => ({ ...v, recordedBy: v.recordedBy.split(':').pop(), recordedAt: v.recordedAt.slice(0, 16).replace('T', ' ') })),
        views: d.views.map((v) => ({ who: v.who.split(':').pop(), at: v.at.slice(0, 19).replace('T', ' '), outcome: v.outcome === 'ok' ? L.viewed : L.refused })),
      },
    }, form ? 400 : 200);
  }
}
