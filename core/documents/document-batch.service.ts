import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import JSZip from 'jszip';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { actorLabel } from '../auth/actor';
import { UserEntity } from '../auth/auth.entities';
import { AuthService } from '../auth/auth.service';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { t } from '../i18n/i18n';
import { AccessService } from '../org/access.service';
import { chineseDate, type Role } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { BullmqRenderQueue, documentQueueConfig, DocumentQueueConfig, RenderJob } from './document-queue';
import { DocMeta, DocumentRenderService } from './document-render.service';
import { DocumentBatchEntity, DocumentBatchItemEntity, IssuedDocumentEntity } from './documents.entities';
import { DocumentsService, ISSUING_ROLES, IssueRequest } from './documents.service';
import { RendererCrashError, RenderTimeoutError } from './pdf/pdf-renderer';

export interface BatchRequest extends Pick<IssueRequest, 'readRoles' | 'readUserIds'> {
  templateId: string;
  institutionId?: number;
  items: Record<string, unknown>[];
  /** Number, store and audit each document (readable as `readRoles`/`readUserIds` say); otherwise unnumbered drafts go only into the ZIP. */
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
  /** Draft PDFs deleted at the end of their retention period: nothing left to download. */
  expired: boolean;
}

export const MAX_BATCH_ITEMS = 1000;
/** Unnumbered drafts are working copies, not records: their PDFs and item data go after this many days. */
export const DRAFT_RETENTION_DAYS = 7;
const PURGE_INTERVAL_MS = 6 * 3600_000;

/** Why an item failed, in Chinese and English: the item keeps one text, shown to readers of either language. */
export function itemFailure(err: unknown): string {
  const [key, params] =
    err instanceof AppError
      ? [err.key, err.params]
      : err instanceof RenderTimeoutError
        ? ['documents.render_timeout', { seconds: err.ms / 1000 }]
        : err instanceof RendererCrashError
          ? ['documents.renderer_crashed', {}]
          : ['documents.item_failed', { reason: String((err as Error)?.message ?? err).slice(0, 120) }];
  return `${t('zh', key, params)} / ${t('en', key, params)}`.slice(0, 300);
}

/** Another process (a retried job, a resumed batch) finished this item first. */
class ItemAlreadyDone extends Error {}

/**
 * Batch rendering. State (items, progress, documents) lives in the database, so any web process shows progress.
 * Rendering runs in-process (`DOCUMENT_QUEUE=inline`, the default) or in BullMQ render workers on PostgreSQL
 * (`DOCUMENT_QUEUE=bullmq` + `cli.js worker`). Each item moves pending → done in the same transaction that stores
 * its document, so a job that runs twice never issues twice.
 */
