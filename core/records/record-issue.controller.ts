import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { DocumentsService } from '../documents/documents.service';
import { IdPipe } from '../http/id.pipe';
import { RecordDocumentService } from './record-document.service';

export class IssueRecordDocumentDto {
  @ApiProperty({ example: 'village-joint-meeting/minutes' }) @IsString() @Matches(/^[a-z0-9-]+\/[a-z0-9-]+$/) template: string;
}

/**
 * Issues a plugin template for a record as a numbered, stored PDF (the documents pipeline), from
 * the record itself so nothing is typed twice. Lives outside PlatformModule because it needs DocumentsModule.
 */
@ApiTags('records')
@Controller('api/records')
export class RecordIssueController {
  constructor(
    private readonly recordDocuments: RecordDocumentService,
    private readonly documents: DocumentsService,
  ) {}

  @Post(':id/issue')
  @HttpCode(201)
  async issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() body: IssueRecordDocumentDto) {
    const { institutionId, data } = await this.recordDocuments.templateData(actor, id, body.template);
    // The pipeline supplies its own `doc` (number, date, QR); the preview's placeholder is dropped.
    const { doc: _preview, ...rest } = data;
    return this.documents.issue(actor, { templateId: body.template, institutionId, data: rest });
  }
}
