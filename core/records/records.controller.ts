import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { pageOf, PageQuery, pageWindow } from '../http/pagination';
import { RecordsService } from './records.service';
import { RecordDocumentService } from './record-document.service';
import { ApiCreated, ApiHtml, ApiOk, PageOf } from '../http/api-responses';
import { PluginRecordResponse, RecordRuleHitResponse, RevealedFieldResponse } from './records-responses';

export class ListRecordsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
  @ApiPropertyOptional({ description: 'Text looked for in the title, the listed fields and the business numbers' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ description: 'A field key to sort by; default newest first' }) @IsOptional() @IsString() @Matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/) sort?: string;
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) dir?: 'asc' | 'desc';
}

export class TargetInstitutionQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class RuleHitsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class RenderQuery {
  @ApiPropertyOptional() @IsString() @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
}

export class RevealFieldDto {
  @ApiProperty({ example: 'idNumber', description: 'The key of a sensitive field' }) @IsString() @Matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/) field: string;
  @ApiProperty({ example: '核查转诊到位率时需核对身份信息', description: 'Why the clear value is needed (logged)' }) @IsString() @MinLength(10) @MaxLength(500) reason: string;
}

const SEGMENT = /^[a-z][a-z0-9-]{0,63}$/;

function segment(value: string, field: string): string {
  if (!SEGMENT.test(value)) throw AppError.validation([{ field, key: 'validation.pattern' }]);
  return value;
}

@ApiTags('records')
@Controller('api')
export class RecordsController {
  constructor(
    private readonly records: RecordsService,
    private readonly documents: RecordDocumentService,
  ) {}

  @Get('plugins/:pluginId/records/:recordType')
  @ApiOperation({ summary: '查询插件记录列表', description: 'Lists the records of one plugin record type the caller may see, one page at a time.' })
  @ApiOk(PageOf(PluginRecordResponse), '一页记录（values 按记录类型见 PluginRecordView.*）')
  async list(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('recordType') recordType: string, @Query() query: ListRecordsQuery) {
    const w = pageWindow(query);
    const { items, total } = await this.records.list(actor, segment(pluginId, 'pluginId'), segment(recordType, 'recordType'), { institutionId: query.institutionId, q: query.q, sort: query.sort, dir: query.dir, limit: w.limit, offset: w.offset });
    return pageOf(items, total, w);
  }

  @Post('plugins/:pluginId/records/:recordType')
  @ApiOperation({ summary: '新增插件记录', description: 'Creates a record of one plugin record type at the caller\'s (or a chosen) institution.' })
  @ApiCreated(PluginRecordResponse, '新建的记录（values 按记录类型见 PluginRecordView.*）')
  create(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('recordType') recordType: string, @Query() query: TargetInstitutionQuery, @Body() body: unknown) {
    const institutionId = query.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    return this.records.create(actor, institutionId, segment(pluginId, 'pluginId'), segment(recordType, 'recordType'), body);
  }

  @Get('records/:id')
  @ApiOperation({ summary: '查看插件记录', description: 'Reads one plugin record, sensitive fields masked.' })
  @ApiOk(PluginRecordResponse)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.records.get(actor, id);
  }

  /** An oversight role sees pseudonyms; this shows one clear value once, with the reason logged. */
  @Post('records/:id/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: '查看敏感字段明文', description: 'Reveals the clear value of one sensitive field; the stated reason is written to the audit log.' })
  @ApiOk(RevealedFieldResponse)
  reveal(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: RevealFieldDto) {
    return this.records.reveal(actor, id, body.field, body.reason);
  }

  @Patch('records/:id')
  @ApiOperation({ summary: '修改插件记录', description: 'Changes fields of one plugin record (only the fields given).' })
  @ApiOk(PluginRecordResponse, '修改后的记录')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: unknown) {
    return this.records.update(actor, id, body);
  }

  @Get('records/:id/render')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: '预览记录文书（HTML）', description: 'Renders one of the plugin\'s document templates for the record as HTML.' })
  @ApiHtml('文书预览 HTML')
  render(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() query: RenderQuery) {
    return this.documents.renderHtml(actor, id, query.template);
  }

  @Get('rule-hits')
  @ApiOperation({ summary: '查询记录规则命中', description: 'One page of rule hits on records of an institution.' })
  @ApiOk(PageOf(RecordRuleHitResponse))
  ruleHits(@CurrentActor() actor: Actor, @Query() query: RuleHitsQuery) {
    return this.records.ruleHits(actor, query.institutionId, pageWindow(query));
  }
}
