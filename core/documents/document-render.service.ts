import { HttpStatus, Injectable, OnModuleDestroy } from '@nestjs/common';
import { EnvConfig } from '../config/env.config';
import { AppError } from '../http/app-error';
import { FontAssets, loadFontAssets } from './pdf/fonts';
import { GlyphCoverage, withoutEmoji } from './pdf/printable-text';
import { BANJI_TOP_MARK, placeBanji } from './pdf/banji-placement';
import { BANJI_STEP, BanjiPlan } from './pdf/banji-layout';
import { PdfRenderer, RenderResult } from './pdf/pdf-renderer';
import { ModuleRegistry } from '../platform/module-registry';
import { checkTemplateData } from './template-data';
import { TemplateRenderError, TemplateService } from './template.service';

/** What the issuing service adds to a template's data as `doc`. */
export interface DocMeta {
  number: string;
  /** 2026年6月20日 */
  dateText: string;
  letterhead: string;
  /** 署名: the issuing authority. */
  signature: string;
  /** 印发机关 in the 版记. */
  printer: string;
  /** data:image/png QR code of the verification link. */
  qr: string;
  verifyUrl: string;
  unsealed?: boolean;
}

export interface RenderedPdf extends RenderResult {
  html: string;
  pages: number;
  /** A blank page went in before the 版记 to put it on an even page. */
  blankBeforeBanji: boolean;
}

/** Counts the page objects of a PDF written without object streams (Chromium's, and placeBanji's). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * Renders a document in one pass with its 版记 where GB/T 9704 wants it. The page paginates the body before printing
 * (banji-layout.ts) and lays the 版记 out under the body's last page when that page is even and has room, alone on the
 * next page after an odd page, or after a blank unnumbered page; the printed page count confirms the plan. A body the
 * page cannot paginate (landscape pages) is printed with the 版记 alone on the last page and placeBanji moves it in the
 * PDF; a plan the print contradicts (not seen in the layout suite) is rendered again that way. Templates without a 版记
 * are printed as they are.
 */
export async function renderWithEvenBanji(pdf: PdfRenderer, html: string): Promise<RenderedPdf> {
  if (!html.includes(BANJI_TOP_MARK)) {
    const result = await pdf.render(html);
    return { ...result, html, pages: countPdfPages(result.pdf), blankBeforeBanji: false };
  }
  let result = await pdf.render(html, BANJI_STEP);
  const plan = result.measured as BanjiPlan;
  if (plan.placement !== 'unmeasured') {
    const pages = countPdfPages(result.pdf);
    if (pages === plan.pages) return { ...result, html, pages, blankBeforeBanji: plan.placement === 'blank' };
    banjiReplans.count++;
    const again = await pdf.render(html);
    result = { ...again, ms: result.ms + again.ms, pdfMs: result.pdfMs + again.pdfMs };
  }
  const started = performance.now();
  const placed = await placeBanji(result.pdf);
  return { ...result, ms: result.ms + performance.now() - started, pdf: placed.pdf, html, pages: placed.pages, blankBeforeBanji: placed.blankBeforeBanji };
}

/** Documents whose in-page plan the print contradicted, each rendered a second time (the bench and the layout suite read it). */
export const banjiReplans = { count: 0 };

/** Template → HTML → PDF. Owns the one Chromium of the process; closes it when the app stops. */
@Injectable()
export class DocumentRenderService implements OnModuleDestroy {
  private renderer: PdfRenderer | null = null;
  private fonts: FontAssets | null = null;
  private coverage: GlyphCoverage | null = null;

  constructor(
    readonly templates: TemplateService,
    private readonly env: EnvConfig,
    private readonly modules: ModuleRegistry,
  ) {}

  get pdf(): PdfRenderer {
    // Chromium starts on the first render, so an app that never prints never launches it.
    this.renderer ??= new PdfRenderer(this.fontAssets, { executablePath: this.env.CHROMIUM_PATH, printCss: this.templates.printCss() });
    return this.renderer;
  }

  private get fontAssets(): FontAssets {
    this.fonts ??= loadFontAssets();
    return this.fonts;
  }

  /** Refuses, by field, text that no font prints: a name in 生僻字 beyond the installed fonts is named, never printed as a box. */
  private assertPrintable(templateId: string, data: Record<string, unknown>): void {
    this.coverage ??= new GlyphCoverage(this.fontAssets.ranges);
    const fields = this.coverage.unprintableFields(data);
    if (!fields.length) return;
    const listed = (chars: string[], sep: string) => chars.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(sep);
    throw AppError.validation(
      fields.map(({ field, chars }) => ({
        field: `data.${field}`,
        key: 'documents.data_problem',
        params: {
          template: templateId,
          reason: {
            zh: `含有无法印出的字符 ${listed(chars, '、')}，请改用通行字形，或请系统管理员安装含这些字的字体`,
            en: `holds characters no installed font prints: ${listed(chars, ', ')}; use a common form, or ask the administrator to install a font that has them`,
          },
        },
      })),
    );
  }

  /** Renders the body HTML; data problems and template errors become 4xx errors naming the template and field. */
  html(templateId: string, data: Record<string, unknown>, doc: DocMeta, institutionCode?: string): string {
    const problems = checkTemplateData(this.modules.templateFields(templateId), data);
    if (problems.length) {
      throw AppError.validation(problems.map((p) => ({ field: `data.${p.field}`, key: 'documents.data_problem', params: { template: templateId, reason: p.reason } })));
    }
    const printed = withoutEmoji(data);
    this.assertPrintable(templateId, printed);
    try {
      return this.templates.render(templateId, { ...printed, doc }, institutionCode);
    } catch (err) {
      if (!(err instanceof TemplateRenderError)) throw err;
      if (err.message.includes('no such template')) throw new AppError(HttpStatus.NOT_FOUND, 'documents.no_template', { template: templateId });
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'documents.template_failed', { template: templateId, field: err.field ?? err.message });
    }
  }

  async render(templateId: string, data: Record<string, unknown>, doc: DocMeta, institutionCode?: string): Promise<RenderedPdf> {
    return renderWithEvenBanji(this.pdf, this.html(templateId, data, doc, institutionCode));
  }

  async onModuleDestroy(): Promise<void> {
    await this.renderer?.close();
    this.renderer = null;
  }
}
