import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { OptionalActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { PluginListIssueService } from './plugin-list-issue.service';
import { PluginScreenViewService } from './plugin-screen-view.service';
import { IssueFormDto, ListPageQuery } from './plugin-screen.dto';
import { PluginScreenService, sendOutcome } from './plugin-screen.service';

/** The generic plugin screen (list, blank form or dashboard) and a list row's 出具 button. */
@ApiExcludeController()
@Controller('p')
export class PluginScreenController {
  constructor(
    private readonly screens: PluginScreenService,
    private readonly view: PluginScreenViewService,
    private readonly issues: PluginListIssueService,
  ) {}

  @Get(':pluginId/:screenId')
  async show(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Query() query: ListPageQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const checkIn = await this.screens.checkInHref(actor, pluginId, screenId);
    if (checkIn) return res.redirect(303, checkIn);
    if (query.format === 'xlsx') {
      const file = await this.view.exportList({ actor, req, pluginId, screenId, listQuery: query });
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      res.send(file.buffer);
      return;
    }
    sendOutcome(res, await this.view.render({ actor, req, pluginId, screenId, listQuery: query }));
  }

  @Post(':pluginId/:screenId/:id/issue')
  async issue(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Body() form: IssueFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendOutcome(res, await this.issues.issue(actor, pluginId, screenId, id, form.template, req));
  }
}
