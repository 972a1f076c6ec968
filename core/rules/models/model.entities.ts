import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ModelStatus = 'draft' | 'enabled' | 'disabled';

/** A warning model of one institution: its current definition and state; each enabled version is kept beside it. */
@Entity('warning_models')
export class WarningModelEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  /** The definition's id: unique within the institution, part of its hits' rule id. */
  @Column('varchar', { name: 'model_key', length: 48 }) modelKey: string;
  @Column('varchar', { name: 'plugin_id', length: 64 }) pluginId: string;
  @Column('varchar', { name: 'record_type', length: 64 }) recordType: string;
  /** draft: never enabled (backtests only); enabled: raises hits; disabled: raises nothing, keeps its versions. */
  @Column('varchar', { length: 10 }) status: ModelStatus;
  /** The version hits are raised under; 0 until first enabled. */
  @Column('integer') version: number;
  /** The current definition (ModelDefinition as JSON). */
  @Column('text') definition: string;
  /** Set when the model comes from an institution's YAML: it is changed there, not through the API. */
  @Column('varchar', { name: 'config_file', length: 200, nullable: true }) configFile: string | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

/** One version of a model as enabled or changed: what, who, when and why. */
@Entity('warning_model_versions')
export class WarningModelVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'model_id' }) modelId: number;
  @Column('integer') version: number;
  @Column('text') definition: string;
  /** The audit actor label: user:<id>:<name>, system:config. */
  @Column('varchar', { length: 100 }) actor: string;
  @Column('integer', { name: 'user_id', nullable: true }) userId: number | null;
  @Column('text') reason: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}
