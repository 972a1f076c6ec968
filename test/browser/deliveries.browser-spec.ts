import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { DeliverySender } from '../../core/notify/delivery-sender';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { answerConfirmations, clickAndWait, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { startGatewayStub } from '../support/notify-stubs';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE_VIEW = { width: 390, height: 844, isMobile: true, hasTouch: true };

/** Issue #24 item 5 on screens: the admin sees each delivery's status and the gateway's reason, and retries a failed one. */
describe('message delivery on screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  let gateway: Awaited<ReturnType<typeof startGatewayStub>>;

  beforeAll(async () => {
    gateway = await startGatewayStub('browser-key');
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo' });
    t.app.get(DeliverySender).onApplicationShutdown(); // the test drains itself
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    // Both warned people get a phone (by the API); the gateway refuses the first message and takes the rest.
    const api = await t.login('admin', DEMO_PASSWORD);
    const warned: { id: number; inst: number }[] = await t.db.read((m) => m.query(`SELECT DISTINCT p.id AS id, p.institution_id AS inst FROM notification_outbox d JOIN people p ON p.id = d.person_id ORDER BY p.id`));
    for (const [i, p] of warned.entries()) expect((await api.request('PUT', `/api/institutions/${p.inst}/people/${p.id}/contact`, { phone: `1380013800${i}` })).status).toBe(200);
    gateway.answers.push({ status: 400, body: { message: '号码已停机' } });
    Object.assign(t.env, { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_KEY: 'browser-key' });
    await t.app.get(DeliverySender).drain();
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await gateway?.close();
  });

  it('lists deliveries with status and reason; a failed one is sent again after 重新发送', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await clickAndWait(page, '#main-nav a[href="/admin/deliveries"]');
    expect(await textOf(page, '[data-testid=delivery-channels]')).toContain('短信 · 已配置');
    expect(await textOf(page, '[data-testid=delivery-channels]')).toContain('邮件 · 未配置（消息排队）');
    expect(await textsOf(page, '[data-testid=delivery-status]')).toEqual(expect.arrayContaining(['已发送', '失败']));
    expect(await textsOf(page, '[data-testid=delivery-error]')).toContain('gateway 400: 号码已停机');
    expect(await page.content()).not.toContain('13800138000');
    await screenshot(page, 'deliveries-list-1366');
    answerConfirmations(page, true);
    await clickAndWait(page, '[data-testid=delivery-retry]');
    expect(await textOf(page, '[data-testid=delivery-retried]')).toBe('已重新排队。');
    expect(await textsOf(page, '[data-testid=delivery-status]')).toEqual(expect.arrayContaining(['排队中']));
    await t.app.get(DeliverySender).drain();
    await open(page, `${t.url}/admin/deliveries?status=failed`);
    expect(await textOf(page, '[data-testid=delivery-empty]')).toBe('暂无消息。');
    await open(page, `${t.url}/admin/deliveries?status=sent`);
    expect((await textsOf(page, '[data-testid=delivery-status]')).every((s) => s === '已发送')).toBe(true);
    expect(await textsOf(page, '[data-testid=delivery-status]')).toHaveLength(2);
  });

  it('fits a 390 px phone', async () => {
    const page = await b.newPage();
    await page.setViewport(PHONE_VIEW);
    await loginViaForm(page, t.url, 'admin', DEMO_PASSWORD);
    await open(page, `${t.url}/admin/deliveries`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'deliveries-list-390');
  });
});
