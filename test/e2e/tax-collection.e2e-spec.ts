import * as path from 'node:path';
import { seedPluginDemos } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { PluginRecordEntity } from '../../core/records/record.entities';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { listSubjects } from '../../core/plugin-api';
import { DEMO_COUNTS } from '../../plugins/tax-collection/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tax-collection/records';
const EXPECTED = [
  'tax-collection/negative-receipt',
  'tax-collection/penalty-outside-band',
  'tax-collection/receipt-not-returned',
  'tax-collection/reminder-unacknowledged',
  'tax-collection/repeated-reductions',
  'tax-collection/too-few-inspectors',
  'tax-collection/uncollected-without-deferral',
  'tax-collection/write-off-without-collective-decision',
];

describe('tax-collection plugin (real server, real database, demo year)', () => {
  let t: TestApp;
  let bureau: number;
  let officer: ApiClient;
  let staff: ApiClient;
  let outsider: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'tax-config') });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    bureau = await t.institutionId('county-tax-bureau');
    await t.createUser('tc-officer', [{ institution: 'county-tax-bureau', role: 'discipline-officer' }]);
    await t.createUser('tc-staff', [{ institution: 'county-tax-bureau', role: 'staff' }]);
    await t.createUser('tc-outsider', [{ institution: 'other-bureau', role: 'discipline-officer' }]);
    await seedPluginDemos({ db: t.db, host: t.host, records: t.app.get(RecordsService), rules: t.app.get(RulesService), clock: t.app.get(Clock) });
    officer = await t.login('tc-officer');
    staff = await t.login('tc-staff');
    outsider = await t.login('tc-outsider');
  }, 600_000);
  afterAll(() => t.close());

  const hits = async () => (await officer.get(`/api/rule-hits?institutionId=${bureau}&pageSize=200`)).body.items as { ruleId: string; subjectKey: string; recordId: number | null; inputs: any }[];
  const title = async (id: number | null) => (await officer.get(`/api/records/${id}`)).body.title;

  it('loads a demo year: 300 taxpayers, 2000 collections, 60 inspections', async () => {
    expect((await officer.get(`${P}/taxpayer?pageSize=1`)).body.total).toBe(DEMO_COUNTS.taxpayers);
    expect((await officer.get(`${P}/collection?pageSize=1`)).body.total).toBe(DEMO_COUNTS.collections);
    expect((await officer.get(`${P}/inspection?pageSize=1`)).body.total).toBe(DEMO_COUNTS.inspections);
  });

  it('raises exactly the planted violations: one hit per rule, no others', async () => {
    const list = await hits();
    expect(list.map((h) => h.ruleId).sort()).toEqual(EXPECTED);
    const by = (rule: string) => list.find((h) => h.ruleId === `tax-collection/${rule}`)!;
    expect(await title(by('uncollected-without-deferral').recordId)).toBe('示税征〔P〕00004号');
    expect(by('uncollected-without-deferral').inputs.facts['collection.daysUncollected']).toBe(120);
    expect(await title(by('write-off-without-collective-decision').recordId)).toBe('示税欠-020');
    expect(by('write-off-without-collective-decision').inputs.options).toEqual({ writeOffCollectiveThresholdFen: 10_000_000 });
    expect(by('penalty-outside-band').inputs.facts['inspection.band']).toEqual({ violationType: '偷税（逃避缴纳税款）', unit: 'percent', min: 50, max: 500, penalty: 600 });
    expect(by('too-few-inspectors').inputs.facts['inspection.inspectorCount']).toBe(1);
    expect(by('receipt-not-returned').inputs.facts['inspection.receiptDaysOut']).toBe(40);
    expect(by('repeated-reductions').inputs.subject.values.count).toBe(3);
    expect(by('negative-receipt').inputs.subject.values.negative).toEqual(['接受宴请']);
    expect((await officer.get(`/api/records/${by('reminder-unacknowledged').recordId}`)).body.values).toMatchObject({ reminderNo: '示税纪提〔P〕032号', staffName: '施春梅' });
    expect(by('reminder-unacknowledged').inputs.facts['reminder.daysWaiting']).toBe(20);
    expect(by('reminder-unacknowledged').inputs.options).toEqual({ reminderAcknowledgeDays: 7 });
    expect(by('repeated-reductions').inputs.subject.values).toMatchObject({ role: 'approver', officer: '姜立新' });
  });

  it('a rescan raises nothing new', async () => {
    expect((await t.app.get(RulesService).scan(bureau)).newHits).toBe(0);
  });

  it('stores ID numbers encrypted, masks them for staff, shows them to the discipline officer, and checks the check digit', async () => {
    const individual = (await officer.get(`${P}/taxpayer?pageSize=5&q=个体户`)).body.items[0];
    expect(individual.values.idNumber).toMatch(/^360799\d{11}[\dX]$/);
    const raw = await t.db.read((m) => m.getRepository(PluginRecordEntity).findOneByOrFail({ id: individual.id }));
    expect(raw.data).not.toContain(individual.values.idNumber);
    expect(raw.data).toContain('enc:v1:');
    const masked = (await staff.get(`/api/records/${individual.id}`)).body.values.idNumber;
    expect(masked).toBe(`${individual.values.idNumber.slice(0, 6)}********${individual.values.idNumber.slice(14)}`);
    const page = await staff.get('/p/tax-collection/taxpayers?q=个体户');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(individual.values.idNumber);
    const bad = await officer.post(`${P}/taxpayer`, { name: '示范县测试个体户', kind: 'individual', idNumber: '110105194912310021', industry: 'services', district: '城关税务分局', officer: '郑晓岚' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('校验码');
    const ok = await staff.post(`${P}/taxpayer`, { name: '示范县测试个体户', kind: 'individual', idNumber: '11010519491231002X', industry: 'services', district: '城关税务分局', officer: '郑晓岚' });
    expect(ok.status).toBe(201);
    expect(ok.body.values.idNumber).toBe('110105********002X');
    // A masked value sent back is rejected, never stored over the real one.
    expect((await staff.patch(`/api/records/${ok.body.id}`, { idNumber: ok.body.values.idNumber })).status).toBe(400);
    expect((await officer.get(`/api/records/${ok.body.id}`)).body.values.idNumber).toBe('11010519491231002X');
  });

  it('another bureau sees none of it', async () => {
    const list = (await officer.get(`${P}/inspection?pageSize=1`)).body.items[0];
    expect((await outsider.get(`/api/records/${list.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/records/${list.id}/public-links`)).status).toBe(404);
  });

  it('the integrity receipt: QR and one-time code on the document; the public page answers once; a negative answer becomes a clue about the inspectors', async () => {
    const pending = (await officer.get(`${P}/inspection?pageSize=100`)).body.items.find((r: any) => !r.values.receiptReturnedOn && r.values.endedOn > '2026-06-20');
    expect(pending).toBeDefined();
    const [link] = (await officer.get(`/api/records/${pending.id}/public-links`)).body;
    expect(link.code).toMatch(new RegExp(`^${pending.id}-[0-9A-Z]{10}$`));
    const doc = await officer.get(`/api/records/${pending.id}/render?template=tax-collection/integrity-receipt`);
    expect(doc.status).toBe(200);
    expect(doc.text).toContain(link.code);
    expect(doc.text).toContain('data:image/svg+xml;base64,');
    const anon = t.anonymous();
    const urlPath = new URL(link.url).pathname;
    const page = await anon.get(urlPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain('检查人员有无吃拿卡要行为');
    expect((await anon.get(urlPath.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(404);
    const form = 'receiptDemands=no&receiptBanquet=no&receiptGifts=yes&receiptAttitude=fair&receiptComment=' + encodeURIComponent('检查人员收下了两盒茶叶。');
    const sent = await anon.post(urlPath, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('已收到您的回复');
    const again = await anon.post(urlPath, form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('已使用');
    const hit = (await hits()).find((h) => h.ruleId === 'tax-collection/negative-receipt' && h.recordId === pending.id)!;
    expect(hit.inputs.subject.values.negative).toEqual(['收受礼品礼金']);
    const clues = (await officer.get('/api/warning/clues')).body.items as { subjectLabel: string; ruleId: string }[];
    const clue = clues.find((c) => c.ruleId === 'tax-collection/negative-receipt' && c.subjectLabel.includes(pending.title));
    expect(clue?.subjectLabel).toBe(`检查人员：${pending.values.inspectors.join('、')}（${pending.title}）`);
    const board = await officer.get('/warning/board');
    expect(board.text).toContain(pending.title);
    expect((await officer.get(`/api/records/${pending.id}`)).body.values.receiptReturnedOn).toBe('2026-07-01');
  });

  it('the public page is rate-limited per address', async () => {
    const anon = t.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await anon.post('/f/tax-collection/receipt/1-AAAAAAAAAA', 'receiptDemands=no', { 'content-type': 'application/x-www-form-urlencoded' })).status);
    expect(statuses).toContain(429);
  });

  it('renders the screens and the dashboard in Chinese', async () => {
    for (const screen of ['taxpayers', 'collections', 'inspections', 'reductions', 'arrears', 'reminders', 'dashboard', 'new-inspection']) {
      const res = await officer.get(`/p/tax-collection/${screen}`);
      expect([screen, res.status]).toEqual([screen, 200]);
    }
    const dash = await officer.get('/p/tax-collection/dashboard');
    expect(dash.text).toContain('廉政回执反馈情况');
    expect(dash.text).toContain('行政处罚在自由裁量基准内的比例');
  });

  it('the repeated-reductions source yields while it reads reductions page by page in taxpayer order, keeping a taxpayer whole across a page boundary', async () => {
    // 1,700 taxpayers with three reductions each by one approver in a month: 5,100 rows, read in pages of 5,000, so the
    // 1,667th taxpayer's three fall on both sides of the first page's end.
    const taxpayers = 1_700;
    const from = 9_000_000;
    await t.db.write(async (m) => {
      for (let k = 0; k < taxpayers; k += 100) {
        const batch = Array.from({ length: 300 }, (_, i) => {
          const taxpayer = from + k + Math.floor(i / 3);
          const values = { 'tc-reductionNo': `批减${taxpayer}-${i % 3}`, 'tc-taxpayer': taxpayer, 'tc-approver': `审批人${taxpayer}`, 'tc-reviewer': '审核人', 'tc-approvedOn': `2026-05-0${1 + (i % 3)}`, 'tc-amountFen': 100_000 };
          return { institutionId: bureau, pluginId: 'tax-collection', recordType: 'reduction', title: values['tc-reductionNo'], data: JSON.stringify(values), version: 1, createdBy: null, createdAt: '2026-05-03T00:00:00Z', updatedAt: '2026-05-03T00:00:00Z' };
        });
        await m.getRepository(PluginRecordEntity).insert(batch);
      }
    });
    const source = t.host.subjectSources('tax-collection').get('reduction-groups')!;
    const subjects = await t.db.read((m) => {
      const ctx = t.app.get(RulesService).context(m, bureau, 'tax-collection', t.host.optionsFor('county-tax-bureau', 'tax-collection'), t.app.get(Clock).now());
      return listSubjects(source, { ...ctx, thresholds: { minCount: 3, windowDays: 365 } });
    });
    const bulk = subjects.filter((s) => Number(s.values.taxpayerId) >= from);
    // One window of three per taxpayer: none cut in two at the page's end.
    expect(bulk.length).toBe(taxpayers);
    expect(bulk.filter((s) => s.values.count !== 3)).toEqual([]);
    expect(new Set(bulk.map((s) => s.values.taxpayerId)).size).toBe(taxpayers);
    // The scan raises them as hits, once each.
    const scanned = await t.app.get(RulesService).scan(bureau);
    expect(scanned.newHits).toBeGreaterThanOrEqual(taxpayers);
    expect((await t.app.get(RulesService).scan(bureau)).newHits).toBe(0);
  }, 300_000);
});
