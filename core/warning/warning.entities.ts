import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

// Dates are 'YYYY-MM-DD' strings, moments ISO-8601 UTC strings, JSON is text: the same on SQLite and PostgreSQL.

/** A piece of warning information (预警信息) waiting for triage, and what became of it. */
@Entity('warning_clues')
export class WarningClueEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 40 }) source: string;
  /** How it came in: staff entry, the public tip-off page, a rule hit, an overdue self-check. */
  @Column('varchar', { length: 20 }) channel: string;
  @Column('varchar', { name: 'subject_type', length: 20 }) subjectType: string;
  @Column('integer', { name: 'subject_person_id', nullable: true }) subjectPersonId: number | null;
  @Column('integer', { name: 'subject_department_id', nullable: true }) subjectDepartmentId: number | null;
  @Column('integer', { name: 'subject_post_id', nullable: true }) subjectPostId: number | null;
  @Column('varchar', { name: 'subject_label', length: 200 }) subjectLabel: string;
  @Column('text') content: string;
  @Column('varchar', { length: 20 }) status: string;
  @Column('varchar', { name: 'triage_due', length: 10 }) triageDue: string;
  /** SHA-256 of the tipster's receipt code; the code itself is shown once and never stored. */
  @Column('varchar', { name: 'receipt_hash', length: 64, nullable: true }) receiptHash: string | null;
  @Column('boolean', { default: false }) anonymous: boolean;
  @Column('varchar', { name: 'tipster_name', length: 100, nullable: true }) tipsterName: string | null;
  @Column('varchar', { name: 'tipster_contact', length: 200, nullable: true }) tipsterContact: string | null;
  @Column('varchar', { name: 'rule_id', length: 120, nullable: true }) ruleId: string | null;
  @Column('integer', { name: 'rule_version', nullable: true }) ruleVersion: number | null;
  @Column('text', { name: 'rule_inputs', nullable: true }) ruleInputs: string | null;
  /** Makes event intake idempotent: 'rule-hit:<id>', 'self-check:<id>:<due>'. */
  @Column('varchar', { name: 'intake_key', length: 200, nullable: true }) intakeKey: string | null;
  /** JSON array of the plugin record ids the clue cites (a rule hit's records): evidence, locked while the matter is open. */
  @Column('text', { name: 'record_ids', nullable: true }) recordIds: string | null;
  /** The institution whose discipline body handles the clue when it is not the subject's own (a tip-off about its head or officer). */
  @Column('integer', { name: 'handler_institution_id', nullable: true }) handlerInstitutionId: number | null;
  @Column('text', { name: 'outcome_note', nullable: true }) outcomeNote: string | null;
  @Column('integer', { name: 'merged_into_id', nullable: true }) mergedIntoId: number | null;
  @Column('integer', { name: 'warning_id', nullable: true }) warningId: number | null;
  @Column('integer', { name: 'created_by', nullable: true }) createdBy: number | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

/** One warning (预警) from decision to archive: one matter, one file (一事一档). */
@Entity('warnings')
export class WarningEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'clue_id' }) clueId: number;
  @Column('varchar', { name: 'subject_type', length: 20 }) subjectType: string;
  @Column('integer', { name: 'subject_person_id', nullable: true }) subjectPersonId: number | null;
  @Column('integer', { name: 'subject_department_id', nullable: true }) subjectDepartmentId: number | null;
  @Column('integer', { name: 'subject_post_id', nullable: true }) subjectPostId: number | null;
  @Column('varchar', { name: 'subject_label', length: 200 }) subjectLabel: string;
  @Column('varchar', { length: 10 }) palette: string;
  @Column('varchar', { name: 'level_code', length: 20 }) levelCode: string;
  @Column('integer', { name: 'level_index' }) levelIndex: number;
  /** Date the current level was set: counts toward that year's red warnings. */
  @Column('varchar', { name: 'level_since', length: 10 }) levelSince: string;
  @Column('varchar', { length: 20 }) status: string;
  @Column('varchar', { length: 200 }) title: string;
  @Column('text') reason: string;
  @Column('integer', { name: 'decided_by', nullable: true }) decidedBy: number | null;
  @Column('varchar', { name: 'issued_on', length: 10, nullable: true }) issuedOn: string | null;
  @Column('varchar', { name: 'due_date', length: 10, nullable: true }) dueDate: string | null;
  @Column('varchar', { name: 'final_date', length: 10, nullable: true }) finalDate: string | null;
  @Column('boolean', { name: 'extension_used', default: false }) extensionUsed: boolean;
  @Column('integer', { name: 'extension_requested_months', nullable: true }) extensionRequestedMonths: number | null;
  @Column('varchar', { name: 'appeal_from', length: 20, nullable: true }) appealFrom: string | null;
  /** Top level missed: 转组织处理 (003 篇5 七). */
  @Column('boolean', { name: 'org_handling', default: false }) orgHandling: boolean;
  /** As on the clue: the discipline body of a parent institution handles the matter instead of the institution's own. */
  @Column('integer', { name: 'handler_institution_id', nullable: true }) handlerInstitutionId: number | null;
  /** The collective body that decided the level (e.g. 党委), the meeting's date and its minutes number; null when the level needs none. */
  @Column('varchar', { name: 'decision_body', length: 100, nullable: true }) decisionBody: string | null;
  @Column('varchar', { name: 'decision_meeting_on', length: 10, nullable: true }) decisionMeetingOn: string | null;
  @Column('varchar', { name: 'decision_minutes_no', length: 60, nullable: true }) decisionMinutesNo: string | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

