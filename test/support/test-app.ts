import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import type { DestinationStream } from 'pino';
import { seedDemo, seedPluginDemos } from '../../apps/cli/demo-seed';
import { createPlatform, Platform } from '../../apps/server/bootstrap';
import { UsersService } from '../../core/auth/users.service';
import { Clock } from '../../core/clock/clock';
import { loadEnv } from '../../core/config/env.config';
import { InstitutionEntity } from '../../core/org/org.entities';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import type { PluginDefinition, Role } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';

export const FIXTURE_CONFIG = path.join(__dirname, '..', 'fixtures', 'config');
export const TEST_PASSWORD = 'test-password-1';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** An answer's text without its per-request id, for comparing two answers (a hidden object must answer like a missing one). */
export function answerText(res: HttpResult): string {
  return res.text.replace(/,"requestId":"[^"]*"/g, '').replace(/<code class="request-id">[^<]*<\/code>/g, '<code class="request-id"></code>');
}

/** The JSON body without its per-request id. */
export function answerBody<T>(res: HttpResult<T>): T {
  if (!res.body || typeof res.body !== 'object') return res.body;
  const { requestId: _id, ...rest } = res.body as Record<string, unknown>;
  return rest as T;
}

/** A signed-in (or anonymous) HTTP client that keeps its cookies, as a browser would. */
export class ApiClient {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const h: Record<string, string> = { 'accept-language': 'zh-CN', ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + url, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* HTML or empty */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = any>(url: string, headers?: Record<string, string>) {
    return this.request<T>('GET', url, undefined, headers);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
}

export interface TestApp extends Platform {
  url: string;
  institutionId(code: string): Promise<number>;
  createUser(username: string, roles: { institution: string; role: Role; includeDescendants?: boolean }[], opts?: { admin?: boolean }): Promise<number>;
  login(username: string, password?: string): Promise<ApiClient>;
  anonymous(): ApiClient;
  close(): Promise<void>;
}

/** Empties the PostgreSQL test database so each suite starts from migrations, as SQLite does. */
async function resetPostgres(url: string): Promise<void> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    await c.query('DROP SCHEMA IF EXISTS public CASCADE');
    await c.query('CREATE SCHEMA public');
  } finally {
    await c.end();
  }
}

export function usingPostgres(): boolean {
  return !!process.env.DATABASE_URL;
}

/** Demo data a suite starts from: the demo's people and accounts, every enabled plugin's demo year, or both. */
export type TestSeed = 'demo' | 'plugins' | 'demo+plugins';

export interface TestAppOptions {
  configDir?: string;
  plugins?: PluginDefinition[];
  /** Boot on an existing data directory (a restart); never cached. */
  dataDir?: string;
  /** The platform clock, set before seeding (seeds date their records from it). */
  now?: string;
  seed?: TestSeed;
  /** TRUST_PROXY: `loopback` lets a suite give each request its own client address with X-Forwarded-For. */
  trustProxy?: string;
  /** Where the app's JSON log lines go (at LOG_LEVEL info); unset, suites log nothing. */
  logTo?: DestinationStream;
  /** Further settings (e.g. OIDC_ISSUER); they must not change what is migrated or seeded, as the snapshot ignores them. */
  env?: Record<string, string>;
}

/**
 * Where a migrated (and seeded) data directory is kept for the next suite booting the same way, or null. On PostgreSQL
 * the snapshot holds a pg_dump of the public schema beside the files (the field key among them).
 * `npm test` sets LZ_TEST_DB_CACHE to a directory of its own run, so a snapshot never outlives the code that made it.
 */
function snapshotDir(opts: TestAppOptions): string | null {
  const root = process.env.LZ_TEST_DB_CACHE;
  if (!root || opts.dataDir) return null;
  const plugins = (opts.plugins ?? [...INSTALLED_PLUGINS, testPlugin]).map((p) => `${p.id}@${p.version ?? ''}`);
  const key = JSON.stringify({ db: usingPostgres() ? 'postgres' : 'sqlite', config: path.resolve(opts.configDir ?? FIXTURE_CONFIG), plugins, now: opts.now ?? null, seed: opts.seed ?? null });
  return path.join(root, createHash('sha256').update(key).digest('hex').slice(0, 24));
}

const PG_SNAPSHOT = 'database.pgdump';

