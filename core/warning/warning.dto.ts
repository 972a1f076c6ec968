import { PageQuery } from '../http/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { CLUE_STATES, CLUE_SOURCES, STAFF_SOURCES } from './clue.service';
import { WARNING_STATES } from './warning-state';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Form fields arrive as strings; trim them so blank input is caught as missing. */
const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Checkboxes and JSON booleans both become booleans. */
const bool = () => Transform(({ value }) => (value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value));

export class SubjectDto {
  @ApiProperty({ enum: ['person', 'department', 'institution'] }) @IsIn(['person', 'department', 'institution']) subjectType: 'person' | 'department' | 'institution';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) subjectPersonId?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) subjectDepartmentId?: number;
  @ApiPropertyOptional({ description: 'Name when the subject is not on file' }) @IsOptional() @trim() @IsString() @MaxLength(100) subjectLabel?: string;
}

export class CreateClueDto extends SubjectDto {
  @ApiProperty({ enum: STAFF_SOURCES }) @IsIn(STAFF_SOURCES) source: (typeof STAFF_SOURCES)[number];
  @ApiProperty({ maxLength: 5000 }) @trim() @IsString() @MinLength(5) @MaxLength(5000) content: string;
}

export class ClueListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLUE_STATES }) @IsOptional() @IsIn(CLUE_STATES) status?: string;
  @ApiPropertyOptional({ enum: CLUE_SOURCES }) @IsOptional() @IsIn(CLUE_SOURCES) source?: string;
  @ApiPropertyOptional({ description: 'Only clues about this institution (one the caller oversees)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) unit?: number;
}

export class DismissDto {
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) reason: string;
}

export class MergeDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) intoClueId: number;
}

export class TransferDto {
  @ApiProperty({ description: '移送说明（案件线索移送纪委查处）' }) @trim() @IsString() @MinLength(2) @MaxLength(2000) note: string;
}

/** Triage into a warning: the level, the matter, and whom it is against (a person or department on file, or the institution). */
export class WarnDto {
  @ApiProperty({ enum: ['person', 'department', 'institution'], description: '预警对象类型' }) @IsIn(['person', 'department', 'institution']) subjectType: 'person' | 'department' | 'institution';
  @ApiPropertyOptional({ description: '被预警人（subjectType=person 时必填）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) subjectPersonId?: number;
  @ApiPropertyOptional({ description: '被预警科室（subjectType=department 时必填）' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) subjectDepartmentId?: number;
  @ApiProperty({ description: 'Level code of the institution palette, e.g. blue / yellow / red' }) @trim() @IsString() @MaxLength(20) levelCode: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(200) title: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(5000) reason: string;
  @ApiPropertyOptional({ description: '作出决定的机构（如 党委）: required when the level names a deciding body' }) @IsOptional() @trim() @IsString() @MaxLength(100) decisionBody?: string;
  @ApiPropertyOptional({ description: '会议日期 (YYYY-MM-DD, not after today): required when the level names a deciding body' }) @IsOptional() @trim() @Matches(DATE) decisionMeetingOn?: string;
  @ApiPropertyOptional({ description: '会议纪要编号: required when the level names a deciding body' }) @IsOptional() @trim() @IsString() @MaxLength(60) decisionMinutesNo?: string;
}

export class RuleHitDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) institutionId: number;
  @ApiProperty() @IsString() @Matches(/^[a-z0-9][a-z0-9./_-]{0,119}$/) ruleId: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) ruleVersion: number;
  @ApiProperty({ description: 'Identifies the hit within the rule, so a repeated report is ignored' }) @IsString() @MaxLength(80) hitKey: string;
  @ApiProperty() @trim() @IsString() @MaxLength(200) subjectLabel: string;
  @ApiProperty() @trim() @IsString() @MaxLength(2000) message: string;
  @ApiProperty({ description: 'The values the rule saw' }) @IsObject() inputs: Record<string, unknown>;
}

export class WarningListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WARNING_STATES }) @IsOptional() @IsIn(WARNING_STATES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) level?: string;
  @ApiPropertyOptional() @IsOptional() @bool() @IsBoolean() open?: boolean;
  @ApiPropertyOptional({ description: 'Only warnings about this institution (one the caller oversees)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) unit?: number;
}

export class InterviewDto {
  @ApiProperty({ type: [Number], description: 'At least two interviewers (user ids)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(/[,，\s]+/).filter(Boolean).map(Number) : Array.isArray(value) ? value.map(Number) : value))
  @IsArray() @ArrayMinSize(2) @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true })
  interviewerUserIds: number[];
  @ApiProperty({ description: 'The lead interviewer (主谈人), one of the interviewers' }) @Type(() => Number) @IsInt() @Min(1) leadUserId: number;
  @ApiProperty() @Matches(DATE) heldOn: string;
  @ApiProperty() @trim() @IsString() @MinLength(1) @MaxLength(200) place: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(5000) notes: string;
}

/** Picked interviewers: a multi-select sends one value or several; JSON sends a list. */
const idList = () => Transform(({ value }) => (typeof value === 'string' ? value.split(/[,，\s]+/).filter(Boolean).map(Number) : Array.isArray(value) ? value.map(Number) : value));

export class ScheduleInterviewDto {
  @ApiProperty({ example: '2026-06-25T09:30', description: 'Local date and time of the interview' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/)
  at: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(200) place: string;
  @ApiProperty({ type: [Number], description: 'At least two interviewers, picked from GET /api/warning/warnings/:id/interviewers' })
  @idList() @IsArray() @ArrayMinSize(2) @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true })
  interviewerUserIds: number[];
  @ApiProperty({ description: 'The lead interviewer (主谈人), one of the interviewers, of lead rank' }) @Type(() => Number) @IsInt() @Min(1) leadUserId: number;
  @ApiPropertyOptional({ type: [String], description: 'Materials to bring, one per line' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(/\r?\n/).map((x) => x.trim()).filter(Boolean) : value))
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(200, { each: true })
  bring?: string[];
}

