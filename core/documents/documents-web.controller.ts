import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import multer from 'multer';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor, Public } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { stripBidiControls } from '../http/input-guard';
import { PublicThrottle } from '../http/public-throttle';
import { resolveLang, t } from '../i18n/i18n';
import { pager, screenPageWindow } from '../web/pager';
import { ScreenRenderer } from '../web/screen-renderer';
import { ShellService } from '../web/shell.service';
import { sendWorkbook } from '../web/xlsx-response';
import { DocumentBatchService, DRAFT_RETENTION_DAYS } from './document-batch.service';
import { DocumentListService } from './document-list.service';
import { DocumentsService } from './documents.service';

/** The documented cap of the public verification upload; issued PDFs are far smaller. */
export const VERIFY_MAX_BYTES = 5 * 1024 * 1024;
/** Room for the multipart boundaries and part headers around the file. */
const MULTIPART_OVERHEAD = 16 * 1024;
/** Per address: the page is opened from QR codes, an upload is hashed in memory. */
export const VERIFY_LIMITS = { view: { max: 60, windowMs: 60_000 }, upload: { max: 10, windowMs: 60_000 } };

// Parsed in the handler, not by an interceptor, so a malformed multipart body is a 400 and never a 500.
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: VERIFY_MAX_BYTES, files: 1, fields: 5 }, defParamCharset: 'utf8' }).single('file');

const tooLarge = () => new AppError(HttpStatus.PAYLOAD_TOO_LARGE, 'error.file_too_large', { max: VERIFY_MAX_BYTES / 1024 / 1024 });

function readUpload(req: Request, res: Response): Promise<Express.Multer.File | undefined> {
  return new Promise((resolve, reject) =>
    upload(req, res, (err: unknown) => {
      if (!err) return resolve(req.file);
      reject((err as { code?: string }).code === 'LIMIT_FILE_SIZE' ? tooLarge() : AppError.validation([{ field: 'file', key: 'validation.invalid' }]));
    }),
  );
}

const BATCH_JS = path.join(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []), 'templates', 'screens', 'documents', 'batch.js');

/** The public verification page, and the batch progress page. */
@ApiExcludeController()
@Controller()
export class DocumentsWebController {
  private readonly throttle = new PublicThrottle(VERIFY_LIMITS);

  constructor(
    private readonly documents: DocumentsService,
    private readonly batches: DocumentBatchService,
    private readonly screens: ScreenRenderer,
    private readonly shell: ShellService,
    private readonly list: DocumentListService,
  ) {}

  private async verifyPage(req: Request, res: Response, publicId: string, upload?: { ok: boolean; name: string }) {
    const info = await this.documents.verifyInfo(publicId);
    const lang = resolveLang(req);
    const data = { lang, otherLang: lang === 'zh' ? 'en' : 'zh', title: t(lang, 'ui.verify_title'), info, publicId, upload };
    res.status(info ? 200 : 404).type('html').send(this.screens.render('documents/verify', data));
  }

  @Public()
  @Get('verify/:publicId')
  verify(@Req() req: Request, @Res() res: Response, @Param('publicId') publicId: string) {
    this.throttle.take('view', req.ip ?? 'unknown');
    return this.verifyPage(req, res, publicId);
  }

  // Comparing a hash changes nothing, so a cross-site post could only learn what the poster already holds.
  @Public()
  @CsrfExempt()
  @Post('verify/:publicId')
  async verifyUpload(@Req() req: Request, @Res() res: Response, @Param('publicId') publicId: string) {
    this.throttle.take('upload', req.ip ?? 'unknown');
    // A declared length over the cap is refused before a byte of the body is read; a chunked one stops at the cap.
    if (Number(req.headers['content-length'] ?? 0) > VERIFY_MAX_BYTES + MULTIPART_OVERHEAD) {
      res.setHeader('Connection', 'close');
      throw tooLarge();
    }
    const file = await readUpload(req, res);
    if (!file) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    const ok = await this.documents.verifyUpload(publicId, file.buffer);
    return this.verifyPage(req, res, publicId, ok === null ? undefined : { ok, name: stripBidiControls(file.originalname) });
  }

  /** Issued documents the caller may read, newest first, filtered by template, year and text. */
  @Get('documents')
  async listPage(@Req() req: Request, @Res() res: Response, @CurrentActor() actor: Actor, @Query() q: Record<string, unknown>) {
    const lang = resolveLang(req);
    const f = this.list.filter(q);
    const label = this.list.labeler(lang);
    const w = screenPageWindow(q);
    const found = await this.documents.page(actor, this.list.options(f), w);
    const facets = await this.documents.facets(actor);
    await this.shell.send(req, res, actor, 'documents/list', t(lang, 'ui.documents_list'), {
      docs: found.items.map((d) => ({ ...d, templateLabel: label(d.templateId), restricted: d.readRoles !== null || d.readUserIds !== null })),
      filter: { template: f.template, year: f.year ?? '', q: f.text },
      filtered: !!(f.template || f.year || f.text),
      templates: facets.templateIds.map((id) => ({ id, label: label(id), selected: id === f.template })),
      years: facets.years.map((y) => ({ y, selected: y === f.year })),
      total: t(lang, 'ui.total', { n: found.total }),
      pageSize: q.pageSize ? w.pageSize : null,
      pager: pager(lang, w, found.total, (page) => this.list.href('/documents', f, { pageSize: q.pageSize ? w.pageSize : undefined, page })),
      exportHref: this.list.href('/documents/export.xlsx', f),
    });
  }

  /** Every document the register's filters select, as an Excel workbook streamed while the rows are read. */
  @Get('documents/export.xlsx')
  async listExport(@Req() req: Request, @Res() res: Response, @CurrentActor() actor: Actor, @Query() q: Record<string, unknown>) {
    const file = await this.list.export(actor, resolveLang(req), q);
    await sendWorkbook(res, file.filename, 'documents.xlsx', file.write);
  }

  @Get('documents/batches/:batchId')
  async batchPage(@Req() req: Request, @Res() res: Response, @CurrentActor() actor: Actor, @Param('batchId') id: string) {
    if (!/^[a-f0-9]{24}$/.test(id)) throw AppError.notFound();
    const status = await this.batches.status(actor, id);
    const lang = resolveLang(req);
    await this.shell.send(req, res, actor, 'documents/batch', t(lang, 'ui.documents_batch'), { batch: status, finished: status.status === 'done', retentionDays: DRAFT_RETENTION_DAYS });
  }

  @Public()
  @Get('assets/documents/batch.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  batchJs() {
    return fs.readFileSync(BATCH_JS, 'utf8');
  }
}
