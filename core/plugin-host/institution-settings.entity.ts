import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An institution as last saved on /admin/institutions: from then on it replaces the institution's YAML file (or is its only source). */
@Entity('institution_settings')
export class InstitutionSettingsEntity {
  @PrimaryColumn('varchar', { name: 'institution_code', length: 64 }) institutionCode: string;
  /** The institution in its YAML file's shape (a mapping, as JSON). */
  @Column('text') config: string;
  /** Raised by every save: other processes apply a row when its version differs from the one they hold. */
  @Column('integer') version: number;
  @Column('integer', { name: 'updated_by' }) updatedBy: number;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
  @Column('varchar', { length: 500 }) reason: string;
}
