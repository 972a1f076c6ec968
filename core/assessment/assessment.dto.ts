import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ASSESSMENT_PRESETS, BALLOT_CHOICES, GRADE_SCALES, GradeScaleId } from './scoring';
import { VETO_FACTS } from './veto-rules';

export const ITEM_METHODS = ['manual', 'deduction', 'indicator', 'evaluation'] as const;
export type ItemMethod = (typeof ITEM_METHODS)[number];

export class ItemDto {
  @ApiPropertyOptional({ description: 'id of an existing item to keep (with its scores) when replacing items' }) @IsOptional() @IsInt() @Min(1) id?: number;
  @ApiProperty({ example: '教育学习' }) @IsString() @IsNotEmpty() @MaxLength(100) area: string;
  @ApiProperty({ example: '每季度至少一次廉政学习并有记录' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: 20, description: 'whole points; all items of a scheme add up to exactly 100' }) @IsInt() @Min(1) @Max(100) maxPoints: number;
  @ApiProperty({ enum: ITEM_METHODS }) @IsIn(ITEM_METHODS) method: ItemMethod;
  @ApiPropertyOptional({ example: 2, description: 'deduction: points taken off per missing unit (缺1扣2 → 2), up to 2 decimals' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  perMissing?: number;
  @ApiPropertyOptional({ example: 'test-plugin' }) @IsOptional() @IsString() @MaxLength(64) pluginId?: string;
  @ApiPropertyOptional({ example: 'notes-per-quarter' }) @IsOptional() @IsString() @MaxLength(64) indicatorId?: string;
}

export class VetoRuleDto {
  @ApiProperty() @Matches(/^[a-z][a-z0-9-]{1,40}$/) id: string;
  @ApiProperty({ enum: VETO_FACTS }) @IsIn(VETO_FACTS) fact: (typeof VETO_FACTS)[number];
  @ApiProperty() @IsInt() @Min(1) @Max(1000) min: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(20) capGrade: string | null;
  @ApiProperty() @IsBoolean() excludeFromPromotion: boolean;
  @ApiProperty() @IsObject() label: { zh: string; en: string };
}

export const SUBJECT_KINDS = ['person', 'department', 'unit'] as const;

export class SubjectRefDto {
  @ApiProperty({ enum: SUBJECT_KINDS, description: 'unit: an institution below the scheme’s (id = institution id)' }) @IsIn(SUBJECT_KINDS) kind: (typeof SUBJECT_KINDS)[number];
  @ApiProperty() @IsInt() @Min(1) id: number;
}

export class CreateSchemeDto {
  @ApiPropertyOptional({ description: 'defaults to the caller’s current institution' }) @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ example: '2026年度党风廉政建设责任制考核' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: '2026' }) @Matches(/^\d{4}(-(H1|H2|Q[1-4]))?$/) period: string;
  @ApiPropertyOptional({ example: '2026-12-20' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) assessmentDate?: string;
  @ApiPropertyOptional({ enum: ['institution', 'subjects'] }) @IsOptional() @IsIn(['institution', 'subjects']) resultVisibility?: 'institution' | 'subjects';
  @ApiPropertyOptional({ enum: ASSESSMENT_PRESETS, description: 'defaults to the institution’s assessmentPreset' }) @IsOptional() @IsIn(ASSESSMENT_PRESETS) preset?: (typeof ASSESSMENT_PRESETS)[number];
  @ApiPropertyOptional({ enum: GRADE_SCALES, description: 'grade scale instead of the preset’s: 004-four 优秀/良好/一般/差, three 好/一般/差, 000-four 优秀/良好/合格/不合格' })
  @IsOptional()
  @IsIn(GRADE_SCALES)
  gradeScale?: GradeScaleId;
  @ApiPropertyOptional({ description: '004 第2篇: 差 ballots ≥ 30 % of valid ones force the lowest grade (needs an evaluation item); defaults to the preset’s' })
  @IsOptional()
  @IsBoolean()
  poorShareRule?: boolean;
  @ApiPropertyOptional({ description: 'grade code → lowest score in points, e.g. {"excellent": 90}' }) @IsOptional() @IsObject() thresholds?: Record<string, number>;
  @ApiPropertyOptional({ description: 'ballot choice → points, e.g. {"good": 85}' }) @IsOptional() @IsObject() weights?: Record<string, number>;
  @ApiProperty({ type: [ItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
  @ApiProperty({ type: [SubjectRefDto] }) @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => SubjectRefDto) subjects: SubjectRefDto[];
  @ApiPropertyOptional({ type: [VetoRuleDto], description: 'defaults to the three vetoes of the seeds' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VetoRuleDto)
  vetoRules?: VetoRuleDto[];
}

export class ReplaceItemsDto {
  @ApiProperty({ type: [ItemDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ItemDto) items: ItemDto[];
}

export class ReplaceVetoRulesDto {
  @ApiProperty({ type: [VetoRuleDto] }) @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => VetoRuleDto) vetoRules: VetoRuleDto[];
}

export class ScoreItemDto {
  @ApiProperty() @IsInt() @Min(1) subjectId: number;
  @ApiPropertyOptional({ description: 'manual items: points given, up to 2 decimals' }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) points?: number;
  @ApiPropertyOptional({ description: 'deduction items: how many required units are missing' }) @IsOptional() @IsInt() @Min(0) @Max(100000) missing?: number;
  @ApiProperty({ example: '查阅2026年上半年自查报告，学习记录齐全' }) @IsString() @IsNotEmpty() @MaxLength(2000) evidence: string;
}

export class CreateRoundDto {
  @ApiProperty({ example: '2026年度民主测评' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: ['online', 'paper'] }) @IsIn(['online', 'paper']) mode: 'online' | 'paper';
  @ApiPropertyOptional({ type: [Number], description: 'user ids of the voters (online rounds)' }) @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsInt({ each: true }) @Min(1, { each: true }) voterUserIds?: number[];
}

export const BALLOT_VALUES = [...BALLOT_CHOICES, 'invalid'] as const;

export class CastBallotDto {
  @ApiProperty({ description: 'subject id → 优秀 excellent / 良好 good / 一般 fair / 差 poor; a subject left out or marked invalid is an invalid ballot', example: { 1: 'good' } })
  @IsObject()
  choices: Record<string, string>;
}

export class PaperTallyDto {
  @ApiProperty() @IsInt() @Min(1) subjectId: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) excellent: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) good: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) fair: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) poor: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) invalid: number;
}

export class RecordVetoDto {
  @ApiProperty() @IsInt() @Min(1) personId: number;
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty({ example: '因违反廉洁纪律受党内警告处分' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class SelfReportDto {
  @ApiProperty() @IsInt() @Min(1) subjectId: number;
  @ApiProperty({ example: '2026年度述职述廉报告' }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(20000) body: string;
}
