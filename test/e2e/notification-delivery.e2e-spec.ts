import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { PublicUrl } from '../../core/config/public-url';
import { HealthChecks } from '../../core/http/health-checks';
import { DeliverySender, REMINDER_TEXT } from '../../core/notify/delivery-sender';
import { DeliveryEntity } from '../../core/notify/notify.entities';
import { PersonEntity } from '../../core/org/org.entities';
import { FieldCipher, FieldKeyError } from '../../core/records/field-cipher';
import { sealedSample } from '../../core/records/field-key-check';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { WarningTransitionService } from '../../core/warning/warning-transition.service';
import { WarningEntity, WarningMessageEntity } from '../../core/warning/warning.entities';
import { decodeMail, startGatewayStub, startSmtpSink } from '../support/notify-stubs';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const KEY = 'gateway-shared-secret';
const PHONE = '13800138000';
const EMAIL = 'subject@example.cn';

/** SMS through a local HTTP gateway stub and e-mail through a local SMTP sink, from the outbox the warning module fills. */
describe('notification delivery', () => {
  let t: TestApp;
  let admin: ApiClient;
  let gateway: Awaited<ReturnType<typeof startGatewayStub>>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let sender: DeliverySender;
  let warning: WarningEntity;
  let person: PersonEntity;
  let keyNo = 0;

  const rowsOf = (personId: number) => t.db.read((m) => m.getRepository(DeliveryEntity).find({ where: { personId }, order: { id: 'ASC' } }));
  /** The warning module's own path: an in-app message and the reminder, carrying the warning's title and text. */
  const tellSubject = (key = `test:${++keyNo}`) => t.db.write((m) => t.app.get(WarningTransitionService).tellSubject(m, warning, 'warning.notice', `您收到预警通知书：${warning.title}`, `请于期限前答复（${person.name}）`, key));
  const setContact = (body: Record<string, unknown>, personId = person.id) => admin.request('PUT', `/api/institutions/${person.institutionId}/people/${personId}/contact`, body);

  beforeAll(async () => {
    [gateway, smtp] = await Promise.all([startGatewayStub(KEY), startSmtpSink((rcpt) => (rcpt.startsWith('nobody@') ? '550 5.1.1 <nobody@example.cn>: mailbox unavailable' : null))]);
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo' });
    admin = await t.login('admin', DEMO_PASSWORD);
    sender = t.app.get(DeliverySender);
    sender.onApplicationShutdown(); // no timer runs beside the test's own drains, so each drain's counts are exact
    // Two warnings issued the real way: each notice queues an SMS for its warned person.
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    warning = (await t.db.read((m) => m.getRepository(WarningEntity).findOne({ where: { subjectType: 'person' }, order: { id: 'ASC' } })))!;
    person = (await t.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: warning.subjectPersonId! })))!;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([gateway?.close(), smtp?.close()]);
  });

  it('stores a person\'s phone and email sealed and shows them masked', async () => {
    expect((await setContact({ phone: '12345' })).status).toBe(400);
    const res = await setContact({ phone: PHONE, email: EMAIL });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: person.id, phone: '138****8000', email: 's***@example.cn' });
    const stored = (await t.db.read((m) => m.getRepository(PersonEntity).findOneBy({ id: person.id })))!;
    expect(stored.phone).toMatch(/^enc:v1:/);
    expect(`${stored.phone}${stored.email}`).not.toContain(PHONE);
    // A sealed contact alone makes start-up refuse a key that does not open it, as sealed record fields do.
    const sample = await sealedSample(t.db);
    expect(sample?.fieldId).toMatch(/^people\./);
    expect(() => FieldCipher.load(t.env.DATA_DIR, 'ab'.repeat(32), sample)).toThrow(FieldKeyError);
    const list = await admin.get(`/api/institutions/${person.institutionId}/people`);
    expect(list.text).not.toContain(PHONE);
    expect(list.text).not.toContain(EMAIL);
    expect(list.body.find((p: { id: number }) => p.id === person.id)).toMatchObject({ phone: '138****8000', email: 's***@example.cn' });
    const staff = await t.login('hosp-buyer', DEMO_PASSWORD);
    expect((await staff.request('PUT', `/api/institutions/${person.institutionId}/people/${person.id}/contact`, { phone: PHONE })).status).toBe(403);
  });

  it('queues without the phone number and keeps messages queued while the channels are off', async () => {
    const notice = await rowsOf(person.id);
    expect(notice.map((r) => [r.channel, r.status, r.uniqueKey])).toEqual([['sms', 'queued', `notice:${warning.id}:${warning.levelCode}:sms`]]);
    expect(await tellSubject('first')).toBeGreaterThan(0);
    const rows = await rowsOf(person.id);
    expect(rows.slice(1).map((r) => [r.channel, r.status, r.uniqueKey])).toEqual([
      ['sms', 'queued', 'first:sms'],
      ['email', 'queued', 'first:email'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(PHONE);
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const health = await sender.health();
    expect(health).toMatchObject({ status: 'warn', channels: { sms: { on: false }, email: { on: false, waiting: 1 } } });
    expect(health.detail).toContain('SMTP_URL');
    expect((await t.anonymous().get('/api/health')).body.warnings).toContain('notifications');
  });

  it('delivers once by SMS (signed) and e-mail, saying only that a to-do waits, with the link', async () => {
    const smsBefore = (await t.db.read((m) => m.getRepository(DeliveryEntity).countBy({ channel: 'sms', status: 'queued' })));
    Object.assign(t.env, { SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_KEY: KEY, SMS_TEMPLATE_ID: 'SMS_0001', SMTP_URL: smtp.url, SMTP_FROM: '廉政平台 <noreply@example.cn>' });
    const run = await sender.drain();
    expect(run).toMatchObject({ sent: 3, retrying: 0 });
    expect(run.failed).toBe(smsBefore - 2); // the other warned person has no phone on file
    const link = `${t.app.get(PublicUrl).base}/warning/messages`;
    const mine = gateway.received.filter((r) => r.body.to === PHONE);
    expect(gateway.received).toHaveLength(2);
    expect(mine).toHaveLength(2);
    for (const sms of mine) {
      expect(sms.signatureValid).toBe(true);
      expect(sms.body).toMatchObject({ to: PHONE, templateId: 'SMS_0001', params: { link }, text: `${REMINDER_TEXT}${link}` });
    }
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual([EMAIL]);
    const mail = decodeMail(smtp.mails[0].data);
    expect(mail.text.trim()).toBe(`${REMINDER_TEXT}${link}`);
    const inbox = await t.db.read((m) => m.getRepository(WarningMessageEntity).findBy({ warningId: warning.id }));
    expect(inbox.some((msg) => msg.title.includes(warning.title))).toBe(true); // the in-app message does name the matter
    for (const secret of [warning.title, person.name, '预警', '通知书']) {
      for (const sms of mine) expect(sms.raw).not.toContain(secret);
      expect(mail.text + mail.subject + smtp.mails[0].data).not.toContain(secret);
    }
    const rows = await rowsOf(person.id);
    expect(rows.map((r) => [r.status, r.attempts, !!r.sentAt])).toEqual([
      ['sent', 1, true],
      ['sent', 1, true],
      ['sent', 1, true],
    ]);
    // Sent once: the same key queues nothing new, and another run sends nothing again.
    expect(await tellSubject('first')).toBe(0);
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(gateway.received).toHaveLength(2);
    expect(smtp.mails).toHaveLength(1);
  });

  it('retries after a 503 or a dropped connection with growing waits, then sends', async () => {
    await setContact({ email: null });
    gateway.answers.push({ status: 503, body: { message: 'busy' } }, 'drop');
    await tellSubject();
    const clock = t.app.get(Clock);
    clock.set(new Date());
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let row = (await rowsOf(person.id)).at(-1)!;
    expect(row).toMatchObject({ channel: 'sms', status: 'retrying', attempts: 1, lastError: 'gateway 503: busy' });
    expect(Date.parse(row.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    clock.advance(30_000);
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    row = (await rowsOf(person.id)).at(-1)!;
    expect(row).toMatchObject({ status: 'retrying', attempts: 2, lastError: expect.stringContaining('gateway unreachable') });
    expect(Date.parse(row.nextAttemptAt) - clock.now().getTime()).toBe(60_000);
    clock.advance(60_000);
    expect(await sender.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    row = (await rowsOf(person.id)).at(-1)!;
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const refs = gateway.received.slice(-3).map((r) => r.body.ref);
    expect(new Set(refs)).toEqual(new Set([`lz-${row.id}`]));
    clock.reset();
  });

  it('records a permanent refusal with the gateway\'s reason, shows it to the admin, and sends it after a retry', async () => {
    const failedBefore = ((await sender.health()).channels as { sms: { failedLast24h: number } }).sms.failedLast24h;
    gateway.answers.push({ status: 400, body: { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '号码格式错误' } });
    await tellSubject();
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const row = (await rowsOf(person.id)).at(-1)!;
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'gateway 400: 号码格式错误' });
    expect(await sender.health()).toMatchObject({ status: 'warn', channels: { sms: { failedLast24h: failedBefore + 1 } } });

    const page = await admin.get('/admin/deliveries?status=failed');
    expect(page.status).toBe(200);
    expect(page.text).toContain('号码格式错误');
    expect(page.text).toContain(`/admin/deliveries/${row.id}/retry`);
    expect(page.text).not.toContain(PHONE);
    const form = (url: string) => admin.post(url, new URLSearchParams({ _csrf: admin.csrf }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const retried = await form(`/admin/deliveries/${row.id}/retry`);
    expect(retried.status).toBe(303);
    expect((await form(`/admin/deliveries/${row.id}/retry`)).status).toBe(409);
    expect(await sender.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect((await rowsOf(person.id)).at(-1)).toMatchObject({ id: row.id, status: 'sent', attempts: 1 });
    expect((await (await t.login('hosp-jijian', DEMO_PASSWORD)).get('/admin/deliveries')).status).toBe(403);
  });

  it('fails at once for a person without a phone and for a mailbox the server refuses', async () => {
    await setContact({ phone: null, email: 'nobody@example.cn' });
    await tellSubject();
    expect(await sender.drain()).toEqual({ sent: 0, retrying: 0, failed: 2 });
    const [sms, mail] = (await rowsOf(person.id)).slice(-2);
    expect(sms).toMatchObject({ channel: 'sms', status: 'failed', lastError: expect.stringContaining('no phone number on file') });
    expect(mail).toMatchObject({ channel: 'email', status: 'failed', lastError: expect.stringContaining('550') });
    await setContact({ phone: PHONE, email: null });
  });

  it('two senders draining at once send each message once', async () => {
    const before = gateway.received.length;
    for (let i = 0; i < 12; i++) await tellSubject();
    const other = new DeliverySender(t.db, t.app.get(Clock), t.env, t.app.get(PublicUrl), t.app.get(FieldCipher), new HealthChecks());
    const [a, b] = await Promise.all([sender.drain(), other.drain()]);
    expect(a.sent + b.sent).toBe(12);
    const refs = gateway.received.slice(before).map((r) => r.body.ref);
    expect(refs).toHaveLength(12);
    expect(new Set(refs).size).toBe(12);
    other.onApplicationShutdown();
  });
});
