import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { ApiClient, startTestApp, TestApp } from './test-app';


const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Ending the session would turn every later request into a 401; these are checked on their own, last. */
export const SESSION_ENDING = new Set(['POST /api/auth/logout', 'POST /logout']);

export interface Route {
  method: string;
  /** Express-style path: /api/records/:id */
  path: string;
  /** Whether the route declares a request body; a route without one may ignore the body and act. */
  takesBody: boolean;
}

interface Payload {
  name: string;
  body: string;
  contentType: string;
  /** Parsed into an object or array, so it gets past the body parser to guards, pipes and handlers. */
  parses?: boolean;
}

const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

// An empty JSON body is not here: body-parser reads it as {}, which is a well-formed (empty) PATCH.
const PAYLOADS: Payload[] = [
  { name: 'malformed JSON', body: '{"subject": "x",', contentType: 'application/json' },
  { name: 'truncated JSON', body: '{"subject": "采购', contentType: 'application/json' },
  { name: 'JSON array', body: '[{"subject":"x","amountFen":1,"inspectedOn":"2026-01-01"}]', contentType: 'application/json', parses: true },
  { name: 'JSON string', body: '"just a string"', contentType: 'application/json' },
  { name: 'JSON null', body: 'null', contentType: 'application/json' },
  { name: 'JSON number', body: '42', contentType: 'application/json' },
  { name: 'nested 1,000 deep', body: deep(1000), contentType: 'application/json', parses: true },
  { name: 'arrays nested 1,000 deep', body: `{"subject":${deepArray(1000)}}`, contentType: 'application/json', parses: true },
  { name: '1 MB string field', body: JSON.stringify({ subject: '廉'.repeat(350_000), name: 'x'.repeat(1_048_576) }), contentType: 'application/json' },
  {
    name: '__proto__ and constructor keys',
    body: '{"__proto__":{"isSystemAdmin":true,"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"subject":"x","amountFen":1,"inspectedOn":"2026-01-01"}',
    contentType: 'application/json', parses: true,
  },
  { name: 'nested __proto__', body: '{"values":{"__proto__":{"polluted":"yes"}},"roles":[{"__proto__":{"role":"system-admin"}}]}', contentType: 'application/json', parses: true },
  {
    name: 'numbers above 2^53',
    body: '{"id":9007199254740993,"institutionId":9007199254740993,"amountFen":18014398509481984,"score":1e400,"subject":"x","inspectedOn":"2026-01-01"}',
    contentType: 'application/json', parses: true,
  },
  { name: 'null bytes, RTL marks and emoji in Chinese', body: JSON.stringify({ subject: '采购\u0000复核\u202e😀', username: '\u0000', name: '科室\u202e' }), contentType: 'application/json', parses: true },
  { name: 'wrong type: text/plain', body: '{"subject":"x"}', contentType: 'text/plain' },
  { name: 'wrong type: XML', body: '<?xml version="1.0"?><a>1</a>', contentType: 'application/xml' },
  { name: 'wrong type: multipart without boundary', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', contentType: 'multipart/form-data' },
  { name: 'wrong type: form with __proto__', body: '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&subject=x', contentType: 'application/x-www-form-urlencoded', parses: true },
  { name: 'wrong charset', body: '{"subject":"x"}', contentType: 'application/json; charset=latin2' },
];

export const LEAK = /\n\s+at |\.ts:\d+|node_modules|SQLITE|QueryFailed|syntax error at|\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b/;

/** API routes from the OpenAPI document. */
function openApiRoutes(doc: { paths: Record<string, Record<string, unknown>> }): { method: string; path: string }[] {
  return Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops)
      .filter((m) => BODY_METHODS.has(m.toUpperCase()))
      .map((m) => ({ method: m.toUpperCase(), path: p.replace(/\{(\w+)\}/g, ':$1') })),
  );
}

