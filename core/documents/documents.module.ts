import { Module } from '@nestjs/common';
import { DocumentBatchService } from './document-batch.service';
import { DocumentListService } from './document-list.service';
import { DocumentNumbers } from './document-numbers';
import { DocumentRenderService } from './document-render.service';
import { DocumentsWebController } from './documents-web.controller';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { RendererHealth } from './renderer-health';

@Module({
  controllers: [DocumentsController, DocumentsWebController],
  providers: [DocumentRenderService, DocumentNumbers, DocumentsService, DocumentBatchService, DocumentListService, RendererHealth],
  exports: [DocumentsService, DocumentRenderService],
})
export class DocumentsModule {}
