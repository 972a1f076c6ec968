import { likeLiteral } from '../db/sql-like';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import * as QRCode from 'qrcode';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { actorLabel } from '../auth/actor';
import { Clock } from '../clock/clock';
import { EnvConfig } from '../config/env.config';
import { PublicUrl } from '../config/public-url';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { Page, pageOf, PageWindow } from '../http/pagination';
import { AccessService } from '../org/access.service';
import type { Role } from '../plugin-api';
import { chineseDate } from '../plugin-api';
import { PluginHost } from '../plugin-host/plugin-host';
import { whereReadable } from './document-readers';
import { documentNumber, DocumentNumbers, NumberReservation } from './document-numbers';
import { DocMeta, DocumentRenderService } from './document-render.service';
import { IssuedDocumentEntity } from './documents.entities';
import { documentView, IssuedDocumentView } from './document-view';

export type { IssuedDocumentView } from './document-view';
import { RenderTimeoutError } from './pdf/pdf-renderer';

export const ISSUING_ROLES: Role[] = ['discipline-officer', 'head'];

export interface ListOptions {
  templateId?: string;
  year?: number;
  /** Substring of the title or the number. */
  text?: string;
  /** Only those issued before this one (ids only grow): an export pages on with it while others are issued. */
  beforeId?: number;
}

export interface IssueRequest {
  templateId: string;
  /** Defaults to the actor's current institution. */
  institutionId?: number;
  data: Record<string, unknown>;
  /**
   * Restricts reading (get, list, download) to system admins, the issuer, holders of one of these roles at the
   * document's institution and `readUserIds`. Unset (both) = everyone who can see the institution. Kept by reissues.
   */
  readRoles?: Role[];
  readUserIds?: number[];
  /** The data holds personal data shown in clear (a patient's name): system admins lose their read-everything pass. */
  personalData?: boolean;
}


/** What a render needs: the template, its data and the number it prints. */
interface RenderParams {
  institutionId: number;
  institutionCode: string;
  letterhead: string;
  templateId: string;
  data: Record<string, unknown>;
  year: number;
  seq: number;
  prefix: string | null;
  number: string;
}

/** What the row adds: its version and readers. */
interface StoreParams extends RenderParams {
  version: number;
  previousId: number | null;
  readRoles: string | null;
  readUserIds: string | null;
  personalData?: boolean;
  /** A first issue's number, consumed with the row. */
  reservation?: NumberReservation;
  inTransaction?: (m: EntityManager, documentId: number) => Promise<void>;
}

/** A rendered PDF, fsynced to a temporary file that `commit` links under its final name. */
interface RenderedFile {
  publicId: string;
  issuedOn: string;
  tmp: string;
  pdf: Buffer;
  pages: number;
  sha256: string;
}

/**
 * Issues numbered official documents: number, render, store (never overwrite), audit. The warning module calls
 * `issue(actor, {...})` directly.
 */
