import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import JSZip from 'jszip';
import type { Actor } from '../auth/actor';
import { actorLabel } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import { AccessService } from '../org/access.service';
import { PluginHost } from '../plugin-host/plugin-host';
import { DocumentRenderService } from './document-render.service';
import { chineseDate, DocumentsService, ISSUING_ROLES } from './documents.service';

export interface BatchRequest {
  templateId: string;
  institutionId?: number;
  items: Record<string, unknown>[];
  /** Number, store and audit each document; otherwise unnumbered drafts go only into the ZIP. */
  issue?: boolean;
}

export interface BatchStatus {
  id: string;
  templateId: string;
  institutionId: number;
  total: number;
  done: number;
  failed: number;
  status: 'running' | 'done';
  errors: { index: number; message: string }[];
  documentIds: number[];
}

interface Batch extends BatchStatus {
  ownerUserId: number;
  files: { name: string; pdf: Buffer }[];
}

export const MAX_BATCH_ITEMS = 1000;

/** The embedded default: an in-process queue that feeds the renderer pool; progress is polled. */
@Injectable()
export class DocumentBatchService {
  private readonly log = new Logger('DocumentBatch');
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly documents: DocumentsService,
    private readonly renderer: DocumentRenderService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async start(actor: Actor, req: BatchRequest): Promise<BatchStatus> {
    const institutionId = req.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    if (!actor.isSystemAdmin && !(await this.access.hasRole(actor, institutionId, ISSUING_ROLES))) throw AppError.forbidden();
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId)!;
    const config = this.host.institutions.find((c) => c.code === inst.code)!;
    const draftDoc = { number: '', dateText: chineseDate(this.clock.today()), letterhead: config.letterhead, signature: config.letterhead, printer: `${config.letterhead}办公室`, qr: '', verifyUrl: '' };
    // Every item is checked before any is rendered: a bad item fails the whole request, naming its index.
    req.items.forEach((item, index) => {
      try {
        this.renderer.html(req.templateId, item, draftDoc, config.code);
      } catch (err) {
        if (err instanceof AppError) err.problems.forEach((p) => (p.field = `items[${index}].${p.field}`));
        throw err;
      }
    });
    const batch: Batch = {
      id: randomBytes(12).toString('hex'),
      templateId: req.templateId,
      institutionId,
      total: req.items.length,
      done: 0,
      failed: 0,
      status: 'running',
      errors: [],
      documentIds: [],
      ownerUserId: actor.userId,
      files: [],
    };
    this.batches.set(batch.id, batch);
    await this.audit.record({ actor: actorLabel(actor), institutionId, action: 'document.batch', objectType: 'document-batch', objectId: batch.id, detail: { templateId: req.templateId, items: req.items.length, issue: !!req.issue } });
    void this.run(actor, batch, req, config.code, draftDoc);
    return this.status(actor, batch.id);
  }

  private async run(actor: Actor, batch: Batch, req: BatchRequest, code: string, draftDoc: Parameters<DocumentRenderService['render']>[2]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < req.items.length) {
        const index = next++;
        try {
          if (req.issue) {
            const doc = await this.documents.issue(actor, { templateId: req.templateId, institutionId: batch.institutionId, data: req.items[index] });
            const file = await this.documents.pdf(actor, doc.id);
            batch.files[index] = { name: `${String(index + 1).padStart(4, '0')}-${doc.number}.pdf`, pdf: fs.readFileSync(file.file) };
            batch.documentIds.push(doc.id);
          } else {
            const r = await this.renderer.render(req.templateId, req.items[index], draftDoc, code);
            batch.files[index] = { name: `${String(index + 1).padStart(4, '0')}.pdf`, pdf: r.pdf };
          }
          batch.done++;
        } catch (err) {
          batch.failed++;
          batch.errors.push({ index, message: (err as Error).message.slice(0, 300) });
          this.log.warn(`batch ${batch.id} item ${index}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: this.renderer.pdf.opts.poolSize }, worker));
    batch.status = 'done';
  }

  private get(actor: Actor, id: string): Batch {
    const b = this.batches.get(id);
    // Someone else's batch answers like a missing one.
    if (!b || (b.ownerUserId !== actor.userId && !actor.isSystemAdmin)) throw AppError.notFound();
    return b;
  }

  status(actor: Actor, id: string): BatchStatus {
    const { ownerUserId: _o, files: _f, ...status } = this.get(actor, id);
    return { ...status, errors: [...status.errors], documentIds: [...status.documentIds] };
  }

  async zip(actor: Actor, id: string): Promise<Buffer> {
    const b = this.get(actor, id);
    if (b.status !== 'done') throw AppError.conflict({ zh: '批量生成尚未完成', en: 'The batch is not finished yet' });
    const zip = new JSZip();
    for (const f of b.files) if (f) zip.file(f.name, f.pdf);
    return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  }
}
