import * as path from 'node:path';
import { HOSPITAL_BUYER_MODEL } from '../support/model-fixtures';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { idNumberCheckChar } from '../../core/plugin-api';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { pdfRawText } from '../support/pdf-tools';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';
import { clueSubject } from '../support/warning-fixtures';

jest.setTimeout(240_000);

const id18 = (first17: string) => first17 + idNumberCheckChar(first17);
const TB = { name: '林晚舟', idNumber: id18('32010219750505123'), phone: '13700002222', address: '桃源村3组8号' };
const TAX = { idNumber: id18('33010219680808456') };
const TIPSTER = { name: '赵举报人', contact: '13912345678' };
const SECRETS: Record<string, string[]> = { 'TB patient': Object.values(TB), 'taxpayer ID': Object.values(TAX), tipster: Object.values(TIPSTER) };
const squash = (s: string) => s.replace(/[\s\u3000]+/g, '');

interface Route {
  method: string;
  path: string;
}
function expressRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack.flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => ({ method: m.toUpperCase(), path: l.route!.path })) : []));
}

/** Every text an output carries: pages and JSON as they are, PDFs through pdftotext, workbooks cell by cell, archives entry by entry. */
async function outputText(body: Buffer, type: string, name = ''): Promise<string> {
  if (type.includes('pdf') || name.endsWith('.pdf')) return body.subarray(0, 4).toString() === '%PDF' ? pdfRawText(body) : '';
  if (type.includes('spreadsheetml') || name.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => {
      cells.push(ws.name);
      ws.eachRow((row) => row.eachCell((c) => cells.push(c.text, JSON.stringify(c.value))));
    });
    return cells.join('\n');
  }
  if (type.includes('zip') || name.endsWith('.zip')) {
    const zip = await JSZip.loadAsync(body);
    const parts: string[] = [];
    for (const entry of Object.values(zip.files)) if (!entry.dir) parts.push(entry.name, await outputText(await entry.async('nodebuffer'), '', entry.name));
    return parts.join('\n');
  }
  if (/^image\/|font\//.test(type) || /\.(png|jpe?g|woff2?)$/.test(name)) return '';
  return body.toString('utf8');
}

/** Who holds the right to see each secret in clear; every other signed-in account (and the public) must never see it. */
const WITH_RIGHT: Record<string, string[]> = {
  'TB patient': ['taoyuan-doctor', 'dongxi-doctor', 'tbh-doctor', 'fs-tb-head'],
  // The county's discipline officer holds the discipline role over the units below it (issue #22 item 7); its leader does not.
  'taxpayer ID': ['tax-jijian', 'fs-tax-depthead', 'county-jijian'],
  tipster: ['hosp-jijian', 'county-jijian'],
};
const ACCOUNTS = ['admin', 'taoyuan-doctor', 'fs-tb-head', 'dongxi-doctor', 'tbh-doctor', 'fs-tb-officer', 'fs-stranger', 'tax-officer', 'fs-tax-head', 'fs-tax-depthead', 'tax-jijian', 'hosp-jijian', 'hosp-head', 'hosp-deputy', 'hosp-pharmacy-head', 'hosp-buyer', 'township-jijian', 'county-jijian', 'county-leader', 'anonymous'];

interface Output {
  url: string;
  kind: string;
  text: string;
}

/**
 * Field-level secrecy (issue #11 point 7). The outputs are generated from the router: every GET route, its path
 * parameters filled from FILL (a GET route with a parameter missing there fails the test), fetched by every account;
 * plus every plugin template issued as a PDF by every account. Pages and JSON are read as text, PDFs through
 * pdftotext, workbooks cell by cell, ZIP archives entry by entry.
 */
