import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { IndicatorsService } from './indicators.service';
import { RulesService } from './rules.service';

export class ScanDto {
  @ApiPropertyOptional({ description: 'Institution to scan; all institutions when absent' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class IndicatorsQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
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
  async scan(@CurrentActor() actor: Actor, @Body() body: ScanDto) {
    if (body.institutionId === undefined) return { results: await this.rules.scanAll() };
    await this.access.assertVisible(actor, body.institutionId, { type: 'institution', id: body.institutionId });
    return { results: [await this.rules.scan(body.institutionId)] };
  }

  @Get('indicators')
  async list(@CurrentActor() actor: Actor, @Query() query: IndicatorsQuery) {
    const institutionId = query.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    return { institutionId, indicators: await this.indicators.compute(institutionId) };
  }
}
