import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { IdPipe } from '../http/id.pipe';
import { pageWindow } from '../http/pagination';
import { DocumentBatchService } from './document-batch.service';
import { DocumentListQuery, IssueDocumentDto, ReissueDocumentDto, StartBatchDto } from './documents.dto';
import { DocumentsService } from './documents.service';

function batchId(id: string): string {
  if (!/^[a-f0-9]{24}$/.test(id)) throw AppError.notFound();
  return id;
}

@ApiTags('documents')
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly batches: DocumentBatchService,
  ) {}

  @Post('issue')
  @Roles('discipline-officer', 'head')
  issue(@CurrentActor() actor: Actor, @Body() dto: IssueDocumentDto) {
    return this.documents.issue(actor, dto);
  }

  @Post('batches')
  @Roles('discipline-officer', 'head')
  startBatch(@CurrentActor() actor: Actor, @Body() dto: StartBatchDto) {
    return this.batches.start(actor, dto);
  }

  @Get('batches/:batchId')
  batch(@CurrentActor() actor: Actor, @Param('batchId') id: string) {
    return this.batches.status(actor, batchId(id));
  }

  @Get('batches/:batchId/zip')
  async batchZip(@CurrentActor() actor: Actor, @Param('batchId') id: string, @Res() res: Response) {
    const zip = await this.batches.zip(actor, batchId(id));
    res.type('application/zip').attachment(`documents-${id}.zip`).send(zip);
  }

  @Get()
  @ApiOperation({ summary: 'One page of the issued documents the caller may read, newest first, filtered by template, year and text' })
  list(@CurrentActor() actor: Actor, @Query() q: DocumentListQuery) {
    return this.documents.page(actor, { templateId: q.template, year: q.year, text: q.q }, pageWindow(q));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.documents.get(actor, id);
  }

  @Post(':id/reissue')
  @Roles('discipline-officer', 'head')
  reissue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReissueDocumentDto) {
    return this.documents.reissue(actor, id, dto.data);
  }

  @Get(':id/pdf')
  async pdf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response) {
    const { file, name } = await this.documents.pdf(actor, id);
    res.type('application/pdf').setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.sendFile(file);
  }
}