describe('field-level secrecy: identifying fields, taxpayer ID and tipster never reach an output for a role without the right', () => {
  let t: TestApp;
  let host: PluginHost;
  const clients = new Map<string, ApiClient>();
  const ids = { person: 0, referral: 0, taxpayer: 0, collection: 0, clue: 0, warning: 0, warnedPerson: 0 };
  let routes: Route[];
  const seen = new Map<string, Output[]>();

  const rows = async (sql: string): Promise<string[]> => (await t.db.read((m) => m.query(sql))).map((r: { v: unknown }) => String(r.v));

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-05-04T02:00:00Z', seed: 'demo' });
    host = t.app.get(PluginHost);
    await t.createUser('fs-tb-officer', [{ institution: 'taoyuan-village-clinic', role: 'discipline-officer' }]);
    await t.createUser('fs-tb-head', [{ institution: 'taoyuan-village-clinic', role: 'head' }]);
    await t.createUser('fs-stranger', [{ institution: 'meilin-village-clinic', role: 'staff' }]);
    await t.createUser('fs-tax-head', [{ institution: 'county-tax-bureau', role: 'head' }]);
    await t.createUser('fs-tax-depthead', [{ institution: 'county-tax-bureau', role: 'department-head' }]);
    for (const u of ACCOUNTS) clients.set(u, u === 'anonymous' ? t.anonymous() : await t.login(u, u.startsWith('fs-') ? undefined : DEMO_PASSWORD));
    const c = (u: string) => clients.get(u)!;

    // A warning model, so its routes are crawled too (a model holds no person's data, only field names and numbers).
    expect((await t.login('hosp-jijian', DEMO_PASSWORD).then((h) => h.post('/api/models', { definition: HOSPITAL_BUYER_MODEL }))).status).toBe(201);
    const P = '/api/plugins/tb-referral/records';
    ids.person = (await c('taoyuan-doctor').post(`${P}/tb-person`, { ...TB, sex: 'm', birthDate: '1975-05-05', village: '桃源村', firstVisitDate: '2026-05-01' })).body.id;
    const referral = await c('taoyuan-doctor').post(`${P}/tb-referral`, { referralNo: 'TB-TY-9001', person: ids.person, referralDate: '2026-04-20', symptoms: ['cough-2w'], referringDoctor: '钱玉梅' });
    expect(referral.status).toBe(201);
    ids.referral = referral.body.id;
    const T = '/api/plugins/tax-collection/records';
    const taxpayer = await c('tax-officer').post(`${T}/taxpayer`, { name: '个体户周某', kind: 'individual', idNumber: TAX.idNumber, industry: (host.recordType('tax-collection', 'taxpayer')!.fields.find((f) => f.key === 'industry')!.options![0].value), district: '城关分局', officer: '刘振华' });
    expect(taxpayer.status).toBe(201);
    ids.taxpayer = taxpayer.body.id;
    const collection = await c('tax-officer').post(`${T}/collection`, { collectionNo: 'ZS-2026-0401', taxpayer: ids.taxpayer, taxType: host.recordType('tax-collection', 'collection')!.fields.find((f) => f.key === 'taxType')!.options![0].value, period: '2026-03', assessedFen: 120000, assessedOn: '2026-04-10', officer: '刘振华' });
    expect(collection.status).toBe(201);
    ids.collection = collection.body.id;

    const tip = await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'county-hospital', subjectLabel: '药剂科陈思远', content: '陈思远收受医药代表回扣，时间为今年三月。', anonymous: false, ...TIPSTER });
    expect(tip.status).toBe(201);
    const clues = (await c('hosp-jijian').get('/api/warning/clues')).body.items as { id: number; tipster?: { name: string } }[];
    ids.clue = clues.find((x) => x.tipster?.name === TIPSTER.name)!.id;
    const warned = await c('hosp-jijian').post(`/api/warning/clues/${ids.clue}/warn`, { ...(await clueSubject(c('hosp-jijian'), ids.clue)), levelCode: 'blue', title: '收受回扣线索', reason: '网上举报' });
    expect(warned.status).toBe(201);
    ids.warning = warned.body.id;
    // The warned person's dossier lists the warning: one more page that could carry the clue's tipster.
    ids.warnedPerson = Number((await rows(`SELECT COALESCE(w.subject_person_id, p.id) AS v FROM warnings w, people p WHERE w.id = ${ids.warning} AND p.name = '陈思远'`))[0]);
    routes = expressRoutes(t).filter((r) => r.method === 'GET');
  });
  afterAll(() => t?.close());

  async function fetchOutput(client: ApiClient, url: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; type: string; body: Buffer; json?: any }> {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (client.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body) headers['content-type'] = 'application/json';
    const res = await fetch(t.url + url, { method: init.method ?? 'GET', headers, body: init.body ? JSON.stringify(init.body) : undefined, redirect: 'manual' });
    const body = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body, json: type.includes('json') ? JSON.parse(body.toString() || 'null') : undefined };
  }

  /** Path parameter values per GET route: each entry is one URL to fetch (query included). */
  async function fill(): Promise<Record<string, string[]>> {
    const plugins = host.plugins;
    const screens = plugins.flatMap((p) => (p.screens ?? []).map((s) => ({ plugin: p.id, screen: s })));
    const records = await t.db.read((m) => m.query(`SELECT id, plugin_id AS "pluginId", record_type AS "recordType" FROM plugin_records WHERE plugin_id IN ('tb-referral', 'tax-collection') ORDER BY id`));
    const templates = plugins.flatMap((p) => (p.templates ?? []).map((tp) => ({ plugin: p.id, id: `${p.id}/${tp.id}`, recordType: tp.recordType })));
    const OURS = ['taoyuan-village-clinic', 'dongxi-township-hc', 'district-tb-hospital', 'county-tax-bureau', 'county-hospital'];
    const ourInstitutions = await rows(`SELECT id AS v FROM institutions WHERE code IN (${OURS.map((c) => `'${c}'`).join(', ')})`);
    // Each indicator at the institutions of ours that enable its plugin (its drill-down lists their records).
    const at = async (plugin: string) => Promise.all(OURS.filter((c) => host.isEnabled(c, plugin)).map((c) => t.institutionId(c)));
    const indicators: { path: string; institutions: number[] }[] = [];
    for (const p of plugins) for (const i of p.indicators ?? []) indicators.push({ path: `${p.id}/${i.id}`, institutions: await at(p.id) });
    const docs = await rows('SELECT id AS v FROM issued_documents ORDER BY id');
    const first = async (table: string) => rows(`SELECT id AS v FROM ${table} ORDER BY id`).then((r) => r.slice(0, 1));
    const links: string[] = [];
    for (const r of records) {
      const res = await clients.get(r.pluginId === 'tb-referral' ? 'taoyuan-doctor' : 'tax-jijian')!.get(`/api/records/${r.id}/public-links`);
      for (const l of (res.status === 200 ? res.body : []) as { url: string }[]) links.push(new URL(l.url, t.url).pathname);
    }
    const recordIds = records.map((r: { id: number }) => String(r.id));
    return {
      '/api/records/:id': recordIds.map((id: string) => `/api/records/${id}`),
      '/api/records/:id/public-links': recordIds.map((id: string) => `/api/records/${id}/public-links`),
      '/api/records/:id/render': records.flatMap((r: { id: number; pluginId: string; recordType: string }) => templates.filter((tp) => tp.plugin === r.pluginId && (!tp.recordType || tp.recordType === r.recordType)).map((tp) => `/api/records/${r.id}/render?template=${tp.id}`)),
      '/api/plugins/:pluginId/records/:recordType': plugins.flatMap((p) => (p.recordTypes ?? []).flatMap((rt) => [`/api/plugins/${p.id}/records/${rt.id}`, `/api/plugins/${p.id}/records/${rt.id}?q=${encodeURIComponent('桃源')}`, `/api/plugins/${p.id}/records/${rt.id}?q=${encodeURIComponent('周某')}`])),
      '/p/:pluginId/:screenId': screens.flatMap((s) => [`/p/${s.plugin}/${s.screen.id}`, ...(s.screen.kind === 'list' && ['tb-referral', 'tax-collection'].includes(s.plugin) ? [`/p/${s.plugin}/${s.screen.id}?q=${encodeURIComponent('桃源')}`] : [])]),
      // The import page shows the register's columns and no record value: every list screen's, for every account.
      '/p/:pluginId/:screenId/import': screens.filter((s) => s.screen.kind === 'list').map((s) => `/p/${s.plugin}/${s.screen.id}/import`),
      '/p/:pluginId/:screenId/:id/edit': screens.filter((s) => s.screen.kind === 'form').flatMap((s) => records.filter((r: { pluginId: string; recordType: string }) => r.pluginId === s.plugin && r.recordType === s.screen.recordType).map((r: { id: number }) => `/p/${s.plugin}/${s.screen.id}/${r.id}/edit`)),
      '/check-in/:pluginId/:screenId': screens.filter((s) => s.screen.kind === 'check-in').map((s) => `/check-in/${s.plugin}/${s.screen.id}`),
      '/f/:pluginId/:formId/:code': links,
      '/public/:institutionCode/:pluginId/:screenId': screens.filter((s) => s.screen.public).flatMap((s) => host.institutions.filter((i) => host.isEnabled(i.code, s.plugin)).map((i) => `/public/${i.code}/${s.plugin}/${s.screen.id}`)),
      '/indicators/:pluginId/:indicatorId': indicators.flatMap((i) => i.institutions.map((inst) => `/indicators/${i.path}?institutionId=${inst}`)),
      '/api/indicators/:pluginId/:indicatorId/records': indicators.flatMap((i) => i.institutions.map((inst) => `/api/indicators/${i.path}/records?institutionId=${inst}`)),
      '/api/risk/presets/:pluginId': plugins.map((p) => `/api/risk/presets/${p.id}`),
      '/api/documents/:id': docs.map((d) => `/api/documents/${d}`),
      '/api/documents/:id/pdf': docs.map((d) => `/api/documents/${d}/pdf`),
      '/verify/:publicId': (await rows('SELECT public_id AS v FROM issued_documents ORDER BY id')).map((p) => `/verify/${p}`),
      '/api/documents/batches/:batchId': (await rows('SELECT public_id AS v FROM document_batches')).map((b) => `/api/documents/batches/${b}`),
      '/api/documents/batches/:batchId/zip': (await rows('SELECT public_id AS v FROM document_batches')).map((b) => `/api/documents/batches/${b}/zip`),
      '/documents/batches/:batchId': (await rows('SELECT public_id AS v FROM document_batches')).map((b) => `/documents/batches/${b}`),
      '/api/warning/clues/:id': (await rows('SELECT id AS v FROM warning_clues')).map((x) => `/api/warning/clues/${x}`),
      '/warning/clues/:id': (await rows('SELECT id AS v FROM warning_clues')).map((x) => `/warning/clues/${x}`),
      '/api/warning/assignments/:id': (await rows('SELECT id AS v FROM warning_assignments')).map((x) => `/api/warning/assignments/${x}`),
      '/warning/assignments/:id': (await rows('SELECT id AS v FROM warning_assignments')).map((x) => `/warning/assignments/${x}`),
      ...Object.fromEntries(['/api/warning/warnings/:id', '/warning/warnings/:id', '/api/warning/warnings/:id/archive.zip', '/api/warning/warnings/:id/interviewers'].map((r) => [r, [r.replace(':id', String(ids.warning))]])),
      '/api/warning/warnings/:id/evidence/:evidenceId': (await rows('SELECT id AS v FROM warning_evidence')).map((e) => `/api/warning/warnings/${ids.warning}/evidence/${e}`),
      '/api/assessment/dossiers/:personId': [`/api/assessment/dossiers/${ids.warnedPerson}`],
      '/assessment/dossiers/:personId': [`/assessment/dossiers/${ids.warnedPerson}`],
      ...Object.fromEntries(['/api/institutions/:id', '/api/institutions/:id/departments', '/api/institutions/:id/people', '/api/institutions/:id/posts', '/api/assessment/institutions/:id/indicators', '/api/assessment/institutions/:id/unit-ranking', '/api/assessment/units/:id/dossier', '/assessment/units/:id/dossier', '/county/units/:id'].map((r) => [r, ourInstitutions.map((i) => r.replace(':id', i))])),
      // Modules that hold none of the three secrets: their first object still gets fetched, so a leak through them shows.
      ...Object.fromEntries(
        await Promise.all(
          (
            [
              ['/api/risk/points/:id', 'risk_points'], ['/risk/points/:id', 'risk_points'], ['/api/risk/powers/:id', 'risk_powers'], ['/risk/powers/:id', 'risk_powers'], ['/api/risk/powers/:id/flow-chart', 'risk_powers'],
              ['/api/risk/publications/:id', 'risk_publications'], ['/risk/publications/:id', 'risk_publications'],
              ['/admin/accounts/:id', 'users'],
              ['/api/models/:id', 'warning_models'], ['/api/models/:id/export', 'warning_models'], ['/warning/models/:id', 'warning_models'], ['/warning/models/:id/edit', 'warning_models'],
              ['/api/assessment/rounds/:id', 'evaluation_rounds'], ['/assessment/rounds/:id/vote', 'evaluation_rounds'],
              ...['', '/evidence', '/results', '/self-reports'].map((s) => [`/api/assessment/schemes/:id${s}`, 'assessment_schemes']),
              ...['', '/edit', '/export.xlsx', '/self-report'].map((s) => [`/assessment/schemes/:id${s}`, 'assessment_schemes']),
            ] as [string, string][]
          ).map(async ([r, table]) => [r, (await first(table)).map((x) => r.replace(':id', x))]),
        ),
      ),
      // The organisation screens at two institutions of ours (the crawl's time is bounded); a person's page shows the contacts, masked.
      ...Object.fromEntries(['', '/posts', '/people', '/people/export', '/people/template', '/people/new'].map((r) => [`/admin/org/:id${r}`, ourInstitutions.slice(0, 2).map((i) => `/admin/org/${i}${r}`)])),
      '/admin/org/:id/people/:personId': ((await t.db.read((m) => m.query(`SELECT institution_id AS i, MIN(id) AS p FROM people WHERE institution_id IN (${ourInstitutions.join(', ')}) GROUP BY institution_id`))) as { i: number; p: number }[]).slice(0, 2).map((r) => `/admin/org/${r.i}/people/${r.p}`),
      '/admin/calendar/:year': ['/admin/calendar/2026', '/admin/calendar/2027'],
      // Institution settings hold names, presets, plugin options and thresholds, no record field (system admins only).
      '/admin/institutions/:code': [],
      '/admin/institutions/:code/plugins': [],
      '/admin/institutions/:code/export': [],
      // A parameterless list read from above (the county board's links): each unit of ours besides the caller's own.
      ...Object.fromEntries(['/warning/rule-hits', '/api/warning/rule-hits'].map((r) => [r, ourInstitutions.map((i) => `${r}?institutionId=${i}`)])),
      '/assets/fonts/:file': [],
      '/lang/:lang': [],
    };
  }

  /** Query variants for parameterless routes that answer 400 without them (the exports and reports). */
  const EXTRA_QUERIES: Record<string, string[]> = {
    '/api/risk/export': ['catalogue', 'summary', 'form1', 'form2', 'form3'].map((k) => `?kind=${k}`),
    '/api/warning/reports/quarterly': ['?year=2026&quarter=2'],
    // The list exports answer without a query too; filtered, they still carry only what the list shows.
    '/warning/board/export.xlsx': ['?kind=clue', '?kind=clue&overdue=1'],
    '/documents/export.xlsx': [`?q=${encodeURIComponent(TB.name)}`],
  };

  function record(account: string, out: Output) {
    if (!seen.has(account)) seen.set(account, []);
    seen.get(account)!.push(out);
  }

  async function collect(account: string, url: string, init?: { method?: string; body?: unknown }): Promise<number> {
    const res = await fetchOutput(clients.get(account)!, url, init);
    if (res.status >= 500) throw new Error(`${account} ${url}: ${res.status} ${res.body.toString().slice(0, 200)}`);
    const kind = res.type.includes('pdf') ? 'pdf' : res.type.includes('spreadsheetml') ? 'xlsx' : res.type.includes('zip') ? 'zip' : res.type.includes('csv') ? 'csv' : res.type.includes('html') ? 'html' : res.type.includes('json') ? 'json' : res.type.split(';')[0] || 'empty';
    record(account, { url: `${init?.method ?? 'GET'} ${url}`, kind, text: await outputText(res.body, res.type) });
    return res.status;
  }

  it('every GET route with a path parameter has a way to fill it', async () => {
    const filled = await fill();
    const missing = routes.filter((r) => r.path.includes(':') && !(r.path in filled)).map((r) => r.path);
    expect({ 'GET route without a fill rule': missing }).toEqual({ 'GET route without a fill rule': [] });
    const gone = Object.keys(filled).filter((k) => !routes.some((r) => r.path === k));
    expect(gone).toEqual([]);
  });

  it('issues every plugin template of these records as a PDF, as every account that may', async () => {
    const records = await t.db.read((m) => m.query(`SELECT id, plugin_id AS "pluginId", record_type AS "recordType" FROM plugin_records WHERE plugin_id IN ('tb-referral', 'tax-collection') ORDER BY id`));
    let issued = 0;
    for (const account of ACCOUNTS) {
      for (const r of records as { id: number; pluginId: string; recordType: string }[]) {
        for (const tp of host.plugin(r.pluginId)!.templates ?? []) {
          if (tp.recordType && tp.recordType !== r.recordType) continue;
          const res = await fetchOutput(clients.get(account)!, `/api/records/${r.id}/issue`, { method: 'POST', body: { template: `${r.pluginId}/${tp.id}` } });
          expect(res.status).toBeLessThan(500);
          if (res.status !== 201) continue;
          issued++;
          await collect(account, `/api/documents/${res.json.id}/pdf`);
        }
      }
    }
    expect(issued).toBeGreaterThan(0);
  });

  it('crawls every output for every account', async () => {
    const filled = await fill();
    const urls: string[] = [];
    for (const r of routes) {
      if (r.path.includes(':')) urls.push(...filled[r.path]);
      else urls.push(r.path, ...(EXTRA_QUERIES[r.path] ?? []).map((q) => r.path + q), ...(filled[r.path] ?? []));
    }
    // Four requests at a time per account: bounded, and the pages' own reads overlap.
    for (const account of ACCOUNTS) for (let i = 0; i < urls.length; i += 4) await Promise.all(urls.slice(i, i + 4).map((url) => collect(account, url)));
    console.log(`field secrecy: ${urls.length} URLs × ${ACCOUNTS.length} accounts`);
  });

  it('no account without the right sees a clear value anywhere; the accounts with it do see each value', () => {
    const leaks: string[] = [];
    const shown = new Map<string, Set<string>>();
    const kinds = new Map<string, number>();
    for (const [account, outputs] of seen) {
      for (const out of outputs) {
        kinds.set(out.kind, (kinds.get(out.kind) ?? 0) + 1);
        const text = squash(out.text);
        for (const [group, values] of Object.entries(SECRETS)) {
          for (const v of values) {
            if (!text.includes(squash(v))) continue;
            if (WITH_RIGHT[group].includes(account)) {
              if (!shown.has(v)) shown.set(v, new Set());
              shown.get(v)!.add(out.kind);
            } else leaks.push(`${account} ${out.url} (${out.kind}) shows the ${group}'s ${v}`);
          }
        }
      }
    }
    console.log(`outputs by kind: ${JSON.stringify(Object.fromEntries(kinds))}; clear values seen by the rightful accounts: ${JSON.stringify(Object.fromEntries([...shown].map(([k, v]) => [k, [...v]])))}`);
    expect(leaks).toEqual([]);
    // Without this the test could pass by showing nothing: every secret reaches its rightful readers in JSON and HTML.
    for (const v of Object.values(SECRETS).flat()) expect({ v, kinds: [...(shown.get(v) ?? [])].filter((k) => k === 'json' || k === 'html').sort() }).toEqual({ v, kinds: ['html', 'json'] });
    expect([...(shown.get(TB.name) ?? [])]).toContain('pdf');
  });
});
