import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One issued version of an official document. Rows and their PDFs are never updated or overwritten. */
@Entity('issued_documents')
@Index(['institutionId', 'numberYear', 'numberSeq', 'version'], { unique: true })
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
}

/** Entities of the documents module, registered with both database connections. */
export const DOCUMENTS_ENTITIES: Function[] = [IssuedDocumentEntity];
