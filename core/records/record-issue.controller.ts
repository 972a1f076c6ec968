import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../http/id.pipe';
import { RecordIssueService } from './record-issue.service';
import { ApiCreated } from '../http/api-responses';
import { IssuedDocumentResponse } from '../documents/documents-responses';

export class IssueRecordDocumentDto {
  @ApiProperty({ example: 'village-joint-meeting/minutes' }) @IsString() @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
  /** Issue in the name of another institution (a CDC notifying the township that owns the task); the caller needs an issuing role there. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) issuerInstitutionId?: number;
}

/**
 * Issues a plugin template for a record as a numbered, stored PDF (the documents pipeline), from
 * the record itself so nothing is typed twice. Lives outside PlatformModule because it needs DocumentsModule.
 */
@ApiTags('records')
@Controller('api/records')
export class RecordIssueController {
  constructor(private readonly issuer: RecordIssueService) {}

  @Post(':id/issue')
  @HttpCode(201)
  @ApiOperation({ summary: '印发记录文书（PDF）', description: 'Issues one of the plugin\'s document templates for the record as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  async issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: IssueRecordDocumentDto) {
    return this.issuer.issue(actor, id, body.template, body.issuerInstitutionId);
  }
}