@Injectable()
export class DocumentsService {
  private readonly log = new Logger('Documents');

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly host: PluginHost,
    private readonly clock: Clock,
    private readonly env: EnvConfig,
    private readonly renderer: DocumentRenderService,
    private readonly publicUrl: PublicUrl,
    private readonly numbers: DocumentNumbers,
  ) {}

  private get baseUrl(): string {
    return this.publicUrl.base;
  }

  private async institution(actor: Actor, institutionId: number | undefined, issueRoles: Role[] = []) {
    const id = institutionId ?? actor.currentInstitutionId;
    if (!id) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
    await this.access.assertVisible(actor, id, { type: 'institution', id });
    if (!(await this.access.can(actor, id, [...ISSUING_ROLES, ...issueRoles]))) throw AppError.forbidden();
    const entity = (await this.access.institutions()).find((i) => i.id === id);
    const config = entity && this.host.institutions.find((c) => c.code === entity.code);
    if (!entity || !config) throw AppError.notFound();
    return { entity, config };
  }

  /**
   * `inTransaction` runs in the transaction that stores the row: a batch marks its item there, so a retried job never issues twice.
   * `issueRoles`: roles a plugin template lets issue besides ISSUING_ROLES (a referral slip by the referring doctor).
   * `numberClaim`: names this issue for its retries (a batch item), which take back its number even while leased.
   */
  async issue(actor: Actor, req: IssueRequest, opts: { inTransaction?: (m: EntityManager, documentId: number) => Promise<void>; issueRoles?: Role[]; numberClaim?: string } = {}): Promise<IssuedDocumentView> {
    const { entity, config } = await this.institution(actor, req.institutionId, opts.issueRoles);
    const data = req.data ?? {};
    // Template and data errors surface here, before a number is taken.
    this.renderer.html(req.templateId, data, this.placeholderDoc(config.letterhead, config.docNumberPrefix), config.code);
    const year = Number(this.clock.today().slice(0, 4));
    const prefix = config.docNumberPrefix;
    // The number is taken in a short write; the render runs outside the numbering lock, beside other issues' renders.
    const reservation = await this.numbers.reserve(prefix, year, opts.numberClaim ?? null);
    try {
      return await this.store(actor, {
        institutionId: entity.id,
        institutionCode: config.code,
        letterhead: config.letterhead,
        templateId: req.templateId,
        data,
        year,
        seq: reservation.seq,
        prefix,
        number: documentNumber(prefix, year, reservation.seq),
        version: 1,
        previousId: null,
        readRoles: req.readRoles ? JSON.stringify([...new Set(req.readRoles)]) : null,
        readUserIds: req.readUserIds ? JSON.stringify([...new Set(req.readUserIds)]) : null,
        personalData: req.personalData ?? false,
        reservation,
        inTransaction: opts.inTransaction,
      });
    } catch (err) {
      // Nothing was stored: the number goes to the next issue (a retry), so numbers have no gaps. Should this write
      // fail too, the lease runs out and the number is taken all the same.
      await this.numbers.release(reservation).catch((e: Error) => this.log.error(`releasing ${documentNumber(prefix, year, reservation.seq)} failed: ${e.message}`));
      throw err;
    }
  }

  /**
   * A new version under the same number; the earlier PDF and row stay as they were. It renders outside the numbering lock
   * (the number is the document's own) and takes the lock of the number's prefix only to pick the version and store the row.
   */
  async reissue(actor: Actor, id: number, data?: Record<string, unknown>): Promise<IssuedDocumentView> {
    const prev = await this.row(actor, id);
    const { entity, config } = await this.institution(actor, prev.institutionId);
    const newData = data ?? (JSON.parse(prev.dataJson) as Record<string, unknown>);
    this.renderer.html(prev.templateId, newData, this.placeholderDoc(config.letterhead, config.docNumberPrefix), config.code);
    const params = { institutionId: entity.id, institutionCode: config.code, letterhead: config.letterhead, templateId: prev.templateId, data: newData, year: prev.numberYear, seq: prev.numberSeq, prefix: prev.numberPrefix, number: prev.numberText };
    const rendered = await this.renderFile(params);
    try {
      // The lock of the number's own prefix: the institution's prefix may have changed since.
      return await this.numbers.numbering(`${prev.numberPrefix ?? prev.numberText}:${prev.numberYear}`, async () => {
        const latest = await this.db.read((m) =>
          m.getRepository(IssuedDocumentEntity).findOne({ where: { institutionId: prev.institutionId, numberYear: prev.numberYear, numberSeq: prev.numberSeq }, order: { version: 'DESC' } }),
        );
        return this.commit(actor, { ...params, version: latest!.version + 1, previousId: latest!.id, readRoles: latest!.readRoles, readUserIds: latest!.readUserIds, personalData: latest!.personalData === 1 }, rendered);
      });
    } finally {
      fs.rmSync(rendered.tmp, { force: true });
    }
  }

  private placeholderDoc(letterhead: string, prefix: string): DocMeta {
    return { number: documentNumber(prefix, 2000, 1), dateText: '2000年1月1日', letterhead, signature: letterhead, printer: letterhead, qr: '', verifyUrl: '/verify/x' };
  }

  /** Renders, then stores: a first issue, whose number is reserved. */
  private async store(actor: Actor, p: StoreParams): Promise<IssuedDocumentView> {
    const rendered = await this.renderFile(p);
    try {
      return await this.commit(actor, p, rendered);
    } finally {
      fs.rmSync(rendered.tmp, { force: true });
    }
  }

  /** The PDF rendered and fsynced to a temporary file beside its final place; no lock is held. */
  private async renderFile(p: RenderParams): Promise<RenderedFile> {
    const publicId = randomBytes(12).toString('hex');
    const verifyPath = `/verify/${publicId}`;
    const issuedOn = this.clock.today();
    const doc: DocMeta = {
      number: p.number,
      dateText: chineseDate(issuedOn),
      letterhead: p.letterhead,
      signature: p.letterhead,
      printer: `${p.letterhead}办公室`,
      qr: await QRCode.toDataURL(this.baseUrl + verifyPath, { errorCorrectionLevel: 'M', margin: 1, scale: 4 }),
      verifyUrl: this.baseUrl + verifyPath,
    };
    let rendered;
    try {
      rendered = await this.renderer.render(p.templateId, p.data, doc, p.institutionCode);
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.log.error(`render ${p.templateId} failed: ${(err as Error).message}`);
      if (err instanceof RenderTimeoutError) throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'documents.render_timeout', { seconds: err.ms / 1000 });
      throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'documents.render_failed');
    }
    const dir = path.join(this.env.DATA_DIR, 'documents', p.institutionCode, String(p.year));
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `${publicId}.${process.pid}.tmp`);
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, rendered.pdf);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { publicId, issuedOn, tmp, pdf: rendered.pdf, pages: rendered.pages, sha256: createHash('sha256').update(rendered.pdf).digest('hex') };
  }

  /** Links the file under its name (which fails if it exists: nothing issued is ever replaced), then stores the row. */
  private async commit(actor: Actor, p: StoreParams, r: RenderedFile): Promise<IssuedDocumentView> {
    const rel = path.join('documents', p.institutionCode, String(p.year), `${String(p.seq).padStart(5, '0')}-v${p.version}-${r.publicId}.pdf`);
    const final = path.join(this.env.DATA_DIR, rel);
    fs.linkSync(r.tmp, final);
    const title = String((p.data.title as string | undefined) ?? (p.data.meetingName ? `${p.data.meetingName}纪要` : p.templateId)).slice(0, 300);
    try {
      const saved = await this.db.write(async (m: EntityManager) => {
        if (p.reservation) await this.numbers.consume(m, p.reservation);
        const row = m.getRepository(IssuedDocumentEntity).create({
          publicId: r.publicId,
          institutionId: p.institutionId,
          templateId: p.templateId,
          templateVersion: this.renderer.templates.version(p.templateId, p.institutionCode),
          title,
          numberYear: p.year,
          numberSeq: p.seq,
          numberPrefix: p.prefix,
          numberText: p.number,
          version: p.version,
          previousId: p.previousId,
          dataJson: JSON.stringify(p.data),
          sha256: r.sha256,
          sizeBytes: r.pdf.length,
          pages: r.pages,
          filePath: rel,
          issuedOn: r.issuedOn,
          issuedAt: this.clock.now().toISOString(),
          issuedBy: actorLabel(actor),
          issuerUserId: actor.userId,
          readRoles: p.readRoles,
          readUserIds: p.readUserIds,
          personalData: p.personalData ? 1 : 0,
        });
        await m.getRepository(IssuedDocumentEntity).insert(row);
        await this.audit.append(m, {
          actor: actorLabel(actor),
          institutionId: p.institutionId,
          action: p.version === 1 ? 'document.issue' : 'document.reissue',
          objectType: 'document',
          objectId: row.id,
          detail: { number: p.number, version: p.version, templateId: p.templateId, sha256: r.sha256 },
        });
        if (p.inTransaction) await p.inTransaction(m, row.id);
        return row;
      });
      return documentView(saved);
    } catch (err) {
      // The row did not commit, so its file must not stay either.
      fs.rmSync(final, { force: true });
      throw err;
    }
  }

  /** The read restriction on top of institution visibility (which the caller has checked). */
  private async mayRead(actor: Actor, r: IssuedDocumentEntity): Promise<boolean> {
    if (r.readRoles === null && r.readUserIds === null) return true;
    if ((actor.isSystemAdmin && r.personalData !== 1) || r.issuerUserId === actor.userId) return true;
    if (r.readUserIds !== null && (JSON.parse(r.readUserIds) as number[]).includes(actor.userId)) return true;
    const roles = JSON.parse(r.readRoles ?? '[]') as Role[];
    return (await this.access.rolesAt(actor, r.institutionId)).some((role) => roles.includes(role));
  }

  private async row(actor: Actor, id: number): Promise<IssuedDocumentEntity> {
    const r = await this.db.read((m) => m.getRepository(IssuedDocumentEntity).findOneBy({ id }));
    if (!r) throw AppError.notFound();
    // A document addressed to the caller by account (a notice from the level above) is theirs to read wherever it was issued.
    if (r.readUserIds !== null && (JSON.parse(r.readUserIds) as number[]).includes(actor.userId)) return r;
    await this.access.assertVisible(actor, r.institutionId, { type: 'document', id });
    if (!(await this.mayRead(actor, r))) {
      // Same answer as a missing document, logged like any other foreign access.
      await this.audit.record({
        actor: actorLabel(actor),
        institutionId: actor.currentInstitutionId,
        action: 'access.denied',
        objectType: 'document',
        objectId: id,
        outcome: 'denied',
        detail: { recordInstitutionId: r.institutionId, reason: 'read-restricted' },
      });
      throw AppError.notFound();
    }
    return r;
  }

  async get(actor: Actor, id: number): Promise<IssuedDocumentView> {
    return documentView(await this.row(actor, id));
  }

  /** One page of the documents the caller may read at the institutions it sees, newest first, with the true count. */
  async page(actor: Actor, opts: ListOptions, w: PageWindow): Promise<Page<IssuedDocumentView>> {
    const ids = actor.visibleInstitutionIds;
    if (!ids.length) return pageOf([], 0, w);
    const rolesAt = new Map<number, Role[]>();
    for (const id of ids) rolesAt.set(id, await this.access.rolesAt(actor, id));
    const [rows, total] = await this.db.read((m) => {
      const q = m.getRepository(IssuedDocumentEntity).createQueryBuilder('d').where('d.institution_id IN (:...ids)', { ids });
      if (opts.templateId) q.andWhere('d.template_id = :templateId', { templateId: opts.templateId });
      if (opts.year) q.andWhere('d.number_year = :year', { year: opts.year });
      if (opts.beforeId) q.andWhere('d.id < :beforeId', { beforeId: opts.beforeId });
      if (opts.text) q.andWhere("(d.title LIKE :text ESCAPE '\\' OR d.number_text LIKE :text ESCAPE '\\')", { text: `%${likeLiteral(opts.text)}%` });
      return whereReadable(q, { userId: actor.userId, isSystemAdmin: actor.isSystemAdmin, rolesAt }).orderBy('d.id', 'DESC').skip(w.offset).take(w.limit).getManyAndCount();
    });
    return pageOf(rows.map((r) => documentView(r)), total, w);
  }

  /** Template ids and years present among the documents the caller's institutions hold (for list filters). */
  async facets(actor: Actor): Promise<{ templateIds: string[]; years: number[] }> {
    const ids = actor.visibleInstitutionIds;
    if (!ids.length) return { templateIds: [], years: [] };
    return this.db.read(async (m) => {
      const q = () => m.getRepository(IssuedDocumentEntity).createQueryBuilder('d').where('d.institution_id IN (:...ids)', { ids });
      const templates = await q().select('DISTINCT d.template_id', 'v').orderBy('v').getRawMany<{ v: string }>();
      const years = await q().select('DISTINCT d.number_year', 'v').orderBy('v', 'DESC').getRawMany<{ v: number | string }>();
      return { templateIds: templates.map((r) => r.v), years: years.map((r) => Number(r.v)) };
    });
  }

  async pdf(actor: Actor, id: number): Promise<{ file: string; name: string }> {
    const r = await this.row(actor, id);
    return { file: path.join(this.env.DATA_DIR, r.filePath), name: `${r.numberText}-v${r.version}.pdf` };
  }

  /** Public facts for the verification page: never the data, only who issued what and its hash. */
  async verifyInfo(publicId: string) {
    if (!/^[a-f0-9]{24}$/.test(publicId)) return null;
    const r = await this.db.read((m) => m.getRepository(IssuedDocumentEntity).findOneBy({ publicId }));
    if (!r) return null;
    const inst = (await this.access.institutions()).find((i) => i.id === r.institutionId)!;
    const latest = await this.db.read((m) =>
      m.getRepository(IssuedDocumentEntity).findOne({ where: { institutionId: r.institutionId, numberYear: r.numberYear, numberSeq: r.numberSeq }, order: { version: 'DESC' } }),
    );
    return {
      issuer: this.host.institutions.find((c) => c.code === inst.code)?.letterhead ?? inst.name,
      institution: inst.name,
      issuedOn: chineseDate(r.issuedOn),
      number: r.numberText,
      version: r.version,
      latestVersion: latest!.version,
      sha256: r.sha256,
      title: r.title,
    };
  }

  /** True when the uploaded bytes are exactly the issued PDF. */
  async verifyUpload(publicId: string, upload: Buffer): Promise<boolean | null> {
    const info = await this.verifyInfo(publicId);
    if (!info) return null;
    return createHash('sha256').update(upload).digest('hex') === info.sha256;
  }
}
