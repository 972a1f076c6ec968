import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { PageQuery, pageWindow } from '../http/pagination';
import { resolveLang } from '../i18n/i18n';
import { labelsIn } from '../i18n/labels';
import { screenPageWindow } from '../web/pager';
import { ShellService } from '../web/shell.service';
import { PERIOD, RULE_ID, RuleHitList, RuleHitListService, ruleHitQuery } from './rule-hit-list.service';
import { RULE_HIT_LABELS, RULE_LEVELS } from './rule-hits.i18n';
import { ApiOk } from '../http/api-responses';
import { RuleHitListResponse } from './warning-responses';

/** The list's query: a unit below (read-only), a period as the county board's, a model, a level, the page. */
export class RuleHitsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'A unit below the current institution, read without switching to it' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
  @ApiPropertyOptional({ description: 'A year (2026) or a quarter (2026-Q2)', example: '2026-Q2' }) @IsOptional() @Matches(PERIOD) period?: string;
  @ApiPropertyOptional({ description: "The model's full rule id, 'plugin/rule'", example: 'hospital-procurement/split-purchase' }) @IsOptional() @Matches(RULE_ID) rule?: string;
  @ApiPropertyOptional({ enum: RULE_LEVELS }) @IsOptional() @IsIn(RULE_LEVELS) level?: string;
  @ApiPropertyOptional({ enum: ['zh', 'en'] }) @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

/** The rule hits (模型命中) of a unit as JSON: the screen's service and filters, `{items, total, page, pageSize}`. */
@ApiTags('warning')
@Controller('api/warning')
export class RuleHitsController {
  constructor(private readonly hits: RuleHitListService) {}

  @Get('rule-hits')
  @ApiOperation({ summary: '查询规则命中清单', description: 'One page of the rule hits the caller may see, with filters.' })
  @ApiOk(RuleHitListResponse)
  list(@CurrentActor() actor: Actor, @Query() q: RuleHitsQuery, @Req() req: Request): Promise<RuleHitList> {
    return this.hits.list(actor, resolveLang(req), ruleHitQuery({ ...q }), pageWindow(q));
  }
}

/** The rule-hit list screen (/warning/rule-hits), which the county board's rule-hit figures open. */
@ApiExcludeController()
@Controller('warning')
export class RuleHitsWebController {
  constructor(
    private readonly shell: ShellService,
    private readonly hits: RuleHitListService,
  ) {}

  @Get('rule-hits')
  async page(@CurrentActor() actor: Actor, @Query() q: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    // A bad filter is a 400 like the county board's period; page and page size fall back, as on every screen.
    const data = await this.hits.screen(actor, lang, ruleHitQuery(q), screenPageWindow(q), !!q.pageSize);
    const L = labelsIn(RULE_HIT_LABELS, lang);
    const list = data.list as RuleHitList;
    await this.shell.send(req, res, actor, 'warning/rule-hits', list.otherUnit ? `${list.institution.name} · ${L.title}` : L.title, data);
  }
}
