import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { resolveLang, t } from '../i18n/i18n';
import { ShellService } from '../web/shell.service';
import { sendWorkbook } from '../web/xlsx-response';
import { AuditLogService } from './audit-log.service';

/** The audit log on screen: browse and filter, export, check the chain. */
@ApiExcludeController()
@Controller('audit')
export class AuditWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly log: AuditLogService,
  ) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'audit/log', t(lang, 'audit.title'), await this.log.page(actor, lang, q));
  }

  /** Every entry the filters select, as an Excel workbook streamed while the entries are read. */
  @Get('export.xlsx')
  async export(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const file = await this.log.export(actor, resolveLang(req), q);
    await sendWorkbook(res, file.filename, 'audit-log.xlsx', file.write);
  }

  /** A POST (the check reads the whole chain): the page again, filters kept, with the result above the list. */
  @Post('verify')
  async verify(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response, @Query() q: Record<string, string>) {
    const lang = resolveLang(req);
    const verified = await this.log.verify(actor, lang);
    await this.shell.send(req, res, actor, 'audit/log', t(lang, 'audit.title'), { ...(await this.log.page(actor, lang, q)), verified });
  }
}
