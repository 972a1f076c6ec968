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
import { ApiCreated, ApiFile, ApiOk, PageOf } from '../http/api-responses';
import { BatchStatusResponse, IssuedDocumentResponse } from './documents-responses';

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
  @ApiOperation({ summary: '印发文书', description: 'Issues a document from a template as a numbered PDF.' })
  @ApiCreated(IssuedDocumentResponse, '已印发')
  issue(@CurrentActor() actor: Actor, @Body() dto: IssueDocumentDto) {
    return this.documents.issue(actor, dto);
  }

  @Post('batches')
  @Roles('discipline-officer', 'head')
  @ApiOperation({ summary: '批量印发文书', description: 'Starts issuing one template for many subjects in the background.' })
  @ApiCreated(BatchStatusResponse, '已开始批量印发')
  startBatch(@CurrentActor() actor: Actor, @Body() dto: StartBatchDto) {
    return this.batches.start(actor, dto);
  }

  @Get('batches/:batchId')
  @ApiOperation({ summary: '查看批量印发进度', description: 'The progress of a batch.' })
  @ApiOk(BatchStatusResponse)
  batch(@CurrentActor() actor: Actor, @Param('batchId') id: string) {
    return this.batches.status(actor, batchId(id));
  }

  @Get('batches/:batchId/zip')
  @ApiOperation({ summary: '下载批量文书（ZIP）', description: 'Downloads the batch\'s documents as one ZIP.' })
  @ApiFile('application/zip', '批量文书 ZIP')
  async batchZip(@CurrentActor() actor: Actor, @Param('batchId') id: string, @Res() res: Response) {
    const zip = await this.batches.zip(actor, batchId(id));
    res.type('application/zip').attachment(`documents-${id}.zip`).send(zip);
  }

  @Get()
  @ApiOperation({ summary: '查询已印发文书', description: 'One page of the issued documents the caller may read, newest first.' })
  @ApiOk(PageOf(IssuedDocumentResponse))
  list(@CurrentActor() actor: Actor, @Query() q: DocumentListQuery) {
    return this.documents.page(actor, { templateId: q.template, year: q.year, text: q.q }, pageWindow(q));
  }

  @Get(':id')
  @ApiOperation({ summary: '查看文书', description: 'Reads one issued document\'s details.' })
  @ApiOk(IssuedDocumentResponse)
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.documents.get(actor, id);
  }

  @Post(':id/reissue')
  @Roles('discipline-officer', 'head')
  @ApiOperation({ summary: '重新印发文书', description: 'Issues a corrected document that replaces this one, with the reason.' })
  @ApiCreated(IssuedDocumentResponse, '已重新印发')
  reissue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReissueDocumentDto) {
    return this.documents.reissue(actor, id, dto.data);
  }

  @Get(':id/pdf')
  @ApiOperation({ summary: '下载文书（PDF）', description: 'Downloads the document\'s PDF.' })
  @ApiFile('application/pdf', '文书 PDF')
  async pdf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Res() res: Response) {
    const { file, name } = await this.documents.pdf(actor, id);
    res.type('application/pdf').setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.sendFile(file);
  }
}
