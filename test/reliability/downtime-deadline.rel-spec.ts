import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { ApiClient, startTestApp, TEST_PASSWORD } from '../support/test-app';
import { addPerson, WARNING_CONFIG, clueSubject } from '../support/warning-fixtures';
import { buildTestPlugin, freePort, kill9, ServerProcess, spawnServer, stop, waitHealthy } from './support/server';
import { resetPostgres } from './support/test-db';

// Two cases, five boots of the built server each (two render a PDF with Chromium): 85 s (SQLite) to 110 s (PostgreSQL) on a loaded 2-core machine.
jest.setTimeout(60_000);

const PG = process.env.DATABASE_URL;
// Before everything: Monday 2026-10-12, 10:00 in China. The yellow warning's answer is due 10 working days later.
const T0 = '2026-10-12T02:00:00Z';
const WARNING_DUE = '2026-10-26';
// The yearly self-check of a grade-2 point is due 11-20; its reminder window opens 30 days before (10-21).
const SELF_CHECK_DUE = '2026-11-20';
// Down across the warning's 3-day reminder mark (10-23) and the self-check's window opening; back the day before the warning's due date.
const T1 = '2026-10-25T02:00:00Z';
// Down across both deadlines; back on Monday 2026-11-23. The red level's answer is then due 10 working days later.
const T2 = '2026-11-23T02:00:00Z';
const RED_DUE = '2026-12-07';
// Later, but before the red level's reminders start.
const T3 = '2026-11-25T02:00:00Z';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What each scheduled job leaves behind, counted straight from the database (read-only). */
const EVENTS = {
  warningReminder: `SELECT COUNT(*) AS n FROM warning_messages WHERE kind = 'warning.reminder'`,
  warningReminderSms: `SELECT COUNT(*) AS n FROM notification_outbox WHERE unique_key LIKE 'remind:%'`,
  selfCheckReminder: `SELECT COUNT(*) AS n FROM risk_messages WHERE kind = 'self-check-reminder'`,
  escalation: `SELECT COUNT(*) AS n FROM warning_escalations`,
  escalationAudit: `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'warning.escalate'`,
  escalationMessage: `SELECT COUNT(*) AS n FROM warning_messages WHERE kind = 'warning.escalated'`,
  escalationSms: `SELECT COUNT(*) AS n FROM notification_outbox WHERE unique_key LIKE 'esc:%'`,
  escalationNotice: `SELECT COUNT(*) AS n FROM issued_documents WHERE issued_by = 'system:warning-scan'`,
  escalationNoticeAudit: `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'warning.document'`,
  selfCheckOverdue: `SELECT COUNT(*) AS n FROM risk_self_checks WHERE status = 'overdue'`,
  selfCheckOverdueMessage: `SELECT COUNT(*) AS n FROM risk_messages WHERE kind = 'self-check-overdue'`,
  selfCheckOverdueAudit: `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'risk.self-check.overdue'`,
  selfCheckOverdueClue: `SELECT COUNT(*) AS n FROM warning_clues WHERE source = 'self-check'`,
  // A number held for a notice still rendering; none may be left once the notice is stored.
  numberReserved: `SELECT COUNT(*) AS n FROM document_number_reservations`,
};
type Events = Record<keyof typeof EVENTS, number>;
const NONE: Events = Object.fromEntries(Object.keys(EVENTS).map((k) => [k, 0])) as Events;
const REMINDED: Events = { ...NONE, warningReminder: 1, warningReminderSms: 1, selfCheckReminder: 1 };
// One escalation: one row, one audit row, a message each to the subject and the officer, one SMS, one notice.
const ESCALATED: Events = {
  ...REMINDED,
  escalation: 1,
  escalationAudit: 1,
  escalationMessage: 2,
  escalationSms: 1,
  escalationNotice: 1,
  escalationNoticeAudit: 1,
  selfCheckOverdue: 1,
  selfCheckOverdueMessage: 1,
  selfCheckOverdueAudit: 1,
  selfCheckOverdueClue: 1,
};

async function countEvents(dataDir: string): Promise<Events> {
  const out = { ...NONE };
  if (PG) {
    const c = new PgClient({ connectionString: PG });
    await c.connect();
    try {
      for (const [k, sql] of Object.entries(EVENTS)) out[k as keyof Events] = Number((await c.query(sql)).rows[0].n);
    } finally {
      await c.end();
    }
    return out;
  }
  const file = new Database(path.join(dataDir, 'platform.sqlite'), { readonly: true, fileMustExist: true });
  try {
    for (const [k, sql] of Object.entries(EVENTS)) out[k as keyof Events] = Number((file.prepare(sql).get() as { n: number }).n);
  } finally {
    file.close();
  }
  return out;
}

