import * as path from 'node:path';
import { HOSPITAL_BUYER_MODEL } from '../support/model-fixtures';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { answerText, ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(240_000);

/**
 * #25 point 6, generated from the router: every GET route addressing an object by id, for demo accounts of every
 * rank, on objects of the institutions each account sees. An object the account may not read answers exactly like a
 * missing id (status and body) and the attempt is logged; a refusal that differs (403, 409) is allowed only where the
 * account may read the object, as its reading route (`via`) shows. The cross-institution case is the isolation matrix's.
 *
 * `sql` lists a route's path parameters for objects placed in the institutions `:inst`.
 */
interface Objects {
  sql: string;
  via?: string;
}
const of = (table: string, via?: string): Objects => ({ sql: `SELECT id FROM ${table} WHERE institution_id IN (:inst)`, via });
const SCHEME = 'GET /assessment/schemes/:id';
const OBJECTS: Record<string, Objects> = {
  'GET /api/risk/points/:id': of('risk_points'),
  'GET /risk/points/:id': of('risk_points'),
  'GET /api/risk/powers/:id': of('risk_powers'),
  'GET /risk/powers/:id': of('risk_powers'),
  'GET /api/risk/powers/:id/flow-chart': { sql: 'SELECT id FROM risk_powers WHERE institution_id IN (:inst) AND flow_chart_file_id IS NOT NULL', via: 'GET /api/risk/powers/:id' },
  'GET /api/risk/publications/:id': of('risk_publications'),
  'GET /risk/publications/:id': of('risk_publications'),
  'GET /api/warning/clues/:id': of('warning_clues'),
  'GET /warning/clues/:id': of('warning_clues'),
  'GET /api/warning/assignments/:id': of('warning_assignments'),
  'GET /warning/assignments/:id': of('warning_assignments'),
  'GET /api/warning/warnings/:id': of('warnings'),
  'GET /warning/warnings/:id': of('warnings'),
  'GET /api/warning/warnings/:id/archive.zip': of('warnings', 'GET /api/warning/warnings/:id'),
  'GET /api/warning/warnings/:id/interviewers': of('warnings', 'GET /api/warning/warnings/:id'),
  'GET /api/warning/warnings/:id/evidence/:evidenceId': { sql: 'SELECT warning_id AS id, id AS evidenceId FROM warning_evidence WHERE institution_id IN (:inst)', via: 'GET /api/warning/warnings/:id' },
  'GET /api/assessment/dossiers/:personId': { sql: 'SELECT id AS personId FROM people WHERE institution_id IN (:inst)' },
  'GET /assessment/dossiers/:personId': { sql: 'SELECT id AS personId FROM people WHERE institution_id IN (:inst)' },
  'GET /api/assessment/rounds/:id': of('evaluation_rounds'),
  'GET /assessment/rounds/:id/vote': of('evaluation_rounds', 'GET /api/assessment/rounds/:id'),
  [SCHEME]: of('assessment_schemes'),
  'GET /api/assessment/schemes/:id': of('assessment_schemes', SCHEME),
  'GET /api/assessment/schemes/:id/evidence': of('assessment_schemes', SCHEME),
  'GET /api/assessment/schemes/:id/results': of('assessment_schemes', SCHEME),
  'GET /api/assessment/schemes/:id/self-reports': of('assessment_schemes', SCHEME),
  'GET /assessment/schemes/:id/edit': of('assessment_schemes', SCHEME),
  'GET /assessment/schemes/:id/export.xlsx': of('assessment_schemes', SCHEME),
  'GET /assessment/schemes/:id/self-report': of('assessment_schemes', SCHEME),
  'GET /api/models/:id': of('warning_models'),
  'GET /api/models/:id/export': of('warning_models', 'GET /api/models/:id'),
  'GET /warning/models/:id': of('warning_models', 'GET /api/models/:id'),
  'GET /warning/models/:id/edit': of('warning_models', 'GET /api/models/:id'),
  'GET /api/documents/:id': of('issued_documents'),
  'GET /api/documents/:id/pdf': of('issued_documents', 'GET /api/documents/:id'),
  'GET /api/documents/batches/:batchId': { sql: 'SELECT public_id AS batchId FROM document_batches WHERE institution_id IN (:inst)' },
  'GET /api/documents/batches/:batchId/zip': { sql: 'SELECT public_id AS batchId FROM document_batches WHERE institution_id IN (:inst)', via: 'GET /api/documents/batches/:batchId' },
  'GET /documents/batches/:batchId': { sql: 'SELECT public_id AS batchId FROM document_batches WHERE institution_id IN (:inst)' },
  'GET /api/records/:id': of('plugin_records'),
  'GET /api/records/:id/public-links': of('plugin_records', 'GET /api/records/:id'),
  'GET /p/:pluginId/:screenId/:id/edit': {
    sql: "SELECT 'hospital-procurement' AS pluginId, 'new-project' AS screenId, id FROM plugin_records WHERE institution_id IN (:inst) AND plugin_id = 'hospital-procurement' AND record_type = 'procurement-project'",
    via: 'GET /api/records/:id',
  },
};

/** GET routes with a path parameter that address no secret object, with the reason. */
const NOT_OBJECTS: Record<string, string> = {
  'GET /api/institutions/:id': 'the institutions the caller sees are no secret to it',
  'GET /admin/accounts/:id': 'system admins only: every other account gets the same 403 for any id, existing or not',
  'GET /admin/calendar/:year': 'a calendar year, the same for every institution; system admins only',
  'GET /admin/institutions/:code': "an institution's settings; system admins only, who see every institution",
  'GET /admin/institutions/:code/plugins': 'as above',
  'GET /admin/institutions/:code/export': 'as above',
  'GET /api/institutions/:id/departments': 'as above',
  'GET /api/institutions/:id/people': 'as above',
  'GET /api/institutions/:id/posts': 'as above',
  'GET /admin/org/:id': 'system admins and heads (@Roles): every other account gets the same 403 for any id; a head sees its own institutions only (the isolation matrix checks the others)',
  'GET /admin/org/:id/posts': 'as GET /admin/org/:id',
  'GET /admin/org/:id/people': 'as GET /admin/org/:id',
  'GET /admin/org/:id/people/export': 'as GET /admin/org/:id',
  'GET /admin/org/:id/people/template': 'as GET /admin/org/:id',
  'GET /admin/org/:id/people/new': 'as GET /admin/org/:id',
  'GET /admin/org/:id/people/:personId': 'as GET /admin/org/:id',
  'GET /api/assessment/institutions/:id/indicators': 'as above',
  'GET /api/assessment/institutions/:id/unit-ranking': 'as above',
  'GET /api/assessment/units/:id/dossier': 'as above: a unit’s assessment record, addressed by its institution',
  'GET /assessment/units/:id/dossier': 'as above',
  'GET /county/units/:id': 'as above: a unit’s figures on the county board, addressed by its institution',
  'GET /api/records/:id/render': 'renders a template chosen by query (a PDF per request); the record is read as by GET /api/records/:id',
  'GET /api/risk/presets/:pluginId': 'a plugin’s preset catalogue',
  'GET /api/plugins/:pluginId/records/:recordType': 'a list',
  'GET /api/indicators/:pluginId/:indicatorId/records': 'an indicator of an institution',
  'GET /indicators/:pluginId/:indicatorId': 'an indicator of an institution',
  'GET /p/:pluginId/:screenId': 'a plugin screen',
  'GET /p/:pluginId/:screenId/import': 'the import page of a plugin register (the caller’s institution)',
  'GET /check-in/:pluginId/:screenId': 'a check-in screen',
  'GET /f/:pluginId/:formId/:code': 'public by design',
  'GET /public/:institutionCode/:pluginId/:screenId': 'public by design',
  'GET /verify/:publicId': 'public by design',
  'GET /assets/fonts/:file': 'bundled fonts',
  'GET /lang/:lang': 'switches the language',
};

// Every rank of the county hospital (where the domain demos live), and lower roles elsewhere.
const ACCOUNTS = ['hosp-jijian', 'hosp-head', 'hosp-deputy', 'hosp-pharmacy-head', 'hosp-buyer', 'hosp-pharmacist', 'tax-officer', 'cdc-tb', 'village-team-leader'];
const MISSING = { id: '987654321', batchId: 'f'.repeat(24) } as Record<string, string>;
const PER_ROUTE = 2;

function getRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  return express.router.stack.flatMap((l) => (l.route?.methods.get && l.route.path.includes(':') ? [`GET ${l.route.path}`] : []));
}