/**
 * `METHOD /path` of every handler with a @Body() parameter, from Nest's own metadata
 * (OpenAPI omits the request body of handlers that take `body: unknown`).
 */
function routesWithBody(app: TestApp): Set<string> {
  const out = new Set<string>();
  const container = (app.app as unknown as { container: { getModules(): Map<string, { controllers: Map<unknown, { metatype: (new (...a: never[]) => object) | null }> }> } }).container;
  const join = (...parts: unknown[]) => '/' + parts.flatMap((p) => (Array.isArray(p) ? p[0] : p) ?? '').map((p) => String(p).replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  for (const mod of container.getModules().values()) {
    for (const { metatype } of mod.controllers.values()) {
      if (!metatype) continue;
      const base = Reflect.getMetadata(PATH_METADATA, metatype);
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = (metatype.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler);
        if (methodPath === undefined) continue;
        const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {};
        if (!Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.BODY))) continue;
        out.add(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${join(base, methodPath)}`);
      }
    }
  }
  return out;
}

/** Every route Express knows, the web pages outside /api included. */
function expressRoutes(app: TestApp): { method: string; path: string }[] {
  const express = app.app.getHttpAdapter().getInstance() as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => ({ method: m.toUpperCase(), path: layer.route!.path })) : []));
}

/** The request body's OpenAPI schema of a route: its properties (types, $refs resolved one level) and required names. */
export interface BodySchema {
  properties: Record<string, { type?: string; format?: string; enum?: unknown[]; items?: unknown }>;
  required: string[];
}

/**
 * Every route with every method (GET included), from the OpenAPI document and Express (web pages and API routes
 * kept out of the document), with `takesBody` from Nest's metadata and the body schema where the document has one.
 * The reliability suites list them in-process, then send their inputs to the built server.
 */
export async function listRoutes(t: TestApp): Promise<(Route & { schema?: BodySchema })[]> {
  type Op = { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } };
  type Schema = { properties?: BodySchema['properties']; required?: string[] };
  const doc = (await t.anonymous().get('/api/docs-json')).body as { paths: Record<string, Record<string, Op>>; components?: { schemas?: Record<string, Schema> } };
  const schemaOf = (op: Op): BodySchema | undefined => {
    const ref = Object.values(op.requestBody?.content ?? {})[0]?.schema?.$ref;
    const s = ref ? doc.components?.schemas?.[ref.split('/').pop()!] : undefined;
    return s ? { properties: s.properties ?? {}, required: s.required ?? [] } : undefined;
  };
  const api = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'patch', 'put', 'delete'].includes(m))
      .map(([m, op]) => ({ method: m.toUpperCase(), path: p.replace(/\{(\w+)\}/g, ':$1'), schema: schemaOf(op) })),
  );
  const known = new Set(api.map((r) => `${r.method} ${r.path}`));
  const rest = expressRoutes(t).filter((r) => r.method !== 'HEAD' && !known.has(`${r.method} ${r.path}`) && !r.path.startsWith('/api/docs') && !r.path.includes('*'));
  const withBody = routesWithBody(t);
  const seen = new Set<string>();
  return [...api, ...rest]
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map((r) => ({ ...r, takesBody: withBody.has(`${r.method} ${r.path}`) }));
}

/**
 * Malformed bodies to every POST/PATCH/PUT/DELETE route, signed in as the given users; the checks of the
 * error messages themselves run with `messages`. Payloads the body parser refuses (the same answer whatever
 * the route, before any guard) go to the even or the odd routes, so the two spec files together send each of
 * them to every route once. Split over two spec files to keep each one short.
 */
export function describeMalformedInput(users: ('mal-admin' | 'mal-staff')[], opts: { messages: boolean; parserPayloads: 'even' | 'odd' }): void {
  describe(`malformed input to every route (${users.join(', ')})`, () => {
    let t: TestApp;
    let routes: Route[];
    let ids: { ownRecord: number; foreignRecord: number; alpha: number; beta: number; throwawayUser: number };

    beforeAll(async () => {
      t = await startTestApp();
      await t.createUser('mal-admin', [], { admin: true });
      await t.createUser('mal-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
      await t.createUser('mal-beta', [{ institution: 'beta-bureau', role: 'staff' }]);
      const throwawayUser = await t.createUser('mal-throwaway', [{ institution: 'alpha-hospital', role: 'staff' }]);
      const note = { subject: '畸形输入测试', amountFen: 1, inspectedOn: '2026-01-05' };
      const own = await (await t.login('mal-staff')).post('/api/plugins/test-plugin/records/inspection-note', note);
      const foreign = await (await t.login('mal-beta')).post('/api/plugins/test-plugin/records/inspection-note', note);
      expect([own.status, foreign.status]).toEqual([201, 201]);
      ids = { ownRecord: own.body.id, foreignRecord: foreign.body.id, alpha: await t.institutionId('alpha-hospital'), beta: await t.institutionId('beta-bureau'), throwawayUser };

      const doc = (await t.anonymous().get('/api/docs-json')).body;
      const api = openApiRoutes(doc);
      const known = new Set(api.map((r) => `${r.method} ${r.path}`));
      const web = expressRoutes(t).filter((r) => BODY_METHODS.has(r.method) && !r.path.startsWith('/api/') && !known.has(`${r.method} ${r.path}`));
      const withBody = routesWithBody(t);
      routes = [...api, ...web].map((r) => ({ ...r, takesBody: withBody.has(`${r.method} ${r.path}`) }));
    });
    afterAll(() => t.close());

    /** Concrete URLs for a route: ids of the caller's own objects, and of another institution's where the route has an id. */
    function urlsFor(route: Route): { url: string; targetIds: string[] }[] {
      const fill = (foreign: boolean) => {
        const targetIds: string[] = [];
        const url = route.path.replace(/:(\w+)/g, (_, name: string) => {
          let v: string;
          if (name === 'pluginId') v = 'test-plugin';
          else if (name === 'recordType') v = 'inspection-note';
          else if (name === 'screenId') v = 'new-note';
          else if (route.path.startsWith('/api/records/') || route.path.startsWith('/records/')) v = String(foreign ? ids.foreignRecord : ids.ownRecord);
          else if (route.path.startsWith('/api/institutions/')) v = String(foreign ? ids.beta : ids.alpha);
          else if (route.path.startsWith('/api/users/') || route.path.startsWith('/admin/accounts/')) v = String(ids.throwawayUser);
          else v = foreign ? '99999999' : '1';
          targetIds.push(v);
          return v;
        });
        return { url, targetIds };
      };
      const own = fill(false);
      const foreign = fill(true);
      const out = [own];
      if (foreign.url !== own.url) out.push(foreign);
      // A create aimed at another institution through ?institutionId=.
      if (route.path.includes('/records/:recordType')) out.push({ url: `${own.url}?institutionId=${ids.beta}`, targetIds: [String(ids.beta)] });
      return out;
    }

    async function counts(): Promise<{ audit: number; maxSeq: number; records: number }> {
      const rows: Record<string, unknown>[] = await t.db.read((m) => m.query('SELECT (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT MAX(seq) FROM audit_log) AS max_seq, (SELECT COUNT(*) FROM plugin_records) AS records'));
      return { audit: Number(rows[0].audit), maxSeq: Number(rows[0].max_seq), records: Number(rows[0].records) };
    }

    /** Total milliseconds per payload, for the figures printed after the barrage. */
  const elapsed = new Map<string, number>();

  interface Job {
      client: ApiClient;
      who: string;
      actorPrefix: string;
      route: Route;
      url: string;
      targetIds: string[];
      payload: Payload;
    }

    function jobsFor(client: ApiClient, who: string, actorPrefix: string, list: Route[]): Job[] {
      const mine = opts.parserPayloads === 'even' ? 0 : 1;
      return list.flatMap((route, index) =>
        urlsFor(route).flatMap(({ url, targetIds }, variant) =>
          // Payloads the body parser refuses never reach guards or handlers: once per route, from one of the two files.
          PAYLOADS.filter((p) => p.parses || (variant === 0 && index % 2 === mine)).map((payload) => ({ client, who, actorPrefix, route, url, targetIds, payload })),
        ),
      );
    }

    /**
     * Runs jobs in concurrent batches and checks each batch: no 5xx, no leaks, no malformed body accepted by a
     * route that takes a body, no plugin record written, and no audit row written except one access.denied row
     * per 404 answered for another institution's object (matched to a distinct request, by actor and object id).
     * Routes without a body may ignore it and act, so their jobs run alone and their writes are not counted.
     */
    async function runJobs(jobs: Job[], batchSize: number): Promise<{ problems: string[]; sent: number }> {
      const problems: string[] = [];
      const batches: Job[][] = [];
      for (const j of jobs.filter((x) => !x.route.takesBody)) batches.push([j]);
      const bodied = jobs.filter((x) => x.route.takesBody);
      for (let i = 0; i < bodied.length; i += batchSize) batches.push(bodied.slice(i, i + batchSize));
      for (const batch of batches) {
        const before = await counts();
        const results = await Promise.all(
        batch.map(async (j) => {
          const at = Date.now();
          const res = await j.client.request(j.route.method, j.url, j.payload.body, { 'content-type': j.payload.contentType });
          elapsed.set(j.payload.name, (elapsed.get(j.payload.name) ?? 0) + Date.now() - at);
          return res;
        }),
      );
        const after = await counts();
        const where = (j: Job, status: number) => `${j.who} ${j.route.method} ${j.url} [${j.payload.name}] → ${status}`;
        const denied404: Job[] = [];
        results.forEach((res, i) => {
          const j = batch[i];
          if (res.status >= 500) problems.push(`${where(j, res.status)}: ${res.text.replace(/\s+/g, ' ').slice(0, 160)}`);
          if (LEAK.test(res.text)) problems.push(`${where(j, res.status)}: leaks internals: ${res.text.slice(0, 160)}`);
          if (res.status < 400 && j.route.takesBody) problems.push(`${where(j, res.status)}: accepted a malformed body`);
          if (res.status === 404) denied404.push(j);
        });
        if (!batch[0].route.takesBody) continue;
        if (after.records !== before.records) problems.push(`batch ${batch.map((j) => where(j, 0)).join(', ')}: plugin_records ${before.records} → ${after.records}`);
        if (after.audit === before.audit) continue;
        const added = await t.db.read((m) => m.getRepository(AuditEntryEntity).createQueryBuilder('a').where('a.seq > :seq', { seq: before.maxSeq }).getMany());
        for (const row of added) {
          const i = denied404.findIndex((j) => row.action === 'access.denied' && row.outcome === 'denied' && row.actor.startsWith(j.actorPrefix) && j.targetIds.includes(row.objectId));
          if (i >= 0) denied404.splice(i, 1);
          else problems.push(`unexplained audit row ${JSON.stringify([row.actor, row.action, row.outcome, row.objectType, row.objectId])} in batch ${batch.map((j) => where(j, 0)).join(', ')}`);
        }
      }
      return { problems, sent: jobs.length };
    }

    it('the route list covers the API and the web pages', () => {
      const names = routes.map((r) => `${r.method} ${r.path}`);
      expect(names).toEqual(expect.arrayContaining(['POST /api/auth/login', 'POST /api/plugins/:pluginId/records/:recordType', 'PATCH /api/records/:id', 'POST /api/users', 'POST /login', 'POST /p/:pluginId/:screenId', 'POST /institution']));
      expect(routes.find((r) => r.path === '/api/records/:id' && r.method === 'PATCH')?.takesBody).toBe(true);
      expect(routes.find((r) => r.path === '/p/:pluginId/:screenId' && r.method === 'POST')?.takesBody).toBe(true);
      expect(routes.find((r) => r.path === '/logout')?.takesBody).toBe(false);
    });

    it(`signed in as ${users.join(' and ')}: no 5xx, no leaks, and a rejected request writes nothing`, async () => {
      const jobs: Job[] = [];
      for (const username of users) {
        const client = await t.login(username);
        const userId = (await client.get('/api/me')).body.id;
        jobs.push(...jobsFor(client, username, `user:${userId}:`, routes.filter((r) => !SESSION_ENDING.has(`${r.method} ${r.path}`))));
      }
      const started = Date.now();
      const { problems, sent } = await runJobs(jobs, 12);
      expect(problems).toEqual([]);
      expect(sent).toBeGreaterThan(routes.length * PAYLOADS.filter((p) => p.parses).length);
      // Both sessions survived the barrage.
      for (const j of [jobs[0], jobs[jobs.length - 1]]) expect((await j.client.get('/api/me')).status).toBe(200);
      // The server's own prototypes were not polluted by any payload.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isSystemAdmin).toBeUndefined();
      console.log(`malformed input: ${sent} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; ms per payload (summed over concurrent requests): ${JSON.stringify(Object.fromEntries(elapsed))}`);
    });

    if (!opts.messages) return;

    it('session-ending routes survive malformed bodies without a 5xx', async () => {
      for (const key of SESSION_ENDING) {
        const [method, path] = key.split(' ');
        let client = await t.login('mal-staff');
        for (const p of PAYLOADS) {
          const res = await client.request(method, path, p.body, { 'content-type': p.contentType });
          expect({ key, payload: p.name, status: res.status < 500, leak: LEAK.test(res.text) }).toEqual({ key, payload: p.name, status: true, leak: false });
          if (res.status < 400) client = await t.login('mal-staff');
        }
      }
    });

    it('malformed JSON answers 400 with the specific message, in Chinese and in English', async () => {
      const zh = await t.anonymous().post('/api/auth/login', '{"username": "a",', { 'content-type': 'application/json' });
      expect(zh.status).toBe(400);
      expect(zh.body).toEqual({ statusCode: 400, error: 'error.malformed_json', message: '请求体不是合法的 JSON', requestId: zh.headers.get('x-request-id') });
      const en = await t.anonymous().post('/api/auth/login', '{"username": "a",', { 'content-type': 'application/json', 'accept-language': 'en-US' });
      expect(en.body).toEqual({ statusCode: 400, error: 'error.malformed_json', message: 'The request body is not valid JSON', requestId: en.headers.get('x-request-id') });
      const staff = await t.login('mal-staff');
      const signedIn = await staff.request('PATCH', `/api/records/${ids.ownRecord}?lang=en`, '{oops', { 'content-type': 'application/json' });
      expect([signedIn.status, signedIn.body.error]).toEqual([400, 'error.malformed_json']);
      // A page route shows the same message on its HTML error page.
      const page = await staff.request('POST', '/institution', '{oops', { 'content-type': 'application/json' });
      expect(page.status).toBe(400);
      expect(page.text).toContain('请求体不是合法的 JSON');
    });

    it('oversized bodies answer 413 with the specific message and unsupported charsets 415', async () => {
      const big = await t.anonymous().post('/api/auth/login', JSON.stringify({ username: 'x'.repeat(1_048_576), password: 'x' }), { 'accept-language': 'en' });
      expect(big.body).toEqual({ statusCode: 413, error: 'error.payload_too_large', message: 'The request body is too large', requestId: big.headers.get('x-request-id') });
      const charset = await t.anonymous().post('/api/auth/login', '{}', { 'content-type': 'application/json; charset=latin2' });
      expect([charset.status, charset.body.error]).toEqual([415, 'error.unsupported_media']);
    });
  });
}
