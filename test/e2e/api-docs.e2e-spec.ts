import { RequestMethod } from '@nestjs/common';
import * as path from 'node:path';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { PUBLIC_KEY } from '../../core/auth/auth.decorators';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { ERROR_BODY, recordSchemaName, recordViewSchemaName } from '../../core/http/api-docs';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { schemaProblems } from '../support/schema-check';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const HAN = /\p{Script=Han}/u;
const BODY_METHODS = new Set(['post', 'put', 'patch']);
const ERROR_REF = `#/components/schemas/${ERROR_BODY}`;

interface Route {
  method: string;
  path: string;
  takesBody: boolean;
  isPublic: boolean;
  /** @HttpCode, else what Nest answers by default (201 for POST). */
  status: number;
  /** The handler takes the response object (@Res): it may set another status or stream a file. */
  usesResponse: boolean;
}

/** Every documented route as Nest registered it: the document is checked against the code, not against itself. */
function documentedRoutes(t: TestApp): Route[] {
  const routes: Route[] = [];
  const join = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  for (const mod of t.app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctor = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!ctor || Reflect.getMetadata(DECORATORS.API_EXCLUDE_CONTROLLER, ctor)?.[0]) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctor) ?? '');
      for (const name of Object.getOwnPropertyNames(ctor.prototype)) {
        const handler = (ctor.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler);
        if (sub === undefined || Reflect.getMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, handler)?.disable) continue;
        const args = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, ctor, name) ?? {});
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
        routes.push({
          method,
          path: join(base, String(sub)).replace(/:([A-Za-z0-9_]+)/g, '{$1}'),
          takesBody: args.some((k) => k.split(':')[0] === String(RouteParamtypes.BODY) || k.split(':')[0] === String(RouteParamtypes.FILE)),
          isPublic: Reflect.getMetadata(PUBLIC_KEY, handler) === true || Reflect.getMetadata(PUBLIC_KEY, ctor) === true,
          status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'post' ? 201 : 200),
          usesResponse: args.some((k) => k.split(':')[0] === String(RouteParamtypes.RESPONSE)),
        });
      }
    }
  }
  return routes;
}

