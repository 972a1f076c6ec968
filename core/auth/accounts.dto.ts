import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES } from '../plugin-api';
import { MAX_PASSWORD_LENGTH } from './password';

// A field that repeats (one per role row) arrives as a string when the form has one row: always a list here.
const list = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** The role rows of the account form: institution and role by position; `descendants` holds the row indexes ticked. Absent, an edit keeps the roles. */
export class AccountRolesForm {
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(40) @IsString({ each: true }) @Matches(/^(\d{1,9})?$/, { each: true }) institutionId?: string[];
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(40) @IsIn(['', ...ROLES], { each: true }) role?: string[];
  @IsOptional() @Transform(list) @IsArray() @ArrayMaxSize(40) @IsString({ each: true }) @Matches(/^\d{1,2}$/, { each: true }) descendants?: string[];
}

export class EditAccountForm extends AccountRolesForm {
  @IsString() @IsNotEmpty() @MaxLength(100) displayName: string;
}

export class CreateAccountForm extends EditAccountForm {
  @IsString() @Matches(/^[a-zA-Z0-9._-]{2,64}$/) username: string;
}

/** The own-password change, on the screen (with the repeat) and the API (without). */
export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX_PASSWORD_LENGTH) currentPassword: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX_PASSWORD_LENGTH) newPassword: string;
}

export class ChangePasswordForm extends ChangePasswordDto {
  @IsString() @IsNotEmpty() @MaxLength(MAX_PASSWORD_LENGTH) confirmPassword: string;
}
