import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiClient, FIXTURE_CONFIG, startTestApp, TEST_PASSWORD } from '../support/test-app';
import { buildTestPlugin, freePort, ServerProcess, spawnServer, stop, waitHealthy } from './support/server';
import { resetPostgres } from './support/test-db';

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
jest.setTimeout((SECONDS + 150) * 1000);

describe('load: 50 connections, 90% reads / 10% writes', () => {
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
