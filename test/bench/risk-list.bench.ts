/**
 * `npm run bench:risk-list`: the risk-point list endpoint over 100,000 points of one institution.
 * Seeds the points straight into the database, then times GET /api/risk/points over real HTTP with each
 * filter the screen offers (grade, category, department, status, text, and all together), BENCH_REQUESTS
 * (default 60) sequential requests per filter. Then drops the list indexes of migration risk-0001 and
 * measures the same requests again: the naive way, for the ratio.
 */
import { UsersService } from '../../core/auth/users.service';
import { DepartmentEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import { riskIndex } from '../../core/risk/risk.presets';
import { startRiskApp } from '../support/risk-fixtures';
import { TEST_PASSWORD } from '../support/test-app';

const TOTAL = Number(process.env.BENCH_POINTS || 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS || 60);
const INDEXES = ['ix_risk_points_inst_index', 'ix_risk_points_inst_grade', 'ix_risk_points_inst_status', 'ix_risk_points_inst_category', 'ix_risk_points_inst_dept'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const VERBS = ['药品遴选', '器械采购', '验收入库', '财务报销', '人事招聘', '工程招标', '处方审核', '库存盘点', '合同签订', '资金拨付'];
const RISKS = ['收受回扣', '虚报冒领', '优亲厚友', '违规审批', '把关不严', '泄露标底', '拆分采购', '以权谋私'];
const CATEGORIES = ['post-duty', 'business-process', 'system-mechanism', 'external-environment'];
const STATUSES = ['identifying', 'approved', 'published'];

async function main(): Promise<void> {
  const t = await startRiskApp();
  try {
    const institutionId = await t.institutionId('risk-hospital');
    const { personId, deptIds } = await t.db.write(async (m) => {
      const deptIds: number[] = [];
      for (let i = 0; i < 20; i++) {
        const d = m.getRepository(DepartmentEntity).create({ institutionId, name: `科室${i + 1}`, code: '' });
        await m.getRepository(DepartmentEntity).insert(d);
        deptIds.push(d.id);
      }
      const post = m.getRepository(PostEntity).create({ institutionId, departmentId: deptIds[0], name: '纪检监察员' });
      await m.getRepository(PostEntity).insert(post);
      const person = m.getRepository(PersonEntity).create({ institutionId, departmentId: deptIds[0], postId: post.id, name: '施正', title: '纪检监察员', postSince: null });
      await m.getRepository(PersonEntity).insert(person);
      return { personId: person.id, deptIds };
    });
    const user = await t.app.get(UsersService).create({ username: 'bench', displayName: '施正', password: TEST_PASSWORD, personId, roles: [{ institutionId, role: 'discipline-officer' }] }, 'bench');
    const started = Date.now();
    const pg = t.db.kind === 'postgres';
    const BATCH = 500;
    for (let from = 0; from < TOTAL; from += BATCH) {
      await t.db.write(async (m) => {
        const cols = 'institution_id, level, department_id, post_id, owner_person_id, title, category, description, manifestation, likelihood, harm, scope, frequency, grade, risk_index, responsible_person_id, supervisor_person_id, responsibility_overridden, measures_prevention, measures_monitoring, measures_disposal, status, current_step, extensions, version, created_by, created_at, updated_at';
        const values: unknown[] = [];
        const rows: string[] = [];
        for (let i = from; i < Math.min(TOTAL, from + BATCH); i++) {
          const l = (i % 3) + 1;
          const h = (Math.floor(i / 3) % 3) + 1;
          const grade = 4 - Math.max(l, h);
          const base = values.length;
          const ph = Array.from({ length: 28 }, (_, k) => (pg ? `$${base + k + 1}` : '?'));
          rows.push(`(${ph.join(',')})`);
          const title = `${VERBS[i % VERBS.length]}${RISKS[(i * 7) % RISKS.length]}风险${i}`;
          values.push(institutionId, 'department', deptIds[i % deptIds.length], null, null, title, CATEGORIES[i % 4], `第${i}号风险描述`, '', l, h, 1, 1, grade, riskIndex({ likelihood: l, harm: h, scope: 1, frequency: 1 }), null, null, pg ? false : 0, '', '', '', STATUSES[i % 3], 0, '{}', 1, user.id, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
        }
        await m.query(`INSERT INTO risk_points (${cols}) VALUES ${rows.join(',')}`, values);
      });
    }
    await t.db.write((m) => m.query(pg ? 'ANALYZE risk_points' : 'ANALYZE'));
    console.log(`seeded ${TOTAL} risk points on ${t.db.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const client = await t.login('bench');
    const queries: [string, string][] = [
      ['no filter', ''],
      ['grade', 'grade=1'],
      ['category', 'category=system-mechanism'],
      ['department', `departmentId=${deptIds[7]}`],
      ['status', 'status=published'],
      ['text', `q=${encodeURIComponent('收受回扣')}`],
      ['all filters', `grade=1&category=system-mechanism&departmentId=${deptIds[2]}&status=published&q=${encodeURIComponent('风险')}`],
    ];
    // What any signed-in API call costs here (session, guard, JSON): the floor under every list figure.
    const floor: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await client.get('/api/me');
      floor.push(performance.now() - t0);
    }
    console.log(`GET /api/me (baseline) p50 ${pct(floor, 50).toFixed(1)} ms   p99 ${pct(floor, 99).toFixed(1)} ms`);
    const measure = async (label: string) => {
      const all: number[] = [];
      const per: { name: string; p50: number; p99: number; total: number; capped: boolean }[] = [];
      for (const [name, qs] of queries) {
        const url = `/api/risk/points?${qs}${qs ? '&' : ''}limit=50`;
        let total = 0;
        let capped = false;
        for (let i = 0; i < 3; i++) ({ total, totalCapped: capped } = (await client.get(url)).body);
        const xs: number[] = [];
        for (let i = 0; i < REQUESTS; i++) {
          const t0 = performance.now();
          const res = await client.get(url);
          xs.push(performance.now() - t0);
          if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.text}`);
        }
        all.push(...xs);
        per.push({ name, p50: pct(xs, 50), p99: pct(xs, 99), total, capped });
      }
      console.log(`\n${label}`);
      for (const r of per) console.log(`  ${r.name.padEnd(12)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms   (${r.total}${r.capped ? '+' : ''} matches)`);
      console.log(`  ${'overall'.padEnd(12)} p50 ${pct(all, 50).toFixed(1).padStart(7)} ms   p99 ${pct(all, 99).toFixed(1).padStart(7)} ms`);
      return { per, p50: pct(all, 50), p99: pct(all, 99) };
    };
    const indexed = await measure(`indexed (migration risk-0001), ${REQUESTS} requests per filter`);
    await t.db.write(async (m) => {
      for (const ix of INDEXES) await m.query(`DROP INDEX ${ix}`);
      await m.query(pg ? 'ANALYZE risk_points' : 'ANALYZE');
    });
    const naive = await measure('naive (same table without the list indexes)');
    console.log('\nratio naive / indexed');
    for (const r of indexed.per) {
      const n = naive.per.find((x) => x.name === r.name)!;
      console.log(`  ${r.name.padEnd(12)} p50 ×${(n.p50 / r.p50).toFixed(1)}   p99 ×${(n.p99 / r.p99).toFixed(1)}`);
    }
    console.log(`  ${'overall'.padEnd(12)} p50 ×${(naive.p50 / indexed.p50).toFixed(1)}   p99 ×${(naive.p99 / indexed.p99).toFixed(1)}`);
  } finally {
    await t.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
