import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { resolveLang } from '../i18n/i18n';
import { CountyBoard, CountyBoardService } from './county-board.service';
import { CountyBoardQuery } from './county.dto';
import { ApiOk } from '../http/api-responses';
import { CountyBoardResponse, FigureResponse } from './county-responses';

/** The county board's figures as JSON: the same service as the screen, each figure with the link to its list. */
@ApiTags('oversight')
@ApiExtraModels(FigureResponse)
@Controller('api/county')
export class CountyController {
  constructor(private readonly board: CountyBoardService) {}

  @Get('board')
  @ApiOperation({ summary: '查看县域监督看板', description: 'The county oversight board: warnings, clues and assignments per institution.' })
  @ApiOk(CountyBoardResponse)
  read(@CurrentActor() actor: Actor, @Query() q: CountyBoardQuery, @Req() req: Request): Promise<CountyBoard> {
    return this.board.read(actor, resolveLang(req), q);
  }
}
