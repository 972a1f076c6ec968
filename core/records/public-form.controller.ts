import { Body, Controller, Get, Ip, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor, Public } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { errorBody } from '../http/all-exceptions.filter';
import { IdPipe } from '../http/id.pipe';
import { PublicThrottle } from '../http/public-throttle';
import { pick, resolveLang, t } from '../i18n/i18n';
import { coerceFormValues } from '../web/form-coercion';
import { ScreenRenderer } from '../web/screen-renderer';
import { OpenedForm, PublicFormService } from './public-form.service';
import { RecordsService } from './records.service';
import { ApiOk } from '../http/api-responses';
import { PublicFormLinkResponse } from './records-responses';

/** Per address: opening a form is cheap, answering is rare (a taxpayer answers once). */
export const PUBLIC_FORM_LIMITS = { view: { max: 30, windowMs: 60_000 }, submit: { max: 5, windowMs: 10 * 60_000 } };

const SEGMENT = /^[a-z][a-z0-9-]{0,63}$/;

/** Plugin public forms (no login), and the signed links staff print for them. */
@ApiTags('records')
@Controller()
export class PublicFormController {
  private readonly throttle = new PublicThrottle(PUBLIC_FORM_LIMITS);

  constructor(
    private readonly forms: PublicFormService,
    private readonly records: RecordsService,
    private readonly screens: ScreenRenderer,
  ) {}

  @Get('api/records/:id/public-links')
  @ApiOperation({ summary: '查看记录的公开填报链接', description: 'Lists the public form links (codes) issued for a record.' })
  @ApiOk([PublicFormLinkResponse])
  async links(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.forms.links(await this.records.get(actor, id));
  }

  @Public()
  @ApiExcludeEndpoint()
  @Get('f/:pluginId/:formId/:code')
  async page(@Param('pluginId') pluginId: string, @Param('formId') formId: string, @Param('code') code: string, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.throttle.take('view', ip ?? 'unknown');
    const form = await this.forms.open(this.seg(pluginId), this.seg(formId), code);
    this.send(req, res, form, code, form.record.values[form.def.answeredField] ? 'used' : 'open', {}, []);
  }

  // The signed code in the URL is the secret a forged cross-site post would need, so no CSRF token.
  @Public()
  @CsrfExempt()
  @ApiExcludeEndpoint()
  @Post('f/:pluginId/:formId/:code')
  async submit(@Param('pluginId') pluginId: string, @Param('formId') formId: string, @Param('code') code: string, @Body() body: unknown, @Ip() ip: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    this.throttle.take('submit', ip ?? 'unknown');
    const form = await this.forms.open(this.seg(pluginId), this.seg(formId), code);
    const values = coerceFormValues(form.fields, body);
    try {
      await this.forms.submit(pluginId, formId, code, values);
    } catch (err) {
      const lang = resolveLang(req);
      if (err instanceof AppError && err.problems.length) {
        const errors = err.problems.map((p) => ({ field: p.field, message: t(lang, p.key, { field: form.fields.find((f) => f.key === p.field)?.label ?? p.field, ...p.params }) }));
        return this.send(req, res, form, code, 'open', values, errors, 400);
      }
      if (err instanceof AppError && err.getStatus() === 409) return this.send(req, res, form, code, 'used', {}, [], 409, errorBody(err, lang).message);
      throw err;
    }
    this.send(req, res, form, code, 'thanks', {}, []);
  }

  private seg(v: string): string {
    if (!SEGMENT.test(v)) throw AppError.notFound();
    return v;
  }

  private send(req: Request, res: Response, form: OpenedForm, code: string, state: 'open' | 'used' | 'thanks', values: Record<string, unknown>, errors: { field: string; message: string }[], status = 200, notice?: string): void {
    const lang = resolveLang(req);
    const errorBy = new Map(errors.map((e) => [e.field, e.message]));
    const fields = form.fields.map((f) => ({
      key: f.key,
      label: pick(f.label, lang),
      help: pick(f.help, lang),
      required: !!f.required,
      isEnum: f.type === 'enum',
      isText: f.type === 'text',
      value: values[f.key] === undefined || values[f.key] === null ? '' : String(values[f.key]),
      options: (f.options ?? []).map((o) => ({ value: o.value, label: pick(o.label, lang), checked: values[f.key] === o.value, id: `${f.key}-${o.value}` })),
      error: errorBy.get(f.key),
    }));
    res.status(status).type('html').send(
      this.screens.render('public-form', {
        lang,
        otherLang: lang === 'zh' ? 'en' : 'zh',
        langBack: req.originalUrl,
        title: pick(form.def.label, lang),
        intro: pick(form.def.intro, lang),
        institutionName: form.institutionName,
        about: form.def.describe ? pick(form.def.describe(form.record), lang) : '',
        thanks: form.def.thanks ? pick(form.def.thanks, lang) : t(lang, 'public_form.thanks'),
        action: `/f/${form.record.pluginId}/${form.def.id}/${code}`,
        isOpen: state === 'open',
        isUsed: state === 'used',
        isThanks: state === 'thanks',
        notice,
        fields,
        errors,
      }),
    );
  }
}
