import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { Form, formLabels, list, refusal, Refusal, str, trimmed } from './assessment-forms';
import { assessmentLabels } from './assessment-labels';
import { buildCharts, resultsWorkbook } from './assessment-report';
import { AssessmentResultsService } from './assessment-results.service';
import { AssessmentSchemeService, MANAGE_ROLES, presetOf, VIEW_ROLES } from './assessment-scheme.service';
import { AssessmentScoringService } from './assessment-scoring.service';
import { CreateRoundDto, PaperTallyDto, ScoreItemDto } from './assessment.dto';
import { EvaluationService } from './evaluation.service';
import { ResultsDocumentService } from './results-document.service';
import { methodLabel, presetText, resultRow } from './scheme-screens.view';
import { BALLOT_CHOICES, BALLOT_LABELS, formatHundredths } from './scoring';
import { SelfReportService } from './self-report.service';

/** The scheme page (items, rounds, results, charts) and the actions posted from it: scores, rounds, finalise, publish. */
@ApiExcludeController()
@Controller('assessment')
export class SchemeResultsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly schemes: AssessmentSchemeService,
    private readonly scoring: AssessmentScoringService,
    private readonly resultsService: AssessmentResultsService,
    private readonly evaluation: EvaluationService,
    private readonly reports: SelfReportService,
    private readonly resultsDocuments: ResultsDocumentService,
  ) {}

  @Get('schemes/:id')
  async scheme(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, form?: Refusal & { status: number }): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const plain = await this.schemes.scheme(actor, id);
    if (!(await this.access.can(actor, plain.institutionId, VIEW_ROLES))) {
      const { results, publishedUntil } = await this.resultsService.results(actor, id);
      const windowClosed = publishedUntil !== null && this.clock.today() > publishedUntil;
      return this.shell.send(req, res, actor, 'assessment/published', plain.name, { L, scheme: plain, publishedUntil, windowClosed, results: results.map((r) => resultRow(r, lang)) });
    }
    const detail = await this.schemes.detail(actor, id);
    const manager = await this.access.can(actor, detail.institutionId, MANAGE_ROLES);
    const { results, frozen, evaluating } = await this.resultsService.results(actor, id);
    const history = await this.resultsService.scoreHistory(detail.institutionId);
    const preset = presetOf(plain);
    const charts = buildCharts(results, preset.bands, lang, history);
    const rounds = await Promise.all(detail.rounds.map((r) => this.evaluation.view(actor, r.id)));
    const reports = await this.reports.selfReports(actor, id);
    const evidence = (await this.scoring.evidence(actor, id)).filter((e) => e.reports.length);
    const voters = manager && detail.status === 'draft' ? await this.evaluation.voterCandidates(detail.institutionId) : [];
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
        canResultsPdf: manager && detail.status !== 'draft',
        scheme: { ...detail, statusLabel: L[detail.status as 'draft'], presetLabel: presetText(plain, lang) },
        grades: detail.grades.map((g) => ({ label: pick(g.label, lang), min: g.min })),
        vetoRules: detail.vetoRules.map((r) => ({ label: pick(r.label, lang), min: r.min })),
        items: detail.items.map((i) => ({ ...i, methodLabel: methodLabel(L, i.method), perMissing: i.perMissingHundredths === null ? null : formatHundredths(i.perMissingHundredths) })),
        itemsTotal: detail.items.reduce((s, i) => s + i.maxPoints, 0),
        scorable: detail.items.filter((i) => i.method === 'manual' || i.method === 'deduction').map((i) => ({ id: i.id, label: `${i.area} · ${i.name}（${methodLabel(L, i.method)}）` })),
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
        results: results.map((r) => resultRow(r, lang)),
        frozen,
        evaluating: evaluating ? { ballotsText: L.ballotsCast.replace('{n}', String(evaluating.ballotsCast)) } : null,
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

  /** Runs a scheme action and comes back to the scheme page, showing a refusal there: the posted form's (returned by `fn`) or the service's. */
  private async act(actor: Actor, id: number, req: Request, res: Response, fn: () => Promise<Refusal | void>): Promise<void> {
    try {
      const refused = await fn();
      if (refused) return this.scheme(actor, id, req, res, { ...refused, status: 400 });
      res.redirect(303, `/assessment/schemes/${id}`);
    } catch (err) {
      await this.scheme(actor, id, req, res, { ...refusal(err, resolveLang(req)), status: err instanceof AppError ? err.getStatus() : 400 });
    }
  }

  @Post('schemes/:id/score')
  score(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => {
      const lang = resolveLang(req);
      const { itemId: posted, ...fields } = trimmed(body);
      // An untouched points or missing input is left out; the service says which one the item needs.
      const v = await validateForm(ScoreItemDto, fields, lang, { numeric: ['subjectId', 'points', 'missing'], keepEmpty: ['subjectId', 'evidence'], labels: formLabels(lang) });
      if (!v.ok) return { errors: v.errors, general: null };
      const itemId = Number(posted);
      if (!Number.isSafeInteger(itemId) || itemId < 1) throw AppError.validation([{ field: 'itemId', key: 'validation.required' }]);
      await this.scoring.scoreItem(actor, itemId, v.value);
    });
  }

  @Post('schemes/:id/rounds')
  createRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => {
      const lang = resolveLang(req);
      const scheme = await this.schemes.scheme(actor, id, MANAGE_ROLES);
      const mode = str(body.mode) === 'paper' ? 'paper' : 'online';
      const voterUserIds = mode === 'online' ? list(body.voters).map(Number) : [];
      const v = await validateForm(CreateRoundDto, { name: str(body.roundName) || '民主测评', mode, voterUserIds }, lang, { labels: formLabels(lang) });
      if (!v.ok) return { errors: v.errors, general: null };
      await this.evaluation.create(actor, scheme.id, v.value);
    });
  }

  @Post('rounds/:id/close')
  async closeRound(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const round = await this.evaluation.view(actor, id);
    return this.act(actor, round.schemeId, req, res, async () => void (await this.evaluation.close(actor, id)));
  }

  @Post('rounds/:id/paper-tally')
  async paperTally(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response) {
    const round = await this.evaluation.view(actor, id);
    return this.act(actor, round.schemeId, req, res, async () => {
      const lang = resolveLang(req);
      // An emptied count is a nought; the counts have no messages of their own on the page, so a bad one is said at the top.
      const counts = Object.fromEntries(['subjectId', 'excellent', 'good', 'fair', 'poor', 'invalid'].map((k) => [k, str(body[k]) || '0']));
      const labels = { ...formLabels(lang), invalid: assessmentLabels(lang).invalid, ...Object.fromEntries(BALLOT_CHOICES.map((c) => [c, pick(BALLOT_LABELS[c], lang)])) };
      const v = await validateForm(PaperTallyDto, counts, lang, { numeric: Object.keys(counts), labels });
      if (!v.ok) return { errors: {}, general: v.messages.join('；') };
      await this.evaluation.enterPaperTally(actor, id, v.value);
    });
  }

  @Post('schemes/:id/finalise')
  finalise(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => void (await this.resultsService.finalise(actor, id)));
  }

  @Post('schemes/:id/publish')
  publish(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    return this.act(actor, id, req, res, async () => void (await this.resultsService.publish(actor, id)));
  }

  /** 出具结果通报: the numbered PDF, or the scheme page with the refusal (a draft: 409). */
  @Post('schemes/:id/pdf')
  async resultsPdf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const doc = await this.resultsDocuments.issuePdf(actor, id);
      res.redirect(303, `/api/documents/${doc.id}/pdf`);
    } catch (err) {
      await this.scheme(actor, id, req, res, { ...refusal(err, resolveLang(req)), status: err instanceof AppError ? err.getStatus() : 400 });
    }
  }

  @Get('schemes/:id/export.xlsx')
  async export(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const scheme = await this.schemes.scheme(actor, id);
    const { results } = await this.resultsService.results(actor, id);
    const buf = await resultsWorkbook(`${scheme.name}（${scheme.period}）`, results, lang);
    res
      .status(200)
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="assessment-${id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${scheme.name}.xlsx`)}`)
      .send(buf);
  }
}
