import { Clock } from '../../core/clock/clock';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { RendererHealth } from '../../core/documents/renderer-health';
import { HealthChecks } from '../../core/http/health-checks';
import { CalendarHealth } from '../../core/calendar/calendar-health';
import { startTestApp, TestApp } from '../support/test-app';

/** /api/health: database, renderer, data-dir disk space and the calendar's next 60 days, each with a status; 503 when one is down. */
describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-06-01T02:00:00Z' });
  });
  afterAll(() => t.close());

  it('reports each part with its status, without launching Chromium before the first document', async () => {
    const res = await t.anonymous().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', down: [] });
    const { checks } = res.body;
    expect(checks.database).toMatchObject({ status: 'ok', kind: process.env.DATABASE_URL ? 'postgres' : 'sqlite' });
    expect(checks.disk.status).toMatch(/^(ok|warn)$/);
    expect(checks.disk.freeBytes).toBeGreaterThan(0);
    expect(checks.disk.totalBytes).toBeGreaterThanOrEqual(checks.disk.freeBytes);
    expect(checks.calendar).toMatchObject({ status: 'ok', from: '2026-06-01', until: '2026-07-31', years: expect.arrayContaining([2026]) });
    expect(checks.renderer).toMatchObject({ status: 'ok', detail: expect.stringContaining('idle') });
    expect(t.app.get(DocumentRenderService).pdf.stats.launches).toBe(0);
  });

  it('once Chromium runs, prints a page through the pool', async () => {
    const pdf = t.app.get(DocumentRenderService).pdf;
    await pdf.render('<p>warm-up</p>');
    const jobs = pdf.stats.jobs;
    expect(await t.app.get(RendererHealth).check()).toMatchObject({ status: 'ok', ms: expect.any(Number) });
    expect(pdf.stats.jobs).toBe(jobs + 1);
  });

  it('keeps a result for its ttl, so frequent polling does not repeat the work', async () => {
    const registry = new HealthChecks();
    let runs = 0;
    registry.register('counted', async () => ({ status: 'ok', runs: ++runs }), 200);
    await Promise.all([registry.run(), registry.run()]);
    await registry.run();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect((await registry.run()).counted).toEqual({ status: 'ok', runs: 2 });
  });

  it('warns when the holiday calendar does not cover the next 60 days, without answering 503', async () => {
    const clock = t.app.get(Clock);
    clock.set('2026-11-20T02:00:00Z');
    try {
      expect(t.app.get(CalendarHealth).check()).toMatchObject({ status: 'warn', until: '2027-01-19', missing: [2027], detail: expect.stringContaining('config/calendar/2027.yaml') });
    } finally {
      clock.set('2026-06-01T02:00:00Z');
    }
  });

  it('answers 503 naming the part that is down', async () => {
    t.app.get(HealthChecks).register('probe', async () => ({ status: 'down', detail: 'test outage' }));
    const res = await t.anonymous().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'down', down: ['probe'], checks: { probe: { status: 'down', detail: 'test outage' }, database: { status: 'ok' } } });
  });
});
