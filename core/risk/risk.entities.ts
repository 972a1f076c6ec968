import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

// Timestamps are ISO strings and JSON is text, so the same entities run on SQLite and PostgreSQL.

/** A stored upload (a power's flow chart); the bytes live under DATA_DIR/risk-files. */
@Entity('risk_files')
export class RiskFileEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'original_name', length: 200 }) originalName: string;
  @Column('varchar', { length: 60 }) mime: string;
  @Column('integer') size: number;
  @Column('varchar', { length: 64 }) sha256: string;
  @Column('varchar', { name: 'stored_name', length: 100 }) storedName: string;
  @Column('integer', { name: 'uploaded_by' }) uploadedBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** One power (权力事项) of an institution's catalogue, with the fields 003 篇1 lists. */
@Entity('risk_powers')
export class PowerEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 40 }) number: string;
  @Column('varchar', { length: 60 }) category: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { name: 'legal_basis_document', length: 300, default: '' }) legalBasisDocument: string;
  @Column('varchar', { name: 'legal_basis_article', length: 300, default: '' }) legalBasisArticle: string;
  @Column('text', { name: 'process_description' }) processDescription: string;
  @Column('integer', { name: 'flow_chart_file_id', nullable: true }) flowChartFileId: number | null;
  @Column('integer', { name: 'responsible_department_id', nullable: true }) responsibleDepartmentId: number | null;
  @Column('integer', { name: 'responsible_post_id', nullable: true }) responsiblePostId: number | null;
  @Column('text', { name: 'key_links' }) keyLinks: string;
  @Column('text', { name: 'weak_links' }) weakLinks: string;
  @Column('text', { name: 'work_rules' }) workRules: string;
  @Column('text', { name: 'related_regulations' }) relatedRegulations: string;
  @Column('integer') version: number;
  @Column('boolean', { default: false }) removed: boolean;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

/** Every add, change and removal of a power keeps the full row as it was after the change. */
@Entity('risk_power_versions')
export class PowerVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'power_id' }) powerId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer') version: number;
  @Column('varchar', { length: 20 }) action: string;
  @Column('text') snapshot: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('varchar', { length: 32 }) at: string;
}

@Entity('risk_points')
export class RiskPointEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  /** post | department | institution (岗位 / 科室 / 单位). */
  @Column('varchar', { length: 20 }) level: string;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  @Column('integer', { name: 'post_id', nullable: true }) postId: number | null;
  /** Whose risk it is: the post holder, the department head, or the head; acts on the self step. */
  @Column('integer', { name: 'owner_person_id', nullable: true }) ownerPersonId: number | null;
  @Column('varchar', { length: 200 }) title: string;
  @Column('varchar', { length: 40 }) category: string;
  @Column('text') description: string;
  @Column('text') manifestation: string;
  @Column('integer') likelihood: number;
  @Column('integer') harm: number;
  @Column('integer') scope: number;
  @Column('integer') frequency: number;
  /** 003 篇1 变化幅度 / 分布情况 / 持续时间, 1..3; null = not assessed (left out of the risk index). */
  @Column('integer', { nullable: true }) variability: number | null;
  @Column('integer', { nullable: true }) distribution: number | null;
  @Column('integer', { nullable: true }) duration: number | null;
  @Column('integer') grade: number;
  @Column('integer', { name: 'risk_index' }) riskIndex: number;
  @Column('integer', { name: 'responsible_person_id', nullable: true }) responsiblePersonId: number | null;
  @Column('integer', { name: 'supervisor_person_id', nullable: true }) supervisorPersonId: number | null;
  @Column('boolean', { name: 'responsibility_overridden', default: false }) responsibilityOverridden: boolean;
  @Column('text', { name: 'measures_prevention' }) measuresPrevention: string;
  @Column('text', { name: 'measures_monitoring' }) measuresMonitoring: string;
  @Column('text', { name: 'measures_disposal' }) measuresDisposal: string;
  /** identifying | approved | published */
  @Column('varchar', { length: 20 }) status: string;
  @Column('integer', { name: 'current_step' }) currentStep: number;
  /** Plugin extension values: { pluginId: { fieldId: value } }, validated against the declarations. */
  @Column('text') extensions: string;
  @Column('integer') version: number;
  @Column('integer', { name: 'created_by' }) createdBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

@Entity('risk_point_powers')
export class RiskPointPowerEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'point_id' }) pointId: number;
  @Column('integer', { name: 'power_id' }) powerId: number;
}

@Entity('risk_point_versions')
export class RiskPointVersionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'point_id' }) pointId: number;
  @Column('integer') version: number;
  @Column('text') snapshot: string;
  @Column('varchar', { length: 300 }) reason: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('varchar', { length: 32 }) at: string;
}