describe('security: no existence oracle inside an institution', () => {
  let t: TestApp;
  const clients = new Map<string, ApiClient>();
  const visible = new Map<string, number[]>();

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    // What `npm start` seeds besides: the county hospital's risk points, clues and warnings, schemes and rounds.
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
    // A clue the county assigned to the hospital (交办), so the assignment pages are tried on a real object.
    const county = await t.login('county-jijian', DEMO_PASSWORD);
    const hospital = await t.institutionId('county-hospital');
    const clue = (await county.get(`/api/warning/clues?status=new&unit=${hospital}`)).body.items[0];
    expect((await county.post(`/api/warning/clues/${clue.id}/assignments`, { unitId: hospital, deadline: '2026-12-31', instructions: '请核实后按期报告。' })).status).toBe(201);
    // A warning model of the hospital's, so the model routes are tried on a real object.
    expect((await (await t.login('hosp-jijian', DEMO_PASSWORD)).post('/api/models', { definition: HOSPITAL_BUYER_MODEL })).status).toBe(201);
    for (const u of ACCOUNTS) {
      const c = await t.login(u, DEMO_PASSWORD);
      clients.set(u, c);
      visible.set(u, (await c.get('/api/me')).body.visibleInstitutionIds);
    }
  });
  afterAll(() => t?.close());

  it('every GET route with a path parameter is declared', () => {
    const routes = getRoutes(t);
    expect(routes.filter((r) => !OBJECTS[r] && !NOT_OBJECTS[r])).toEqual([]);
    expect(Object.keys({ ...OBJECTS, ...NOT_OBJECTS }).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('an object a lower role may not read answers like a missing one and is logged', async () => {
    const problems: string[] = [];
    const status = new Map<string, number>();
    let hidden = 0;
    let refusedReadable = 0;
    const fill = (route: string, values: Record<string, string | number>) => route.slice(4).replace(/:(\w+)/g, (_, name: string) => String(values[name] ?? values[name.toLowerCase()]));
    const get = async (account: string, url: string) => {
      const res = await clients.get(account)!.get(url);
      status.set(`${account} ${url}`, res.status);
      return res;
    };
    // Reading routes first, so a derived route's refusal can be judged by them.
    const order = Object.keys(OBJECTS).sort((a, b) => Number(!!OBJECTS[a].via) - Number(!!OBJECTS[b].via));
    for (const route of order) {
      const { sql, via } = OBJECTS[route];
      for (const account of ACCOUNTS) {
        const rows: Record<string, string | number>[] = await t.db.read((m) => m.query(`${sql.replace(':inst', visible.get(account)!.join(','))} ORDER BY 1`));
        if (!rows.length) continue;
        const picks = [...new Set(Array.from({ length: PER_ROUTE }, (_, i) => rows[Math.floor((i * rows.length) / PER_ROUTE)]))];
        const missingValues = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, MISSING[k] ?? (k === 'pluginId' || k === 'screenId' ? v : MISSING.id)]));
        const missing = await get(account, fill(route, missingValues));
        for (const values of picks) {
          const ids = Object.values(values).map(String);
          const before: { seq: number }[] = await t.db.read((m) => m.query('SELECT MAX(seq) AS seq FROM audit_log'));
          const res = await get(account, fill(route, values));
          if (res.status < 400) continue;
          const where = `${account} ${fill(route, values)}`;
          // Both answers are masked with both id sets: a small id such as 1 also stands in unrelated text (initial-scale=1).
          const allIds = [...ids, ...Object.values(missingValues).map(String)];
          if (masked(res, allIds) !== masked(missing, allIds)) {
            const readable = via ? (status.get(`${account} ${fill(via, values)}`) ?? (await get(account, fill(via, values))).status) < 400 : false;
            if (readable) refusedReadable++;
            else problems.push(`${where}: answers ${res.status} ${squash(res.text)} where a missing id answers ${missing.status} ${squash(missing.text)}`);
            continue;
          }
          hidden++;
          const log = await t.db.read((m) => m.getRepository(AuditEntryEntity).createQueryBuilder('a').where('a.seq > :seq', { seq: Number(before[0].seq) }).getMany());
          if (!log.some((r) => r.outcome === 'denied' && ids.includes(String(r.objectId)))) problems.push(`${where}: hidden but not logged`);
        }
      }
    }
    if (problems.length) console.log(problems.join('\n'));
    console.log(`existence oracle: ${status.size} requests, ${hidden} hidden like a missing id, ${refusedReadable} refused on an object the account may read, ${problems.length} problems`);
    expect(hidden).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});

const squash = (s: string) => s.replace(/\s+/g, ' ').slice(0, 140);

/** Status and body with the ids masked where they stand alone. */
function masked(res: HttpResult, ids: string[]): string {
  let text = answerText(res).replace(/%(2F|3F|3D|26)/gi, (m) => decodeURIComponent(m));
  for (const v of ids) text = text.replace(new RegExp(`(?<![0-9A-Za-z])${v}(?![0-9A-Za-z])`, 'g'), ':id');
  return `${res.status} ${text}`;
}