/** pg_dump or pg_restore of the public schema only (documents-queue keeps BullMQ's tables in a schema of its own). */
function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): void {
  execFileSync(tool, ['--schema=public', '--no-owner', '--no-privileges', ...args, '--dbname', process.env.DATABASE_URL!], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Copies a consistent snapshot of a live data directory (VACUUM INTO or pg_dump for the database, the key and files as they are). */
async function saveSnapshot(platform: Platform, dataDir: string, target: string): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.cpSync(dataDir, tmp, { recursive: true, filter: (src) => !/platform\.sqlite/.test(path.basename(src)) });
  if (usingPostgres()) pgTool('pg_dump', ['--format=custom', '--file', path.join(tmp, PG_SNAPSHOT)]);
  else await platform.db.exclusive(() => platform.db.writer.query('VACUUM INTO ?', [path.join(tmp, 'platform.sqlite')]));
  try {
    fs.renameSync(tmp, target);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another worker saved the same snapshot first
  }
}

/** Puts a snapshot's files into a new data directory and, on PostgreSQL, its dump into the emptied database. */
function restoreSnapshot(snapshot: string, dataDir: string): void {
  fs.cpSync(snapshot, dataDir, { recursive: true, filter: (src) => path.basename(src) !== PG_SNAPSHOT });
  if (usingPostgres()) pgTool('pg_restore', ['--exit-on-error', '--single-transaction', path.join(snapshot, PG_SNAPSHOT)]);
}

async function applySeed(platform: Platform, seed: TestSeed): Promise<void> {
  const get = platform.app.get.bind(platform.app);
  if (seed !== 'plugins' && !(await seedDemo(platform.db, get(UsersService)))) throw new Error('demo seed found accounts already');
  if (seed !== 'demo') await seedPluginDemos({ db: platform.db, host: platform.host, records: get(RecordsService), rules: get(RulesService), clock: get(Clock), users: get(UsersService) });
}

/**
 * Boots the real platform on a fresh database (SQLite file, or PostgreSQL when DATABASE_URL is set), set to `now` and
 * seeded with `seed`. Under `npm test` (and test:full, on either database), the first suite booting a given way saves the migrated, seeded
 * data directory and later ones start from a copy of it instead of migrating and seeding again.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lz-e2e-'));
  // A new (empty) data directory is a new instance: on PostgreSQL its database starts empty too, as its key is new.
  if (process.env.DATABASE_URL && (!opts.dataDir || !fs.readdirSync(dataDir).length)) await resetPostgres(process.env.DATABASE_URL);
  const snapshot = snapshotDir(opts);
  const restored = !!snapshot && fs.existsSync(snapshot);
  if (restored) restoreSnapshot(snapshot, dataDir);
  const env = loadEnv({ DATA_DIR: dataDir, CONFIG_DIR: opts.configDir ?? FIXTURE_CONFIG, DATABASE_URL: process.env.DATABASE_URL, PORT: '0', TRUST_PROXY: opts.trustProxy, ...opts.env });
  const platform = await createPlatform(env, { plugins: opts.plugins ?? [...INSTALLED_PLUGINS, testPlugin], logger: opts.logTo ?? false });
  if (opts.now) platform.app.get(Clock).set(opts.now);
  if (opts.seed && !restored) await applySeed(platform, opts.seed);
  if (snapshot && !restored) await saveSnapshot(platform, dataDir, snapshot);
  await platform.app.listen(0, '127.0.0.1');
  const address = platform.app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const institutionId = async (code: string) => (await platform.db.read((m) => m.getRepository(InstitutionEntity).findOneByOrFail({ code }))).id;
  return {
    ...platform,
    url,
    institutionId,
    async createUser(username, roles, o = {}) {
      const resolved = [];
      for (const r of roles) resolved.push({ institutionId: await institutionId(r.institution), role: r.role, includeDescendants: r.includeDescendants });
      const user = await platform.app.get(UsersService).create({ username, displayName: username, password: TEST_PASSWORD, isSystemAdmin: o.admin, roles: resolved }, 'test');
      return user.id;
    },
    async login(username, password = TEST_PASSWORD) {
      const client = new ApiClient(url);
      const res = await client.post('/api/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
      client.csrf = res.body.csrfToken;
      return client;
    },
    anonymous: () => new ApiClient(url),
    async close() {
      await platform.app.close();
      await platform.db.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