@Injectable()
export class DocumentBatchService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('DocumentBatch');
  readonly queueConfig: DocumentQueueConfig;
  private readonly bullmq: BullmqRenderQueue | null;
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly documents: DocumentsService,
    private readonly renderer: DocumentRenderService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: Db,
    private readonly env: EnvConfig,
    private readonly auth: AuthService,
  ) {
    this.queueConfig = documentQueueConfig(process.env, env.DATABASE_URL);
    this.bullmq = this.queueConfig.mode === 'bullmq' ? new BullmqRenderQueue(this.queueConfig) : null;
  }

  async start(actor: Actor, req: BatchRequest): Promise<BatchStatus> {
    const institutionId = req.institutionId ?? actor.currentInstitutionId;
    if (!institutionId) throw AppError.validation([{ field: 'institutionId', key: 'validation.required' }]);
    await this.access.assertVisible(actor, institutionId, { type: 'institution', id: institutionId });
    if (!(await this.access.can(actor, institutionId, ISSUING_ROLES))) throw AppError.forbidden();
    const config = await this.configOf(institutionId);
    const dateText = chineseDate(this.clock.today());
    const draftDoc = this.draftDoc(config.letterhead, dateText);
    // Every item is checked before any is rendered: a bad item fails the whole request, naming its index.
    req.items.forEach((item, index) => {
      try {
        this.renderer.html(req.templateId, item, draftDoc, config.code);
      } catch (err) {
        if (err instanceof AppError) err.problems.forEach((p) => (p.field = `items[${index}].${p.field}`));
        throw err;
      }
    });
    const publicId = randomBytes(12).toString('hex');
    const batch = await this.db.write(async (m) => {
      const row = m.getRepository(DocumentBatchEntity).create({
        publicId,
        institutionId,
        templateId: req.templateId,
        ownerUserId: actor.userId,
        issue: !!req.issue,
        total: req.items.length,
        mode: this.queueConfig.mode,
        dateText,
        createdAt: this.clock.now().toISOString(),
        readRoles: req.readRoles ? JSON.stringify([...new Set(req.readRoles)]) : null,
        readUserIds: req.readUserIds ? JSON.stringify([...new Set(req.readUserIds)]) : null,
      });
      await m.getRepository(DocumentBatchEntity).insert(row);
      const items = req.items.map((data, idx) => ({ batchId: row.id, idx, dataJson: JSON.stringify(data), status: 'pending' as const, documentId: null, filePath: null, error: null }));
      for (let i = 0; i < items.length; i += 200) await m.getRepository(DocumentBatchItemEntity).insert(items.slice(i, i + 200));
      await this.audit.append(m, { actor: actorLabel(actor), institutionId, action: 'document.batch', objectType: 'document-batch', objectId: publicId, detail: { templateId: req.templateId, items: req.items.length, issue: !!req.issue, mode: this.queueConfig.mode, readRoles: req.readRoles ?? null, readUserIds: req.readUserIds ?? null } });
      return row;
    });
    await this.dispatch(batch);
    return this.status(actor, publicId);
  }

  private async dispatch(batch: DocumentBatchEntity): Promise<void> {
    const pending = await this.db.read((m) => m.getRepository(DocumentBatchItemEntity).find({ where: { batchId: batch.id, status: 'pending' }, order: { idx: 'ASC' }, select: { idx: true } }));
    if (batch.mode === 'bullmq') {
      if (!this.bullmq) throw new Error(`batch ${batch.publicId} is queued on BullMQ but this process has DOCUMENT_QUEUE=${this.queueConfig.mode}`);
      await this.bullmq.enqueue(pending.map((p) => ({ batch: batch.publicId, idx: p.idx })));
      return;
    }
    void this.runInline(batch, pending.map((p) => p.idx));
  }

  private async runInline(batch: DocumentBatchEntity, indexes: number[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < indexes.length) await this.processItem({ batch: batch.publicId, idx: indexes[next++] }, true);
    };
    await Promise.all(Array.from({ length: this.renderer.pdf.opts.poolSize }, lane));
  }

  /**
   * Batches cut short by a restart carry on when the app comes back: inline ones are rendered here, BullMQ ones are
   * queued again (a crash between saving a batch and queueing its jobs would otherwise leave them pending; the stable
   * job ids make re-queueing a job that still exists a no-op).
   */
  async onApplicationBootstrap(): Promise<void> {
    const open = await this.db.read((m) =>
      m
        .getRepository(DocumentBatchEntity)
        .createQueryBuilder('b')
        .where('b.mode = :mode', { mode: this.queueConfig.mode })
        .andWhere("EXISTS (SELECT 1 FROM document_batch_items i WHERE i.batch_id = b.id AND i.status = 'pending')")
        .getMany(),
    );
    for (const b of open) await this.dispatch(b);
    await this.purgeExpiredDrafts();
    this.purgeTimer = setInterval(() => void this.purgeExpiredDrafts().catch((err) => this.log.warn(`draft purge: ${(err as Error).message}`)), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  /**
   * Deletes the PDFs and item data (which may name people) of draft batches started more than DRAFT_RETENTION_DAYS
   * ago; the batch row stays, so its page says what happened. Issued documents are never touched. Safe to repeat.
   */
  async purgeExpiredDrafts(): Promise<string[]> {
    const before = new Date(this.clock.now().getTime() - DRAFT_RETENTION_DAYS * 86_400_000).toISOString();
    const expired = await this.db.read((m) =>
      m
        .getRepository(DocumentBatchEntity)
        .createQueryBuilder('b')
        .where('b.issue = :issue AND b.created_at < :before', { issue: false, before })
        .andWhere("EXISTS (SELECT 1 FROM document_batch_items i WHERE i.batch_id = b.id AND (i.file_path IS NOT NULL OR i.data_json <> '{}'))")
        .getMany(),
    );
    for (const b of expired) {
      await this.db.write(async (m) => {
        await m.getRepository(DocumentBatchItemEntity).update({ batchId: b.id }, { filePath: null, dataJson: '{}' });
        await this.audit.append(m, { actor: 'system:draft-retention', institutionId: b.institutionId, action: 'document.batch.expire', objectType: 'document-batch', objectId: b.publicId, detail: { createdAt: b.createdAt, retentionDays: DRAFT_RETENTION_DAYS } });
      });
      // After the commit: a crash in between leaves files no row points to, which the next run's rmSync still finds.
      fs.rmSync(path.join(this.env.DATA_DIR, 'documents', 'batches', b.publicId), { recursive: true, force: true });
    }
    return expired.map((b) => b.publicId);
  }

  /** Renders one item. Safe to run twice or concurrently: only the first to finish records a result. */
  async processItem(job: RenderJob, final: boolean): Promise<void> {
    const batch = await this.db.read((m) => m.getRepository(DocumentBatchEntity).findOneBy({ publicId: job.batch }));
    const item = batch && (await this.db.read((m) => m.getRepository(DocumentBatchItemEntity).findOneBy({ batchId: batch.id, idx: job.idx })));
    if (!batch || !item || item.status !== 'pending') return;
    const data = JSON.parse(item.dataJson) as Record<string, unknown>;
    try {
      if (batch.issue) {
        const actor = await this.ownerActor(batch);
        const readers = { readRoles: batch.readRoles === null ? undefined : (JSON.parse(batch.readRoles) as Role[]), readUserIds: batch.readUserIds === null ? undefined : (JSON.parse(batch.readUserIds) as number[]) };
        await this.documents.issue(actor, { templateId: batch.templateId, institutionId: batch.institutionId, data, ...readers }, {
          inTransaction: (m, documentId) => this.finish(m, item, { documentId }),
          // A retry after its worker died mid-render takes back the number that render held: no gap.
          numberClaim: `batch-item:${item.id}`,
        });
      } else {
        const config = await this.configOf(batch.institutionId);
        const r = await this.renderer.render(batch.templateId, data, this.draftDoc(config.letterhead, batch.dateText), config.code);
        const rel = path.join('documents', 'batches', batch.publicId, `${String(job.idx + 1).padStart(4, '0')}.pdf`);
        const file = path.join(this.env.DATA_DIR, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, r.pdf);
        fs.renameSync(tmp, file);
        await this.db.write((m) => this.finish(m, item, { filePath: rel }));
      }
    } catch (err) {
      if (err instanceof ItemAlreadyDone) return;
      this.log.warn(`batch ${batch.publicId} item ${job.idx}${final ? '' : ' (will retry)'}: ${(err as Error).message}`);
      if (!final) throw err;
      await this.db.write((m) =>
        m.getRepository(DocumentBatchItemEntity).update({ id: item.id, status: 'pending' }, { status: 'failed', error: itemFailure(err) }),
      );
    }
  }

  private async finish(m: EntityManager, item: DocumentBatchItemEntity, result: { documentId?: number; filePath?: string }): Promise<void> {
    const res = await m.getRepository(DocumentBatchItemEntity).update({ id: item.id, status: 'pending' }, { status: 'done', documentId: result.documentId ?? null, filePath: result.filePath ?? null });
    // Throwing rolls back the document row written in this transaction: the number is not used twice.
    if (!res.affected) throw new ItemAlreadyDone();
  }

  /** The batch owner as they are now (roles may have changed, the account may be disabled). */
  private async ownerActor(batch: DocumentBatchEntity): Promise<Actor> {
    const user = await this.db.read((m) => m.getRepository(UserEntity).findOneBy({ id: batch.ownerUserId }));
    if (!user || user.disabled) throw AppError.forbidden();
    const roles = await this.auth.rolesOf(user.id);
    const visible = await this.access.visibleInstitutionIds({ isSystemAdmin: user.isSystemAdmin, roles });
    return { userId: user.id, username: user.username, displayName: user.displayName, personId: user.personId, isSystemAdmin: user.isSystemAdmin, roles, sessionHash: '', csrfToken: '', currentInstitutionId: batch.institutionId, visibleInstitutionIds: visible };
  }

  private async configOf(institutionId: number) {
    const inst = (await this.access.institutions()).find((i) => i.id === institutionId);
    const config = inst && this.host.institutions.find((c) => c.code === inst.code);
    if (!config) throw AppError.notFound();
    return config;
  }

  private draftDoc(letterhead: string, dateText: string): DocMeta {
    return { number: '', dateText, letterhead, signature: letterhead, printer: `${letterhead}办公室`, qr: '', verifyUrl: '' };
  }

  private async batchOf(actor: Actor, publicId: string): Promise<DocumentBatchEntity> {
    const b = await this.db.read((m) => m.getRepository(DocumentBatchEntity).findOneBy({ publicId }));
    // Someone else's batch answers like a missing one.
    if (!b) throw AppError.notFound();
    if (b.ownerUserId !== actor.userId && !actor.isSystemAdmin) {
      await this.access.logDenied(actor, { type: 'document-batch', id: publicId }, { recordInstitutionId: b.institutionId });
      throw AppError.notFound();
    }
    return b;
  }

  async status(actor: Actor, publicId: string): Promise<BatchStatus> {
    const b = await this.batchOf(actor, publicId);
    const items = await this.db.read((m) =>
      m.getRepository(DocumentBatchItemEntity).find({ where: { batchId: b.id }, order: { idx: 'ASC' }, select: { idx: true, status: true, documentId: true, error: true, filePath: true } }),
    );
    const done = items.filter((i) => i.status === 'done');
    const failed = items.filter((i) => i.status === 'failed');
    return {
      id: b.publicId,
      templateId: b.templateId,
      institutionId: b.institutionId,
      total: b.total,
      done: done.length,
      failed: failed.length,
      status: done.length + failed.length === b.total ? 'done' : 'running',
      errors: failed.map((i) => ({ index: i.idx, message: i.error ?? '' })),
      documentIds: done.filter((i) => i.documentId !== null).map((i) => i.documentId!),
      expired: this.isExpired(b, items),
    };
  }

  async zip(actor: Actor, publicId: string): Promise<Buffer> {
    const b = await this.batchOf(actor, publicId);
    const items = await this.db.read((m) => m.getRepository(DocumentBatchItemEntity).find({ where: { batchId: b.id }, order: { idx: 'ASC' } }));
    if (items.some((i) => i.status === 'pending')) throw AppError.conflict({ zh: '批量生成尚未完成', en: 'The batch is not finished yet' });
    if (this.isExpired(b, items)) throw AppError.gone({ zh: t('zh', 'ui.batch_expired', { days: DRAFT_RETENTION_DAYS }), en: t('en', 'ui.batch_expired', { days: DRAFT_RETENTION_DAYS }) });
    const docIds = items.filter((i) => i.documentId !== null).map((i) => i.documentId!);
    const docs = docIds.length ? await this.db.read((m) => m.getRepository(IssuedDocumentEntity).createQueryBuilder('d').where('d.id IN (:...docIds)', { docIds }).getMany()) : [];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const zip = new JSZip();
    for (const i of items) {
      const n = String(i.idx + 1).padStart(4, '0');
      if (i.documentId !== null) {
        const d = byId.get(i.documentId)!;
        zip.file(`${n}-${d.numberText}.pdf`, fs.readFileSync(path.join(this.env.DATA_DIR, d.filePath)));
      } else if (i.filePath) {
        zip.file(`${n}.pdf`, fs.readFileSync(path.join(this.env.DATA_DIR, i.filePath)));
      }
    }
    return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  }

  /** A draft batch whose finished PDFs have been purged. */
  private isExpired(b: DocumentBatchEntity, items: Pick<DocumentBatchItemEntity, 'status' | 'filePath'>[]): boolean {
    return !b.issue && items.some((i) => i.status === 'done') && items.every((i) => i.status !== 'done' || !i.filePath);
  }

  /** The render worker (`cli.js worker`): consumes BullMQ jobs until the app closes. */
  async startWorker(): Promise<void> {
    if (!this.bullmq) throw new Error('the render worker needs DOCUMENT_QUEUE=bullmq and DATABASE_URL (PostgreSQL)');
    await this.bullmq.startWorker((job, final) => this.processItem(job, final));
  }

  async onModuleDestroy(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.bullmq?.close();
  }
}
