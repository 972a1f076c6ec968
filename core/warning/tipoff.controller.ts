import { Body, CanActivate, Controller, ExecutionContext, Get, HttpCode, Injectable, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiRateLimited } from '../http/api-docs';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { OptionalActor, Public } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { Lang, pick, resolveLang, t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { ScreenRenderer } from '../web/screen-renderer';
import { formError, validateForm } from '../web/form-validation';
import { TipoffThrottle } from './tipoff-throttle';
import { TipoffService } from './tipoff.service';
import { ReceiptDto, TIPOFF_LIMITS_CHARS, TipoffDto } from './warning.dto';
import { ApiCreated, ApiHtml, ApiOk, ApiSeeOther } from '../http/api-responses';
import { TipoffInstitutionResponse, TipoffReceiptResponse, TipoffStatusResponse } from './warning-responses';

/** Counts every attempt, valid or not, before validation: a flood of junk is throttled too. */
@Injectable()
export class TipoffSubmitThrottleGuard implements CanActivate {
  constructor(private readonly throttle: TipoffThrottle) {}
  canActivate(ctx: ExecutionContext): boolean {
    this.throttle.take('submit', ctx.switchToHttp().getRequest<Request>().ip ?? 'unknown');
    return true;
  }
}

@Injectable()
export class TipoffStatusThrottleGuard implements CanActivate {
  constructor(private readonly throttle: TipoffThrottle) {}
  canActivate(ctx: ExecutionContext): boolean {
    this.throttle.take('status', ctx.switchToHttp().getRequest<Request>().ip ?? 'unknown');
    return true;
  }
}

const RECEIPT_COOKIE = 'lz_tipoff_receipt';

/** The receipt kept in the tipster's browser, or null when missing or not one of ours. */
function readReceipt(raw: unknown): { receiptCode: string; institutionName: string; receivingName: string } | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  try {
    const r = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof r.receiptCode === 'string' && /^JB(-[A-Z2-9]{5}){4}$/.test(r.receiptCode) && typeof r.institutionName === 'string' && typeof r.receivingName === 'string'
      ? { receiptCode: r.receiptCode, institutionName: r.institutionName, receivingName: r.receivingName }
      : null;
  } catch {
    return null;
  }
}

/** The public form's fields by their screen labels, for messages. */
const tipoffLabels = (lang: Lang) => ({
  institutionCode: t(lang, 'warning.tipoff_institution'),
  receivingCode: t(lang, 'warning.tipoff_receiving'),
  subjectLabel: t(lang, 'warning.tipoff_subject'),
  content: t(lang, 'warning.tipoff_content'),
  name: t(lang, 'warning.tipoff_name'),
  contact: t(lang, 'warning.tipoff_contact'),
});

/** The public tip-off (网上举报): no sign-in, optional anonymity, a receipt code to check the status. */
@ApiTags('public tip-off')
@Controller()
export class TipoffController {
  constructor(
    private readonly tipoffs: TipoffService,
    private readonly access: AccessService,
    private readonly screens: ScreenRenderer,
  ) {}

  @Public()
  @Get('api/public/tipoffs/institutions')
  @ApiOperation({ summary: '查询可受理举报的单位', description: 'Institutions that accept tip-offs (code and name).' })
  @ApiOk([TipoffInstitutionResponse])
  async institutions() {
    return (await this.access.institutions()).map((i) => ({ code: i.code, name: i.name }));
  }

  @Public()
  @Post('api/public/tipoffs')
  @UseGuards(TipoffSubmitThrottleGuard)
  @ApiRateLimited()
  @ApiOperation({ summary: '提交举报', description: 'Submits a tip-off; answers the receipt code once.' })
  @ApiCreated(TipoffReceiptResponse, '已受理，回执码只给这一次')
  submit(@Body() dto: TipoffDto) {
    return this.tipoffs.publicTipoff(dto);
  }

  @Public()
  @Post('api/public/tipoffs/status')
  @HttpCode(200)
  @UseGuards(TipoffStatusThrottleGuard)
  @ApiRateLimited()
  @ApiOperation({ summary: '查询举报办理状态', description: 'The status of a tip-off, by receipt code (nothing else).' })
  @ApiOk(TipoffStatusResponse)
  async status(@Body() dto: ReceiptDto) {
    const s = await this.tipoffs.publicStatus(dto.code);
    if (!s) throw AppError.notFound();
    return s;
  }

