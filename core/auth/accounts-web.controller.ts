import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IdPipe } from '../http/id.pipe';
import { resolveLang } from '../i18n/i18n';
import { Refusal, formRefusal, validateForm } from '../web/form-validation';
import { pager, screenHref, screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { Actor } from './actor';
import { CurrentActor, Roles } from './auth.decorators';
import { AccountFilter, AccountsService } from './accounts.service';
import { CreateAccountForm, EditAccountForm } from './accounts.dto';
import { accountLabels, accountRow, roleRows } from './accounts-view';

const STATUSES = ['active', 'pending', 'disabled'] as const;
const FORM_OPTIONS = { keepEmpty: [] as string[] };

/** The accounts screens of system admins: list and search, create, edit, disable and re-enable, reset a password. */
@ApiExcludeController()
@Roles('system-admin')
@Controller('admin/accounts')
export class AccountsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  async listPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const lang = resolveLang(req);
    const L = accountLabels(lang);
    const f: AccountFilter = { q: typeof q.q === 'string' ? q.q.trim().slice(0, 64) : '', status: STATUSES.find((s) => s === q.status) ?? '' };
    const w = screenPageWindow(q);
    const found = await this.accounts.page(actor, f, w);
    const institutions = await this.accounts.manageableInstitutions(actor);
    const pageSize = q.pageSize ? w.pageSize : undefined;
    await this.shell.send(req, res, actor, 'admin/accounts', L.accounts, {
      L,
      accounts: found.items.map((a) => accountRow(a, institutions, lang)),
      filter: f,
      filtered: !!(f.q || f.status),
      statuses: STATUSES.map((s) => ({ value: s, label: L[s], selected: s === f.status })),
      total: found.total,
      pageSize: pageSize ?? null,
      pager: pager(lang, w, found.total, (page) => screenHref('/admin/accounts', { q: f.q, status: f.status, pageSize, page })),
    });
  }

  @Get('new')
  newPage(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, req, res, null);
  }

  @Post()
  async create(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const labels = accountLabels(lang);
    const form = await validateForm(CreateAccountForm, body, lang, { ...FORM_OPTIONS, labels });
    if (!form.ok) return this.renderForm(actor, req, res, null, body, { errors: form.errors, general: null }, 400);
    try {
      const grants = await this.accounts.grantsFrom(actor, form.value);
      const made = await this.accounts.create(actor, { username: form.value.username, displayName: form.value.displayName.trim(), grants });
      await this.renderTemporary(actor, req, res, made.id, form.value.username, made.temporaryPassword, 'created');
    } catch (err) {
      await this.renderForm(actor, req, res, null, body, formRefusal(err, lang, labels), statusOf(err));
    }
  }

  @Get(':id')
  editPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderForm(actor, req, res, id);
  }

  @Post(':id')
  async update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const labels = accountLabels(lang);
    const form = await validateForm(EditAccountForm, body, lang, { ...FORM_OPTIONS, labels });
    if (!form.ok) return this.renderForm(actor, req, res, id, body, { errors: form.errors, general: null }, 400);
    try {
      const posted = form.value.institutionId !== undefined || form.value.role !== undefined;
      const grants = posted ? await this.accounts.grantsFrom(actor, form.value) : undefined;
      await this.accounts.update(actor, id, { displayName: form.value.displayName.trim(), grants });
      res.redirect(303, `/admin/accounts/${id}?saved=1`);
    } catch (err) {
      await this.renderForm(actor, req, res, id, body, formRefusal(err, lang, labels), statusOf(err));
    }
  }

  @Post(':id/disable')
  async disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.accounts.setDisabled(actor, id, true);
      res.redirect(303, `/admin/accounts/${id}`);
    } catch (err) {
      await this.renderForm(actor, req, res, id, undefined, formRefusal(err, resolveLang(req)), statusOf(err));
    }
  }

  @Post(':id/enable')
  async enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response): Promise<void> {
    await this.accounts.setDisabled(actor, id, false);
    res.redirect(303, `/admin/accounts/${id}`);
  }

  @Post(':id/reset-password')
  async resetPassword(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    const account = await this.accounts.get(actor, id);
    const { temporaryPassword } = await this.accounts.resetPassword(actor, id);
    await this.renderTemporary(actor, req, res, id, account.username, temporaryPassword, 'reset');
  }

  /** The temporary password, shown in this answer only: it is stored nowhere but as a hash, and the page is not cached. */
  private async renderTemporary(actor: Actor, req: Request, res: Response, id: number, username: string, password: string, kind: 'created' | 'reset'): Promise<void> {
    const L = accountLabels(resolveLang(req));
    res.setHeader('Cache-Control', 'no-store');
    await this.shell.send(req, res, actor, 'admin/account-temporary', L.temporaryTitle, { L, id, username, password, created: kind === 'created' });
  }

  private async renderForm(actor: Actor, req: Request, res: Response, id: number | null, posted?: Record<string, unknown>, refusal?: Refusal, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = accountLabels(lang);
    const institutions = await this.accounts.manageableInstitutions(actor);
    const account = id === null ? null : await this.accounts.get(actor, id);
    const values = posted ?? { username: '', displayName: account?.displayName ?? '' };
    await this.shell.send(
      req,
      res,
      actor,
      'admin/account-form',
      account ? `${L.editAccount} · ${account.username}` : L.newAccount,
      {
        L,
        account: account && accountRow(account, institutions, lang),
        self: account?.id === actor.userId,
        action: account ? `/admin/accounts/${account.id}` : '/admin/accounts',
        values,
        rows: roleRows(institutions, lang, posted ? null : (account?.grants ?? []), posted),
        errors: refusal?.errors ?? {},
        general: refusal?.general ?? null,
        saved: req.query.saved === '1' && !posted,
      },
      status,
    );
  }
}

const statusOf = (err: unknown) => (typeof (err as { getStatus?: () => number }).getStatus === 'function' ? (err as { getStatus: () => number }).getStatus() : 400);
