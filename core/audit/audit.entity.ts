import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn('integer') seq: number;
  @Column('varchar', { length: 32 }) at: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('integer', { name: 'institution_id', nullable: true }) institutionId: number | null;
  @Column('varchar', { length: 80 }) action: string;
  @Column('varchar', { name: 'object_type', length: 80 }) objectType: string;
  @Column('varchar', { name: 'object_id', length: 80 }) objectId: string;
  @Column('varchar', { length: 20 }) outcome: string;
  @Column('text', { default: '' }) detail: string;
  @Column('varchar', { name: 'prev_hash', length: 64 }) prevHash: string;
  @Column('varchar', { length: 64 }) hash: string;
}
