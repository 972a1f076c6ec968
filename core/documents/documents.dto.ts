import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../http/pagination';
import { ROLES, type Role } from '../plugin-api';
import { MAX_BATCH_ITEMS } from './document-batch.service';

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}$/;

export class DocumentListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Template id, e.g. core/warning-notice' }) @IsOptional() @IsString() @Matches(TEMPLATE_ID) template?: string;
  @ApiPropertyOptional({ description: 'Year of the document number' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2999) year?: number;
  @ApiPropertyOptional({ description: 'Part of the title or the number' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

/** Who may read the issued documents, the same for a single issue and a batch's items. */
class DocumentReadersDto {
  @ApiPropertyOptional({ description: 'Only these roles at the institution (plus the issuer, admins and readUserIds) may read it', enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(ROLES, { each: true })
  readRoles?: Role[];
  @ApiPropertyOptional({ description: 'Users who may read a restricted document', type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  readUserIds?: number[];
}

export class IssueDocumentDto extends DocumentReadersDto {
  @ApiProperty({ example: 'core/warning-notice' }) @IsString() @Matches(TEMPLATE_ID) templateId: string;
  @ApiPropertyOptional({ description: 'Defaults to the caller’s current institution' }) @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ description: 'Template data (see core/documents/template-data.ts)', type: 'object', additionalProperties: true }) @IsObject() data: Record<string, unknown>;
}

export class ReissueDocumentDto {
  @ApiPropertyOptional({ description: 'New data; the previous version’s data when absent', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export class StartBatchDto extends DocumentReadersDto {
  @ApiProperty({ example: 'core/rectification-notice' }) @IsString() @Matches(TEMPLATE_ID) templateId: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) institutionId?: number;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH_ITEMS) @IsObject({ each: true }) items: Record<string, unknown>[];
  @ApiPropertyOptional({ description: 'Number, store and audit each document' }) @IsOptional() @IsBoolean() issue?: boolean;
}
