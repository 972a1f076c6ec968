import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import JSZip from 'jszip';
import { Actor } from '../auth/actor';
import { ScreenRenderer } from '../web/screen-renderer';
import { WarningConfigService } from './warning-config.service';
import { evidenceFileName, WarningEvidenceService } from './warning-evidence.service';
import { WarningView, WarningViewService } from './warning-view.service';

/**
 * Seam for the documents pipeline (core/documents): when it provides this token, the archive ZIP also
 * carries the whole matter as one PDF. Until then the ZIP holds summary.json and summary.html.
 */
export const WARNING_ARCHIVE_PDF = Symbol('WARNING_ARCHIVE_PDF');
export interface WarningArchivePdf {
  render(summary: WarningView, institutionId: number): Promise<Buffer>;
}

/** 一事一档: one archive per matter, exportable as a ZIP. */
@Injectable()
export class WarningArchiveService {
  constructor(
    private readonly views: WarningViewService,
    private readonly evidence: WarningEvidenceService,
    private readonly screens: ScreenRenderer,
    private readonly cfg: WarningConfigService,
    @Optional() @Inject(WARNING_ARCHIVE_PDF) private readonly pdf: WarningArchivePdf | null,
  ) {}

  async zip(actor: Actor, id: number): Promise<Buffer> {
    // The view already leaves the tipster out unless the caller is a discipline officer.
    const v = await this.views.get(actor, id);
    const inst = await this.cfg.institution(v.institutionId);
    const zip = new JSZip();
    const exportedAt = this.cfg.nowIso();
    zip.file('summary.json', JSON.stringify({ exportedAt, institution: inst.name, warning: v }, null, 2));
    zip.file('summary.html', this.screens.render('warning/archive-summary', { lang: 'zh', institution: inst.name, exportedAt, w: v, steps: v.steps.map((s) => ({ ...s, json: JSON.stringify(s.data, null, 1) })) }));
    for (const e of v.evidence) {
      const file = path.join(this.evidence.evidenceDir(), e.sha256);
      if (fs.existsSync(file)) zip.file(`evidence/${e.id}-${evidenceFileName(e.filename, e.mime)}`, fs.readFileSync(file));
    }
    if (this.pdf) zip.file('archive.pdf', await this.pdf.render(v, v.institutionId));
    return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  }
}
