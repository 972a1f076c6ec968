import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A plugin's business record; its values are validated against the plugin's field declarations. */
@Entity('plugin_records')
export class PluginRecordEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'plugin_id', length: 64 }) pluginId: string;
  @Column('varchar', { name: 'record_type', length: 64 }) recordType: string;
  @Column('varchar', { length: 300 }) title: string;
  /** Values keyed by the fields' stable ids. */
  @Column('text') data: string;
  @Column('integer', { default: 1 }) version: number;
  @Column('integer', { name: 'created_by', nullable: true }) createdBy: number | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

@Entity('rule_hits')
export class RuleHitEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'plugin_id', length: 64 }) pluginId: string;
  @Column('varchar', { name: 'rule_id', length: 120 }) ruleId: string;
  @Column('integer', { name: 'rule_version' }) ruleVersion: number;
  @Column('varchar', { length: 10 }) level: string;
  @Column('integer', { name: 'record_id', nullable: true }) recordId: number | null;
  /** Identifies what the hit is about, so a rescan never raises the same hit twice. */
  @Column('varchar', { name: 'subject_key', length: 200 }) subjectKey: string;
  @Column('text') inputs: string;
  @Column('text') message: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** A record shared with a second owning institution (RecordTypeDef.shares), or read-only through a sharing record's reference. */
@Entity('record_shares')
export class RecordShareEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'record_id' }) recordId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  /** The sharing record: itself for a direct share, the referring record for a referenced one. */
  @Column('integer', { name: 'via_record_id' }) viaRecordId: number;
  /** The share's field on the sharing record; '' for a read-only share through a reference. */
  @Column('varchar', { length: 64 }) field: string;
}

/** One version of a plugin record as stored (sensitive fields stay sealed): who wrote it, when, and why. */
@Entity('record_versions')
export class RecordVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'record_id' }) recordId: number;
  @Column('integer') version: number;
  /** The record's `data` after this write, keyed by field id. */
  @Column('text') data: string;
  /** JSON array of the keys this write changed. */
  @Column('text') changed: string;
  /** The audit actor label: user:<id>:<name>, public:form, system:<job>. */
  @Column('varchar', { length: 100 }) actor: string;
  @Column('integer', { name: 'user_id', nullable: true }) userId: number | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** A saved record whose rules are still to run (RuleOutbox): written in the save's transaction, removed in the rules'. */
@Entity('rule_outbox')
export class RuleOutboxEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'record_id' }) recordId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'plugin_id', length: 64 }) pluginId: string;
  /** Failed runs so far; a row that keeps failing is left to the nightly scan and the next start. */
  @Column('integer', { default: 0 }) attempts: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}
