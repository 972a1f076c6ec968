import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One issued version of an official document. Rows and their PDFs are never updated or overwritten. */
@Entity('issued_documents')
@Index('uq_issued_documents_prefix_number', ['numberPrefix', 'numberYear', 'numberSeq', 'version'], { unique: true })
export class IssuedDocumentEntity {
  @PrimaryGeneratedColumn() id: number;
  /** Unguessable id used by the public verification page and the QR code. */
  @Index({ unique: true }) @Column('varchar', { name: 'public_id', length: 40 }) publicId: string;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'template_id', length: 120 }) templateId: string;
  @Column('varchar', { name: 'template_version', length: 64 }) templateVersion: string;
  @Column('varchar', { length: 300 }) title: string;
  @Column('integer', { name: 'number_year' }) numberYear: number;
  @Column('integer', { name: 'number_seq' }) numberSeq: number;
  @Column('varchar', { name: 'number_text', length: 60 }) numberText: string;
  /** The 发文字号 prefix the number was taken under; sequences run per prefix and year. NULL only on a duplicate issued before 0006. */
  @Column('varchar', { name: 'number_prefix', length: 40, nullable: true }) numberPrefix: string | null;
  /** 1 for the first issue; a re-issue keeps the number and adds a version. */
  @Column('integer') version: number;
  @Column('integer', { name: 'previous_id', nullable: true }) previousId: number | null;
  @Column('text', { name: 'data_json' }) dataJson: string;
  @Column('varchar', { length: 64 }) sha256: string;
  @Column('integer', { name: 'size_bytes' }) sizeBytes: number;
  @Column('integer') pages: number;
  /** Relative to DATA_DIR. */
  @Column('varchar', { name: 'file_path', length: 300 }) filePath: string;
  @Column('varchar', { name: 'issued_on', length: 10 }) issuedOn: string;
  @Column('varchar', { name: 'issued_at', length: 32 }) issuedAt: string;
  @Column('varchar', { name: 'issued_by', length: 100 }) issuedBy: string;
  @Column('integer', { name: 'issuer_user_id', nullable: true }) issuerUserId: number | null;
  /** JSON array of roles at the document's institution that may read it; NULL = no restriction. */
  @Column('text', { name: 'read_roles', nullable: true }) readRoles: string | null;
  /** JSON array of user ids that may read it; NULL = no restriction. */
  @Column('text', { name: 'read_user_ids', nullable: true }) readUserIds: string | null;
  /** 1 when the data holds personal data in clear: only the issuer and `read_roles` read it, system admins included. */
  @Column('integer', { name: 'personal_data', default: 0 }) personalData: number;
}

/** A batch render: its state lives here, not in one process's memory, so any web process shows its progress. */
@Entity('document_batches')
export class DocumentBatchEntity {
  @PrimaryGeneratedColumn() id: number;
  @Index({ unique: true }) @Column('varchar', { name: 'public_id', length: 24 }) publicId: string;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'template_id', length: 120 }) templateId: string;
  @Column('integer', { name: 'owner_user_id' }) ownerUserId: number;
  /** Number, store and audit each item; otherwise unnumbered drafts. */
  @Column('boolean') issue: boolean;
  @Column('integer') total: number;
  /** 'inline' (rendered in the web process) or 'bullmq' (render workers). */
  @Column('varchar', { length: 16 }) mode: string;
  /** The date line of drafts, fixed when the batch starts. */
  @Column('varchar', { name: 'date_text', length: 20 }) dateText: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  /** The readers each issued item gets (JSON arrays, as on issued_documents); NULL = unrestricted. */
  @Column('text', { name: 'read_roles', nullable: true }) readRoles: string | null;
  @Column('text', { name: 'read_user_ids', nullable: true }) readUserIds: string | null;
}

export type BatchItemStatus = 'pending' | 'done' | 'failed';

@Entity('document_batch_items')
@Index(['batchId', 'idx'], { unique: true })
export class DocumentBatchItemEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'batch_id' }) batchId: number;
  @Column('integer') idx: number;
  @Column('text', { name: 'data_json' }) dataJson: string;
  @Column('varchar', { length: 10 }) status: BatchItemStatus;
  @Column('integer', { name: 'document_id', nullable: true }) documentId: number | null;
  /** Drafts: the PDF, relative to DATA_DIR. */
  @Column('varchar', { name: 'file_path', length: 300, nullable: true }) filePath: string | null;
  @Column('varchar', { length: 300, nullable: true }) error: string | null;
}

/**
 * A document number taken for an issue whose PDF is still rendering. Deleted in the transaction that stores the
 * document; a failed render sets `lease_until` to now, and a reservation whose lease ran out (a failed render, a dead
 * process) is the next issue's number, lowest first, so numbers have no gaps; a retried batch item takes its own number
 * back at once, lease or not (its worker was killed). `holder` changes when another issue takes
 * an expired reservation over: the first holder can then no longer store under it.
 */
@Entity('document_number_reservations')
@Index('uq_document_number_reservations', ['prefix', 'year', 'seq'], { unique: true })
export class DocumentNumberReservationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('varchar', { length: 40 }) prefix: string;
  @Column('integer') year: number;
  @Column('integer') seq: number;
  @Column('varchar', { length: 24 }) holder: string;
  /** The issue the number is for, when its retry names it again (a batch item): the retry takes the number back at once. */
  @Column('varchar', { length: 80, nullable: true }) claim: string | null;
  /** ISO instant in real time (Date.now, not the app clock). */
  @Column('varchar', { name: 'lease_until', length: 32 }) leaseUntil: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** Entities of the documents module, registered with both database connections. */
export const DOCUMENTS_ENTITIES: Function[] = [IssuedDocumentEntity, DocumentBatchEntity, DocumentBatchItemEntity, DocumentNumberReservationEntity];
