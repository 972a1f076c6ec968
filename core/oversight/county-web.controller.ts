import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { resolveLang } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { ShellService } from '../web/shell.service';
import { CountyBoardService } from './county-board.service';
import { CountyBoardQuery } from './county.dto';
import { COUNTY_LABELS } from './county.i18n';
import { countyView } from './county.view';

/** The county board (/county) and one unit's drill-down (/county/units/:id), which leaves the session's institution as it is. */
@ApiExcludeController()
@Controller('county')
export class CountyWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly board: CountyBoardService,
  ) {}

  @Get()
  async page(@CurrentActor() actor: Actor, @Query() q: CountyBoardQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const data = await this.board.read(actor, lang, q);
    await this.shell.send(req, res, actor, 'oversight/county', labelsIn(COUNTY_LABELS, lang).title, countyView(data, lang, '/county'));
  }

  @Get('units/:id')
  async unitPage(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: CountyBoardQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const data = await this.board.read(actor, lang, q, id);
    const unit = data.unit!;
    const matters = await this.board.matters(actor, lang, unit.id);
    await this.shell.send(req, res, actor, 'oversight/county', `${unit.name} · ${labelsIn(COUNTY_LABELS, lang).title}`, { ...countyView(data, lang, `/county/units/${unit.id}`), unit, matters });
  }
}
