import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { pick, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { langSwitchBack } from './shell.service';
import { ScreenRenderer } from './screen-renderer';
import { PluginScreenExtras } from './plugin-screen-extras';

/** Dashboard screens a plugin marks `public` (村务公开栏), readable with no login; anything else is 404. */
@ApiExcludeController()
@Controller('public')
export class PublicScreenController {
  constructor(
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly screens: ScreenRenderer,
    private readonly extras: PluginScreenExtras,
  ) {}

  @Public()
  @Get(':institutionCode/:pluginId/:screenId')
  async show(@Param('institutionCode') code: string, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const inst = (await this.access.institutions()).find((i) => i.code === code);
    const entry = inst && this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.public === true && s.screen.kind === 'dashboard');
    if (!inst || !entry) throw AppError.notFound();
    const lang = resolveLang(req);
    const dashboard = await this.extras.dashboard(entry.screen, pluginId, inst.id, inst.code, lang);
    const title = pick(entry.screen.label, lang);
    res
      .type('html')
      .setHeader('Cache-Control', 'public, max-age=60')
      .send(this.screens.render('public-screen', { lang, otherLang: lang === 'zh' ? 'en' : 'zh', langBack: langSwitchBack(req.originalUrl), title, institution: inst.name, dashboard }));
  }
}