/** /api/docs-json: every operation carries a Chinese summary, its error answers and (when it takes one) a body schema. */
describe('API document', () => {
  let t: TestApp;
  let doc: any;
  let ops: { key: string; method: string; path: string; op: any }[];

  beforeAll(async () => {
    t = await startTestApp({});
    const res = await t.anonymous().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
    );
  });
  afterAll(() => t?.close());

  it('documents exactly the routes not marked as screens', () => {
    expect(ops.map((o) => o.key).sort()).toEqual(documentedRoutes(t).map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
    expect(ops.length).toBeGreaterThan(150);
  });

  it('gives every operation a summary in Chinese', () => {
    expect(ops.filter((o) => !HAN.test(o.op.summary ?? '')).map((o) => o.key)).toEqual([]);
  });

  it('gives every operation at least one 4xx answer with the shared ErrorBody', () => {
    const errorsOf = (op: any) => Object.entries(op.responses ?? {}).filter(([status, r]: [string, any]) => /^4\d\d$/.test(status) && r.content?.['application/json']?.schema?.$ref === ERROR_REF);
    expect(ops.filter((o) => errorsOf(o.op).length === 0).map((o) => o.key)).toEqual([]);
    expect(ops.filter((o) => Object.keys(o.op.responses).some((s) => /^4/.test(s) && !HAN.test(o.op.responses[s].description))).map((o) => o.key)).toEqual([]);
  });

  it('answers 401 exactly where a sign-in is needed, 404 where the path names an object, 429 where attempts are limited', () => {
    const routes = new Map(documentedRoutes(t).map((r) => [`${r.method.toUpperCase()} ${r.path}`, r]));
    const wrong401 = ops.filter((o) => routes.get(o.key)!.isPublic === '401' in o.op.responses).map((o) => o.key);
    expect(wrong401).toEqual([]);
    for (const key of ['GET /api/health', 'POST /api/auth/login', 'POST /api/public/tipoffs', 'POST /api/public/tipoffs/status']) {
      expect(routes.get(key)?.isPublic).toBe(true);
      expect(ops.find((o) => o.key === key)!.op.security).toEqual([]);
    }
    expect(ops.filter((o) => o.path.includes('{') && !o.op.responses['404']).map((o) => o.key)).toEqual([]);
    for (const key of ['POST /api/auth/login', 'POST /api/public/tipoffs', 'POST /api/public/tipoffs/status']) expect(ops.find((o) => o.key === key)!.op.responses['429']).toBeDefined();
    // The markers that carried this into the document are not left in it.
    expect(JSON.stringify(doc)).not.toMatch(/"x-(public|rate-limited)"/);
  });

  it('gives every POST, PUT and PATCH that reads a body a request body with a schema', () => {
    const takesBody = new Set(documentedRoutes(t).filter((r) => r.takesBody).map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const lacking = ops.filter((o) => BODY_METHODS.has(o.method) && takesBody.has(o.key)).filter((o) => {
      const content = o.op.requestBody?.content ?? {};
      return !Object.values(content).some((c: any) => c.schema && (c.schema.$ref || c.schema.type || c.schema.oneOf));
    });
    expect(lacking.map((o) => o.key)).toEqual([]);
  });

  it('gives every operation its success answer: a JSON schema, a file (format: binary), a page, no content or a redirect', () => {
    const described = (status: string, r: any) => {
      const content = Object.entries(r.content ?? {}) as [string, any][];
      if (status === '204' || /^3/.test(status)) return content.length === 0;
      if (!/^2/.test(status) || !content.length) return false;
      return content.every(([type, c]) => {
        const schema = c.schema ?? {};
        if (type === 'application/json') return !!(schema.$ref || schema.type || schema.oneOf || schema.allOf || schema.anyOf);
        if (type === 'text/html') return schema.type === 'string';
        return schema.type === 'string' && schema.format === 'binary';
      });
    };
    const lacking = ops.filter((o) => !Object.entries(o.op.responses).some(([status, r]) => described(status, r)));
    expect(lacking.map((o) => o.key)).toEqual([]);
    // Every documented success has a Chinese description, and JSON answers name their schema (no bare `object`).
    const answers = ops.flatMap((o) => Object.entries(o.op.responses as Record<string, any>).filter(([st]) => /^[23]/.test(st)).map(([st, r]) => ({ key: `${o.key} ${st}`, r })));
    expect(answers.filter((a) => !HAN.test(a.r.description ?? '')).map((a) => a.key)).toEqual([]);
    const bare = answers.filter((a) => {
      const schema = a.r.content?.['application/json']?.schema;
      const inner = schema?.type === 'array' ? schema.items : schema;
      return inner && !inner.$ref && !inner.oneOf && !inner.allOf && !inner.properties;
    });
    expect(bare.map((a) => a.key)).toEqual([]);
    // The status documented is the one the handler answers (unless it sets its own through the response object).
    const routes = new Map(documentedRoutes(t).map((r) => [`${r.method.toUpperCase()} ${r.path}`, r]));
    const wrongStatus = ops.filter((o) => {
      const route = routes.get(o.key)!;
      const documented = Object.keys(o.op.responses).filter((st) => /^[23]/.test(st)).map(Number);
      return route.usesResponse ? !documented.length : !documented.includes(route.status);
    });
    expect(wrongStatus.map((o) => `${o.key} answers ${routes.get(o.key)!.status}`)).toEqual([]);
    console.log(`API document: ${ops.length} operations, each with a documented success answer`);
  });

  it('describes ErrorBody with the keys of real error answers (a 400 with field problems, a 404)', async () => {
    const anon = t.anonymous();
    const bad = await anon.post('/api/auth/login', { username: 'someone' });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.length).toBeGreaterThan(0);
    const missing = await anon.get('/api/no-such-route');
    expect(missing.status).toBe(404);
    const schema = doc.components.schemas[ERROR_BODY];
    expect(Object.keys(schema.properties).sort()).toEqual([...new Set([...Object.keys(bad.body), ...Object.keys(missing.body)])].sort());
    for (const body of [bad.body, missing.body]) {
      expect(Object.keys(body)).toEqual(expect.arrayContaining(schema.required));
      for (const [key, value] of Object.entries(body)) expect(Array.isArray(value) ? 'array' : typeof value === 'number' ? 'integer' : typeof value).toBe(schema.properties[key].type);
    }
    expect(Object.keys(schema.properties.details.items.properties).sort()).toEqual(Object.keys(bad.body.details[0]).sort());
  });

  it('has a body schema for every installed plugin record type, from its field declarations', () => {
    const create = ops.find((o) => o.key === 'POST /api/plugins/{pluginId}/records/{recordType}')!.op;
    const update = ops.find((o) => o.key === 'PATCH /api/records/{id}')!.op;
    const refs = (op: any) => op.requestBody.content['application/json'].schema.oneOf.map((s: any) => s.$ref);
    let types = 0;
    for (const plugin of [...INSTALLED_PLUGINS, testPlugin]) {
      for (const type of plugin.recordTypes ?? []) {
        types++;
        const name = recordSchemaName(plugin.id, type.id);
        const schema = doc.components.schemas[name];
        expect({ name, keys: Object.keys(schema?.properties ?? {}) }).toEqual({ name, keys: type.fields.map((f) => f.key) });
        expect(schema.required ?? []).toEqual(type.fields.filter((f) => f.required).map((f) => f.key));
        expect(schema.additionalProperties).toBe(false);
        for (const f of type.fields) {
          const p = schema.properties[f.key];
          expect(p.title).toBe(f.label.zh);
          if (f.type === 'money') expect({ key: f.key, type: p.type, fen: p.description.includes('分') }).toEqual({ key: f.key, type: 'integer', fen: true });
          if (f.type === 'enum') expect(p.enum).toEqual(f.options!.map((o) => o.value));
          if (f.type === 'multi-enum') expect(p.items.enum).toEqual(f.options!.map((o) => o.value));
          if (f.type === 'date') expect(p.format).toBe('date');
          if (f.type === 'rows') expect(Object.keys(p.items.properties)).toEqual(f.columns!.map((c) => c.key));
        }
        expect(doc.components.schemas[recordSchemaName(plugin.id, type.id, true)].required).toBeUndefined();
        expect(refs(create)).toContain(`#/components/schemas/${name}`);
        expect(refs(update)).toContain(`#/components/schemas/${recordSchemaName(plugin.id, type.id, true)}`);
      }
    }
    expect(types).toBeGreaterThan(5);
    expect(refs(create)).toHaveLength(types);
    // Answers: the record as the API shows it, one schema per type, told apart by pluginId and recordType.
    const answerRefs = (op: any, status: string, page = false) => {
      const schema = op.responses[status].content['application/json'].schema;
      return (page ? schema.properties.items.items : schema).oneOf.map((x: any) => x.$ref);
    };
    const list = ops.find((o) => o.key === 'GET /api/plugins/{pluginId}/records/{recordType}')!.op;
    const read = ops.find((o) => o.key === 'GET /api/records/{id}')!.op;
    for (const plugin of [...INSTALLED_PLUGINS, testPlugin]) {
      for (const type of plugin.recordTypes ?? []) {
        const ref = `#/components/schemas/${recordViewSchemaName(plugin.id, type.id)}`;
        for (const got of [answerRefs(create, '201'), answerRefs(update, '200'), answerRefs(read, '200'), answerRefs(list, '200', true)]) expect(got).toContain(ref);
        const view = doc.components.schemas[recordViewSchemaName(plugin.id, type.id)];
        expect(view.properties.pluginId.enum).toEqual([plugin.id]);
        expect(Object.keys(view.properties.values.properties)).toEqual(type.fields.map((f) => f.key));
      }
    }
    console.log(`API document: ${types} plugin record types, each with a create and an update schema`);
  });
});

