import type { Role } from '../plugin-api';
import { IssuedDocumentEntity } from './documents.entities';

export interface IssuedDocumentView {
  id: number;
  publicId: string;
  institutionId: number;
  templateId: string;
  templateVersion: string;
  title: string;
  number: string;
  year: number;
  seq: number;
  version: number;
  previousId: number | null;
  sha256: string;
  sizeBytes: number;
  pages: number;
  issuedOn: string;
  issuedAt: string;
  issuedBy: string;
  verifyPath: string;
  data: Record<string, unknown>;
  /** Null when unrestricted. */
  readRoles: Role[] | null;
  readUserIds: number[] | null;
}

/** The API's view of a stored row: the data and the read restriction parsed. */
export function documentView(r: IssuedDocumentEntity): IssuedDocumentView {
  return {
    id: r.id,
    publicId: r.publicId,
    institutionId: r.institutionId,
    templateId: r.templateId,
    templateVersion: r.templateVersion,
    title: r.title,
    number: r.numberText,
    year: r.numberYear,
    seq: r.numberSeq,
    version: r.version,
    previousId: r.previousId,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    pages: r.pages,
    issuedOn: r.issuedOn,
    issuedAt: r.issuedAt,
    issuedBy: r.issuedBy,
    verifyPath: `/verify/${r.publicId}`,
    data: JSON.parse(r.dataJson) as Record<string, unknown>,
    readRoles: r.readRoles === null ? null : (JSON.parse(r.readRoles) as Role[]),
    readUserIds: r.readUserIds === null ? null : (JSON.parse(r.readUserIds) as number[]),
  };
}