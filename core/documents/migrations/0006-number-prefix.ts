import { QueryRunner, TableColumn, TableIndex } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';

/**
 * Numbers are unique per prefix and year, not per institution: two institutions that once shared a prefix (村卫) each
 * issued 村卫〔2026〕1号. The prefix is kept on each row and unique with year, sequence and version; of numbers already
 * issued twice, the copies of all but the first institution keep a NULL prefix (NULLs never clash), so their history
 * stays as issued and the sequence still continues after the highest number. The old per-institution uniqueness goes.
 */
export class DocumentsNumberPrefix0006 implements NamedMigration {
  name = 'documents-0006-number-prefix';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumn('issued_documents', new TableColumn({ name: 'number_prefix', type: 'varchar', length: '40', isNullable: true }));
    const position = qr.connection.options.type === 'postgres' ? 'strpos' : 'instr';
    const prefix = (t: string) => `substr(${t}.number_text, 1, ${position}(${t}.number_text, '〔') - 1)`;
    await qr.query(
      `UPDATE issued_documents SET number_prefix = ${prefix('issued_documents')}
       WHERE NOT EXISTS (SELECT 1 FROM issued_documents o WHERE ${prefix('o')} = ${prefix('issued_documents')}
         AND o.number_year = issued_documents.number_year AND o.number_seq = issued_documents.number_seq
         AND o.version = issued_documents.version AND o.institution_id < issued_documents.institution_id)`,
    );
    await qr.createIndex('issued_documents', new TableIndex({ name: 'uq_issued_documents_prefix_number', columnNames: ['number_prefix', 'number_year', 'number_seq', 'version'], isUnique: true }));
    // One institution may now issue under two prefixes (its own and a handling body's or template's), each counting from 1.
    const table = (await qr.getTable('issued_documents'))!;
    const perInstitution = table.uniques.find((u) => [...u.columnNames].sort().join() === 'institution_id,number_seq,number_year,version');
    if (perInstitution) await qr.dropUniqueConstraint(table, perInstitution);
  }

  async down(): Promise<void> {
    throw new Error('documents-0006-number-prefix cannot be reverted');
  }
}
