import { Body, Controller, Get, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { resolveLang } from '../i18n/i18n';
import { ShellService } from '../web/shell.service';
import { PresetScreensService } from './preset-screens.service';
import type { UploadedFileLike } from './power.service';
import { RiskContext } from './risk-context.service';
import { ImportRejected, RiskExcelService } from './risk-excel.service';
import { riskLabels } from './risk-labels';
import { PresetImportRejected, RiskPresetsImportService } from './risk-presets-import.service';
import { assertFormCsrf } from './risk-web.forms';
import { EXCEL_UPLOAD } from './risk.controller';
import { ImportPresetsDto } from './risk.dto';

/** Screens that bring risk points in: a plugin's presets (previewed, then imported) and an Excel file in the 附表1-3 layout. */
@ApiExcludeController()
@Controller('risk')
export class RiskImportWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly ctx: RiskContext,
    private readonly presets: RiskPresetsImportService,
    private readonly excel: RiskExcelService,
    private readonly screens: PresetScreensService,
  ) {}

  @Get('presets')
  presetsPage(@CurrentActor() actor: Actor, @Query('pluginId') pluginId: string | undefined, @Query('fallbackCategory') fallbackCategory: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.renderPresets(actor, pluginId, fallbackCategory, req, res);
  }

  @Post('presets/import')
  async importPresetsForm(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const institutionId = await this.ctx.currentInstitution(actor);
    const pluginId = String(body.pluginId ?? '');
    const fallback = typeof body.fallbackCategory === 'string' && body.fallbackCategory ? body.fallbackCategory : undefined;
    const ids = (Array.isArray(body.presetIds) ? body.presetIds : body.presetIds === undefined ? [] : [body.presetIds]).map(String);
    try {
      const { created } = await this.presets.import(actor, institutionId, pluginId, Object.assign(new ImportPresetsDto(), { presetIds: ids, fallbackCategory: fallback }));
      await this.renderPresets(actor, pluginId, fallback, req, res, 201, { created });
    } catch (err) {
      if (!(err instanceof PresetImportRejected)) throw err;
      await this.renderPresets(actor, pluginId, fallback, req, res, 400, { errors: err.rows });
    }
  }

  @CsrfExempt()
  @Post('points/import')
  @UseInterceptors(EXCEL_UPLOAD)
  async importForm(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedFileLike | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    assertFormCsrf(actor, body);
    const L = riskLabels(resolveLang(req));
    const institutionId = await this.ctx.currentInstitution(actor);
    try {
      const result = await this.excel.import(actor, institutionId, file);
      await this.shell.send(req, res, actor, 'risk/import-result', L.import, { L, ok: true, created: result.created });
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      await this.shell.send(req, res, actor, 'risk/import-result', L.import, { L, ok: false, errors: err.rows }, 400);
    }
  }

  private async renderPresets(actor: Actor, pluginId: string | undefined, fallbackCategory: string | undefined, req: Request, res: Response, status = 200, outcome?: { errors?: { message: string }[]; created?: number }): Promise<void> {
    const lang = resolveLang(req);
    const institutionId = await this.ctx.currentInstitution(actor);
    await this.shell.send(req, res, actor, 'risk/presets', riskLabels(lang).presets, await this.screens.presetsPage(actor, institutionId, pluginId, fallbackCategory, lang, outcome), status);
  }
}
