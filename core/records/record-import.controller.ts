import { CallHandler, Controller, ExecutionContext, Injectable, NestInterceptor, Param, PayloadTooLargeException, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiPropertyOptional, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { errorBody } from '../http/all-exceptions.filter';
import { AppError } from '../http/app-error';
import { resolveLang } from '../i18n/i18n';
import { fileTooLarge, IMPORT_LIMITS } from './record-import-parse';
import { ImportFile, RecordImportRejected, RecordImportService } from './record-import.service';
import { utf8FileName } from '../http/upload-name';
import { ImportPreviewResponse, RecordsImportedResponse } from './records-responses';

const Multer = FileInterceptor('file', { limits: { fileSize: IMPORT_LIMITS.bytes, files: 1, fields: 10 } });

/** The upload of an import (kept in memory up to the size cap), answering an oversized file with 413 and the reason. */
@Injectable()
export class ImportUpload implements NestInterceptor {
  private readonly multer = new Multer();

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    let out: Observable<unknown>;
    try {
      out = await this.multer.intercept(context, next);
    } catch (err) {
      throw err instanceof PayloadTooLargeException ? fileTooLarge() : err;
    }
    const file = context.switchToHttp().getRequest<Request & { file?: ImportFile }>().file;
    if (file) file.originalname = utf8FileName(file.originalname);
    return out;
  }
}

export class ImportQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) institutionId?: number;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: check every row and preview, write nothing' }) @IsOptional() @IsIn(['true', 'false']) dryRun?: string;
}

const SEGMENT = /^[a-z][a-z0-9-]{0,63}$/;

function segment(value: string, field: string): string {
  if (!SEGMENT.test(value)) throw AppError.validation([{ field, key: 'validation.pattern' }]);
  return value;
}

@ApiTags('records')
@Controller('api/records')
export class RecordImportController {
  constructor(private readonly imports: RecordImportService) {}

  /** CSV or XLSX, first row the header; `mapping` (JSON {"column": "fieldKey" or ""}) overrides the remembered and automatic mapping. */
  @Post(':pluginId/:recordType/import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, mapping: { type: 'string' } } } })
  @UseInterceptors(ImportUpload)
  @ApiOperation({ summary: '从 Excel 批量导入插件记录', description: 'Imports plugin records of one type from an Excel sheet; every row is checked first and nothing is written if any row fails.' })
  @ApiExtraModels(ImportPreviewResponse, RecordsImportedResponse)
  @ApiCreatedResponse({ description: 'dryRun=true 时为预览（不写入），否则为导入结果；有错误行时 400，ErrorBody 另有 errors、total', schema: { oneOf: [{ $ref: getSchemaPath(ImportPreviewResponse) }, { $ref: getSchemaPath(RecordsImportedResponse) }] } })
  async import(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('recordType') recordType: string, @Query() q: ImportQuery, @UploadedFile() file: ImportFile | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const lang = resolveLang(req);
    const target = await this.imports.target(actor, segment(pluginId, 'pluginId'), segment(recordType, 'recordType'), q.institutionId);
    const given = this.imports.parseMapping((req.body as Record<string, unknown> | undefined)?.mapping);
    const table = await this.imports.table(file);
    if (q.dryRun === 'true') return this.imports.preview(actor, target, table, given, lang);
    try {
      const result = await this.imports.import(actor, target, table, file!, given, lang);
      res.status(201);
      return result;
    } catch (err) {
      if (!(err instanceof RecordImportRejected)) throw err;
      res.status(400);
      return { ...errorBody(err, lang), errors: err.errors, total: err.total };
    }
  }
}
