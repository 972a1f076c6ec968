import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { OptionalActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { PluginRecordFormService } from './plugin-record-form.service';
import { sendOutcome } from './plugin-screen.service';

/** Posting a plugin form screen (a new record) and its edit form for one record. */
@ApiExcludeController()
@Controller('p')
export class PluginRecordFormController {
  constructor(private readonly forms: PluginRecordFormService) {}

  @Post(':pluginId/:screenId')
  async create(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendOutcome(res, await this.forms.create(actor, pluginId, screenId, body, req));
  }

  @Get(':pluginId/:screenId/:id/edit')
  async editPage(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendOutcome(res, await this.forms.editPage(actor, pluginId, screenId, id, req));
  }

  @Post(':pluginId/:screenId/:id/edit')
  async update(@OptionalActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Param('id', IdPipe) id: number, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendOutcome(res, await this.forms.update(actor, pluginId, screenId, id, body, req));
  }
}