/**
 * The schemas are honest: real answers of a seeded app (as `npm start --demo` seeds it) fit the documented success
 * schema, with no key the schema does not declare, through test/support/schema-check.ts.
 */
describe('API document: answers fit their schemas', () => {
  let t: TestApp;
  let doc: any;
  let officer: ApiClient;
  let county: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
    doc = (await t.anonymous().get('/api/docs-json')).body;
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    county = await t.login('county-jijian', DEMO_PASSWORD);
    admin = await t.login('admin', DEMO_PASSWORD);
  }, 600_000);
  afterAll(() => t?.close());

  /** The documented schema of the 200 answer of `template`, or undefined. */
  const schemaOf = (template: string) => doc.paths[template]?.get?.responses?.['200']?.content?.['application/json']?.schema;

  /** Calls `url` (an instance of `template`) and returns what does not fit; also the body, to find ids for the next calls. */
  async function check(client: ApiClient, template: string, url: string): Promise<{ problems: string[]; body: any }> {
    const res = await client.get(url);
    if (res.status !== 200) return { problems: [`GET ${url}: ${res.status} ${res.text.slice(0, 200)}`], body: undefined };
    const schema = schemaOf(template);
    if (!schema) return { problems: [`GET ${template}: no documented 200 JSON schema`], body: res.body };
    return { problems: schemaProblems(res.body, schema, doc).map((p) => `GET ${url} ${p}`), body: res.body };
  }

  it('answers of GET routes across the modules fit their documented schemas, with no undeclared keys', async () => {
    const problems: string[] = [];
    const checked = new Set<string>();
    const run = async (client: ApiClient, template: string, url = template) => {
      const r = await check(client, template, url);
      problems.push(...r.problems);
      checked.add(template);
      return r.body;
    };
    // auth, audit, health, plugins, documents
    const me = await run(officer, '/api/me');
    await run(admin, '/api/users');
    await run(admin, '/api/audit/verify');
    await run(officer, '/api/plugins');
    const documents = await run(officer, '/api/documents');
    expect(documents.items.length).toBeGreaterThan(0);
    await run(officer, '/api/documents/{id}', `/api/documents/${documents.items[0].id}`);
    // org
    const inst = me.currentInstitutionId;
    await run(officer, '/api/institutions');
    await run(officer, '/api/institutions/{id}', `/api/institutions/${inst}`);
    const departments = await run(officer, '/api/institutions/{id}/departments', `/api/institutions/${inst}/departments`);
    await run(officer, '/api/institutions/{id}/posts', `/api/institutions/${inst}/posts`);
    const people = await run(officer, '/api/institutions/{id}/people', `/api/institutions/${inst}/people`);
    // risk
    await run(officer, '/api/risk/settings');
    const powers = await run(officer, '/api/risk/powers');
    await run(officer, '/api/risk/powers/{id}', `/api/risk/powers/${powers[0].id}`);
    const points = await run(officer, '/api/risk/points');
    for (const p of points.items.slice(0, 3)) await run(officer, '/api/risk/points/{id}', `/api/risk/points/${p.id}`);
    await run(officer, '/api/risk/points/top');
    const publications = await run(officer, '/api/risk/publications');
    await run(officer, '/api/risk/publications/{id}', `/api/risk/publications/${publications[0].id}`);
    await run(officer, '/api/risk/commitments');
    await run(officer, '/api/risk/self-checks');
    await run(officer, '/api/risk/rotation');
    await run(officer, '/api/risk/messages');
    await run(officer, '/api/risk/messages/unread-count');
    const presets = await run(officer, '/api/risk/presets');
    await run(officer, '/api/risk/presets/{pluginId}', `/api/risk/presets/${presets[0].pluginId}`);
    // warning
    await run(officer, '/api/warning/levels');
    const clues = await run(officer, '/api/warning/clues');
    for (const c of clues.items.slice(0, 3)) await run(officer, '/api/warning/clues/{id}', `/api/warning/clues/${c.id}`);
    const warnings = await run(officer, '/api/warning/warnings');
    expect(warnings.items.length).toBeGreaterThan(0);
    await run(officer, '/api/warning/warnings/{id}', `/api/warning/warnings/${warnings.items[0].id}`);
    await run(officer, '/api/warning/warnings/{id}/interviewers', `/api/warning/warnings/${warnings.items[0].id}/interviewers`);
    await run(officer, '/api/warning/reports/quarterly', '/api/warning/reports/quarterly?year=2026&quarter=4');
    await run(officer, '/api/warning/messages');
    await run(county, '/api/warning/assignments');
    await run(county, '/api/warning/rule-hits');
    // assessment
    const schemes = await run(officer, '/api/assessment/schemes');
    for (const s of schemes) {
      const detail = await run(officer, '/api/assessment/schemes/{id}', `/api/assessment/schemes/${s.id}`);
      await run(officer, '/api/assessment/schemes/{id}/results', `/api/assessment/schemes/${s.id}/results`);
      await run(officer, '/api/assessment/schemes/{id}/evidence', `/api/assessment/schemes/${s.id}/evidence`);
      await run(officer, '/api/assessment/schemes/{id}/self-reports', `/api/assessment/schemes/${s.id}/self-reports`);
      for (const r of detail.rounds) await run(officer, '/api/assessment/rounds/{id}', `/api/assessment/rounds/${r.id}`);
    }
    await run(officer, '/api/assessment/institutions/{id}/indicators', `/api/assessment/institutions/${inst}/indicators`);
    await run(county, '/api/assessment/institutions/{id}/unit-ranking', `/api/assessment/institutions/${(await county.get('/api/me')).body.currentInstitutionId}/unit-ranking`);
    await run(county, '/api/assessment/units/{id}/dossier', `/api/assessment/units/${inst}/dossier`);
    await run(officer, '/api/assessment/rounds/mine');
    for (const p of people.slice(0, 3)) await run(officer, '/api/assessment/dossiers/{personId}', `/api/assessment/dossiers/${p.id}`);
    // oversight
    await run(county, '/api/county/board');
    // records, rules, indicators: every record type of the installed plugins that has records
    await run(county, '/api/indicators');
    await run(officer, '/api/indicators');
    const indicators = (await officer.get('/api/indicators')).body.indicators;
    if (indicators[0]) await run(officer, '/api/indicators/{pluginId}/{indicatorId}/records', `/api/indicators/${indicators[0].id}/records`);
    await run(officer, '/api/rule-hits');
    let records = 0;
    for (const p of await (await officer.get('/api/plugins')).body) {
      for (const type of p.recordTypes) {
        for (const client of [officer, county]) {
          const list = await run(client, '/api/plugins/{pluginId}/records/{recordType}', `/api/plugins/${p.id}/records/${type.id}?pageSize=5`);
          for (const r of list?.items?.slice(0, 2) ?? []) {
            records++;
            await run(client, '/api/records/{id}', `/api/records/${r.id}`);
            await run(client, '/api/records/{id}/public-links', `/api/records/${r.id}/public-links`);
          }
        }
      }
    }
    expect(departments.length).toBeGreaterThan(0);
    expect(records).toBeGreaterThan(10);
    expect(problems).toEqual([]);
    expect(checked.size).toBeGreaterThanOrEqual(25);
    console.log(`API document: ${checked.size} GET routes' real answers checked against their schemas (${records} plugin records)`);
  });

  it('the checker itself finds a missing key, an undeclared key, a wrong type and a null where none is allowed', () => {
    const schema = schemaOf('/api/me');
    const me = { id: 1, username: 'a', displayName: 'A', isSystemAdmin: false, mustChangePassword: false, roles: [], currentInstitutionId: null, visibleInstitutionIds: [1], csrfToken: 'x' };
    expect(schemaProblems(me, schema, doc)).toEqual([]);
    const { csrfToken: _c, ...missing } = me;
    expect(schemaProblems(missing, schema, doc)).toEqual(['$: required csrfToken is missing']);
    expect(schemaProblems({ ...me, extra: 1 }, schema, doc)).toEqual(['$.extra: not in the schema']);
    expect(schemaProblems({ ...me, id: '1' }, schema, doc)).toEqual(['$.id: string where the schema says integer']);
    expect(schemaProblems({ ...me, username: null }, schema, doc)).toEqual(['$.username: null but not nullable']);
    expect(schemaProblems({ ...me, roles: [{ institutionId: 1, role: 'no-such-role', includeDescendants: false, institutionName: 'x' }] }, schema, doc)).toEqual([
      expect.stringContaining('$.roles[0].role: "no-such-role" not in enum'),
    ]);
  });
});
