import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../http/pagination';

const TEXT = 4000;

export class InstitutionQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
}

export class PowerListQuery extends InstitutionQuery {
  @ApiPropertyOptional() @IsOptional() @IsIn(['true', 'false']) includeRemoved?: string;
}

export class CreatePowerDto {
  @ApiProperty({ example: 'YJ-001' }) @IsString() @IsNotEmpty() @MaxLength(40) number: string;
  @ApiProperty({ example: '行政管理' }) @IsString() @IsNotEmpty() @MaxLength(60) category: string;
  @ApiProperty({ example: '药品采购' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: '《药品管理法》' }) @IsOptional() @IsString() @MaxLength(300) legalBasisDocument?: string;
  @ApiPropertyOptional({ example: '第五十五条' }) @IsOptional() @IsString() @MaxLength(300) legalBasisArticle?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) processDescription?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsibleDepartmentId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsiblePostId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) keyLinks?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) weakLinks?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) workRules?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) relatedRegulations?: string;
}

export class UpdatePowerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(60) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) legalBasisDocument?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) legalBasisArticle?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) processDescription?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsibleDepartmentId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsiblePostId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) keyLinks?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) weakLinks?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) workRules?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) relatedRegulations?: string;
}

export const LEVELS = ['post', 'department', 'institution'] as const;
export const STATUSES = ['identifying', 'approved', 'published'] as const;

export class CreateRiskPointDto {
  @ApiProperty({ enum: LEVELS }) @IsIn(LEVELS) level: (typeof LEVELS)[number];
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) postId?: number;
  @ApiPropertyOptional({ description: 'Whose risk it is; defaults to the caller' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) ownerPersonId?: number;
  @ApiProperty({ example: '药品遴选中收受回扣' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ example: 'post-duty', description: "A key of the institution's category taxonomy" }) @IsString() @IsNotEmpty() @MaxLength(40) category: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) description?: string;
  @ApiPropertyOptional({ description: '表现形式' }) @IsOptional() @IsString() @MaxLength(TEXT) manifestation?: string;
  @ApiProperty({ minimum: 1, maximum: 3 }) @Type(() => Number) @IsInt() @Min(1) @Max(3) likelihood: number;
  @ApiProperty({ minimum: 1, maximum: 3 }) @Type(() => Number) @IsInt() @Min(1) @Max(3) harm: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: '影响范围' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) scope?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: '发生频度' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) frequency?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '变化幅度 (omit = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) variability?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '分布情况 (omit = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) distribution?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '持续时间 (omit = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) duration?: number | null;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(1, { each: true }) powerIds?: number[];
  @ApiPropertyOptional({ description: '前期预防' }) @IsOptional() @IsString() @MaxLength(TEXT) measuresPrevention?: string;
  @ApiPropertyOptional({ description: '中期监控' }) @IsOptional() @IsString() @MaxLength(TEXT) measuresMonitoring?: string;
  @ApiPropertyOptional({ description: '后期处置' }) @IsOptional() @IsString() @MaxLength(TEXT) measuresDisposal?: string;
  @ApiPropertyOptional({ description: 'Overrides the responsible person filled in from the grade' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsiblePersonId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) supervisorPersonId?: number;
  @ApiPropertyOptional({ description: 'Plugin fields: { pluginId: { key: value } }' }) @IsOptional() @IsObject() extensions?: Record<string, Record<string, unknown>>;
}

export class UpdateRiskPointDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(40) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) manifestation?: string;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsInt({ each: true }) @Min(1, { each: true }) powerIds?: number[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) measuresPrevention?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) measuresMonitoring?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) measuresDisposal?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) responsiblePersonId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) supervisorPersonId?: number;
  @ApiPropertyOptional({ description: 'Back to the grade preset' }) @IsOptional() @IsBoolean() resetResponsibility?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsObject() extensions?: Record<string, Record<string, unknown>>;
  @ApiPropertyOptional({ description: 'Why (kept in the version history)' }) @IsOptional() @IsString() @MaxLength(300) reason?: string;
}

export class RegradeDto {
  @ApiProperty({ minimum: 1, maximum: 3 }) @Type(() => Number) @IsInt() @Min(1) @Max(3) likelihood: number;
  @ApiProperty({ minimum: 1, maximum: 3 }) @Type(() => Number) @IsInt() @Min(1) @Max(3) harm: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: '影响范围 (omit = unchanged)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) scope?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: '发生频度 (omit = unchanged)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) frequency?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '变化幅度 (omit = unchanged, null = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) variability?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '分布情况 (omit = unchanged, null = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) distribution?: number | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 3, nullable: true, description: '持续时间 (omit = unchanged, null = not assessed)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) duration?: number | null;
  @ApiProperty({ example: '职权调整后重新评估' }) @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
}