  private async page(req: Request, res: Response, actor: Actor | null, name: string, extra: Record<string, unknown>, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const title = t(lang, name === 'warning/tipoff' ? 'warning.tipoff_title' : 'warning.tipoff_status_title');
    const all = await this.access.institutions();
    const form = extra.form as Record<string, unknown> | undefined;
    const option = (i: (typeof all)[number], chosen: unknown) => ({ code: i.code, name: lang === 'en' && i.nameEn ? i.nameEn : i.name, selected: i.code === chosen });
    const institutions = all.map((i) => option(i, form?.institutionCode));
    // Bodies above some institution: the one chosen must be above the reported one, which the service checks.
    const receivingBodies = all.filter((i) => all.some((c) => c.parentId === i.id)).map((i) => option(i, form?.receivingCode));
    res.status(status).type('html').send(this.screens.render(name, { lang, otherLang: lang === 'zh' ? 'en' : 'zh', title, csrf: actor?.csrfToken ?? '', institutions, receivingBodies, limits: TIPOFF_LIMITS_CHARS, ...extra }));
  }

  @Public()
  @Get('tipoff')
  @ApiOperation({ summary: '举报页面', description: 'The tip-off form page (HTML).' })
  @ApiHtml('举报页面')
  form(@Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null) {
    return this.page(req, res, actor, 'warning/tipoff', { form: { anonymous: true }, errors: {} });
  }

  @Public()
  @Post('tipoff')
  @UseGuards(TipoffSubmitThrottleGuard)
  @ApiRateLimited()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TipoffDto })
  @ApiOperation({ summary: '提交举报表单', description: 'Submits the tip-off form and redirects to the receipt page.' })
  @ApiSeeOther('已受理，转到回执页（校验不通过时 400 返回表单页）')
  async submitForm(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null) {
    const lang = resolveLang(req);
    const form = { ...body, anonymous: body.anonymous === 'on' || body.anonymous === true };
    const labels = tipoffLabels(lang);
    const v = await validateForm(TipoffDto, { ...body, anonymous: form.anonymous }, lang, { labels });
    if (!v.ok) return this.page(req, res, actor, 'warning/tipoff', { form, errors: v.errors, messages: v.messages }, 400);
    try {
      const r = await this.tipoffs.publicTipoff(v.value);
      // Post/redirect/get: the receipt page can be refreshed without sending the report again. The code rides in the
      // tipster's own browser only (it is stored nowhere else), until they dismiss it or an hour passes.
      res.cookie(RECEIPT_COOKIE, Buffer.from(JSON.stringify(r)).toString('base64url'), { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/tipoff', maxAge: 3_600_000 });
      return res.redirect(303, '/tipoff/receipt');
    } catch (err) {
      const e = formError(err, lang, labels);
      return this.page(req, res, actor, 'warning/tipoff', { form, ...e }, 400);
    }
  }

  @Public()
  @Get('tipoff/receipt')
  @ApiOperation({ summary: '举报回执页面', description: 'The receipt page showing the tip-off\'s receipt code (HTML).' })
  @ApiHtml('回执页')
  @ApiSeeOther('没有回执时转到举报页')
  receipt(@Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null) {
    const receipt = readReceipt(req.cookies?.[RECEIPT_COOKIE]);
    if (!receipt) return res.redirect(303, '/tipoff');
    return this.page(req, res, actor, 'warning/tipoff', { receipt });
  }

  @Public()
  @Post('tipoff/receipt/dismiss')
  @ApiOperation({ summary: '关闭举报回执', description: 'Forgets the receipt held in the browser and returns to the form.' })
  @ApiSeeOther('转到举报页')
  dismissReceipt(@Res() res: Response) {
    res.clearCookie(RECEIPT_COOKIE, { path: '/tipoff' });
    return res.redirect(303, '/tipoff');
  }

  @Public()
  @Get('tipoff/status')
  @ApiOperation({ summary: '举报查询页面', description: 'The page to look up a tip-off by receipt code (HTML).' })
  @ApiHtml('查询页面')
  statusForm(@Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null) {
    return this.page(req, res, actor, 'warning/tipoff-status', { errors: {} });
  }

  @Public()
  @Post('tipoff/status')
  @UseGuards(TipoffStatusThrottleGuard)
  @ApiRateLimited()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: ReceiptDto })
  @ApiOperation({ summary: '提交举报查询', description: 'Looks up a tip-off\'s status from the form (HTML).' })
  @ApiHtml('查询结果页面')
  async statusSubmit(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response, @OptionalActor() actor: Actor | null) {
    const lang = resolveLang(req);
    const v = await validateForm(ReceiptDto, body, lang);
    if (!v.ok) return this.page(req, res, actor, 'warning/tipoff-status', { code: String(body.code ?? '').slice(0, 40), errors: v.errors }, 400);
    const s = await this.tipoffs.publicStatus(v.value.code);
    if (!s) return this.page(req, res, actor, 'warning/tipoff-status', { code: v.value.code, errors: { code: t(lang, 'warning.receipt_unknown') } }, 404);
    return this.page(req, res, actor, 'warning/tipoff-status', { code: v.value.code, result: { status: s.status, label: pick(s.label, lang) }, errors: {} });
  }
}
