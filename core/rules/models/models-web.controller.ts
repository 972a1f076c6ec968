import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor';
import { currentInstitutionOf } from '../../auth/actor';
import { CsrfExempt, CurrentActor } from '../../auth/auth.decorators';
import { AppError } from '../../http/app-error';
import { IdPipe } from '../../http/id.pipe';
import { Lang, resolveLang } from '../../i18n/i18n';
import { labelsIn } from '../../i18n/labels';
import { formRefusal, Refusal } from '../../web/form-validation';
import { ShellService } from '../../web/shell.service';
import type { BacktestResult } from './model-backtest.service';
import { stateFromForm, type ModelFormState } from './model-form';
import { ModelFormExtras, ModelFormTarget, ModelScreens } from './model-screens.service';
import { MODEL_SCREEN_LABELS } from './models-web.i18n';
import { ModelsService } from './models.service';

/** A model file is a few kilobytes; anything larger is not one. */
const ModelFileUpload = FileInterceptor('file', { limits: { fileSize: 64 * 1024, files: 1, fields: 5 } });

const formOf = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
const reasonOf = (form: Record<string, unknown>) => (typeof form.reason === 'string' ? form.reason.trim() : '');

/** The warning-model screens (监督模型): list, define, backtest, change, enable, disable, export and import. */
@ApiExcludeController()
@Controller('warning/models')
export class ModelsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly screens: ModelScreens,
    private readonly models: ModelsService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const view = await this.screens.listView(actor, lang);
    await this.shell.send(req, res, actor, 'warning/models', view.L.title, { ...view, imported: req.query.imported === '1' });
  }

  /** Step one picks the record type; step two is the form for it. */
  @Get('new')
  async newPage(@CurrentActor() actor: Actor, @Query('type') type: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const target = typeof type === 'string' && type ? await this.screens.target(actor, type) : null;
    if (!target) return this.chooser(actor, req, res, lang, type ? 400 : 200);
    await this.sendForm(actor, req, res, target, this.screens.blank(target), {});
  }

  @Post('new')
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = formOf(body);
    const lang = resolveLang(req);
    const target = typeof form.type === 'string' ? await this.screens.target(actor, form.type) : null;
    if (!target) return this.chooser(actor, req, res, lang, 400);
    const state = stateFromForm(form);
    await this.formStep(actor, req, res, target, state, form.action, {}, async () => {
      const saved = await this.screens.create(actor, state, target);
      res.redirect(303, `/warning/models/${saved.id}?saved=1`);
    });
  }

  @Get('import')
  async importPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sendImport(actor, req, res);
  }

  @Post('import')
  @CsrfExempt()
  @UseInterceptors(ModelFileUpload)
  async import(@CurrentActor() actor: Actor, @UploadedFile() file: { buffer: Buffer } | undefined, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Multipart bodies pass the global CSRF check unread; the token travels as a field of the form.
    if (formOf(body)._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    const lang = resolveLang(req);
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    if (!file?.buffer.length) return this.sendImport(actor, req, res, { errors: { file: L.noFile }, general: null }, 400);
    let parsed: unknown;
    try {
      parsed = JSON.parse(file.buffer.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      return this.sendImport(actor, req, res, { errors: { file: L.badFile }, general: null }, 400);
    }
    try {
      const saved = await this.models.importFile(actor, currentInstitutionOf(actor), parsed);
      res.redirect(303, `/warning/models/${saved.id}?imported=1`);
    } catch (err) {
      await this.sendImport(actor, req, res, this.refusal(err, lang), 400);
    }
  }

  @Get(':id')
  async detail(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sendDetail(actor, req, res, id);
  }

  @Post(':id/backtest')
  async backtest(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.sendDetail(actor, req, res, id, { backtest: await this.models.backtest(actor, { id }) });
  }

  @Get(':id/edit')
  async editPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = await this.models.get(actor, id);
    const target = await this.screens.targetOf(model);
    await this.sendForm(actor, req, res, target, this.screens.stateOf(model, target), { model });
  }

  @Post(':id/edit')
  async edit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const form = formOf(body);
    const model = await this.models.get(actor, id);
    const target = await this.screens.targetOf(model);
    // The key names the model's hits: it stays what it was, whatever was posted.
    const state = { ...stateFromForm(form), id: model.key };
    const reason = reasonOf(form);
    await this.formStep(actor, req, res, target, state, form.action, { model, reason }, async () => {
      if (reason.length < 2 || reason.length > 500) throw AppError.validation([{ field: 'reason', key: 'model.reason_required' }]);
      await this.screens.update(actor, id, state, target, reason);
      res.redirect(303, `/warning/models/${id}?saved=1`);
    });
  }

  @Post(':id/enable')
  enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.switch(actor, id, body, req, res, 'enable');
  }

  @Post(':id/disable')
  disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.switch(actor, id, body, req, res, 'disable');
  }

  private async switch(actor: Actor, id: number, body: unknown, req: Request, res: Response, to: 'enable' | 'disable'): Promise<void> {
    const reason = reasonOf(formOf(body));
    try {
      if (reason.length < 2 || reason.length > 500) throw AppError.validation([{ field: 'reason', key: 'model.reason_required' }]);
      await (to === 'enable' ? this.models.enable(actor, id, reason) : this.models.disable(actor, id, reason));
      res.redirect(303, `/warning/models/${id}?${to}d=1`);
    } catch (err) {
      const lang = resolveLang(req);
      const L = labelsIn(MODEL_SCREEN_LABELS, lang);
      await this.sendDetail(actor, req, res, id, { refusal: formRefusal(err, lang, { reason: to === 'enable' ? L.reasonEnable : L.reasonDisable }), reason }, 400);
    }
  }

  /** A form post: add a row and show it again, backtest it, or save it (refusals shown beside the inputs). */
  private async formStep(actor: Actor, req: Request, res: Response, target: ModelFormTarget, state: ModelFormState, action: unknown, x: ModelFormExtras, save: () => Promise<void>): Promise<void> {
    if (action === 'add-filter' || action === 'add-part') return this.sendForm(actor, req, res, target, state, x);
    try {
      if (action === 'backtest') return await this.sendForm(actor, req, res, target, state, { ...x, backtest: await this.screens.backtest(actor, state, target) });
      await save();
    } catch (err) {
      await this.sendForm(actor, req, res, target, state, { ...x, refusal: this.refusal(this.screens.withoutCopies(err, state), resolveLang(req)) }, 400);
    }
  }

  private refusal(err: unknown, lang: Lang): Refusal {
    return formRefusal(err, lang, err instanceof AppError ? this.screens.problemLabels(err.problems, lang) : {});
  }

  private async chooser(actor: Actor, req: Request, res: Response, lang: Lang, status: number): Promise<void> {
    const L = labelsIn(MODEL_SCREEN_LABELS, lang);
    const types = await this.screens.typeChoices(actor, lang);
    await this.shell.send(req, res, actor, 'warning/model-type', L.newModel, { L, types, invalid: status !== 200 }, status);
  }

  private async sendForm(actor: Actor, req: Request, res: Response, target: ModelFormTarget, state: ModelFormState, x: ModelFormExtras, status = 200): Promise<void> {
    const view = this.screens.formView(resolveLang(req), target, state, x);
    await this.shell.send(req, res, actor, 'warning/model-form', x.model ? `${view.L.edit} · ${view.s.nameZh}` : view.L.newModel, view, status);
  }

  private async sendDetail(actor: Actor, req: Request, res: Response, id: number, x: { backtest?: BacktestResult; refusal?: Refusal; reason?: string } = {}, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const view = await this.screens.detailView(actor, lang, id, x.backtest);
    const q = req.query;
    await this.shell.send(
      req,
      res,
      actor,
      'warning/model',
      view.m.name,
      {
        ...view,
        notice: x.refusal ? null : q.saved === '1' ? view.L.saved : q.enabled === '1' ? view.L.enabled : q.disabled === '1' ? view.L.disabled : q.imported === '1' ? view.L.imported : null,
        reasonError: x.refusal?.errors.reason ?? null,
        general: x.refusal?.general ?? null,
        reason: x.reason ?? '',
      },
      status,
    );
  }

  private async sendImport(actor: Actor, req: Request, res: Response, refusal?: Refusal, status = 200): Promise<void> {
    const L = labelsIn(MODEL_SCREEN_LABELS, resolveLang(req));
    await this.shell.send(req, res, actor, 'warning/model-import', L.importTitle, { L, fileError: refusal?.errors.file ?? null, errorList: Object.entries(refusal?.errors ?? {}).filter(([k]) => k !== 'file').map(([, v]) => v), general: refusal?.general ?? null }, status);
  }
}