/** `page`/`pageSize` as every list; the older `limit`/`offset` still work, but not together with them. */
export class RiskListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 3 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3) grade?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[a-z0-9-]{1,40}$/) category?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ enum: LEVELS }) @IsOptional() @IsIn(LEVELS) level?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}

export class ContributeDto {
  @ApiProperty({ example: '补充：与供应商私下接触的风险' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) content: string;
}

export class SendBackDto {
  @ApiProperty({ description: 'Number (from 1) of the step the point returns to, earlier than the current one' }) @Type(() => Number) @IsInt() @Min(1) @Max(10) toStep: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(TEXT) reason: string;
}

export class PublishDto extends InstitutionQuery {
  @ApiProperty({ example: '2026年度廉政风险点公示' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ example: '2026-07-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) startsOn: string;
  @ApiProperty({ example: '2026-07-07' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) endsOn: string;
  @ApiProperty({ type: [Number] }) @IsArray() @ArrayMaxSize(500) @IsInt({ each: true }) @Min(1, { each: true }) pointIds: number[];
}

export class ReviseDto {
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) startsOn?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) endsOn?: string;
}

export class PublicationCommentDto {
  @ApiProperty({ enum: ['comment', 'objection'] }) @IsIn(['comment', 'objection']) kind: 'comment' | 'objection';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) pointId?: number;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(TEXT) content: string;
}

export class CreateCommitmentDto extends InstitutionQuery {
  @ApiProperty({ enum: ['personal', 'department'] }) @IsIn(['personal', 'department']) kind: 'personal' | 'department';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) personId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ description: '廉政承诺' }) @IsString() @IsNotEmpty() @MaxLength(TEXT) pledge: string;
  @ApiPropertyOptional({ description: '风险防范举措' }) @IsOptional() @IsString() @MaxLength(TEXT) measures?: string;
  @ApiProperty({ type: [Number] }) @IsArray() @ArrayMaxSize(200) @IsInt({ each: true }) @Min(1, { each: true }) pointIds: number[];
}

export class SelfCheckReportDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(TEXT) report: string;
}

export class ExportQuery extends InstitutionQuery {
  @ApiProperty({ enum: ['catalogue', 'summary', 'form1', 'form2', 'form3'] }) @IsIn(['catalogue', 'summary', 'form1', 'form2', 'form3']) kind: string;
}

export class SelfCheckListQuery extends InstitutionQuery {
  @ApiPropertyOptional({ enum: ['due', 'submitted', 'overdue'] }) @IsOptional() @IsIn(['due', 'submitted', 'overdue']) status?: string;
}

/** The list screen takes the API's filters plus the shell's ?lang= switch. */
export class RiskPageQuery extends RiskListQuery {
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

export const RISK_DOCUMENT_KINDS = ['catalogue', 'summary', 'form1', 'form2', 'form3'] as const;
export type RiskDocumentKind = (typeof RISK_DOCUMENT_KINDS)[number];

/** Issue a catalogue or 附表 form as a numbered PDF: form1 names the person, form2 the department. */
export class IssueRiskDocumentDto extends InstitutionQuery {
  @ApiProperty({ enum: RISK_DOCUMENT_KINDS }) @IsIn(RISK_DOCUMENT_KINDS) kind: RiskDocumentKind;
  @ApiPropertyOptional({ description: '附表1: the person whose post-level points are listed' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) personId?: number;
  @ApiPropertyOptional({ description: '附表2: the department whose department-level points are listed' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) departmentId?: number;
}

/** Which presets of a plugin to import; categories the institution's taxonomy lacks take `fallbackCategory`. */
/** One of the institution's posts standing in for a preset's post of another name. */
export class PresetPostDto {
  @ApiProperty({ example: '药品（耗材）采购员', description: 'The post name as the preset gives it (Chinese)' }) @IsString() @IsNotEmpty() @MaxLength(100) presetPost: string;
  @ApiProperty() @IsInt() @Min(1) postId: number;
}

export class ImportPresetsDto extends InstitutionQuery {
  @ApiPropertyOptional({ type: [String], description: 'Preset ids; all of the plugin\'s presets when omitted' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(100, { each: true }) presetIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) fallbackCategory?: string;
  @ApiPropertyOptional({ type: [PresetPostDto], description: 'Local posts for preset post names the institution calls otherwise' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PresetPostDto) posts?: PresetPostDto[];
  @ApiPropertyOptional({ description: 'Import as department-level points of this department (002 附表2) instead of onto the posts' }) @IsOptional() @IsInt() @Min(1) departmentId?: number;
}

export class PresetPreviewQuery extends InstitutionQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) fallbackCategory?: string;
}

export class MessageListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) unread?: string;
}
