import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { PersonEntity } from '../../core/org/org.entities';
import * as path from 'node:path';
import { seedDemo } from '../../apps/cli/demo-seed';
import { UsersService } from '../../core/auth/users.service';
import { WarningFactsService } from '../../core/warning/warning-facts.service';
import { startTestApp, TestApp } from '../support/test-app';

describe('assessment demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds a published past period and a live draft, once', async () => {
    const alpha = await t.institutionId('alpha-hospital');
    await t.db.write(async (m) => {
      for (const name of ['甲一', '甲二', '甲三']) await m.getRepository(PersonEntity).insert({ institutionId: alpha, departmentId: null, postId: null, name, title: '', postSince: null });
    });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    const services = t.app;
    expect(await seedAssessmentDemo(services, 'alpha-hospital')).toBe(true);
    expect(await seedAssessmentDemo(services, 'alpha-hospital')).toBe(false);
    const officer = await t.login('officer');
    const schemes = (await officer.get('/api/assessment/schemes')).body;
    expect(schemes.map((s: { status: string }) => s.status).sort()).toEqual(['draft', 'published']);
    const past = schemes.find((s: { status: string }) => s.status === 'published');
    const results = (await officer.get(`/api/assessment/schemes/${past.id}/results`)).body.results;
    // 甲一: evaluation 60 × (30×100 + 6×80 + 1×60) / 37 = 60 × 3540 / 37 = 5740.54… → 57.41; manual 22; deduction 18 → 97.41
    expect(results[0]).toMatchObject({ label: '甲一', score: '97.41', grade: 'excellent' });
    const mine = await (await t.login('officer')).get('/api/assessment/rounds/mine');
    expect(mine.body).toHaveLength(1);
  });
});

describe('assessment demo seed on the shipped demo config', () => {
  it('seeds county-hospital after the people and accounts', async () => {
    const t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config') });
    try {
      expect(await seedDemo(t.db, t.app.get(UsersService))).toBe(true);
      const services = t.app;
      expect(await seedAssessmentDemo(services)).toBe(true);
      const head = await t.login('hosp-jijian', 'demo2026');
      const schemes = (await head.get('/api/assessment/schemes')).body;
      expect(schemes).toHaveLength(2);
      expect((await head.get('/api/assessment/rounds/mine')).body).toHaveLength(1);
      // Finalising last year's evaluation put its bottom three posts on the warning module's yellow-card list (002).
      const hospital = await t.institutionId('county-hospital');
      const year = Number(new Date().toISOString().slice(0, 4)) - 1;
      const cards = await t.app.get(WarningFactsService).yellowCards(hospital, year);
      expect(cards.map((c) => [c.postName, c.reasons, c.bottomThreeRank])).toEqual([
        ['分管副院长', ['bottom-three'], 3],
        ['药剂科主任', ['bottom-three'], 2],
        ['药品采购员', ['bottom-three'], 1],
      ]);
    } finally {
      await t.close();
    }
  });
});
