import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, currentInstitutionOf } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Clock } from '../clock/clock';
import { ISSUING_ROLES } from '../documents/documents.service';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { OrgService } from '../org/org.service';
import { beijingMinute } from '../plugin-api';
import { validateForm } from '../web/form-validation';
import { ShellService } from '../web/shell.service';
import { Form, formLabels, refusal, Refusal, str, trimmed } from './assessment-forms';
import { assessmentLabels } from './assessment-labels';
import { MANAGE_ROLES } from './assessment-scheme.service';
import { RecordVetoDto } from './assessment.dto';
import { DOSSIER_ROLES, DossierService } from './dossier.service';

/** Integrity dossiers (廉政档案): the list of people, one person's dossier, recording a veto and issuing the PDF. */
@ApiExcludeController()
@Controller('assessment')
export class DossierWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly org: OrgService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly dossiers: DossierService,
  ) {}

  @Get('dossiers')
  async dossierList(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const L = assessmentLabels(resolveLang(req));
    const institutionId = currentInstitutionOf(actor);
    if (!(await this.access.can(actor, institutionId, DOSSIER_ROLES))) {
      if (actor.personId) return res.redirect(303, `/assessment/dossiers/${actor.personId}`);
      throw AppError.forbidden();
    }
    const people = await this.org.people(actor, institutionId);
    await this.shell.send(req, res, actor, 'assessment/dossiers', L.dossiers, { L, people });
  }

  @Post('dossiers/:personId/vetoes')
  async recordVeto(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const v = await validateForm(RecordVetoDto, { ...trimmed(body), personId }, lang, { numeric: ['year'], labels: formLabels(lang) });
    if (!v.ok) return this.dossier(actor, personId, req, res, { errors: v.errors, general: null, values: body });
    try {
      await this.dossiers.recordVeto(actor, v.value);
      res.redirect(303, `/assessment/dossiers/${personId}`);
    } catch (err) {
      await this.dossier(actor, personId, req, res, { ...refusal(err, lang), values: body });
    }
  }

  @Post('dossiers/:personId/pdf')
  async dossierPdf(@CurrentActor() actor: Actor, @Param('personId', IdPipe) personId: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const doc = await this.dossiers.issuePdf(actor, personId);
      res.redirect(303, `/api/documents/${doc.id}/pdf`);
    } catch (err) {
      const { general } = refusal(err, resolveLang(req));
      await this.dossier(actor, personId, req, res, { errors: {}, general, values: {}, pdf: true });
    }
  }

  @Get('dossiers/:personId')
  async dossier(
    @CurrentActor() actor: Actor,
    @Param('personId', IdPipe) personId: number,
    @Req() req: Request,
    @Res() res: Response,
    form?: Refusal & { values: Form; pdf?: boolean },
  ): Promise<void> {
    const lang = resolveLang(req);
    const L = assessmentLabels(lang);
    const d = await this.dossiers.view(actor, personId);
    const canVeto = await this.access.can(actor, d.person.institutionId, MANAGE_ROLES);
    const canPdf = await this.access.can(actor, d.person.institutionId, ISSUING_ROLES);
    await this.shell.send(req, res, actor, 'assessment/dossier', `${L.dossier} · ${d.person.name}`, {
      L,
      canVeto,
      canPdf,
      pdfError: form?.pdf ? form.general : null,
      veto: { year: str(form?.values.year) || this.clock.today().slice(0, 4), reason: str(form?.values.reason), errors: form?.errors ?? {}, general: form?.pdf ? null : (form?.general ?? null) },
      d: {
        ...d,
        results: d.results.map((r) => ({ ...r, gradeText: pick(r.gradeLabel, lang), capTexts: r.caps.map((c) => pick(c, lang)) })),
        warnings: d.warnings.map((w) => ({ ...w, level: w.levelLabel ? pick(w.levelLabel, lang) : w.level })),
        vetoes: d.vetoes.map((v) => ({ ...v, recordedAt: beijingMinute(v.recordedAt) })),
        views: d.views.map((v) => ({ who: v.who, at: beijingMinute(v.at), outcome: v.outcome === 'ok' ? L.viewed : L.refused })),
      },
    }, form ? 400 : 200);
  }
}
