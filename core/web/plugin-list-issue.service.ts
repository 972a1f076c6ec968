import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { resolveLang } from '../i18n/i18n';
import { PluginHost } from '../plugin-host/plugin-host';
import { RecordIssueService } from '../records/record-issue.service';
import { RecordsService } from '../records/records.service';
import { PluginScreenViewService } from './plugin-screen-view.service';
import { PluginScreenService, ScreenOutcome } from './plugin-screen.service';

/** A list row's 出具: issues the template for the record, then opens the numbered PDF; a refusal shows beside the button. */
@Injectable()
export class PluginListIssueService {
  constructor(
    private readonly screens: PluginScreenService,
    private readonly view: PluginScreenViewService,
    private readonly records: RecordsService,
    private readonly host: PluginHost,
    private readonly moduleRef: ModuleRef,
  ) {}

  async issue(actor: Actor, pluginId: string, screenId: string, id: number, template: string, req: Request): Promise<ScreenOutcome> {
    const { screen } = await this.screens.screen(actor, pluginId, screenId, (s) => s.kind === 'list');
    const declared = (this.host.plugin(pluginId)?.templates ?? []).some((d) => d.recordType === screen.recordType && `${pluginId}/${d.id}` === template);
    if (!declared) throw AppError.notFound();
    // A record of another type is the same 404 as a missing one; one out of reach is too, and `get` logs the attempt.
    if (!(await this.records.titles(actor, pluginId, screen.recordType, [id])).has(id)) {
      await this.records.get(actor, id, 'issue');
      throw AppError.notFound();
    }
    try {
      // RecordIssueService sits beside DocumentsModule (AppModule), outside the global platform module, so it is looked up.
      const issued = await this.moduleRef.get(RecordIssueService, { strict: false }).issue(actor, id, template);
      return { redirect: `/api/documents/${issued.id}/pdf` };
    } catch (err) {
      // Out of reach or not allowed: the plain error page (such a caller has no button to show it beside).
      if (!(err instanceof AppError) || [HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN].includes(err.getStatus())) throw err;
      const message = errorBody(err, resolveLang(req)).message;
      const { html } = await this.view.render({ actor, req, pluginId, screenId, issueError: { recordId: id, template, message } });
      return { html, status: err.getStatus() };
    }
  }
}
