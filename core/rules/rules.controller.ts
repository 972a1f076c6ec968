import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { periodOf } from '../plugin-api';
import { IndicatorsService } from './indicators.service';
import { RulesService } from './rules.service';
import { ApiOk } from '../http/api-responses';
import { IndicatorDrillDownResponse, IndicatorsResponse, RuleScanResponse } from './rules-responses';

export class ScanDto {
  @ApiPropertyOptional({ description: 'Institution to scan; all institutions when absent' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class IndicatorsQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
  @ApiPropertyOptional({ description: 'Reporting period: a year (2026) or a quarter (2026-Q1); all records when absent', example: '2026-Q1' })
  @IsOptional()
  @Matches(/^[0-9]{4}(-Q[1-4])?$/)
  period?: string;
}

@ApiTags('rules')
@Controller('api')
export class RulesController {
  constructor(
    private readonly rules: RulesService,
    private readonly indicators: IndicatorsService,
    private readonly access: AccessService,
  ) {}

  /** Runs the nightly full scan now (idempotent). */
  @Post('rules/scan')
  @HttpCode(200)
  @Roles('system-admin')
  @ApiOperation({ summary: '立即运行规则扫描', description: 'Runs the nightly rule scan now, for all or one institution; idempotent.' })
  @ApiOk(RuleScanResponse)
  async scan(@CurrentActor() actor: Actor, @Body() body: ScanDto) {
    if (body.institutionId === undefined) return { results: await this.rules.scanAll() };
    await this.access.assertVisible(actor, body.institutionId, { type: 'institution', id: body.institutionId });
    return { results: [await this.rules.scan(body.institutionId)] };
  }

  @Get('indicators')
  @ApiOperation({ summary: '查询监测指标', description: 'The institution\'s indicators with their current values.' })
  @ApiOk(IndicatorsResponse)
  async list(@CurrentActor() actor: Actor, @Query() query: IndicatorsQuery) {
    const institutionId = query.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    const period = query.period ? periodOf(query.period)! : undefined;
    return { institutionId, period: period ?? null, indicators: await this.indicators.compute(institutionId, undefined, period) };
  }

  /** One indicator's numerator, denominator and the records behind them, for checking a number by hand. */
  @Get('indicators/:pluginId/:indicatorId/records')
  @ApiOperation({ summary: '查询指标明细记录', description: 'The records behind one indicator\'s value.' })
  @ApiOk(IndicatorDrillDownResponse)
  async drillDown(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('indicatorId') indicatorId: string, @Query() query: IndicatorsQuery) {
    const institutionId = query.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId }, pluginId);
    return this.indicators.drillDown(institutionId, pluginId, indicatorId, query.period ? periodOf(query.period)! : undefined);
  }
}
