import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CsrfExempt, CurrentActor } from '../auth/auth.decorators';
import { AppError } from '../http/app-error';
import { labelsIn } from '../i18n/labels';
import { Lang, pick, registerMessages, resolveLang } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { ShellService } from '../web/shell.service';
import { ImportUpload } from './record-import.controller';
import { ImportFile, ImportPreview, ImportTarget, RecordImportRejected, RecordImportService } from './record-import.service';
import { RecordImportUploads } from './record-import-uploads';
import type { ImportRowError } from './record-import-check';

// The register's button; registered here, beside the screens it opens.
registerMessages({ 'ui.bulk_import': { zh: '批量导入', en: 'Bulk import' } });

export const IMPORT_LABELS = {
  title: { zh: '批量导入', en: 'Bulk import' },
  intro: { zh: '上传 CSV 或 Excel（.xlsx）文件，第一行为列名。列名与字段名称相同的列会自动对应，可在下一步调整。', en: 'Upload a CSV or Excel (.xlsx) file whose first row names the columns. Columns named like a field are matched automatically; you can change that next.' },
  limits: { zh: '文件不超过 50 MB、20 万行；Excel 文件解压后不超过 32 MB，更大的数据请用 CSV。CSV 可用 UTF-8 或 GBK 编码。', en: 'Up to 50 MB and 200,000 rows; an Excel file may expand to at most 32 MB, so use CSV for more. CSV may be UTF-8 or GBK.' },
  notImportable: { zh: '以下字段不能从文件导入，请导入后在记录中填写：', en: 'These fields cannot be imported from a file; fill them in on the record afterwards:' },
  file: { zh: '文件', en: 'File' },
  upload: { zh: '上传并预览', en: 'Upload and preview' },
  mapping: { zh: '列与字段的对应', en: 'Columns and fields' },
  column: { zh: '文件中的列', en: 'Column in the file' },
  field: { zh: '导入为', en: 'Import as' },
  skip: { zh: '不导入', en: 'Do not import' },
  applyMapping: { zh: '按此对应重新预览', en: 'Preview again with this mapping' },
  preview: { zh: '预览（前 20 行）', en: 'Preview (first 20 rows)' },
  row: { zh: '行', en: 'Row' },
  problem: { zh: '问题', en: 'Problem' },
  errorsTitle: { zh: '错误', en: 'Errors' },
  busy: { zh: '正在导入…', en: 'Importing…' },
  back: { zh: '返回台账', en: 'Back to the register' },
  fixAndRetry: { zh: '请修改文件后重新上传。', en: 'Fix the file and upload it again.' },
  uploadAgain: { zh: '重新上传', en: 'Upload another file' },
  expired: { zh: '上传的文件已失效，请重新上传', en: 'The uploaded file has expired; upload it again' },
};

