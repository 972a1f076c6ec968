import { QueryRunner, Table } from 'typeorm';
import { NamedMigration } from '../../db/migration-runner';
import { col, fk } from '../../db/migrations/table-helpers';

export class RiskSchema0001 implements NamedMigration {
  name = 'risk-0001-schema';

  async up(qr: QueryRunner): Promise<void> {
    const at = (name: string, nullable = false) => col.str(name, 32, nullable);
    await qr.createTable(
      new Table({
        name: 'risk_files',
        columns: [col.id(), col.int('institution_id'), col.str('original_name', 200), col.str('mime', 60), col.int('size'), col.str('sha256', 64), col.str('stored_name', 100), col.int('uploaded_by'), at('created_at')],
        foreignKeys: [fk('institution_id', 'institutions'), fk('uploaded_by', 'users')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_powers',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('number', 40),
          col.str('category', 60),
          col.str('name', 200),
          col.str('legal_basis_document', 300, false, ''),
          col.str('legal_basis_article', 300, false, ''),
          col.text('process_description'),
          col.int('flow_chart_file_id', true),
          col.int('responsible_department_id', true),
          col.int('responsible_post_id', true),
          col.text('key_links'),
          col.text('weak_links'),
          col.text('work_rules'),
          col.text('related_regulations'),
          col.int('version'),
          col.bool('removed'),
          at('created_at'),
          at('updated_at'),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('flow_chart_file_id', 'risk_files'), fk('responsible_department_id', 'departments'), fk('responsible_post_id', 'posts')],
        indices: [{ columnNames: ['institution_id', 'number'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_power_versions',
        columns: [col.id(), col.int('power_id'), col.int('institution_id'), col.int('version'), col.str('action', 20), col.text('snapshot'), col.str('actor', 100), at('at')],
        foreignKeys: [fk('power_id', 'risk_powers'), fk('institution_id', 'institutions')],
        uniques: [{ columnNames: ['power_id', 'version'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_points',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('level', 20),
          col.int('department_id', true),
          col.int('post_id', true),
          col.int('owner_person_id', true),
          col.str('title', 200),
          col.str('category', 40),
          col.text('description'),
          col.text('manifestation'),
          col.int('likelihood'),
          col.int('harm'),
          col.int('scope'),
          col.int('frequency'),
          col.int('grade'),
          col.int('risk_index'),
          col.int('responsible_person_id', true),
          col.int('supervisor_person_id', true),
          col.bool('responsibility_overridden'),
          col.text('measures_prevention'),
          col.text('measures_monitoring'),
          col.text('measures_disposal'),
          col.str('status', 20),
          col.int('current_step'),
          col.text('extensions'),
          col.int('version'),
          col.int('created_by'),
          at('created_at'),
          at('updated_at'),
        ],
        foreignKeys: [
          fk('institution_id', 'institutions'),
          fk('department_id', 'departments'),
          fk('post_id', 'posts'),
          fk('owner_person_id', 'people'),
          fk('responsible_person_id', 'people'),
          fk('supervisor_person_id', 'people'),
          fk('created_by', 'users'),
        ],
        // The list sorts by risk index within an institution; each filter gets an index that keeps that order.
        indices: [
          { name: 'ix_risk_points_inst_index', columnNames: ['institution_id', 'risk_index', 'id'] },
          { name: 'ix_risk_points_inst_grade', columnNames: ['institution_id', 'grade', 'risk_index'] },
          { name: 'ix_risk_points_inst_status', columnNames: ['institution_id', 'status', 'risk_index'] },
          { name: 'ix_risk_points_inst_category', columnNames: ['institution_id', 'category', 'risk_index'] },
          { name: 'ix_risk_points_inst_dept', columnNames: ['institution_id', 'department_id', 'risk_index'] },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_point_powers',
        columns: [col.id(), col.int('point_id'), col.int('power_id')],
        foreignKeys: [fk('point_id', 'risk_points'), fk('power_id', 'risk_powers')],
        uniques: [{ columnNames: ['point_id', 'power_id'] }],
        indices: [{ columnNames: ['power_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_point_versions',
        columns: [col.id(), col.int('point_id'), col.int('version'), col.text('snapshot'), col.str('reason', 300), col.str('actor', 100), at('at')],
        foreignKeys: [fk('point_id', 'risk_points')],
        uniques: [{ columnNames: ['point_id', 'version'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_contributions',
        columns: [
          col.id(),
          col.int('point_id'),
          col.int('institution_id'),
          col.int('step_index'),
          col.str('step_key', 40),
          col.str('kind', 20),
          col.str('action', 20),
          col.text('content'),
          col.int('user_id'),
          col.int('person_id', true),
          col.str('author_name', 100),
          at('at'),
        ],
        foreignKeys: [fk('point_id', 'risk_points'), fk('institution_id', 'institutions'), fk('user_id', 'users'), fk('person_id', 'people')],
        indices: [{ columnNames: ['point_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_grade_log',
        columns: [
          col.id(),
          col.int('point_id'),
          col.int('institution_id'),
          col.int('from_grade'),
          col.int('to_grade'),
          col.int('from_likelihood'),
          col.int('from_harm'),
          col.int('to_likelihood'),
          col.int('to_harm'),
          col.text('reason'),
          col.str('actor', 100),
          at('at'),
        ],
        foreignKeys: [fk('point_id', 'risk_points'), fk('institution_id', 'institutions')],
        indices: [{ columnNames: ['point_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_publications',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('version'),
          col.str('title', 200),
          col.str('starts_on', 10),
          col.str('ends_on', 10),
          col.str('status', 20),
          col.text('items'),
          col.int('supersedes_id', true),
          col.int('created_by'),
          at('created_at'),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('supersedes_id', 'risk_publications'), fk('created_by', 'users')],
        uniques: [{ columnNames: ['institution_id', 'version'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_publication_comments',
        columns: [col.id(), col.int('publication_id'), col.int('institution_id'), col.int('point_id', true), col.str('kind', 20), col.text('content'), col.int('user_id'), col.str('author_name', 100), at('at')],
        foreignKeys: [fk('publication_id', 'risk_publications'), fk('institution_id', 'institutions'), fk('point_id', 'risk_points'), fk('user_id', 'users')],
        indices: [{ columnNames: ['publication_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_commitments',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.str('kind', 20),
          col.int('person_id', true),
          col.int('department_id', true),
          col.int('year'),
          col.text('pledge'),
          col.text('measures'),
          col.text('point_ids'),
          col.int('created_by'),
          at('created_at'),
          at('acknowledged_at', true),
          col.int('acknowledged_by', true),
          col.str('acknowledged_by_name', 100, true),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('person_id', 'people'), fk('department_id', 'departments'), fk('created_by', 'users'), fk('acknowledged_by', 'users')],
        indices: [{ columnNames: ['institution_id'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_self_checks',
        columns: [
          col.id(),
          col.int('institution_id'),
          col.int('point_id'),
          col.int('person_id', true),
          col.int('department_id', true),
          col.str('period_key', 10),
          col.str('due_date', 10),
          col.str('status', 20),
          col.text('report'),
          at('submitted_at', true),
          col.int('submitted_by', true),
          at('created_at'),
        ],
        foreignKeys: [fk('institution_id', 'institutions'), fk('point_id', 'risk_points'), fk('person_id', 'people'), fk('department_id', 'departments'), fk('submitted_by', 'users')],
        uniques: [{ columnNames: ['point_id', 'period_key'] }],
        indices: [{ columnNames: ['institution_id', 'status', 'due_date'] }],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'risk_messages',
        columns: [col.id(), col.int('institution_id'), col.int('person_id', true), col.str('kind', 30), col.str('title', 300), col.text('body'), col.str('dedupe_key', 120), at('created_at'), at('read_at', true)],
        foreignKeys: [fk('institution_id', 'institutions'), fk('person_id', 'people')],
        uniques: [{ columnNames: ['dedupe_key'] }],
        indices: [{ columnNames: ['person_id'] }],
      }),
    );
  }

  async down(): Promise<void> {
    throw new Error('risk-0001-schema cannot be reverted');
  }
}
