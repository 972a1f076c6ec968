import * as path from 'node:path';
import { DEMO_PASSWORD, seedPluginDemos } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { RuleScanScheduler } from '../../core/rules/rule-scan.scheduler';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/hospital-procurement/records';
const EXPECTED_RULES = [
  'hospital-procurement/award-to-blacklisted-supplier',
  'hospital-procurement/major-matter-without-decision',
  'hospital-procurement/non-competitive-share-too-high',
  'hospital-procurement/price-above-reference',
  'hospital-procurement/report-not-filed',
  'hospital-procurement/split-purchase',
  'hospital-procurement/supplier-share-too-high',
  'hospital-procurement/three-separation-breach',
];

describe('hospital-procurement plugin (real server, real database, demo year)', () => {
  let t: TestApp;
  let alpha: number;
  let officer: ApiClient;
  let admin: ApiClient;
  let seeded: number;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('hp-root', [], { admin: true });
    await t.createUser('hp-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('hp-beta', [{ institution: 'beta-bureau', role: 'staff' }]);
    seeded = await seedPluginDemos({ db: t.db, host: t.host, records: t.app.get(RecordsService), rules: t.app.get(RulesService), clock: t.app.get(Clock) });
    officer = await t.login('hp-officer');
    admin = await t.login('hp-root');
  }, 240_000);
  afterAll(() => t.close());

  const hits = async () => (await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items as { ruleId: string; subjectKey: string; recordId: number | null; inputs: any }[];

  it('loads a demo year of about 600 projects over 40 suppliers', async () => {
    const suppliers = await officer.get(`${P}/supplier?pageSize=1`);
    const projects = await officer.get(`${P}/procurement-project?pageSize=1`);
    expect(suppliers.body.total).toBe(40);
    expect(projects.body.total).toBeGreaterThanOrEqual(590);
    expect(projects.body.total).toBeLessThanOrEqual(610);
    expect(seeded).toBe(40 + projects.body.total + (await officer.get(`${P}/procurement-report?pageSize=1`)).body.total);
  });

  it('raises exactly the planted violations: one hit per rule, no others', async () => {
    const list = await hits();
    expect(list.map((h) => h.ruleId).sort()).toEqual(EXPECTED_RULES);
    const by = (rule: string) => list.find((h) => h.ruleId === `hospital-procurement/${rule}`)!;
    const title = async (id: number | null) => (await officer.get(`/api/records/${id}`)).body.title;
    expect(await title(by('three-separation-breach').recordId)).toBe('全自动化学发光免疫分析仪采购项目');
    expect(by('three-separation-breach').inputs.facts['project.separationPeople']).toEqual(['钱立群']);
    expect(await title(by('major-matter-without-decision').recordId)).toBe('住院部屋面防水维修工程');
    expect(by('major-matter-without-decision').inputs.options).toEqual({ majorMatterThresholdFen: 50_000_000 });
    expect(await title(by('price-above-reference').recordId)).toBe('注射用头孢哌酮钠舒巴坦钠采购');
    expect(by('price-above-reference').inputs.facts['project.maxPriceExcessPercent']).toBe(25);
    expect(await title(by('award-to-blacklisted-supplier').recordId)).toBe('病房呼叫系统配件采购');
    expect(await title(by('supplier-share-too-high').recordId)).toBe('示范县安居物业服务有限公司');
    expect(by('split-purchase').inputs.subject.values.count).toBe(3);
    expect(by('split-purchase').inputs.subject.values.totalFen).toBe(24_000_000);
    expect(by('non-competitive-share-too-high').subjectKey).toBe('closed-quarters:2025-Q4');
    expect(by('report-not-filed').subjectKey).toBe('report-periods:monthly-finance:2026-02');
  });

  it('a scan (admin API, nightly scheduler) never raises the same hit twice', async () => {
    const res = await admin.post('/api/rules/scan', { institutionId: alpha });
    expect(res.status).toBe(200);
    expect(res.body.results[0].newHits).toBe(0);
    expect(res.body.results[0].evaluated).toBeGreaterThan(600 * 4);
    t.app.get(Clock).set('2026-07-01T19:00:00Z');
    expect(await t.app.get(RuleScanScheduler).tick()).toBe(true);
    expect(await t.app.get(RuleScanScheduler).tick()).toBe(false); // once a night
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    expect((await hits()).length).toBe(8);
    expect((await officer.post('/api/rules/scan', { institutionId: alpha })).status).toBe(403);
  });

  it('the nightly scan raises a newly overdue report once its due date has passed', async () => {
    // June's monthly report is due 07-10: not yet overdue on 07-01; overdue on 07-11.
    t.app.get(Clock).set('2026-07-11T03:00:00Z');
    const res = await admin.post('/api/rules/scan', { institutionId: alpha });
    expect(res.body.results[0].newHits).toBe(1);
    const fresh = (await hits()).filter((h) => h.ruleId === 'hospital-procurement/report-not-filed').map((h) => h.subjectKey).sort();
    expect(fresh).toEqual(['report-periods:monthly-finance:2026-02', 'report-periods:monthly-finance:2026-06']);
    const filed = await officer.post(`${P}/procurement-report`, { kind: 'monthly-finance', period: '2026-06', filedOn: '2026-07-11', recipient: '财务科' });
    expect(filed.status).toBe(201);
    expect((await admin.post('/api/rules/scan', { institutionId: alpha })).body.results[0].newHits).toBe(0);
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
  });

  it('rejects a bad credit code with 400 naming the wrong character', async () => {
    const first = '91361099MA0000001';
    const good = first + creditCodeCheckChar(first);
    const wrong = first + (good[17] === '0' ? '1' : '0');
    const bad = await officer.post(`${P}/supplier`, { name: '示范县测试供应商', creditCode: wrong });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'creditCode', message: `creditCode：第18位校验码“${wrong[17]}”错误，按前17位计算应为“${good[17]}”` }]);
    const letter = await officer.post(`${P}/supplier`, { name: '示范县测试供应商', creditCode: 'I' + good.slice(1) });
    expect(letter.body.details[0].message).toContain('第1位字符“I”不允许');
    expect((await officer.post(`${P}/supplier`, { name: '示范县测试供应商', creditCode: good })).status).toBe(201);
  });

  it('enforces the method rules and references on the server', async () => {
    const base = { projectNo: 'E2E-1', name: '测试采购', category: 'drugs', totalFen: 100_000, department: '药剂科', awardedOn: '2026-06-20' };
    const single = await officer.post(`${P}/procurement-project`, { ...base, method: 'single-source' });
    expect(single.status).toBe(400);
    expect(single.body.details).toEqual([{ field: 'methodReason', message: 'methodReason：单一来源或应急采购必须填写理由' }]);
    const inquiry = await officer.post(`${P}/procurement-project`, { ...base, totalFen: 20_000_000, method: 'inquiry' });
    expect(inquiry.body.details[0].field).toBe('method');
    const ghost = await officer.post(`${P}/procurement-project`, { ...base, method: 'inquiry', supplier: 999_999 });
    expect(ghost.status).toBe(400);
    expect(ghost.body.details).toEqual([{ field: 'supplier', message: 'supplier：引用的记录 999999 不存在' }]);
    const badRow = await officer.post(`${P}/procurement-project`, { ...base, method: 'inquiry', items: [{ itemName: '药', quantity: 0, unitPriceFen: 1 }] });
    expect(badRow.body.details[0].field).toBe('items[0].quantity');
    const report = (await officer.get(`${P}/procurement-report?pageSize=1`)).body.items[0];
    const crossType = await officer.post(`${P}/procurement-project`, { ...base, method: 'inquiry', supplier: report.id });
    expect(crossType.status).toBe(400);
  });

  it('a saved project that breaks the three separation is flagged at once', async () => {
    const supplier = (await officer.get(`${P}/supplier?pageSize=1`)).body.items[0];
    const res = await officer.post(`${P}/procurement-project`, {
      projectNo: 'E2E-2',
      name: '血气分析仪采购',
      category: 'equipment',
      totalFen: 30_000_000,
      department: '设备科',
      method: 'public-tender',
      announcedOn: '2026-06-01',
      awardedOn: '2026-06-28',
      qualificationReviewer: '测试甲',
      evaluators: ['测试乙', '测试丙'],
      awardDecider: '测试乙',
      supplier: supplier.id,
      items: [{ itemName: '血气分析仪', quantity: 1, unitPriceFen: 30_000_000 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.values.items).toEqual([{ itemName: '血气分析仪', quantity: 1, unitPriceFen: 30_000_000 }]);
    const mine = (await hits()).filter((h) => h.recordId === res.body.id);
    expect(mine.map((h) => h.ruleId)).toEqual(['hospital-procurement/three-separation-breach']);
    const page = await officer.get('/p/hospital-procurement/register?flagged=1');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-record-id="${res.body.id}"`);
    expect(page.text).toContain('资格预审、评标、定标未分离');
  });

  it('computes the indicators for the assessment module', async () => {
    const res = await officer.get(`/api/indicators?institutionId=${alpha}`);
    expect(res.status).toBe(200);
    const v = Object.fromEntries(res.body.indicators.map((i: { id: string; value: number }) => [i.id, i.value]));
    const reports = (await officer.get(`${P}/procurement-report?pageSize=1`)).body.total as number;
    const projects = (await officer.get(`${P}/procurement-project?pageSize=1`)).body.total as number;
    const hitCount = (await hits()).length;
    // On 07-01 every due period has one report and one was filed late; June's report (filed above) is not due yet.
    const due = reports - 1;
    expect(due).toBe(14); // 2025-07 … 2026-05 monthly, 2025-Q3 … 2026-Q1 quarterly
    expect(v['hospital-procurement/reports-on-time']).toBe(Math.round(((due - 1) * 1000) / due) / 10);
    expect(v['hospital-procurement/hits-per-100-projects']).toBe(Math.round((hitCount * 1000) / projects) / 10);
    // The share over the projects awarded in the last 365 days (2025-07-02 … 2026-07-01), summed here from the register.
    let tender = 0;
    let total = 0;
    for (let page = 1; (page - 1) * 200 < projects; page++) {
      for (const r of (await officer.get(`${P}/procurement-project?pageSize=200&page=${page}`)).body.items as { values: { awardedOn?: string; method?: string; totalFen?: number } }[]) {
        const on = r.values.awardedOn;
        if (!on || on < '2025-07-02' || on > '2026-07-01') continue;
        total += r.values.totalFen ?? 0;
        if (r.values.method === 'public-tender') tender += r.values.totalFen ?? 0;
      }
    }
    expect(tender).toBeGreaterThan(0);
    expect(v['hospital-procurement/public-tender-share']).toBe(Math.round(((tender * 100) / total) * 10) / 10);
  });

  it('renders the register with filters, the supplier registry, the dashboard and the form', async () => {
    const register = await officer.get('/p/hospital-procurement/register?filter=category%3Dworks&flagged=1');
    expect(register.status).toBe(200);
    expect((register.text.match(/data-record-id=/g) ?? []).length).toBe(1); // only the planted major works project
    expect(register.text).toContain('住院部屋面防水维修工程');
    const suppliers = await officer.get('/p/hospital-procurement/suppliers?filter=blacklisted%3Dtrue');
    expect((suppliers.text.match(/data-record-id=/g) ?? []).length).toBe(1);
    const dash = await officer.get('/p/hospital-procurement/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.text).toContain('<ol class="bars"');
    expect(dash.text).toContain('供应商集中度');
    expect(dash.text).toContain('示范县安居物业服务有限公司');
    const form = await officer.get('/p/hospital-procurement/new-project');
    expect(form.text).toContain('data-constraints="[{&quot;id&quot;:&quot;non-competitive-reason&quot;');
    expect(form.text).toContain('name="items.0.itemName"');
    expect(form.text).toContain('<script src="/assets/record-form.js" defer></script>');
    expect((await t.anonymous().get('/assets/record-form.js')).status).toBe(200);
  });

  it('renders the procurement documents from records', async () => {
    const reports = (await officer.get(`${P}/procurement-report?q=2026-03`)).body.items as { id: number; values: { kind: string } }[];
    const monthly = reports.find((r) => r.values.kind === 'monthly-finance')!;
    const html = await officer.get(`/api/records/${monthly.id}/render?template=hospital-procurement/monthly-report`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('关于2026年3月采购情况的报告');
    const quarterly = (await officer.get(`${P}/procurement-report?q=2025-Q4`)).body.items[0];
    const q = await officer.get(`/api/records/${quarterly.id}/render?template=hospital-procurement/quarterly-report`);
    expect(q.text).toContain('应急采购');
    const sep = (await hits()).find((h) => h.ruleId === 'hospital-procurement/three-separation-breach' && h.recordId)!;
    const opinion = await officer.get(`/api/records/${sep.recordId}/render?template=hospital-procurement/supervision-opinion`);
    expect(opinion.text).toContain('采购监督意见书');
    expect(opinion.text).toMatch(/同一人在资格预审、评标、定标中兼任两个以上环节（涉及人员：[^）]+）/);
  });

  it('adds the procurement category and stage to core risk points (field extensions)', async () => {
    const base = { level: 'institution', title: '药品遴选中收受回扣', category: 'post-duty', likelihood: 2, harm: 3 };
    const ok = await officer.post('/api/risk/points', { ...base, extensions: { 'hospital-procurement': { procurementCategory: 'drugs', procurementStage: 'award' } } });
    expect(ok.status).toBe(201);
    expect(ok.body.extensions).toEqual({ 'hospital-procurement': { procurementCategory: 'drugs', procurementStage: 'award' } });
    const bad = await officer.post('/api/risk/points', { ...base, extensions: { 'hospital-procurement': { procurementCategory: 'cars' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('extensions.hospital-procurement.procurementCategory');
  });

  it("keeps another institution's procurement records out of reach", async () => {
    const beta = await t.login('hp-beta');
    const id = (await officer.get(`${P}/procurement-project?pageSize=1`)).body.items[0].id;
    expect((await beta.get(`/api/records/${id}`)).status).toBe(404);
    expect((await beta.get(`${P}/procurement-project`)).body.total).toBe(0);
  });
});

describe('hospital-procurement in the shipped demo configuration', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('the demo seed (people, then every enabled plugin) gives the demo county hospital its year and exactly its planted hits', async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    const hospital = await t.institutionId('county-hospital');
    const list = (await officer.get(`/api/rule-hits?institutionId=${hospital}&pageSize=200`)).body.items as { ruleId: string }[];
    expect(list.map((h) => h.ruleId).sort()).toEqual(EXPECTED_RULES);
    const board = await officer.get('/p/hospital-procurement/register?flagged=1');
    expect((board.text.match(/data-testid="flag"/g) ?? []).length).toBe(5);
  }, 240_000);
});
