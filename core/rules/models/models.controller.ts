import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Response } from 'express';
import { currentInstitutionOf, type Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { ApiCreated, ApiOk } from '../../http/api-responses';
import { IdPipe } from '../../http/id.pipe';
import { BacktestResponse, ModelDetailResponse, ModelFileResponse, ModelListResponse, ModelResponse, ModelSchemaResponse } from './models-responses';
import { ModelsService } from './models.service';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class InstitutionQuery {
  @ApiPropertyOptional({ description: '单位；缺省为当前单位' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class CreateModelDto {
  @ApiPropertyOptional({ description: '单位；缺省为当前单位' }) @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ description: '模型定义（见 ModelDefinitionResponse）' }) @IsObject() definition: Record<string, unknown>;
}

export class ReasonDto {
  @ApiProperty({ description: '理由（记入版本与审计日志）' }) @trim() @IsString() @MinLength(2) @MaxLength(500) reason: string;
}

export class UpdateModelDto extends ReasonDto {
  @ApiProperty({ description: '新的模型定义' }) @IsObject() definition: Record<string, unknown>;
}

export class BacktestDto {
  @ApiPropertyOptional({ type: 'integer', description: '时间上限（毫秒），缺省 10000' }) @IsOptional() @IsInt() @Min(100) @Max(60_000) budgetMs?: number;
}

export class BacktestDefinitionDto extends BacktestDto {
  @ApiPropertyOptional({ description: '单位；缺省为当前单位' }) @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ description: '要试运行的模型定义（可未保存）' }) @IsObject() definition: Record<string, unknown>;
}

export class ImportModelDto {
  @ApiPropertyOptional({ description: '单位；缺省为当前单位' }) @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ description: '导出的模型文件内容' }) @IsObject() file: Record<string, unknown>;
}

/** Warning models (监督模型) configured as data: the discipline officer's (and system admin's) API. */
@ApiTags('models')
@Controller('api/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get('schema')
  @ApiOperation({ summary: '监督模型可用的记录类型与字段', description: 'Per enabled record type, the fields a model may use with the operators and measures that fit each.' })
  @ApiOk(ModelSchemaResponse)
  schema(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return this.models.schema(actor, q.institutionId ?? currentInstitutionOf(actor));
  }

  @Get()
  @ApiOperation({ summary: '查询监督模型', description: "The institution's warning models." })
  @ApiOk(ModelListResponse)
  async list(@CurrentActor() actor: Actor, @Query() q: InstitutionQuery) {
    return { items: await this.models.list(actor, q.institutionId ?? currentInstitutionOf(actor)) };
  }

  @Post()
  @ApiOperation({ summary: '新建监督模型（草稿）', description: 'Creates a model as a draft: it raises nothing until enabled.' })
  @ApiCreated(ModelResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreateModelDto) {
    return this.models.create(actor, body.institutionId ?? currentInstitutionOf(actor), body.definition);
  }

  @Post('backtest')
  @HttpCode(200)
  @ApiOperation({ summary: '试运行模型定义', description: 'Backtests a definition (saved or not) over the last 12 months, raising nothing.' })
  @ApiOk(BacktestResponse)
  backtestDefinition(@CurrentActor() actor: Actor, @Body() body: BacktestDefinitionDto) {
    return this.models.backtest(actor, { institutionId: body.institutionId ?? currentInstitutionOf(actor), definition: body.definition }, body.budgetMs);
  }

  @Post('import')
  @ApiOperation({ summary: '导入监督模型', description: "Imports an exported model file as a draft, checked against the institution's enabled plugins." })
  @ApiCreated(ModelResponse)
  import(@CurrentActor() actor: Actor, @Body() body: ImportModelDto) {
    return this.models.importFile(actor, body.institutionId ?? currentInstitutionOf(actor), body.file);
  }

  @Get(':id')
  @ApiOperation({ summary: '查询监督模型及其版本', description: 'One model with its versions (who, when, why).' })
  @ApiOk(ModelDetailResponse)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.models.get(actor, id);
  }

  @Put(':id')
  @ApiOperation({ summary: '修改监督模型', description: 'Changes the definition; once enabled, each change is a new version with its reason.' })
  @ApiOk(ModelResponse)
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: UpdateModelDto) {
    return this.models.update(actor, id, body.definition, body.reason);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: '启用监督模型', description: 'Enables the model at once for saves and scans; the first enabling makes version 1.' })
  @ApiOk(ModelResponse)
  enable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: ReasonDto) {
    return this.models.enable(actor, id, body.reason);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: '停用监督模型', description: 'The model raises nothing from now on; its versions and hits stay.' })
  @ApiOk(ModelResponse)
  disable(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: ReasonDto) {
    return this.models.disable(actor, id, body.reason);
  }

  @Post(':id/backtest')
  @HttpCode(200)
  @ApiOperation({ summary: '试运行监督模型', description: 'Backtests the stored model over the last 12 months, raising nothing.' })
  @ApiOk(BacktestResponse)
  backtest(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: BacktestDto) {
    return this.models.backtest(actor, { id }, body.budgetMs);
  }

  @Get(':id/export')
  @ApiOperation({ summary: '导出监督模型', description: 'The model as a small JSON file for another institution.' })
  @ApiOk(ModelFileResponse, 'JSON 文件')
  async export(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const { name, file } = await this.models.exportFile(actor, id);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    return file;
  }
}
