import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ListPageQuery {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  /** Plugin list filters, each `fieldKey=value` (from the screen's `filters`). */
  @IsOptional() @IsString({ each: true }) @MaxLength(200, { each: true }) filter?: string | string[];
  @IsOptional() @IsIn(['', '1', '0']) flagged?: string;
  @IsOptional() @IsIn(['zh', 'en']) lang?: string;
}

/** A list row's 出具 button: which of the record's plugin templates to issue. */
export class IssueFormDto {
  @IsString() @MaxLength(130) @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
}
