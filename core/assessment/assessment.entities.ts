import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

// Timestamps and dates are ISO strings, JSON is text, points are integer hundredths: portable to SQLite and PostgreSQL.

/** A scheme (考核方案) of one institution for one period; its items add up to 100 points. */
@Entity('assessment_schemes')
export class AssessmentSchemeEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 200 }) name: string;
  /** "2026" or "2026-H1": the year is its first four digits. */
  @Column('varchar', { length: 20 }) period: string;
  @Column('varchar', { length: 10 }) preset: string;
  /** PresetOverrides as JSON. */
  @Column('text') overrides: string;
  /** VetoRule[] as JSON. */
  @Column('text', { name: 'veto_rules' }) vetoRules: string;
  @Column('varchar', { name: 'assessment_date', length: 10, nullable: true }) assessmentDate: string | null;
  /** Who sees published results: 'institution' (通报 to all its staff) or 'subjects' (each sees their own). */
  @Column('varchar', { name: 'result_visibility', length: 20 }) resultVisibility: string;
  /** draft → finalised (results frozen) → published. */
  @Column('varchar', { length: 20 }) status: string;
  @Column('varchar', { name: 'created_by', length: 100 }) createdBy: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'finalised_at', length: 32, nullable: true }) finalisedAt: string | null;
  @Column('varchar', { name: 'published_at', length: 32, nullable: true }) publishedAt: string | null;
  /** The scheme this one re-assesses (000: a 不合格 result is assessed again). */
  @Column('integer', { name: 'reassessment_of', nullable: true }) reassessmentOf: number | null;
}

/** One scored item of a scheme, in a content area; scored by hand, by deduction, by a plugin indicator or by a round. */
@Entity('assessment_items')
export class AssessmentItemEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'scheme_id' }) schemeId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 100 }) area: string;
  @Column('varchar', { length: 200 }) name: string;
  @Column('integer', { name: 'max_points' }) maxPoints: number;
  @Column('varchar', { length: 20 }) method: string;
  @Column('integer', { name: 'per_missing_hundredths', nullable: true }) perMissingHundredths: number | null;
  @Column('varchar', { name: 'plugin_id', length: 64, nullable: true }) pluginId: string | null;
  @Column('varchar', { name: 'indicator_id', length: 64, nullable: true }) indicatorId: string | null;
  @Column('integer') position: number;
}

/** A person, department or (for a parent institution's scheme) a unit below it, assessed under a scheme. */
@Entity('assessment_subjects')
export class AssessmentSubjectEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'scheme_id' }) schemeId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 20 }) kind: string;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  /** The assessed institution when kind is 'unit'. */
  @Column('integer', { name: 'unit_id', nullable: true }) unitId: number | null;
  @Column('varchar', { length: 200 }) label: string;
}

/** A hand or deduction score of one item for one subject, with its evidence. */
@Entity('assessment_item_scores')
export class AssessmentItemScoreEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'item_id' }) itemId: number;
  @Column('integer', { name: 'subject_id' }) subjectId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'points_hundredths', nullable: true }) pointsHundredths: number | null;
  @Column('integer', { nullable: true }) missing: number | null;
  @Column('text') evidence: string;
  @Column('varchar', { name: 'scored_by', length: 100 }) scoredBy: string;
  @Column('varchar', { name: 'scored_at', length: 32 }) scoredAt: string;
}

/** A democratic-evaluation round (民主测评) of a scheme; online or on paper. */
@Entity('evaluation_rounds')
export class EvaluationRoundEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'scheme_id' }) schemeId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 200 }) name: string;
  @Column('varchar', { length: 10 }) mode: string;
  @Column('varchar', { length: 10 }) status: string;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'closed_at', length: 32, nullable: true }) closedAt: string | null;
}

/** Who may vote in a round and whether they have: never which way. */
@Entity('evaluation_round_voters')
export class RoundVoterEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'round_id' }) roundId: number;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('boolean', { name: 'has_voted', default: false }) hasVoted: boolean;
}

/**
 * Counts per round, subject and source. Online ballots only increment counters in the transaction that
 * sets has_voted, so no row, id, order or timestamp exists that could link a ballot to its voter.
 */
@Entity('evaluation_tallies')
export class EvaluationTallyEntity {
  @PrimaryColumn('integer', { name: 'round_id' }) roundId: number;
  @PrimaryColumn('integer', { name: 'subject_id' }) subjectId: number;
  @PrimaryColumn('varchar', { length: 10 }) source: string;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer') excellent: number;
  @Column('integer') good: number;
  @Column('integer') fair: number;
  @Column('integer') poor: number;
  @Column('integer') invalid: number;
}

/** A one-vote veto (一票否决) recorded in a person's integrity dossier. */
@Entity('assessment_vetoes')
export class AssessmentVetoEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'person_id' }) personId: number;
  @Column('integer') year: number;
  @Column('text') reason: string;
  @Column('varchar', { name: 'recorded_by', length: 100 }) recordedBy: string;
  @Column('varchar', { name: 'recorded_at', length: 32 }) recordedAt: string;
}

/** The frozen result of one subject when its scheme is finalised. */
@Entity('assessment_results')
export class AssessmentResultEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'scheme_id' }) schemeId: number;
  @Column('integer', { name: 'subject_id' }) subjectId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'person_id', nullable: true }) personId: number | null;
  @Column('integer', { name: 'department_id', nullable: true }) departmentId: number | null;
  /** The assessed institution of a unit subject, for its unit dossier. */
  @Column('integer', { name: 'unit_id', nullable: true }) unitId: number | null;
  @Column('integer', { name: 'score_hundredths' }) scoreHundredths: number;
  @Column('integer', { name: 'evaluation_hundredths', nullable: true }) evaluationHundredths: number | null;
  @Column('varchar', { name: 'base_grade', length: 20 }) baseGrade: string;
  @Column('varchar', { length: 20 }) grade: string;
  @Column('boolean', { name: 'excluded_from_promotion', default: false }) excludedFromPromotion: boolean;
  /** The whole computation (items, tally, caps, consequences) as JSON. */
  @Column('text') detail: string;
  @Column('varchar', { name: 'computed_at', length: 32 }) computedAt: string;
}

/** A self-report (述职述廉) published for 3 days before the assessment date. */
@Entity('assessment_self_reports')
export class SelfReportEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'scheme_id' }) schemeId: number;
  @Column('integer', { name: 'subject_id' }) subjectId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 200 }) title: string;
  @Column('text') body: string;
  @Column('varchar', { name: 'publish_from', length: 10 }) publishFrom: string;
  @Column('varchar', { name: 'publish_until', length: 10 }) publishUntil: string;
  @Column('varchar', { name: 'submitted_by', length: 100 }) submittedBy: string;
  @Column('varchar', { name: 'submitted_at', length: 32 }) submittedAt: string;
}

/** Entities of the assessment module, registered with both database connections. */
export const ASSESSMENT_ENTITIES: Function[] = [
  AssessmentSchemeEntity,
  AssessmentItemEntity,
  AssessmentSubjectEntity,
  AssessmentItemScoreEntity,
  EvaluationRoundEntity,
  RoundVoterEntity,
  EvaluationTallyEntity,
  AssessmentVetoEntity,
  AssessmentResultEntity,
  SelfReportEntity,
];