export class AnswerDto {
  @ApiProperty({ description: '情况说明' }) @trim() @IsString() @MinLength(2) @MaxLength(10000) explanation: string;
  @ApiPropertyOptional({ description: '整改措施' }) @IsOptional() @trim() @IsString() @MaxLength(10000) measures?: string;
  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  // A typed list ("3, 4") or the answer form's checkboxes (one value each).
  @Transform(({ value }) => (typeof value === 'string' ? value.split(/[,，\s]+/).filter(Boolean).map(Number) : Array.isArray(value) ? value.map((x) => (typeof x === 'string' ? Number(x) : x)) : value))
  @IsArray() @ArrayMaxSize(20) @IsInt({ each: true }) @Min(1, { each: true })
  evidenceIds?: number[];
}

export class ReviewDto {
  @ApiProperty({ enum: ['accept', 'reject'] }) @IsIn(['accept', 'reject']) decision: 'accept' | 'reject';
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) comment: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ minimum: 1, maximum: 1 }) @Type(() => Number) @IsInt() @Min(1) @Max(12) months: number;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty() @bool() @IsBoolean() approve: boolean;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) comment: string;
}

export class FollowUpDto {
  @ApiProperty() @Matches(DATE) visitedOn: string;
  @ApiProperty({ description: '听取汇报 / 查阅资料 / 召开座谈会' }) @trim() @IsString() @MinLength(2) @MaxLength(200) method: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(5000) findings: string;
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) opinion: string;
}

export class WarningCommentDto {
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(2000) comment: string;
}

export class AppealDto {
  @ApiProperty() @trim() @IsString() @MinLength(5) @MaxLength(10000) grounds: string;
}

export class AppealAnswerDto {
  @ApiProperty({ enum: ['upheld', 'revoked'] }) @IsIn(['upheld', 'revoked']) outcome: 'upheld' | 'revoked';
  @ApiProperty() @trim() @IsString() @MinLength(2) @MaxLength(5000) answer: string;
}

export class ReportQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(4) quarter: number;
}

export const TIPOFF_LIMITS_CHARS = { subject: 100, content: 5000, name: 50, contact: 100 };

/** The public tip-off: everything bounded, no HTML accepted as anything but text. */
export class TipoffDto {
  @ApiProperty() @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/) institutionCode: string;
  @ApiProperty({ description: '被反映人或单位' }) @trim() @IsString() @MinLength(1) @MaxLength(TIPOFF_LIMITS_CHARS.subject) @NoControlChars() subjectLabel: string;
  @ApiProperty({ maxLength: TIPOFF_LIMITS_CHARS.content }) @trim() @IsString() @MinLength(10) @MaxLength(TIPOFF_LIMITS_CHARS.content) @NoControlChars() content: string;
  @ApiProperty({ description: '匿名举报' }) @bool() @IsBoolean() anonymous: boolean;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(TIPOFF_LIMITS_CHARS.name) @NoControlChars() name?: string;
  @ApiPropertyOptional() @IsOptional() @trim() @IsString() @MaxLength(TIPOFF_LIMITS_CHARS.contact) @NoControlChars() contact?: string;
  @ApiPropertyOptional({ description: '受理机关: the code of the institution or of one above it; default: its own body (the level above for a tip-off about its head or discipline officer)' })
  @Transform(({ value }) => (value === '' ? undefined : value)) @IsOptional() @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/)
  receivingCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) _csrf?: string;
}

export class ReceiptDto {
  @ApiProperty({ example: 'JB-ABCDE-FGHJK-LMNPQ-RSTUV' }) @trim() @IsString() @Matches(/^JB-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/i) code: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) _csrf?: string;
}

/** Text fields of the public form may carry line breaks and tabs, nothing else below U+0020. */
export function NoControlChars(): PropertyDecorator {
  return ValidateBy({ name: 'noControlChars', validator: { validate: (v: unknown) => typeof v !== 'string' || !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v) } });
}
