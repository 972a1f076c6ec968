import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

describe('hospital procurement in the browser', () => {
  let t: TestApp;
  let b: TestBrowser;
  let supplierName: string;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('hpb-buyer', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('hpb-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    const officer = await t.login('hpb-officer');
    const first = '91361099MA0000002';
    supplierName = '示范县浏览器测试医疗设备有限公司';
    const res = await officer.post('/api/plugins/hospital-procurement/records/supplier', { name: supplierName, creditCode: first + creditCodeCheckChar(first), categories: ['equipment'] });
    if (res.status !== 201) throw new Error(res.text);
    b = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('enforces the method rules as you type, then flags a project that breaks the three separation, and the officer sees the clue', async () => {
    const page = await b.newPage();
    // Who reviewed, evaluated and decided is the officer's (or a leader's) to record, never the buyer's (issue #18).
    await loginViaForm(page, t.url, 'hpb-officer');
    await open(page, `${t.url}/p/hospital-procurement/new-project`);
    await page.type('input[name=projectNo]', 'BR-2026-001');
    await page.type('input[name=name]', '血气分析仪采购项目');
    await page.select('select[name=category]', 'equipment');
    await setValue(page, 'input[name=totalFen]', '300000'); // yuan
    await page.type('input[name=department]', '设备科');

    await page.select('select[name=method]', 'single-source');
    expect(await textOf(page, '[data-live-for=methodReason]:not([hidden])')).toBe('单一来源或应急采购必须填写理由');
    // Submitting is held back while a rule is broken.
    await page.click('form.record-form button[type=submit]');
    expect(page.url()).toContain('/p/hospital-procurement/new-project');

    await page.select('select[name=method]', 'inquiry');
    expect(await textOf(page, '[data-live-for=method]:not([hidden])')).toBe('达到招标限额的采购不能采用询价方式');
    expect(await textOf(page, '[data-live-for=methodReason]:not([hidden])')).toBeNull();

    await page.select('select[name=method]', 'public-tender');
    expect(await textOf(page, '[data-live-for=announcedOn]:not([hidden])')).toBe('招标采购须填写公告日期');
    await setValue(page, 'input[name=announcedOn]', '2026-06-01');
    expect(await textOf(page, '[data-live-for=announcedOn]:not([hidden])')).toBeNull();

    await setValue(page, 'input[name=awardedOn]', '2026-06-28');
    await page.type('input[name=qualificationReviewer]', '测试甲');
    await page.type('input[name=evaluators]', '测试乙,测试丙');
    await page.type('input[name=awardDecider]', '测试乙');
    const supplierValue = await page.$$eval('select[name=supplier] option', (opts, name) => opts.find((o) => o.textContent === name)?.getAttribute('value') ?? '', supplierName);
    await page.select('select[name=supplier]', supplierValue);
    await page.type('input[name="items.0.itemName"]', '血气分析仪');
    await page.type('input[name="items.0.quantity"]', '1');
    await page.type('input[name="items.0.unitPriceFen"]', '300000');
    await screenshot(page, 'hp-form');
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(saved?.status()).toBe(200);
    expect(page.url()).toContain('/p/hospital-procurement/register');
    const row = await page.$$eval('tr[data-record-id]', (rows) => rows.map((r) => r.textContent ?? '').find((x) => x.includes('血气分析仪采购项目')) ?? '');
    expect(row).toContain('⚑ 资格预审、评标、定标未分离');
    expect(row).toContain(supplierName);
    await screenshot(page, 'hp-register');

    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'hpb-officer');
    await open(officer, `${t.url}/warning/board`);
    await screenshot(officer, 'hp-board');
    expect(await officer.$eval('main', (m) => m.textContent ?? '')).toContain('血气分析仪采购项目');
  });

  it('edits a project from the register: prefilled, checked as you type, and a three-separation breach introduced by the edit is flagged', async () => {
    const officer = await t.login('hpb-officer');
    const supplier = (await officer.get(`/api/plugins/hospital-procurement/records/supplier?q=${encodeURIComponent('浏览器测试')}`)).body.items[0];
    const created = await officer.post('/api/plugins/hospital-procurement/records/procurement-project', {
      projectNo: 'BR-2026-002',
      name: '全自动生化分析仪采购项目',
      category: 'equipment',
      totalFen: 40_000_000,
      department: '检验科',
      method: 'public-tender',
      announcedOn: '2026-06-02',
      awardedOn: '2026-06-26',
      qualificationReviewer: '测试丁',
      evaluators: ['测试戊', '测试己'],
      awardDecider: '测试庚',
      supplier: supplier.id,
      items: [{ itemName: '全自动生化分析仪', quantity: 1, unitPriceFen: 40_000_000 }],
    });
    expect(created.status).toBe(201);
    // The buyer sees who decided the award, and cannot change it.
    const buyer = await b.newPage();
    await loginViaForm(buyer, t.url, 'hpb-buyer');
    await open(buyer, `${t.url}/p/hospital-procurement/new-project/${created.body.id}/edit`);
    expect(await textOf(buyer, '[data-testid=readonly-awardDecider]')).toBe('测试庚');
    expect(await buyer.$('input[name=awardDecider]')).toBeNull();
    await screenshot(buyer, 'hp-edit-buyer');
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hpb-officer');
    await open(page, `${t.url}/p/hospital-procurement/register`);
    const rowFlags = () => textOf(page, `tr[data-record-id="${created.body.id}"] td.flags`);
    expect(await rowFlags()).toBe('');
    await clickAndWait(page, `tr[data-record-id="${created.body.id}"] a[data-testid=edit]`);
    expect(page.url()).toBe(`${t.url}/p/hospital-procurement/new-project/${created.body.id}/edit`);
    expect(await textOf(page, 'h1')).toBe('编辑采购项目：全自动生化分析仪采购项目');
    expect(await page.$eval('input[name=awardDecider]', (el) => (el as HTMLInputElement).value)).toBe('测试庚');
    expect(await page.$eval('select[name=method]', (el) => (el as HTMLSelectElement).value)).toBe('public-tender');
    expect(await page.$eval('input[name="items.0.itemName"]', (el) => (el as HTMLInputElement).value)).toBe('全自动生化分析仪');

    // The edit form checks the method rules as you type, as the create form does.
    await page.select('select[name=method]', 'emergency');
    expect(await textOf(page, '[data-live-for=methodReason]:not([hidden])')).toBe('单一来源或应急采购必须填写理由');
    await page.select('select[name=method]', 'public-tender');
    expect(await textOf(page, '[data-live-for=methodReason]:not([hidden])')).toBeNull();

    await page.$eval('input[name=awardDecider]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name=awardDecider]', '测试戊');
    await screenshot(page, 'hp-edit');
    const saved = await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(saved?.status()).toBe(200);
    expect(page.url()).toBe(`${t.url}/p/hospital-procurement/register`);
    expect(await rowFlags()).toBe('⚑ 资格预审、评标、定标未分离');
    const after = (await officer.get(`/api/records/${created.body.id}`)).body.values;
    expect(after.awardDecider).toBe('测试戊');
    expect(after.evaluators).toEqual(['测试戊', '测试己']);
    expect(after.items).toEqual([{ itemName: '全自动生化分析仪', quantity: 1, unitPriceFen: 40_000_000 }]);

    // Multi-choice fields are checkbox groups: the supplier's saved categories come back ticked, and a change is saved.
    // The buyer edits it: the supplier's share of its category raised a clue citing it, so the officer who registered it may not, and a correction says why.
    await open(buyer, `${t.url}/p/hospital-procurement/new-supplier/${supplier.id}/edit`);
    const ticked = () => buyer.$$eval('input[name=categories]:checked', (els) => els.map((e) => (e as HTMLInputElement).value));
    expect(await ticked()).toEqual(['equipment']);
    await buyer.click('input[name=categories][value=devices]');
    await buyer.type('textarea[name=reason]', '补充供应类别');
    await screenshot(buyer, 'hp-supplier-edit');
    await clickAndWait(buyer, 'form.record-form button[type=submit]');
    expect(buyer.url()).toBe(`${t.url}/p/hospital-procurement/suppliers`);
    expect((await officer.get(`/api/records/${supplier.id}`)).body.values.categories).toEqual(['devices', 'equipment']);
    expect(await textOf(buyer, `tr[data-record-id="${supplier.id}"]`)).toContain('医疗器械、设备');
  });
});