function counted(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/** The 批量导入 screens of a plugin register: upload → mapping and preview → 确认导入 → result. */
@ApiExcludeController()
@Controller('p')
export class RecordImportWebController {
  constructor(
    private readonly imports: RecordImportService,
    private readonly uploads: RecordImportUploads,
    private readonly shell: ShellService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
  ) {}

  /** The register (a list screen) at the current institution, and the import target of its record type. */
  private async register(actor: Actor, pluginId: string, screenId: string): Promise<{ target: ImportTarget; listHref: string; action: string }> {
    const inst = (await this.access.institutions()).find((i) => i.id === actor.currentInstitutionId);
    const list = inst && this.host.screensFor(inst.code).find((s) => s.pluginId === pluginId && s.screen.id === screenId && s.screen.kind === 'list' && !s.screen.show);
    if (!list) throw AppError.notFound();
    const target = await this.imports.target(actor, pluginId, list.screen.recordType);
    return { target, listHref: `/p/${pluginId}/${screenId}`, action: `/p/${pluginId}/${screenId}/import` };
  }

  @Get(':pluginId/:screenId/import')
  async form(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const r = await this.register(actor, pluginId, screenId);
    await this.send(req, res, actor, r, { step: 'upload' });
  }

  @CsrfExempt()
  @Post(':pluginId/:screenId/import')
  @UseInterceptors(ImportUpload)
  async upload(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @UploadedFile() file: ImportFile | undefined, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Multipart bodies are read after the session guard, so the form's token is checked here.
    if (body?._csrf !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    const r = await this.register(actor, pluginId, screenId);
    const table = await this.imports.table(file);
    const preview = await this.imports.preview(actor, r.target, table, undefined, resolveLang(req));
    const token = await this.uploads.keep(file!, this.owner(actor, r.target));
    await this.send(req, res, actor, r, { step: 'preview', token, preview, fileName: file!.originalname });
  }

  /** Previews again with the mapping chosen on the page, or imports (`go=import`). */
  @Post(':pluginId/:screenId/import/confirm')
  async confirm(@CurrentActor() actor: Actor, @Param('pluginId') pluginId: string, @Param('screenId') screenId: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = resolveLang(req);
    const r = await this.register(actor, pluginId, screenId);
    const token = String(body.token ?? '');
    const file = await this.uploads.take(token, this.owner(actor, r.target));
    if (!file) throw AppError.conflict(IMPORT_LABELS.expired);
    const table = await this.imports.table(file);
    const given = Object.fromEntries(table.header.map((h, i) => [h, String(body[`map_${i}`] ?? '')]));
    if (body.go !== 'import') {
      const preview = await this.imports.preview(actor, r.target, table, given, lang);
      return this.send(req, res, actor, r, { step: 'preview', token, preview, fileName: file.originalname });
    }
    try {
      const result = await this.imports.import(actor, r.target, table, file, given, lang);
      await this.uploads.drop(token);
      await this.send(req, res, actor, r, { step: 'done', imported: result.imported, newHits: result.newHits });
    } catch (err) {
      if (!(err instanceof RecordImportRejected)) throw err;
      await this.send(req, res, actor, r, { step: 'failed', errors: err.errors, total: err.total }, 400);
    }
  }

  private owner(actor: Actor, target: ImportTarget) {
    return { userId: actor.userId, institutionId: target.institutionId, pluginId: target.pluginId, recordType: target.def.id };
  }

  private async send(req: Request, res: Response, actor: Actor, r: { target: ImportTarget; listHref: string; action: string }, state: { step: string; token?: string; preview?: ImportPreview; fileName?: string; imported?: number; newHits?: number; errors?: ImportRowError[]; total?: number }, status = 200): Promise<void> {
    const lang = resolveLang(req);
    const L = labelsIn(IMPORT_LABELS, lang);
    const { target } = r;
    const typeLabel = pick(target.def.label, lang);
    const p = state.preview;
    const view = {
      L,
      typeLabel,
      listHref: r.listHref,
      action: r.action,
      confirmAction: `${r.action}/confirm`,
      isUpload: state.step === 'upload',
      isPreview: state.step === 'preview',
      isDone: state.step === 'done',
      isFailed: state.step === 'failed',
      notImportable: target.notImportable.map((f) => pick(f.label, lang)).join('、'),
      token: state.token,
      fileName: state.fileName,
      columns: p?.header.map((h, i) => ({
        index: i,
        header: h,
        options: target.importable.map((f) => ({ value: f.key, label: pick(f.label, lang), selected: p.mapping[i] === f.key })),
        skipped: !p.mapping[i],
      })),
      mappedHeaders: p?.header.filter((_, i) => p.mapping[i]) ?? [],
      previewRows: p?.rows.map((row) => ({ row: row.row, cells: row.cells.filter((_, i) => p.mapping[i]), bad: row.errors.length > 0 })),
      summary: p && counted(lang, `共 ${p.total} 行数据，${p.errorCount} 处错误`, `${p.total} data rows, ${p.errorCount} errors`),
      errors: p?.errors ?? state.errors ?? [],
      canImport: !!p && p.total > 0 && p.errorCount === 0,
      confirmLabel: p && counted(lang, `确认导入 ${p.total} 行`, `Import ${p.total} rows`),
      doneText: counted(lang, `已导入 ${state.imported} 条${typeLabel}。`, `Imported ${state.imported} records (${typeLabel}).`),
      hitsText: state.newHits ? counted(lang, `规则扫描发现 ${state.newHits} 条新线索。`, `The rule scan raised ${state.newHits} new clues.`) : '',
      failedText: counted(lang, `文件有 ${state.total} 处错误，未导入任何数据。`, `The file has ${state.total} errors; nothing was imported.`),
    };
    await this.shell.send(req, res, actor, 'records/import', `${L.title} · ${typeLabel}`, view, status);
  }
}
