import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../http/pagination';
import { ASSIGNMENT_STATES } from './clue-assignment-labels';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Form fields arrive as strings; trim them so blank input is caught as missing. */
const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class AssignClueDto {
  @ApiProperty({ description: '承办单位（本机关下级、线索所涉单位或其上级）' }) @Type(() => Number) @IsInt() @Min(1) unitId: number;
  @ApiProperty({ description: '办理期限 YYYY-MM-DD（北京时间，不早于今天）' }) @IsString() @Matches(DATE) deadline: string;
  @ApiProperty({ description: '交办要求' }) @trim() @IsString() @MinLength(2) @MaxLength(2000) instructions: string;
}

export class ReportAssignmentDto {
  @ApiProperty({ description: '办理结果' }) @trim() @IsString() @MinLength(2) @MaxLength(5000) outcome: string;
}

export class ReturnAssignmentDto {
  @ApiProperty({ description: '退回理由' }) @trim() @IsString() @MinLength(2) @MaxLength(2000) reason: string;
  @ApiPropertyOptional({ description: '新的办理期限 YYYY-MM-DD' }) @IsOptional() @IsString() @Matches(DATE) deadline?: string;
}

export class AssignmentNoteDto {
  @ApiPropertyOptional({ description: '说明' }) @IsOptional() @trim() @IsString() @MaxLength(2000) note?: string;
}

export class AssignmentListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATES }) @IsOptional() @IsIn(ASSIGNMENT_STATES) status?: string;
  @ApiPropertyOptional({ description: 'Only assignments to this unit' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) unit?: number;
  @ApiPropertyOptional({ description: 'Only those past their deadline and not reported' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}