async function login(url: string, username: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  const res = await client.post('/api/auth/login', { username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
  client.csrf = res.body.csrfToken;
  return client;
}

describe.each([
  ['SIGTERM', stop],
  ['kill -9', kill9],
] as const)('downtime across a warning deadline and a self-check due date, stopped with %s', (how, halt) => {
  let dataDir: string;
  let port: number;
  let server: ServerProcess | undefined;
  let subjectPersonId: number;
  let warningId: number;
  const figures: string[] = [];

  /** Boots the built server at the given (test) time; returns ms to healthy. */
  async function boot(at: string): Promise<number> {
    // A failed test may have left its server up; the next one must not talk to it.
    if (server) await kill9(server);
    server = spawnServer({ DATA_DIR: dataDir, CONFIG_DIR: WARNING_CONFIG, PORT: port, DATABASE_URL: PG, extra: { NODE_ENV: 'test', LZ_FAKE_NOW: at } });
    return waitHealthy(server, 30_000);
  }

  async function down(): Promise<void> {
    await halt(server!);
    server = undefined;
  }

  /** Polls the database until `done` holds; returns ms waited. */
  async function until(done: (e: Events) => boolean, timeoutMs = 40_000): Promise<number> {
    const started = Date.now();
    let last: Events = NONE;
    while (Date.now() - started < timeoutMs) {
      last = await countEvents(dataDir);
      if (done(last)) return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`not caught up after ${timeoutMs} ms: ${JSON.stringify(last)}\n${server?.output()}`);
  }

  /**
   * After the escalation scan's catch-up timer (2 s after start) has fired, one more scan through the API: it shares
   * a scan still running, or runs after it in the write lane, so the counts that follow include the catch-up.
   */
  async function settled(healthyMs: number): Promise<void> {
    await sleep(Math.max(0, 2_500 - healthyMs));
    const officer = await login(server!.url, 'dt-officer');
    const scan = await officer.post('/api/warning/scan');
    expect(scan.status).toBe(200);
  }

  beforeAll(async () => {
    buildTestPlugin();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-downtime-'));
    port = await freePort();
    if (PG) await resetPostgres(PG);
    // Accounts and the warned person are seeded in-process; everything else goes through the built server's API.
    const seed = await startTestApp({ dataDir, configDir: WARNING_CONFIG });
    await seed.createUser('dt-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    await seed.createUser('dt-head', [{ institution: 'w-hospital', role: 'head' }]);
    subjectPersonId = (await addPerson(seed, 'w-hospital', '李某某', { username: 'dt-subject' })).personId;
    await seed.app.close();
    await seed.db.close();
  });

  afterAll(async () => {
    if (server) await kill9(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`downtime (${PG ? 'postgres' : 'sqlite'}, ${how}): ${figures.join('; ')}`);
  });

  it(`T0 ${T0}: a yellow warning due ${WARNING_DUE} and a self-check due ${SELF_CHECK_DUE} are set up through the API; nothing fires before its time`, async () => {
    figures.push(`boot ${await boot(T0)} ms`);
    const officer = await login(server!.url, 'dt-officer');
    const head = await login(server!.url, 'dt-head');

    const clue = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId, content: '群众反映其在设备采购中接受供应商宴请。' });
    expect(clue.status).toBe(201);
    const warned = await officer.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(officer, clue.body.id)), levelCode: 'yellow', title: '接受供应商宴请', reason: '经初步核实，反映问题基本属实' });
    expect(warned.status).toBe(201);
    warningId = warned.body.id;
    const issued = await officer.post(`/api/warning/warnings/${warningId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ status: 'notified', issuedOn: '2026-10-12', dueDate: WARNING_DUE, level: { code: 'yellow' } });

    const settings = await officer.get('/api/risk/settings');
    const point = await officer.post('/api/risk/points', { level: 'institution', category: settings.body.categories[0].key, title: '设备采购中收受回扣', likelihood: 2, harm: 2, responsiblePersonId: subjectPersonId });
    expect(point.status).toBe(201);
    // 003's five steps: self, colleague, leader, collective, organisation.
    const view = await officer.get(`/api/risk/points/${point.body.id}`);
    for (const s of view.body.steps as { index: number; kind: string }[]) {
      const res = await (['leader', 'collective'].includes(s.kind) ? head : officer).post(`/api/risk/points/${point.body.id}/steps/${s.index + 1}`, { content: `第${s.index + 1}步` });
      expect(res.status).toBe(201);
    }
    expect((await officer.get(`/api/risk/points/${point.body.id}`)).body).toMatchObject({ status: 'approved', grade: 2 });

    // The scheduled jobs run now (by hand, as setup) and find nothing due yet.
    const selfChecks = await officer.post('/api/risk/self-checks/scan');
    expect(selfChecks.body).toMatchObject({ created: 1, reminded: 0, overdue: 0 });
    expect((await officer.get('/api/risk/self-checks')).body).toEqual([expect.objectContaining({ dueDate: SELF_CHECK_DUE, status: 'due', periodKey: '2026' })]);
    expect((await officer.post('/api/warning/scan')).body).toMatchObject({ today: '2026-10-12', escalated: 0, orgHandling: 0, reminders: 0, documents: 0 });
    expect(await countEvents(dataDir)).toEqual(NONE);
    await down();
  });

  it(`T1 ${T1}: back inside both reminder windows, each reminder fires exactly once (the self-check's before the server is healthy), nothing escalates`, async () => {
    const healthy = await boot(T1);
    // The self-check catch-up runs before the server listens.
    expect((await countEvents(dataDir)).selfCheckReminder).toBe(1);
    const caughtUp = await until((e) => e.warningReminder > 0);
    figures.push(`T1 boot ${healthy} ms, reminders caught up ${healthy + caughtUp} ms after start`);
    await settled(healthy + caughtUp);
    expect(await countEvents(dataDir)).toEqual(REMINDED);
    // The 3-day mark passed while the server was down; the 1-day reminder is the one sent.
    const subject = await login(server!.url, 'dt-subject');
    const inbox = (await subject.get('/api/warning/messages?pageSize=200')).body.items.filter((m: { kind: string }) => m.kind === 'warning.reminder');
    expect(inbox.map((m: { title: string }) => m.title)).toEqual([`预警 #${warningId} 的答复期限 ${WARNING_DUE} 还有 1 天`]);
    await down();
  });

  it(`T2 ${T2}: back after both deadlines, the warning escalates exactly once (one notice) and the self-check goes overdue exactly once`, async () => {
    let healthy = await boot(T2);
    // The self-check catch-up runs before the server listens.
    expect(await countEvents(dataDir)).toMatchObject({ selfCheckOverdue: 1, selfCheckOverdueMessage: 1, selfCheckOverdueAudit: 1, selfCheckOverdueClue: 1 });
    let caughtUp = await until((e) => e.escalation > 0);
    figures.push(`T2 boot ${healthy} ms, escalation ${healthy + caughtUp} ms after start`);
    if (how === 'kill -9') {
      // A second crash in the middle of the catch-up: the escalation is committed and its notice's number reserved, the notice still rendering.
      await until((e) => e.numberReserved > 0 || e.escalationNotice > 0);
      const atKill = await countEvents(dataDir);
      await down();
      healthy = await boot(T2);
      caughtUp = await until((e) => e.escalationNotice > 0);
      figures.push(`killed during that catch-up with ${atKill.escalationNotice} of 1 notice issued (${atKill.numberReserved} number reserved); reboot ${healthy} ms, notice ${healthy + caughtUp} ms after start`);
    } else {
      caughtUp += await until((e) => e.escalationNotice > 0);
      figures.push(`notice ${healthy + caughtUp} ms after start`);
    }
    await settled(healthy + caughtUp);
    expect(await countEvents(dataDir)).toEqual(ESCALATED);
    const officer = await login(server!.url, 'dt-officer');
    const w = (await officer.get(`/api/warning/warnings/${warningId}`)).body;
    expect(w).toMatchObject({ status: 'notified', level: { code: 'red' }, dueDate: RED_DUE, issuedOn: '2026-11-23' });
    expect(w.steps.filter((s: { kind: string }) => s.kind === 'escalate')).toEqual([expect.objectContaining({ actor: 'system:warning-scan', data: expect.objectContaining({ fromLevel: 'yellow', toLevel: 'red' }) })]);
    expect(w.steps.at(-1).data.document).toMatchObject({ title: '整改通知书', number: '预测纪〔2026〕2号' });
    expect(w.steps.at(-1).data.document.pending).toBeUndefined();
    await down();
  });

  it(`restarted ${how === 'SIGTERM' ? 'again at T2 and ' : ''}later at T3 ${T3}: still exactly once each`, async () => {
    // The kill -9 case already came back at T2 once more, after the kill during the catch-up.
    for (const at of how === 'kill -9' ? [T3] : [T2, T3]) {
      const healthy = await boot(at);
      await settled(healthy);
      expect({ at, events: await countEvents(dataDir) }).toEqual({ at, events: ESCALATED });
      await down();
    }
  });
});
