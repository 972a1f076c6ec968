import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { Clock } from '../../core/clock/clock';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

describe('risk module demo data (county hospital 药剂科)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), seed: 'demo' });
  }, 120_000);
  afterAll(() => t.close(), 60_000);

  it('seeds the catalogue, points at every stage, a publication and commitments, once', async () => {
    // Seeded in March: the A point's half-year check and the B point's yearly one are open, none due soon.
    t.app.get(Clock).set('2026-03-02T01:00:00Z');
    expect(await seedRiskDemo(t.app)).toBe(true);
    expect(await seedRiskDemo(t.app)).toBe(false);
    const c = await t.login('hosp-jijian', DEMO_PASSWORD);
    expect((await c.get('/api/risk/powers')).body.map((p: any) => p.number)).toEqual(['YJ-001', 'YJ-002', 'YJ-003']);
    const points = (await c.get('/api/risk/points')).body.items;
    // 6 written out, and the hospital-procurement presets the demo config enables: 5 on posts, 10 as 药剂科's and 设备科's own points.
    expect(points).toHaveLength(21);
    expect(points.filter((p: any) => p.status === 'published')).toHaveLength(2);
    expect(points.filter((p: any) => p.status === 'identifying')).toHaveLength(19);
    expect(points.filter((p: any) => p.extensions['hospital-procurement']?.procurementStage)).toHaveLength(15);
    const kickback = (await c.get(`/api/risk/points/${points.find((p: any) => p.title === '药品遴选、采购中收受供应商回扣').id}`)).body;
    expect(kickback).toMatchObject({ gradeLabel: '一级', responsibleName: '吴海波', supervisorName: '周明远', ownerName: '陈思远' });
    expect(new Set(kickback.contributions.map((x: any) => x.authorName)).size).toBe(5);
    const pubs = (await c.get('/api/risk/publications')).body;
    expect(pubs).toHaveLength(1);
    expect(pubs[0]).toMatchObject({ items: 2, comments: 1, inPeriod: true });
    const commitments = (await c.get('/api/risk/commitments')).body;
    expect(commitments.map((x: any) => [x.kind, !!x.acknowledgedAt])).toEqual([
      ['department', false],
      ['personal', true],
    ]);
    expect((await c.get('/api/risk/rotation')).body.map((x: any) => x.name)).toEqual(['陈思远']);
    expect((await c.get('/api/risk/self-checks')).body.map((x: any) => [x.periodKey, x.dueDate, x.personName])).toEqual([
      ['2026H1', '2026-06-20', '吴海波'],
      ['2026', '2026-11-20', '郑晓岚'],
    ]);
    for (const page of ['/risk/points', '/risk/powers', '/risk/publications', '/risk/commitments', '/risk/self-checks', `/risk/points/${kickback.id}`]) {
      expect((await c.get(page)).status).toBe(200);
    }
  });
});
