import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../plugin-api';
import { MIN_PASSWORD_LENGTH } from './password';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @IsNotEmpty() @MaxLength(64) username: string;
  @ApiProperty({ example: 'demo-password' }) @IsString() @IsNotEmpty() @MaxLength(256) password: string;
}

export class SwitchInstitutionDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) institutionId: number;
}

export class RoleGrantDto {
  @ApiProperty() @IsInt() @Min(1) institutionId: number;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() includeDescendants?: boolean;
}

export class CreateUserDto {
  @ApiProperty() @IsString() @Matches(/^[a-zA-Z0-9._-]{2,64}$/) username: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) displayName: string;
  @ApiProperty() @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(256) password: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) personId?: number;
  @ApiPropertyOptional({ type: [RoleGrantDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => RoleGrantDto) roles?: RoleGrantDto[];
}
