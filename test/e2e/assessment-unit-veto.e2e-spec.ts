/**
 * The county assesses its units (issue #22 item 5) on the SHIPPED configuration: 示范县纪委监委 runs a 2026 scheme over
 * the county hospital, the tax bureau and 东溪镇; two 一级 (red) warnings raised in the hospital bar it from 先进
 * (003 篇5 七(二)), one in 东溪镇 does not; the ranking shows each unit's own score, the unit dossier keeps the result.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { DepartmentEntity } from '../../core/org/org.entities';
import { pdfFonts, pdfRawTextAcrossPages, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

interface Result {
  label: string;
  kind: string;
  unitId: number;
  score: string;
  grade: string;
  excludedFromPromotion: boolean;
  caps: { reason: { zh: string } }[];
  notBinding: { ruleId: string; reason: { zh: string } }[];
  redWarnings?: { id: number; title: string }[];
}

/** Posts an HTML form as a browser would (urlencoded, with the session's CSRF token). */
function form(c: ApiClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  body.append('_csrf', c.csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

const ITEMS = [
  { area: '责任落实', name: '党风廉政建设责任制落实', maxPoints: 60, method: 'manual' },
  { area: '预警防控', name: '腐败风险预警防控工作', maxPoints: 40, method: 'manual' },
];

describe('assessment of units by the county, with the unit veto read from warnings (shipped configuration)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const c: Record<string, ApiClient> = {};
  let schemeId: number;
  const warningIds: number[] = [];

  /** A red warning in `unit`, decided by the county secretary (head with descendants) from a clue he enters there. */
  async function redWarning(unit: string, title: string, subject: Record<string, unknown>): Promise<number> {
    const secretary = c['county-secretary'];
    expect((await secretary.post('/api/me/institution', { institutionId: ids[unit] })).status).toBe(200);
    const clue = await secretary.post('/api/warning/clues', { source: 'inspection', subjectType: 'institution', content: `县纪委监督检查发现：${title}，问题属实。` });
    expect(clue.status).toBe(201);
    const levelCode = 'red';
    const warned = await secretary.post(`/api/warning/clues/${clue.body.id}/warn`, {
      ...subject,
      levelCode,
      title,
      reason: '经县纪委监委核实，问题属实，责令整改。',
      decisionBody: '县纪委常委会',
      decisionMeetingOn: '2026-06-30',
      decisionMinutesNo: `纪常〔2026〕${warningIds.length + 11}号`,
    });
    expect(warned.status).toBe(201);
    expect(warned.body.institutionId).toBe(ids[unit]);
    warningIds.push(warned.body.id);
    return warned.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    for (const code of ['demo-county', 'county-hospital', 'county-tax-bureau', 'dongxi-township', 'qingshi-village', 'district-cdc']) ids[code] = await t.institutionId(code);
    for (const u of ['county-jijian', 'county-secretary', 'hosp-head', 'hosp-jijian', 'tax-jijian']) c[u] = await t.login(u, DEMO_PASSWORD);
  }, 300_000);
  afterAll(() => t?.close());

  it('refuses a unit outside the county, units mixed with people, and the 30 % rule without an evaluation, naming the field in Chinese', async () => {
    const base = { institutionId: ids['demo-county'], name: '2026年度所属单位党风廉政建设责任制考核', period: '2026', items: ITEMS };
    const outside = await c['county-jijian'].post('/api/assessment/schemes', { ...base, subjects: [{ kind: 'unit', id: ids['county-hospital'] }, { kind: 'unit', id: ids['district-cdc'] }] });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain('只能选择本单位所属、且您有权考核的下级单位');
    const hospDept = (await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: ids['county-hospital'], name: '药剂科' }))).id;
    // A department of the hospital is not a department of the county: refused as well as the mix.
    const mixed = await c['county-jijian'].post('/api/assessment/schemes', { ...base, subjects: [{ kind: 'unit', id: ids['county-hospital'] }, { kind: 'department', id: hospDept }] });
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body)).toContain('考核下级单位的方案不能同时考核个人或科室');
    const rule = await c['county-jijian'].post('/api/assessment/schemes', { ...base, poorShareRule: true, subjects: [{ kind: 'unit', id: ids['county-hospital'] }] });
    expect(rule.status).toBe(400);
    expect(JSON.stringify(rule.body)).toContain('须有民主测评项目');
    const scale = await c['county-jijian'].post('/api/assessment/schemes', { ...base, gradeScale: 'three', thresholds: { excellent: 90 }, subjects: [{ kind: 'unit', id: ids['county-hospital'] }] });
    expect(scale.status).toBe(400);
    expect(JSON.stringify(scale.body)).toContain('所选等次标准没有“excellent”等次');
    // The same refusal on the new-scheme form stays on its field, with the form kept.
    const page = await form(c['county-jijian'], '/assessment/schemes', {
      name: base.name, period: '2026', gradeScale: 'three', poorShareRule: 'on',
      area0: ITEMS[0].area, name0: ITEMS[0].name, maxPoints0: '60', method0: 'manual', area1: ITEMS[1].area, name1: ITEMS[1].name, maxPoints1: '40', method1: 'manual',
      subjects: [`unit:${ids['county-hospital']}`],
    });
    expect(page.status).toBe(400);
    expect(page.text).toMatch(/<label class="invalid">差票≥30%定为最低等次[\s\S]*?<small class="error">[^<]*须有民主测评项目/);
    expect(page.text).toMatch(/<option value="three" selected>好\/一般\/差（004第2篇）<\/option>/);
    expect(page.text).toMatch(new RegExp(`value="unit:${ids['county-hospital']}" checked> 示范县人民医院`));
    // A unit's own officer cannot assess its parent's siblings.
    const hosp = await c['hosp-jijian'].post('/api/assessment/schemes', { ...base, institutionId: ids['county-hospital'], subjects: [{ kind: 'unit', id: ids['county-tax-bureau'] }] });
    expect(hosp.status).toBe(400);
  });

  it('creates the 2026 scheme over three units with the 000 scale and the unit veto of 003 篇5 七(二) as its default rule', async () => {
    const res = await c['county-jijian'].post('/api/assessment/schemes', {
      institutionId: ids['demo-county'],
      name: '2026年度所属单位党风廉政建设责任制考核',
      period: '2026',
      gradeScale: '000-four',
      items: ITEMS,
      subjects: ['county-hospital', 'county-tax-bureau', 'dongxi-township'].map((u) => ({ kind: 'unit', id: ids[u] })),
    });
    expect(res.status).toBe(201);
    schemeId = res.body.id;
    const detail = (await c['county-jijian'].get(`/api/assessment/schemes/${schemeId}`)).body;
    expect(detail.subjects.map((s: { kind: string; unitId: number; label: string }) => [s.kind, s.unitId, s.label])).toEqual([
      ['unit', ids['county-hospital'], '示范县人民医院'],
      ['unit', ids['county-tax-bureau'], '示范县税务局'],
      ['unit', ids['dongxi-township'], '示范县东溪镇'],
    ]);
    expect(detail.vetoRules.map((r: { id: string; fact: string; min: number; capGrade: string | null; excludeFromPromotion: boolean }) => [r.id, r.fact, r.min, r.capGrade, r.excludeFromPromotion])).toEqual([['unit-red-warnings', 'red-warnings', 2, null, true]]);
    expect(detail.grades.map((g: { label: { zh: string } }) => g.label.zh)).toEqual(['优秀', '良好', '合格', '不合格']);
  });

  it('two red warnings in the hospital (one on the unit, one on its pharmacy) bar it from 先进; one in 东溪镇 does not', async () => {
    const pharmacy = (await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: ids['county-hospital'], name: '药剂科' }))).id;
    const w1 = await redWarning('county-hospital', '药品集中采购未执行三分离', { subjectType: 'institution' });
    const w2 = await redWarning('county-hospital', '药剂科违规接受供应商宴请', { subjectType: 'department', subjectDepartmentId: pharmacy });
    const w3 = await redWarning('dongxi-township', '村级工程款拨付违规', { subjectType: 'institution' });
    const subjects = (await c['county-jijian'].get(`/api/assessment/schemes/${schemeId}`)).body.subjects as { id: number; unitId: number }[];
    const items = (await c['county-jijian'].get(`/api/assessment/schemes/${schemeId}`)).body.items as { id: number }[];
    // hospital 58 + 39 = 97 (优秀 by points), tax bureau 50 + 35 = 85, 东溪镇 55 + 38 = 93
    const points: Record<string, number[]> = { 'county-hospital': [58, 39], 'county-tax-bureau': [50, 35], 'dongxi-township': [55, 38] };
    for (const [unit, pts] of Object.entries(points)) {
      const subjectId = subjects.find((s) => s.unitId === ids[unit])!.id;
      for (let i = 0; i < items.length; i++) {
        const r = await c['county-jijian'].post(`/api/assessment/items/${items[i].id}/scores`, { subjectId, points: pts[i], evidence: '查阅年度责任制落实台账及半年自查报告' });
        expect(r.status).toBe(201);
      }
    }
    const fin = await c['county-jijian'].post(`/api/assessment/schemes/${schemeId}/finalise`);
    expect(fin.status).toBe(201);
    const byUnit = (u: string) => (fin.body.results as Result[]).find((r) => r.unitId === ids[u])!;
    const hosp = byUnit('county-hospital');
    expect([hosp.score, hosp.grade, hosp.excludedFromPromotion]).toEqual(['97.00', 'excellent', true]);
    expect(hosp.redWarnings!.map((w) => w.id)).toEqual([w1, w2]);
    const reason = hosp.notBinding.find((n) => n.ruleId === 'unit-red-warnings')!.reason.zh;
    expect(reason).toContain('003篇5 七（二）');
    expect(reason).toContain('本单位本年度受到一级（红色）预警次数：2（规则：≥ 2）');
    expect(reason).toContain('当年不得评为先进单位');
    expect(reason).toContain(`#${w1}「药品集中采购未执行三分离」`);
    expect(reason).toContain(`#${w2}「药剂科违规接受供应商宴请」`);
    const dongxi = byUnit('dongxi-township');
    expect([dongxi.score, dongxi.grade, dongxi.excludedFromPromotion, dongxi.notBinding.length, dongxi.redWarnings!.map((w) => w.id)]).toEqual(['93.00', 'good', false, 0, [w3]]);
    const tax = byUnit('county-tax-bureau');
    expect([tax.score, tax.grade, tax.excludedFromPromotion, tax.redWarnings]).toEqual(['85.00', 'good', false, []]);

    // The result screen says why, next to the unit.
    const page = await c['county-jijian'].get(`/assessment/schemes/${schemeId}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/示范县人民医院[\s\S]*当年不得评为先进单位[\s\S]*data-testid="unit-veto">不得评为先进单位/);
    expect((page.text.match(/data-testid="unit-veto"/g) ?? []).length).toBe(1);
    // And the workbook the scheme exports.
    const xlsx = await c['county-jijian'].get(`/assessment/schemes/${schemeId}/export.xlsx`);
    expect(xlsx.status).toBe(200);
  });

  it('ranks the units by their own score of record, marks the barred one, and says which ranking it is', async () => {
    const r = (await c['county-jijian'].get(`/api/assessment/institutions/${ids['demo-county']}/unit-ranking`)).body;
    expect(r.basis).toBe('unit-scheme');
    expect(r.scheme.id).toBe(schemeId);
    const rows = r.rows.filter((x: { institutionId: number }) => [ids['county-hospital'], ids['county-tax-bureau'], ids['dongxi-township']].includes(x.institutionId));
    expect(rows.map((x: { rank: number; name: string; score: string; vetoed: boolean }) => [x.rank, x.name, x.score, x.vetoed])).toEqual([
      [1, '示范县人民医院', '97.00', true],
      [2, '示范县东溪镇', '93.00', false],
      [3, '示范县税务局', '85.00', false],
    ]);
    // The villages below 东溪镇 are units the county reaches too, without a result in this scheme.
    expect(r.rows.find((x: { institutionId: number }) => x.institutionId === ids['qingshi-village'])).toMatchObject({ rank: null, score: '—', vetoed: false });
    const page = await c['county-jijian'].get('/assessment/units');
    expect(page.text).toMatch(/data-testid="ranking-basis">考核方案：<a href="\/assessment\/schemes\/\d+">2026年度所属单位党风廉政建设责任制考核<\/a>[\s\S]*本期按单位考核方案排名：得分为单位本身的考核得分/);
    expect(page.text).toMatch(/data-testid="unit-vetoed"[\s\S]*?示范县人民医院[\s\S]*?不得评为先进单位/);
    expect(page.text).toContain('不得评为先进单位：1 个');
  });

  it('keeps the result in the unit dossier, for the county and the unit’s own head, not for another unit', async () => {
    for (const who of ['county-jijian', 'hosp-head', 'hosp-jijian']) {
      const d = await c[who].get(`/api/assessment/units/${ids['county-hospital']}/dossier`);
      expect(d.status).toBe(200);
      expect(d.body.entries.map((e: { period: string; score: string; excludedFromPromotion: boolean; assessedBy: string }) => [e.period, e.score, e.excludedFromPromotion, e.assessedBy])).toEqual([['2026', '97.00', true, '示范县纪委监委']]);
      expect(d.body.entries[0].reasons[0].zh).toContain('受到一级（红色）预警次数：2');
      expect(d.body.entries[0].schemeOpen).toBe(who === 'county-jijian');
    }
    const other = await c['tax-jijian'].get(`/api/assessment/units/${ids['county-hospital']}/dossier`);
    const missing = await c['tax-jijian'].get('/api/assessment/units/987654321/dossier');
    expect([other.status, missing.status]).toEqual([404, 404]);
    const page = await c['hosp-head'].get(`/assessment/units/${ids['county-hospital']}/dossier`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-testid="unit-dossier"[\s\S]*2026[\s\S]*97\.00[\s\S]*优秀[\s\S]*不得评为先进单位/);
    const tax = await c['tax-jijian'].get(`/assessment/units/${ids['county-tax-bureau']}/dossier`);
    expect(tax.text).toMatch(/85\.00[\s\S]*良好/);
  });

  it('issues the results as a numbered PDF that says why the hospital is barred, to the scheme’s managers only, once finalised', async () => {
    const api = (await c['county-jijian'].get(`/api/assessment/schemes/${schemeId}/results`)).body.results as Result[];
    const hosp = api.find((r) => r.unitId === ids['county-hospital'])!;
    const reason = hosp.notBinding.find((n) => n.ruleId === 'unit-red-warnings')!.reason.zh;
    // The screen offers it; the form posts with the session's CSRF token and lands on the PDF.
    expect((await c['county-jijian'].get(`/assessment/schemes/${schemeId}`)).text).toContain('出具结果通报（PDF）');
    const posted = await form(c['county-jijian'], `/assessment/schemes/${schemeId}/pdf`, {});
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const doc = await c['county-jijian'].post(`/api/assessment/schemes/${schemeId}/pdf`);
    expect(doc.status).toBe(201);
    expect(doc.body).toMatchObject({ templateId: 'core/assessment-results', institutionId: ids['demo-county'], title: '关于2026年度所属单位党风廉政建设责任制考核结果的通报' });
    expect(doc.body.number).toMatch(/^示纪〔2026〕\d+号$/);
    const res = await fetch(`${t.url}/api/documents/${doc.body.id}/pdf`, { headers: { cookie: [...c['county-jijian'].cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    if (process.env.DOCS_PNG_DIR) await pdfToPng(pdf, `${process.env.DOCS_PNG_DIR}/assessment-results`, 80);
    for (const f of await pdfFonts(pdf)) expect([f.type, f.embedded]).toEqual(['CID TrueType', true]);
    // -raw keeps each table cell's lines together: the rows read rank, unit, score, grade, 说明, in rank order.
    // A tall row splits under the repeated header: it is read whole, without the page number and the repeated header.
    const text = await pdfRawTextAcrossPages(pdf, '排名考核对象得分等次说明');
    const row = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));
    const flat = (s: string) => s.replace(/\s+/g, '');
    const score = (u: string) => `${api.find((r) => r.unitId === ids[u])!.score}分`;
    expect(text).toContain('中共示范县纪律检查委员会');
    expect(text).toContain('排名考核对象得分等次说明');
    expect(row('1示范县人民医院', '2示范县东溪镇')).toBe(`1示范县人民医院${score('county-hospital')}优秀${flat(reason)}`);
    expect(reason).toContain(`#${hosp.redWarnings![0].id}「`);
    expect(reason).toContain(`#${hosp.redWarnings![1].id}「`);
    expect(row('2示范县东溪镇', '3示范县税务局')).toBe(`2示范县东溪镇${score('dongxi-township')}良好`);
    expect(row('3示范县税务局', '示范县人民医院当年')).toBe(`3示范县税务局${score('county-tax-bureau')}良好`);
    expect(text).toContain('示范县人民医院当年不得评为先进单位，原因见上表“说明”栏。');
    expect(text).not.toContain('undefined');

    // The county's 分管副书记 reads the results but may not issue them (403); another unit cannot tell the scheme exists (404).
    const leader = await t.login('county-leader', DEMO_PASSWORD);
    expect((await leader.post(`/api/assessment/schemes/${schemeId}/pdf`)).status).toBe(403);
    expect((await c['tax-jijian'].post(`/api/assessment/schemes/${schemeId}/pdf`)).status).toBe(404);
    // A draft has no results of record: 409 with the reason, on the API and on the screen.
    const draft = await c['county-jijian'].post('/api/assessment/schemes', { institutionId: ids['demo-county'], name: '2026年度所属单位专项考核', period: '2026', items: ITEMS, subjects: [{ kind: 'unit', id: ids['county-tax-bureau'] }] });
    expect(draft.status).toBe(201);
    const early = await c['county-jijian'].post(`/api/assessment/schemes/${draft.body.id}/pdf`);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('考核结果定稿后才能出具结果通报');
    const earlyPage = await form(c['county-jijian'], `/assessment/schemes/${draft.body.id}/pdf`, {});
    expect(earlyPage.status).toBe(409);
    expect(earlyPage.text).toMatch(/data-testid="scheme-error">考核结果定稿后才能出具结果通报/);
    expect(earlyPage.text).not.toContain('出具结果通报（PDF）');
  });
});
