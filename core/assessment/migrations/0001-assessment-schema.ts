import { QueryRunner, Table } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

export class AssessmentSchema0001 implements NamedMigration {
  name = 'assessment-0001-schema';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(
      new Table({
        name: 'assessment_schemes',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('name', 200),
          col.str('period', 20),
          col.str('preset', 10),
          col.text('overrides'),
          col.text('veto_rules'),
          col.str('assessment_date', 10, true),
          col.str('result_visibility', 20),
          col.str('status', 20),
          col.str('created_by', 100),
          col.str('created_at', 32),
          col.str('finalised_at', 32, true),
          col.str('published_at', 32, true),
        ],
        foreignKeys: [fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['institution_id', 'period'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_items',
        columns: [
          col.id(),
          col.int('scheme_id'),
          col.int('institution_id'),
          col.str('area', 100),
          col.str('name', 200),
          col.int('max_points'),
          col.str('method', 20),
          col.int('per_missing_hundredths', true),
          col.str('plugin_id', 64, true),
          col.str('indicator_id', 64, true),
          col.int('position'),
        ],
        foreignKeys: [fk('scheme_id', 'assessment_schemes'), fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['scheme_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_subjects',
        columns: [col.id(), col.int('scheme_id'), col.int('institution_id'), col.str('kind', 20), col.int('person_id', true), col.int('department_id', true), col.str('label', 200)],
        foreignKeys: [fk('scheme_id', 'assessment_schemes'), fk('institution_id', 'institutions'), fk('person_id', 'people'), fk('department_id', 'departments')],
        indices: [{ columnNames: ['scheme_id'] }, { columnNames: ['person_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_item_scores',
        columns: [
          col.id(),
          col.int('item_id'),
          col.int('subject_id'),
          col.int('institution_id'),
          col.int('points_hundredths', true),
          col.int('missing', true),
          col.text('evidence'),
          col.str('scored_by', 100),
          col.str('scored_at', 32),
        ],
        foreignKeys: [fk('item_id', 'assessment_items'), fk('subject_id', 'assessment_subjects'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['item_id', 'subject_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'evaluation_rounds',
        columns: [col.id(), col.int('scheme_id'), col.int('institution_id'), col.str('name', 200), col.str('mode', 10), col.str('status', 10), col.str('created_at', 32), col.str('closed_at', 32, true)],
        foreignKeys: [fk('scheme_id', 'assessment_schemes'), fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['scheme_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'evaluation_round_voters',
        columns: [col.id(), col.int('round_id'), col.int('user_id'), col.bool('has_voted')],
        foreignKeys: [fk('round_id', 'evaluation_rounds'), fk('user_id', 'users')],
        uniques: [{ columnNames: ['round_id', 'user_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'evaluation_tallies',
        columns: [
          { name: 'round_id', type: 'integer', isPrimary: true },
          { name: 'subject_id', type: 'integer', isPrimary: true },
          { name: 'source', type: 'varchar', length: '10', isPrimary: true },
          col.int('institution_id'),
          col.int('excellent'),
          col.int('good'),
          col.int('fair'),
          col.int('poor'),
          col.int('invalid'),
        ],
        foreignKeys: [fk('round_id', 'evaluation_rounds'), fk('subject_id', 'assessment_subjects'), fk('institution_id', 'institutions')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_vetoes',
        columns: [col.id(), col.int('institution_id'), col.int('person_id'), col.int('year'), col.text('reason'), col.str('recorded_by', 100), col.str('recorded_at', 32)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('person_id', 'people')],
        indices: [{ columnNames: ['person_id', 'year'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_results',
        columns: [
          col.id(),
          col.int('scheme_id'),
          col.int('subject_id'),
          col.int('institution_id'),
          col.int('person_id', true),
          col.int('department_id', true),
          col.int('score_hundredths'),
          col.int('evaluation_hundredths', true),
          col.str('base_grade', 20),
          col.str('grade', 20),
          col.bool('excluded_from_promotion'),
          col.text('detail'),
          col.str('computed_at', 32),
        ],
        foreignKeys: [fk('scheme_id', 'assessment_schemes'), fk('subject_id', 'assessment_subjects'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['scheme_id', 'subject_id'] }],
        indices: [{ columnNames: ['person_id'] }, { columnNames: ['institution_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'assessment_self_reports',
        columns: [
          col.id(),
          col.int('scheme_id'),
          col.int('subject_id'),
          col.int('institution_id'),
          col.str('title', 200),
          col.text('body'),
          col.str('publish_from', 10),
          col.str('publish_until', 10),
          col.str('submitted_by', 100),
          col.str('submitted_at', 32),
        ],
        foreignKeys: [fk('scheme_id', 'assessment_schemes'), fk('subject_id', 'assessment_subjects'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['scheme_id', 'subject_id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('assessment-0001-schema cannot be reverted');
  }
}