/** Who contributed what at which identification step, and when; send-backs are rows too. */
@Entity('risk_contributions')
export class ContributionEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'point_id' }) pointId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'step_index' }) stepIndex: number;
  @Column('varchar', { name: 'step_key', length: 40 }) stepKey: string;
  @Column('varchar', { length: 20 }) kind: string;
  /** contribute | send-back */
  @Column('varchar', { length: 20 }) action: string;
  @Column('text') content: string;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('varchar', { name: 'author_name', length: 100 }) authorName: string;
  @Column('varchar', { length: 32 }) at: string;
}

@Entity('risk_grade_log')
export class GradeLogEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'point_id' }) pointId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'from_grade' }) fromGrade: number;
  @Column('integer', { name: 'to_grade' }) toGrade: number;
  @Column('integer', { name: 'from_likelihood' }) fromLikelihood: number;
  @Column('integer', { name: 'from_harm' }) fromHarm: number;
  @Column('integer', { name: 'to_likelihood' }) toLikelihood: number;
  @Column('integer', { name: 'to_harm' }) toHarm: number;
  @Column('text') reason: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('varchar', { length: 32 }) at: string;
}

/** A catalogue made public (公示) for a period; its items are a snapshot of the points published. */
@Entity('risk_publications')
export class PublicationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer') version: number;
  @Column('varchar', { length: 200 }) title: string;
  @Column('varchar', { name: 'starts_on', length: 10 }) startsOn: string;
  @Column('varchar', { name: 'ends_on', length: 10 }) endsOn: string;
  /** open | superseded */
  @Column('varchar', { length: 20 }) status: string;
  @Column('text') items: string;
  @Column('integer', { name: 'supersedes_id', nullable: true }) supersedesId: number | null;
  @Column('integer', { name: 'created_by' }) createdBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

@Entity('risk_publication_comments')
export class PublicationCommentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'publication_id' }) publicationId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'point_id', nullable: true }) pointId: number | null;
  /** comment | objection */
  @Column('varchar', { length: 20 }) kind: string;
  @Column('text') content: string;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('varchar', { name: 'author_name', length: 100 }) authorName: string;
  @Column('varchar', { length: 32 }) at: string;
}

/** 承诺书: personal (002 附表4) or department (附表5), tied to the risk points it covers. */
@Entity('risk_commitments')
export class CommitmentEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  /** personal | department */
  @Column('varchar', { length: 20 }) kind: string;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  @Column('integer') year: number;
  @Column('text') pledge: string;
  @Column('text') measures: string;
  @Column('text', { name: 'point_ids' }) pointIds: string;
  @Column('integer', { name: 'created_by' }) createdBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'acknowledged_at', length: 32, nullable: true }) acknowledgedAt: string | null;
  @Column('integer', { name: 'acknowledged_by', nullable: true }) acknowledgedBy: number | null;
  @Column('varchar', { name: 'acknowledged_by_name', length: 100, nullable: true }) acknowledgedByName: string | null;
}

/** One self-check of one point for one period; (point, period) is unique so the scan never doubles it. */
@Entity('risk_self_checks')
export class SelfCheckEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'point_id' }) pointId: number;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  @Column('varchar', { name: 'period_key', length: 10 }) periodKey: string;
  @Column('varchar', { name: 'due_date', length: 10 }) dueDate: string;
  /** due | submitted | overdue */
  @Column('varchar', { length: 20 }) status: string;
  @Column('text') report: string;
  @Column('varchar', { name: 'submitted_at', length: 32, nullable: true }) submittedAt: string | null;
  @Column('integer', { name: 'submitted_by', nullable: true }) submittedBy: number | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** In-app messages (reminders); dedupe_key is unique so a rerun of the scan never sends twice. */
@Entity('risk_messages')
export class RiskMessageEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('varchar', { length: 30 }) kind: string;
  @Column('varchar', { length: 300 }) title: string;
  @Column('text') body: string;
  @Column('varchar', { name: 'dedupe_key', length: 120 }) dedupeKey: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'read_at', length: 32, nullable: true }) readAt: string | null;
}

/** Entities of the risk module, registered with both database connections. */
export const RISK_ENTITIES: Function[] = [
  RiskFileEntity,
  PowerEntity,
  PowerVersionEntity,
  RiskPointEntity,
  RiskPointPowerEntity,
  RiskPointVersionEntity,
  ContributionEntity,
  GradeLogEntity,
  PublicationEntity,
  PublicationCommentEntity,
  CommitmentEntity,
  SelfCheckEntity,
  RiskMessageEntity,
];
