import { QueryRunner, TableColumn } from 'typeorm';
import type { NamedMigration } from '../../db/migration-runner';
import { col } from '../../db/migrations/table-helpers';

/** 003 篇1's three remaining risk-index factors; existing rows stay NULL (not assessed), which leaves their index unchanged. */
export class RiskIndexFactors0002 implements NamedMigration {
  name = 'risk-0002-index-factors';

  async up(qr: QueryRunner): Promise<void> {
    await qr.addColumns('risk_points', ['variability', 'distribution', 'duration'].map((name) => new TableColumn(col.int(name, true))));
  }

  async down(): Promise<void> {
    throw new Error('risk-0002-index-factors cannot be reverted');
  }
}
