import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, actorLabel } from '../auth/actor';
import { EnvConfig } from '../config/env.config';
import { Db } from '../db/db';
import { AppError } from '../http/app-error';
import { stripBidiControls } from '../http/input-guard';
import { AccessService } from '../org/access.service';
import { OFFICER } from './clue.service';
import { WarningAccessService } from './warning-access.service';
import { WarningConfigService } from './warning-config.service';
import { handlerOf } from './warning-jurisdiction.service';
import { OPEN_STATES, WarningState } from './warning-state';
import { WarningRepository } from './warning.repository';

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** Multer options: one file, size-capped; browsers send UTF-8 file names (Chinese names stay readable). */
export const EVIDENCE_UPLOAD = { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5 }, defParamCharset: 'utf8' };
export const EVIDENCE_TYPES = [
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;

/** The file's real type from its first bytes; the name and the browser's claim are not trusted. */
export function sniffEvidenceType(buf: Buffer): (typeof EVIDENCE_TYPES)[number] | null {
  return EVIDENCE_TYPES.find((t) => buf.length >= t.magic.length && t.magic.every((b, i) => buf[i] === b)) ?? null;
}

/**
 * The name a stored or exported evidence file goes by: the uploader's name without path, control or bidi characters,
 * its extension replaced by the detected type's, so a PNG named `.html` never opens as a page from the archive.
 */
export function evidenceFileName(original: string, mime: string): string {
  const ext = EVIDENCE_TYPES.find((t) => t.mime === mime)?.ext ?? 'bin';
  const name = stripBidiControls(path.basename(original.replace(/\\/g, '/')))
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .normalize('NFC')
    .replace(/\.[A-Za-z0-9]{1,10}$/, '');
  // Cut by code point, so a name never ends in half an emoji.
  return `${[...name].slice(0, 140).join('') || 'evidence'}.${ext}`;
}

/** The part of a multer file the service needs. */
export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface EvidenceRecord {
  id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

/** Evidence files of a warning (佐证材料): stored once by content hash under the data directory. */
@Injectable()
export class WarningEvidenceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly warningAccess: WarningAccessService,
    private readonly cfg: WarningConfigService,
    private readonly env: EnvConfig,
    private readonly repo: WarningRepository,
  ) {}

  evidenceDir(): string {
    return path.join(this.env.DATA_DIR, 'warning-evidence');
  }

  async uploadEvidence(actor: Actor, id: number, file: UploadedEvidence | undefined): Promise<EvidenceRecord> {
    if (!file) throw AppError.validation([{ field: 'file', key: 'validation.required' }]);
    if (file.size > EVIDENCE_MAX_BYTES) throw new AppError(413, 'error.payload_too_large');
    const type = sniffEvidenceType(file.buffer);
    if (!type) throw new AppError(415, 'error.evidence_type');
    return this.db.write(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      if (!(await this.warningAccess.isSubject(m, actor, w))) await this.access.requireAccess(actor, handlerOf(w), OFFICER);
      if (!OPEN_STATES.includes(w.status as WarningState)) throw AppError.conflict({ zh: '预警已结束，不能再上传材料', en: 'The warning is closed; no more evidence' });
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      fs.mkdirSync(this.evidenceDir(), { recursive: true });
      const target = path.join(this.evidenceDir(), sha256);
      if (!fs.existsSync(target)) fs.writeFileSync(target, file.buffer);
      const filename = evidenceFileName(file.originalname ?? '', type.mime);
      const e = await this.repo.addEvidence(m, { warningId: w.id, institutionId: w.institutionId, stepId: null, filename, mime: type.mime, size: file.size, sha256, uploadedBy: actor.userId, createdAt: this.cfg.nowIso() });
      await this.audit.append(m, { actor: actorLabel(actor), institutionId: w.institutionId, action: 'warning.evidence', objectType: 'warning', objectId: w.id, detail: { evidenceId: e.id, sha256, size: file.size, mime: type.mime } });
      return { id: e.id, filename: e.filename, mime: e.mime, size: e.size, sha256 };
    });
  }

  async evidenceFile(actor: Actor, id: number, evidenceId: number): Promise<{ filename: string; mime: string; data: Buffer }> {
    return this.db.read(async (m) => {
      const w = await this.warningAccess.load(m, actor, id);
      const e = await this.repo.findEvidence(m, w.id, evidenceId);
      if (!e) throw AppError.notFound();
      return { filename: evidenceFileName(e.filename, e.mime), mime: e.mime, data: fs.readFileSync(path.join(this.evidenceDir(), e.sha256)) };
    });
  }
}
