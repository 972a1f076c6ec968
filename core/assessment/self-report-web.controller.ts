import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { Lang, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { Form, formLabels, refusal, Refusal, str, trimmed } from './assessment-forms';
import { assessmentLabels } from './assessment-labels';
import { AssessmentSchemeService, MANAGE_ROLES } from './assessment-scheme.service';
import { SelfReportDto } from './assessment.dto';
import { selfReportPublishFrom, SelfReportService } from './self-report.service';

/** Report fields by their labels on this screen. */
const names = (lang: Lang) => ({ title: assessmentLabels(lang).reportTitle, body: assessmentLabels(lang).reportBody });

/** The self-report (述职述廉) form of an assessed person, or of an officer filing for them. */
@ApiExcludeController()
@Controller('assessment')
export class SelfReportWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly schemes: AssessmentSchemeService,
    private readonly reports: SelfReportService,
  ) {}

  @Get('schemes/:id/self-report')
  async selfReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response, form?: Refusal & { values: Form; status: number }): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const scheme = await this.schemes.scheme(actor, id);
    const manager = await this.access.can(actor, scheme.institutionId, MANAGE_ROLES);
    const subjects = (await this.schemes.subjectsOf(id)).filter((s) => manager || (s.personId !== null && s.personId === actor.personId));
    if (!subjects.length) throw await this.schemes.refusal(actor, scheme);
    const chosen = str(form?.values.subjectId);
    const publishFrom = scheme.assessmentDate ? selfReportPublishFrom(scheme.assessmentDate) : null;
    await this.shell.send(req, res, actor, 'assessment/self-report', `${L.submitSelfReport} · ${scheme.name}`, {
      L,
      scheme,
      publishFrom,
      late: publishFrom !== null && this.clock.today() > publishFrom,
      subjects: subjects.map((s) => ({ id: s.id, label: s.label, selected: String(s.id) === chosen })),
      values: { title: form ? str(form.values.title) : /^\d{4}$/.test(scheme.period) ? `${scheme.period}年度述职述廉报告` : `${scheme.name}述职述廉报告`, body: str(form?.values.body) },
      errors: form?.errors ?? {},
      general: form?.general ?? null,
      saved: req.query.saved === '1',
    }, form?.status ?? 200);
  }

  @Post('schemes/:id/self-report')
  async submitSelfReport(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const v = await validateForm(SelfReportDto, trimmed(body), lang, { numeric: ['subjectId'], labels: formLabels(lang, names(lang)) });
    if (!v.ok) return this.selfReport(actor, id, req, res, { values: body, errors: v.errors, general: null, status: 400 });
    try {
      await this.reports.submitSelfReport(actor, id, v.value);
      res.redirect(303, `/assessment/schemes/${id}/self-report?saved=1`);
    } catch (err) {
      await this.selfReport(actor, id, req, res, { values: body, ...refusal(err, lang, names(lang)), status: err instanceof AppError ? err.getStatus() : 400 });
    }
  }
}
