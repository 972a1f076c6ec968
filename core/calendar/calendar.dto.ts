import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

// A field that repeats (one per row) arrives as a string when the form has one row: always a list here.
const list = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** The notice form's rows by position; the notice itself is checked by noticeYear, as the YAML files are. */
export class CalendarNoticeForm {
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @MaxLength(40, { each: true }) holidayName?: string[];
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @MaxLength(10, { each: true }) holidayFrom?: string[];
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @MaxLength(10, { each: true }) holidayTo?: string[];
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(60) @IsString({ each: true }) @MaxLength(10, { each: true }) workday?: string[];
}

/** A pasted notice YAML, as config/calendar/<year>.yaml. */
export class CalendarImportForm {
  @IsString() @IsNotEmpty() @MaxLength(20_000) yaml: string;
}
