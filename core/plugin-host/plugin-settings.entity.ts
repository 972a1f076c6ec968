import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An institution's plugins as last saved on /admin/plugins: from then on they replace its YAML file's `plugins` list. */
@Entity('institution_plugin_settings')
export class InstitutionPluginSettingsEntity {
  @PrimaryColumn('varchar', { name: 'institution_code', length: 64 }) institutionCode: string;
  /** The `plugins` list in the YAML file's shape (PluginSetting[] as JSON). */
  @Column('text') plugins: string;
  /** Raised by every save: other processes apply a row when its version differs from the one they hold. */
  @Column('integer') version: number;
  @Column('integer', { name: 'updated_by' }) updatedBy: number;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
  @Column('varchar', { length: 500 }) reason: string;
}
