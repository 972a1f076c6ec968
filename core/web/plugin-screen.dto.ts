import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListPageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** Plugin list filters, each `fieldKey=value` (from the screen's `filters`). */
  @IsOptional() @IsString({ each: true }) @MaxLength(200, { each: true }) filter?: string | string[];
  @IsOptional() @IsIn(['', '1', '0']) flagged?: string;
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
  /** A page past the last one is shown empty, with the way back. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page?: number;
  @IsOptional() @Type(() => Number) @IsIn([20, 50, 100, 200]) pageSize?: number;
  /** A listed field's key to sort by (none: newest first). */
  @IsOptional() @IsString() @Matches(/^[A-Za-z][A-Za-z0-9_]{0,63}$/) sort?: string;
  @IsOptional() @IsIn(['asc', 'desc']) dir?: 'asc' | 'desc';
  /** `xlsx`: the whole filtered list as an Excel file instead of the page. */
  @IsOptional() @IsIn(['xlsx']) format?: string;
  /** A unit the caller oversees, opened read-only without switching the session (a township's drill-down into a village). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) at?: number;
}

/** A list row's 出具 button: which of the record's plugin templates to issue. */
export class IssueFormDto {
  @IsString() @MaxLength(130) @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
}
