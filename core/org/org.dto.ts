import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { EMAIL_PATTERN, PHONE_PATTERN } from './person-contact';

/** Form fields arrive as strings; trimmed so blank input is caught as missing. */
const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
/** Names shown on screens and in documents: no control characters (a newline would break a table or a notice). */
const PLAIN = /^[^\u0000-\u001f\u007f]*$/;

export class DepartmentDto {
  @ApiProperty({ example: '药剂科' }) @trim() @IsString() @IsNotEmpty() @MaxLength(200) @Matches(PLAIN) name: string;
}

/** A post: its name and department (absent or null: a post of the institution outside any department). */
export class PostDto {
  @ApiProperty({ example: '采购员' }) @trim() @IsString() @IsNotEmpty() @MaxLength(200) @Matches(PLAIN) name: string;
  @ApiPropertyOptional({ nullable: true, example: 12 }) @IsOptional() @IsInt() @Min(1) departmentId?: number | null;
}

/** Omitted keeps the stored value; null or '' clears it. */
export class PersonContactDto {
  @ApiPropertyOptional({ example: '13800138000', nullable: true, description: '手机号（11 位，可带 +86），用于短信提醒' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @IsString()
  @Matches(PHONE_PATTERN, { message: '手机号须为 11 位大陆手机号 / phone must be an 11-digit mainland mobile number' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'linqing@example.cn', nullable: true, description: '电子邮箱，用于邮件提醒' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @IsString()
  @MaxLength(254)
  @Matches(EMAIL_PATTERN, { message: '邮箱格式不正确 / email is not a valid address' })
  email?: string | null;
}

/** A person as written by the API and the screen: department, post, title and postSince absent mean none; contacts as PersonContactDto. */
export class PersonDto extends PersonContactDto {
  @ApiProperty({ example: '陈思远' }) @trim() @IsString() @IsNotEmpty() @MaxLength(100) @Matches(PLAIN) name: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) departmentId?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt() @Min(1) postId?: number | null;
  @ApiPropertyOptional({ example: '药剂科副主任' }) @IsOptional() @trim() @IsString() @MaxLength(100) @Matches(PLAIN) title?: string;
  @ApiPropertyOptional({ example: '2024-03-01', nullable: true, description: '任职时间 (YYYY-MM-DD)' }) @IsOptional() @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/) postSince?: string | null;
}

/** The person form: an empty contact input keeps the value on file, a ticked box clears it. */
export class PersonForm extends PersonDto {
  @IsOptional() @IsIn(['1']) clearPhone?: string;
  @IsOptional() @IsIn(['1']) clearEmail?: string;
}
