import { QueryRunner, Table } from 'typeorm';
import { col, fk } from '../../db/migrations/table-helpers';
import type { NamedMigration } from '../../db/migration-runner';

export class WarningSchema0001 implements NamedMigration {
  name = 'warning-0001-schema';

  async up(qr: QueryRunner): Promise<void> {
    const subject = [col.str('subject_type', 20), col.int('subject_person_id', true), col.int('subject_department_id', true), col.int('subject_post_id', true), col.str('subject_label', 200)];
    const subjectFks = [fk('subject_person_id', 'people'), fk('subject_department_id', 'departments'), fk('subject_post_id', 'posts')];
    await qr.createTable(
      new Table({
        name: 'warning_clues',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('source', 40),
          col.str('channel', 20),
          ...subject,
          col.text('content'),
          col.str('status', 20),
          col.str('triage_due', 10),
          col.str('receipt_hash', 64, true),
          col.bool('anonymous'),
          col.str('tipster_name', 100, true),
          col.str('tipster_contact', 200, true),
          col.str('rule_id', 120, true),
          col.int('rule_version', true),
          col.text('rule_inputs', true),
          col.str('intake_key', 200, true),
          col.text('outcome_note', true),
          col.int('merged_into_id', true),
          col.int('warning_id', true),
          col.int('created_by', true),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), ...subjectFks, fk('merged_into_id', 'warning_clues'), fk('created_by', 'users')],
        uniques: [{ columnNames: ['receipt_hash'] }, { columnNames: ['institution_id', 'intake_key'] }],
        indices: [{ columnNames: ['institution_id', 'status'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warnings',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('clue_id'),
          ...subject,
          col.str('palette', 10),
          col.str('level_code', 20),
          col.int('level_index'),
          col.str('level_since', 10),
          col.str('status', 20),
          col.str('title', 200),
          col.text('reason'),
          col.int('decided_by', true),
          col.str('issued_on', 10, true),
          col.str('due_date', 10, true),
          col.str('final_date', 10, true),
          col.bool('extension_used'),
          col.int('extension_requested_months', true),
          col.str('appeal_from', 20, true),
          col.bool('org_handling'),
          col.str('created_at', 32),
          col.str('updated_at', 32),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('clue_id', 'warning_clues'), ...subjectFks, fk('decided_by', 'users')],
        indices: [{ columnNames: ['institution_id', 'status'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_steps',
        columns: [col.id(), col.int('warning_id'), col.int('institution_id'), col.str('kind', 40), col.str('actor', 100), col.str('at', 32), col.text('data')],
        foreignKeys: [fk('warning_id', 'warnings'), fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['warning_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_evidence',
        columns: [col.id(), col.int('warning_id'), col.int('institution_id'), col.int('step_id', true), col.str('filename', 200), col.str('mime', 60), col.int('size'), col.str('sha256', 64), col.int('uploaded_by'), col.str('created_at', 32)],
        foreignKeys: [fk('warning_id', 'warnings'), fk('institution_id', 'institutions'), fk('step_id', 'warning_steps'), fk('uploaded_by', 'users')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_escalations',
        columns: [col.id(), col.int('warning_id'), col.int('institution_id'), col.str('unique_key', 200), col.str('from_level', 20), col.str('to_level', 20, true), col.str('reason', 40), col.str('at', 32)],
        foreignKeys: [fk('warning_id', 'warnings'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['unique_key'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_messages',
        columns: [col.id(), col.int('institution_id'), col.int('user_id'), col.int('warning_id', true), col.str('kind', 40), col.str('title', 300), col.text('body'), col.str('unique_key', 200, true), col.str('created_at', 32), col.str('read_at', 32, true)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('user_id', 'users'), fk('warning_id', 'warnings')],
        uniques: [{ columnNames: ['unique_key'] }],
        indices: [{ columnNames: ['user_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'sms_outbox',
        columns: [col.id(), col.int('institution_id'), col.int('person_id', true), col.str('recipient', 200), col.text('body'), col.str('status', 20), col.str('unique_key', 200, true), col.str('created_at', 32)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('person_id', 'people')],
        uniques: [{ columnNames: ['unique_key'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'warning_evaluation_bottom',
        columns: [col.id(), col.int('institution_id'), col.int('year'), col.int('post_id'), col.int('rank'), col.str('recorded_at', 32)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('post_id', 'posts')],
        uniques: [{ columnNames: ['institution_id', 'year', 'post_id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('warning-0001-schema cannot be reverted');
  }
}