/** One step of a warning's life (notice, interview, answer, review, extension, visit, release, appeal...). */
@Entity('warning_steps')
export class WarningStepEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'warning_id' }) warningId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 40 }) kind: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('varchar', { length: 32 }) at: string;
  @Column('text') data: string;
}

@Entity('warning_evidence')
export class WarningEvidenceEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'warning_id' }) warningId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'step_id', nullable: true }) stepId: number | null;
  @Column('varchar', { length: 200 }) filename: string;
  @Column('varchar', { length: 60 }) mime: string;
  @Column('integer') size: number;
  @Column('varchar', { length: 64 }) sha256: string;
  @Column('integer', { name: 'uploaded_by' }) uploadedBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
}

/** An escalation; its unique key makes the scan idempotent. */
@Entity('warning_escalations')
export class WarningEscalationEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'warning_id' }) warningId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { name: 'unique_key', length: 200 }) uniqueKey: string;
  @Column('varchar', { name: 'from_level', length: 20 }) fromLevel: string;
  /** null: already at the top level, handed to organisational handling. */
  @Column('varchar', { name: 'to_level', length: 20, nullable: true }) toLevel: string | null;
  @Column('varchar', { length: 40 }) reason: string;
  @Column('varchar', { length: 32 }) at: string;
}

/** In-app message (站内消息) to one user. */
@Entity('warning_messages')
export class WarningMessageEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'user_id' }) userId: number;
  @Column('integer', { name: 'warning_id', nullable: true }) warningId: number | null;
  @Column('varchar', { length: 40 }) kind: string;
  @Column('varchar', { length: 300 }) title: string;
  @Column('text') body: string;
  @Column('varchar', { name: 'unique_key', length: 200, nullable: true }) uniqueKey: string | null;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'read_at', length: 32, nullable: true }) readAt: string | null;
}

/** A post placed in the bottom three of a democratic evaluation (reported by the assessment module). */
@Entity('warning_evaluation_bottom')
export class EvaluationBottomEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer') year: number;
  @Column('integer', { name: 'post_id' }) postId: number;
  @Column('integer') rank: number;
  @Column('varchar', { name: 'recorded_at', length: 32 }) recordedAt: string;
}

/** A clue assigned (交办) by a discipline body to a unit below it, with a deadline and instructions, and what came of it. */
@Entity('warning_assignments')
export class WarningAssignmentEntity {
  @PrimaryGeneratedColumn() id: number;
  /** The clue's institution: the matter's place, as on the clue. */
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('integer', { name: 'clue_id' }) clueId: number;
  /** The body that assigned it and supervises it (督办). */
  @Column('integer', { name: 'from_institution_id' }) fromInstitutionId: number;
  /** The unit whose discipline body handles it. */
  @Column('integer', { name: 'unit_institution_id' }) unitInstitutionId: number;
  @Column('varchar', { length: 10 }) deadline: string;
  @Column('text') instructions: string;
  @Column('varchar', { length: 20 }) status: string;
  @Column('text', { nullable: true }) outcome: string | null;
  @Column('integer', { name: 'warning_id', nullable: true }) warningId: number | null;
  @Column('integer', { name: 'created_by' }) createdBy: number;
  @Column('varchar', { name: 'created_at', length: 32 }) createdAt: string;
  @Column('varchar', { name: 'updated_at', length: 32 }) updatedAt: string;
}

/** One step of an assignment (assign, report, accept, return, take over): who, when, with what. */
@Entity('warning_assignment_steps')
export class WarningAssignmentStepEntity {
  @PrimaryGeneratedColumn() id: number;
  @Column('integer', { name: 'assignment_id' }) assignmentId: number;
  @Column('integer', { name: 'institution_id' }) institutionId: number;
  @Column('varchar', { length: 20 }) kind: string;
  @Column('varchar', { length: 100 }) actor: string;
  @Column('varchar', { length: 32 }) at: string;
  @Column('text') data: string;
}

/** Entities of the warning module, registered with both database connections. */
export const WARNING_ENTITIES: Function[] = [
  WarningClueEntity,
  WarningEntity,
  WarningStepEntity,
  WarningEvidenceEntity,
  WarningEscalationEntity,
  WarningMessageEntity,
  EvaluationBottomEntity,
  WarningAssignmentEntity,
  WarningAssignmentStepEntity,
];
