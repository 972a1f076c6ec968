import { ALL_CORE_MIGRATIONS } from '../../core/domain-modules';
import { runMigrations } from '../../core/db/migration-runner';
import { RiskPointEntity } from '../../core/risk/risk.entities';
import { riskIndex } from '../../core/risk/risk.presets';
import { openTestDb, ph, TestDb } from './support/test-db';

jest.setTimeout(60_000);

const NEW = 'risk-0002-index-factors';
const L = [1, 2, 3];

/** The four-factor formula as risk-0001 stored it, written out so this test does not lean on the code it checks. */
const before = (l: number, h: number, s: number, f: number) => Math.round(100 * (0.4 * (l / 3) + 0.4 * (h / 3) + 0.1 * (s / 3) + 0.1 * (f / 3)));

describe('risk-0002-index-factors on existing risk points', () => {
  let t: TestDb;
  afterEach(() => t?.close());

  it('adds variability, distribution and duration as NULL (not assessed): every stored index stays, recomputing gives the same, the list indexes survive', async () => {
    t = await openTestDb({ migrate: false });
    const earlier = ALL_CORE_MIGRATIONS.filter((m) => m.name !== NEW);
    expect(earlier.length).toBe(ALL_CORE_MIGRATIONS.length - 1);
    await t.db.exclusive(() => runMigrations(t.db.writer, earlier));
    const db = t.db;
    const p = (n: number) => ph(db, n);
    const combos = L.flatMap((l) => L.flatMap((h) => L.flatMap((s) => L.map((f) => ({ l, h, s, f })))));
    await db.write(async (m) => {
      await m.query(`INSERT INTO institutions (code, name, type, created_at) VALUES ('mig-risk', '迁移测试医院', 'hospital', '2026-01-01T00:00:00.000Z')`);
      const inst = (await m.query(`SELECT id FROM institutions WHERE code = 'mig-risk'`))[0].id;
      await m.query(`INSERT INTO users (username, display_name, password_hash, is_system_admin, disabled, created_at) VALUES ('mig', '迁移', 'x', ${p(1)}, ${p(2)}, '2026-01-01T00:00:00.000Z')`, db.kind === 'postgres' ? [false, false] : [0, 0]);
      const user = (await m.query(`SELECT id FROM users WHERE username = 'mig'`))[0].id;
      for (const [i, c] of combos.entries()) {
        await m.query(
          `INSERT INTO risk_points (institution_id, level, title, category, description, manifestation, likelihood, harm, scope, frequency, grade, risk_index, responsibility_overridden, measures_prevention, measures_monitoring, measures_disposal, status, current_step, extensions, version, created_by, created_at, updated_at)
           VALUES (${p(1)}, 'institution', ${p(2)}, 'system-mechanism', '', '', ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, 2, ${p(7)}, ${p(8)}, '', '', '', 'approved', 0, '{}', 1, ${p(9)}, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
          [inst, `旧风险点${i}`, c.l, c.h, c.s, c.f, before(c.l, c.h, c.s, c.f), db.kind === 'postgres' ? false : 0, user],
        );
      }
    });
    expect(await db.exclusive(() => runMigrations(db.writer, ALL_CORE_MIGRATIONS))).toEqual([NEW]);
    const rows = await db.read((m) => m.getRepository(RiskPointEntity).find({ order: { id: 'ASC' } }));
    expect(rows.length).toBe(81);
    const wrong = rows.filter((r, i) => {
      const c = combos[i];
      return r.variability !== null || r.distribution !== null || r.duration !== null || r.riskIndex !== before(c.l, c.h, c.s, c.f) || riskIndex(r) !== r.riskIndex;
    });
    expect(wrong).toEqual([]);
    // The 100 000-point list relies on these; a SQLite table rebuild must bring them back.
    const qr = db.writer.createQueryRunner();
    try {
      const table = await qr.getTable('risk_points');
      expect(table!.indices.map((x) => x.name)).toEqual(expect.arrayContaining(['ix_risk_points_inst_index', 'ix_risk_points_inst_grade', 'ix_risk_points_inst_status', 'ix_risk_points_inst_category', 'ix_risk_points_inst_dept']));
      expect(table!.columns.filter((c) => ['variability', 'distribution', 'duration'].includes(c.name)).map((c) => [c.name, c.isNullable])).toEqual([
        ['variability', true],
        ['distribution', true],
        ['duration', true],
      ]);
    } finally {
      await qr.release();
    }
  });
});
