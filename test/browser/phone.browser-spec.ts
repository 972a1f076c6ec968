import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, Page, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { pdfRawText, pdfText } from '../support/pdf-tools';
import { startTestApp, TestApp } from '../support/test-app';

/** A record form's save button (a picker's 查找 button also submits the form). */
const SAVE = 'form.record-form button[type=submit]:not([name=_find])';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

/** Who came to the phone meeting, by party: the village committee's third member was away. */
const ATTENDEES: Record<string, string[]> = { 'party-branch': ['黄立新', '冯敏', '吴秀兰'], 'village-committee': ['赵大海', '钱玉兰'], 'work-team': ['高文斌', '何丽娟', '孙立'] };

const INSPECTION_NO = '示税检通〔2026〕990号';

const TIPOFF = '手机端举报：村务公开栏长期未更新，一事一议资金去向不明。';

/** The page fits the phone: the first form field starts within the first screen and nothing scrolls sideways. */
async function expectPhoneLayout(page: Page, firstField: string): Promise<void> {
  const top = await page.$eval(firstField, (el) => el.getBoundingClientRect().top + window.scrollY);
  expect([firstField, top < 844]).toEqual([firstField, true]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** Signed-in screens: the menu is folded until the toggle is tapped, then its links are visible. */
async function expectFoldedMenu(page: Page, link: string): Promise<void> {
  const visible = () => page.$eval(`#main-nav a[href="${link}"]`, (a) => (a as HTMLElement).offsetParent !== null);
  expect(await visible()).toBe(false);
  await page.tap('label[for=nav-toggle]');
  expect(await visible()).toBe(true);
  await page.tap('label[for=nav-toggle]');
  expect(await visible()).toBe(false);
}

async function phonePage(b: TestBrowser): Promise<Page> {
  const page = await b.newPage();
  await page.setViewport(PHONE);
  return page;
}

describe('the village, clinic, tip-off and receipt journeys on a 390×844 phone', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    b = await launchBrowser();
  }, 600_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('on a 1366×900 desktop the menu stands open, with neither the toggle nor the menu button shown', async () => {
    const page = await b.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await loginViaForm(page, t.url, 'village-secretary', DEMO_PASSWORD);
    const shown = (sel: string) => page.$eval(sel, (el) => getComputedStyle(el).display !== 'none' && (el as HTMLElement).offsetParent !== null);
    expect(await shown('#main-nav a[href="/p/village-joint-meeting/new-meeting"]')).toBe(true);
    expect(await shown('#nav-toggle')).toBe(false);
    expect(await shown('label[for=nav-toggle]')).toBe(false);
  });

  it('a village secretary records a joint meeting and the decision each party agreed to, and issues the 纪要', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'village-secretary', DEMO_PASSWORD);
    await screenshot(page, 'phone-village-home');
    await page.tap('label[for=nav-toggle]');
    await screenshot(page, 'phone-village-menu-open');
    await page.tap('label[for=nav-toggle]');
    await expectFoldedMenu(page, '/p/village-joint-meeting/new-meeting');
    // The menu opens over nothing: tapping one of its links goes there, with the menu folded again.
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/village-joint-meeting/new-meeting"]');
    expect(new URL(page.url()).pathname).toBe('/p/village-joint-meeting/new-meeting');
    await expectPhoneLayout(page, 'form.record-form input[name=title]');
    expect(await page.$eval('#nav-toggle', (el) => (el as HTMLInputElement).checked)).toBe(false);
    await page.type('input[name=title]', '手机端联席会议（2026-W47）');
    await page.select('select[name=kind]', 'weekly-regular');
    await setValue(page, 'input[name=date]', '2026-11-20');
    await page.type('input[name=place]', '青石村党群服务中心');
    await page.select('select[name=convenerBranch]', await firstOption(page, 'select[name=convenerBranch]'));
    await page.select('select[name=convenerTeam]', await firstOption(page, 'select[name=convenerTeam]'));
    for (const [i, [party, names]] of Object.entries(ATTENDEES).entries()) {
      await page.select(`select[name="attendance.${i}.party"]`, party);
      await page.type(`input[name="attendance.${i}.expected"]`, '3');
      await page.type(`input[name="attendance.${i}.present"]`, String(names.length));
      await page.type(`input[name="attendance.${i}.attendees"]`, names.join('、'));
    }
    await page.type('input[name="attendance.1.absentees"]', '吴德胜（病假）');
    await page.select('select[name=recorder]', await firstOption(page, 'select[name=recorder]'));
    await page.select('select[name="agenda.0.kind"]', 'last-week-review');
    await page.type('input[name="agenda.0.topic"]', '总结上周工作');
    await page.select('select[name="agenda.1.kind"]', 'funds');
    await page.type('input[name="agenda.1.topic"]', '研究村道修缮资金');
    await page.type('textarea[name=minutes]', '会议通报上周工作。');
    await setValue(page, 'input[name=signedBranchOn]', '2026-11-20');
    await setValue(page, 'input[name=signedTeamOn]', '2026-11-20');
    await screenshot(page, 'phone-village-form');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const saved = await clickAndWait(page, SAVE);
    expect(saved?.status()).toBe(200);
    expect(page.url()).toContain('/p/village-joint-meeting/meetings');
    expect((await textOf(page, 'main')) ?? '').toContain('手机端联席会议（2026-W47）');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-village-register');

    // The decision each party agreed to, on the spending item.
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/village-joint-meeting/new-decision"]');
    await expectPhoneLayout(page, 'form.record-form input[name=content]');
    await page.type('input[name=content]', '同意修缮村道，资金从村集体经费列支');
    const meeting = await page.$$eval('select[name=meeting] option', (os) => os.find((o) => (o.textContent ?? '').includes('手机端联席会议（2026-W47）'))?.getAttribute('value') ?? '');
    await page.select('select[name=meeting]', meeting);
    await page.select('select[name=agendaKind]', 'funds');
    for (const party of ['branchAgreement', 'teamAgreement', 'policeAgreement']) await page.select(`select[name=${party}]`, 'agree');
    await setValue(page, 'input[name=amountFen]', '12000.00');
    await page.type('input[name=responsible]', '黄立新');
    await setValue(page, 'input[name=deadline]', '2026-12-20');
    await screenshot(page, 'phone-village-decision-form');
    const decided = await clickAndWait(page, SAVE);
    expect([decided?.status(), new URL(page.url()).pathname, await textOf(page, 'ul.error')]).toEqual([200, '/p/village-joint-meeting/decisions', null]);
    expect((await textOf(page, 'main')) ?? '').toContain('同意修缮村道，资金从村集体经费列支');
    await screenshot(page, 'phone-village-decisions');

    // The 纪要 from the meeting's row: it names who came and who did not, carries the issued number, and no page is empty.
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/village-joint-meeting/meetings"]');
    const issue = `tr[data-record-id="${meeting}"] [data-testid=issue][data-template="village-joint-meeting/minutes"]`;
    const [issued] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/${meeting}/issue`)), page.click(issue)]);
    expect([issued.status(), issued.headers().location]).toEqual([303, expect.stringMatching(/^\/api\/documents\/\d+\/pdf$/)]);
    const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = Buffer.from(await (await fetch(`${t.url}${issued.headers().location}`, { headers: { cookie } })).arrayBuffer());
    const pages = (await pdfText(pdf)).map((p) => p.replace(/\s+/g, ''));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((p) => p.length < 20)).toEqual([]);
    const text = pages.join('');
    for (const name of [...Object.values(ATTENDEES).flat(), '吴德胜']) expect([name, text.includes(name)]).toEqual([name, true]);
    // The document list (a fresh window: this one handed the PDF to the browser's viewer) shows the number printed.
    const documents = await phonePage(b);
    await loginViaForm(documents, t.url, 'village-secretary', DEMO_PASSWORD);
    await open(documents, `${t.url}/documents`);
    const number = await textOf(documents, '[data-testid=document-list] tbody tr:first-child td:first-child');
    expect(number).toMatch(/〔2026〕\d+号$/);
    expect(text).toContain(number!.replace(/\s+/g, ''));
    // The kind by its name, not the template's id.
    expect(await textOf(documents, '[data-testid=document-list] tbody tr:first-child td:nth-child(3)')).toBe('联席会议纪要');
    await screenshot(documents, 'phone-village-documents');
  });

  it('the township officer drills into the village read-only and sees its clues on his board', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'township-jijian', DEMO_PASSWORD);
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/village-joint-meeting/township"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-township-view');
    await clickAndWait(page, 'section.dashboard-panel tbody tr:first-child td:first-child a');
    expect(await textOf(page, '[data-testid=viewing-unit]')).toContain('只读查看：示范县东溪镇青石村（当前单位未切换）');
    await screenshot(page, 'phone-township-drill-down');
    await clickAndWait(page, '[data-testid=viewing-unit] a');
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/warning/board"]');
    await page.select('select[name=unit]', String(await t.institutionId('qingshi-village')));
    await clickAndWait(page, 'form[data-testid=board-filter] button[type=submit]');
    const units = await page.$$eval('table[data-testid=board] tbody tr[data-kind=clue] td.unit', (tds) => tds.map((td) => (td.textContent ?? '').trim()));
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units)).toEqual(new Set(['示范县东溪镇青石村']));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-township-board');
  });

  it('a village clinic doctor makes a TB referral', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'taoyuan-doctor', DEMO_PASSWORD);
    await expectFoldedMenu(page, '/p/tb-referral/new-referral');
    await open(page, `${t.url}/p/tb-referral/new-referral`);
    await expectPhoneLayout(page, 'form.record-form input[name=referralNo]');
    await page.type('input[name=referralNo]', 'TB-TY-PHONE-1');
    await page.select('select[name=person]', await firstOption(page, 'select[name=person]'));
    await setValue(page, 'input[name=referralDate]', '2026-11-21');
    await page.click('input[name=symptoms][value=cough-2w]');
    await page.type('input[name=referringDoctor]', '钱玉梅');
    // The receiving hospital and the managing township: the clinic's configured ones (typed codes today, or a picker).
    await choose(page, 'toHospital', 'district-tb-hospital');
    await choose(page, 'township', 'dongxi-township-hc');
    await screenshot(page, 'phone-clinic-referral-form');
    const saved = await clickAndWait(page, SAVE);
    expect([saved?.status(), await textOf(page, 'ul.error')]).toEqual([200, null]);
    expect(page.url()).toContain('/p/tb-referral/referrals');
    expect((await textOf(page, 'main')) ?? '').toContain('TB-TY-PHONE-1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-clinic-referrals');
  });

  it('the designated hospital checks the phone referral in by the code on its slip', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'tbh-doctor', DEMO_PASSWORD);
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/check-in/tb-referral/arrivals"]');
    await expectPhoneLayout(page, '#check-in-code');
    expect(await textsOf(page, '[data-testid=check-in-queue] tbody td:first-child')).toContain('TB-TY-PHONE-1');
    await screenshot(page, 'phone-hospital-arrivals');
    await page.type('#check-in-code', 'TB-TY-PHONE-1');
    await clickAndWait(page, '.check-in-form button[type=submit]');
    expect(await textOf(page, '[data-testid=check-in-done]')).toBe('已登记：TB-TY-PHONE-1（2026-11-22）');
    expect(await textsOf(page, '[data-testid=check-in-queue] tbody td:first-child')).not.toContain('TB-TY-PHONE-1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-hospital-checked-in');
  });

  it('the CDC reads the indicators against their targets and drills into the records behind a figure', async () => {
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'cdc-tb', DEMO_PASSWORD);
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/tb-referral/dashboard"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-cdc-dashboard');
    await clickAndWait(page, 'a[href="/indicators?plugin=tb-referral"]');
    expect((await textsOf(page, '[data-testid=indicator-chart] h2')).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-cdc-indicators');
    await clickAndWait(page, '[data-testid=indicator-chart] .ind-table tbody tr:first-child a');
    const [numerator, denominator] = (await textsOf(page, '[data-testid=indicator-summary] tbody td')).map(Number);
    expect(numerator).toBeLessThanOrEqual(denominator);
    expect(await page.$$('[data-testid=indicator-records] tbody tr')).toHaveLength(denominator);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-cdc-drill-down');
  });

  it('the hospital officer reads the procurement dashboard and the risk points: bars and rows stay readable on the phone', async () => {
    // As `npm start` seeds it: the hospital's risk points.
    await seedRiskDemo(t.app, 'county-hospital');
    const page = await phonePage(b);
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/p/hospital-procurement/dashboard"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Each bar's label sits on its own line above the bar, at the page's type size, not shrunk with a drawing.
    const bars = await page.$$eval('section.dashboard-panel ol.bars li', (lis) =>
      lis.map((li) => {
        const label = li.querySelector('.bar-label')!.getBoundingClientRect();
        const bar = li.querySelector('.bar-track')!.getBoundingClientRect();
        return { text: li.querySelector('.bar-label')!.textContent, fontPx: parseFloat(getComputedStyle(li.querySelector('.bar-label')!).fontSize), above: label.bottom <= bar.top + 1, barWidth: bar.width };
      }),
    );
    expect(bars.length).toBeGreaterThan(20);
    expect(bars.filter((x) => !x.above || x.fontPx < 13 || x.barWidth < 150)).toEqual([]);
    expect(bars.map((x) => x.text)).toContain('化整为零、拆分采购');
    // The supplier concentration table is a card per category: the supplier's name runs across the card, not five characters a line.
    const supplier = await page.$eval('section.dashboard-panel table.cards tbody tr:first-child td:nth-child(2)', (td) => ({ width: td.getBoundingClientRect().width, label: td.getAttribute('data-label') }));
    expect(supplier.width).toBeGreaterThan(250);
    expect(supplier.label).toBe('最大供应商');
    await screenshot(page, 'phone-hospital-dashboard');
    await page.tap('label[for=nav-toggle]');
    await clickAndWait(page, '#main-nav a[href="/risk/points"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // A card per risk point: its name on one line across the card, each other cell under its column's name.
    const card = await page.$eval('[data-testid=risk-list] tbody tr:first-child', (tr) => ({
      width: tr.getBoundingClientRect().width,
      nameWidth: tr.querySelector('td:first-child')!.getBoundingClientRect().width,
      labels: Array.from(tr.querySelectorAll('td[data-label]'), (td) => td.getAttribute('data-label')),
      head: getComputedStyle(document.querySelector('[data-testid=risk-list] thead')!).display,
    }));
    expect(card.width).toBeGreaterThan(300);
    expect(card.nameWidth).toBeGreaterThan(250);
    expect(card.labels).toEqual(expect.arrayContaining(['风险等级', '科室', '状态']));
    expect(card.head).toBe('none');
    await screenshot(page, 'phone-risk-points');
  });

  it('anyone sends a tip-off from the public page, refreshes the receipt without re-sending, and later sees the status only', async () => {
    const page = await phonePage(b);
    await open(page, `${t.url}/tipoff`);
    await expectPhoneLayout(page, 'main form select, main form input:not([type=hidden]), main form textarea');
    await screenshot(page, 'phone-tipoff-form');
    await page.select('select[name=institutionCode]', 'qingshi-village');
    await page.type('input[name=subjectLabel]', '某村干部');
    await page.type('textarea[name=content]', TIPOFF);
    const sent = await clickAndWait(page, 'main form button[type=submit]');
    expect(sent?.status()).toBe(200);
    const code = await textOf(page, '[data-testid=receipt-code]');
    expect(code).toMatch(/^JB-[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-tipoff-sent');
    // Refreshing shows the same code (the board below holds the tip-off once).
    expect((await page.reload({ waitUntil: 'load' }))?.status()).toBe(200);
    expect(await textOf(page, '[data-testid=receipt-code]')).toBe(code);
    await clickAndWait(page, '[data-testid=tipoff-receipt] a[href="/tipoff/status"]');
    await expectPhoneLayout(page, 'input[name=code]');
    await page.type('input[name=code]', code!);
    await clickAndWait(page, 'form[data-testid=status-form] button[type=submit]');
    expect(await textOf(page, '[data-testid=tipoff-status]')).toContain('已受理');
    // The status, not the matter: nothing of what was reported comes back.
    expect((await textOf(page, 'main')) ?? '').not.toContain('一事一议');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-tipoff-status');

    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'township-jijian', DEMO_PASSWORD);
    await open(officer, `${t.url}/warning/board?unit=${await t.institutionId('qingshi-village')}`);
    expect((await textsOf(officer, 'table[data-testid=board] tbody tr')).filter((r) => r.includes('某村干部'))).toHaveLength(1);
  });

  it('anyone checks an issued PDF on the verification page its QR code opens', async () => {
    // The hospital's officer issues a supervision opinion from the register; its holder has the PDF, and the verification link its QR code carries.
    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(officer, `${t.url}/p/hospital-procurement/register`);
    const [issued] = await Promise.all([officer.waitForResponse((r) => r.url().endsWith('/issue') && r.request().method() === 'POST'), officer.click('[data-testid=issue]')]);
    expect(issued.status()).toBe(303);
    await open(officer, `${t.url}/documents`);
    const [pdfHref, verifyHref] = await officer.$eval('[data-testid=document-list] tbody tr', (tr) => Array.from(tr.querySelectorAll('a'), (a) => a.getAttribute('href') ?? ''));
    expect(verifyHref).toMatch(/^\/verify\/[\w-]+$/);
    const cookie = (await officer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = Buffer.from(await (await fetch(`${t.url}${pdfHref}`, { headers: { cookie } })).arrayBuffer());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-verify-'));
    fs.writeFileSync(path.join(dir, '通知书.pdf'), pdf);
    fs.writeFileSync(path.join(dir, '改过的通知书.pdf'), Buffer.concat([pdf, Buffer.from('\n%changed\n')]));

    const page = await phonePage(b);
    await open(page, `${t.url}${verifyHref}`);
    await expectPhoneLayout(page, 'form.verify-form input[type=file]');
    expect(await textOf(page, '.verify-statement')).toMatch(/^本公文由.+印发，文号.+/);
    for (const [file, verdict] of [['通知书.pdf', '与本公文逐字节一致'], ['改过的通知书.pdf', '与本公文不一致']]) {
      await (await page.$('form.verify-form input[type=file]'))!.uploadFile(path.join(dir, file));
      await clickAndWait(page, 'form.verify-form button[type=submit]');
      expect(await textOf(page, '[data-testid=verify-result]')).toContain(`上传的文件“${file}”${verdict}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `phone-verify-${verdict.length > 8 ? 'same' : 'changed'}`);
    }
  });

  it('the tax officer records an inspection and prints its receipt; the taxpayer answers it on a phone from the printed link', async () => {
    // At his desk, the tax officer registers the inspection and issues the receipt form from the register.
    const officer = await b.newPage();
    await officer.setViewport({ width: 1366, height: 900 });
    await loginViaForm(officer, t.url, 'tax-officer', DEMO_PASSWORD);
    await open(officer, `${t.url}/p/tax-collection/new-inspection`);
    await officer.type('input[name=inspectionNo]', INSPECTION_NO);
    await officer.select('select[name=taxpayer]', await firstOption(officer, 'select[name=taxpayer]'));
    await officer.type('input[name=inspectors]', '许文涛,施国华');
    await setValue(officer, 'input[name=startedOn]', '2026-11-16');
    await setValue(officer, 'input[name=endedOn]', '2026-11-18');
    await setValue(officer, 'input[name=receiptIssuedOn]', '2026-11-18');
    const saved = await clickAndWait(officer, SAVE);
    expect([saved?.status(), new URL(officer.url()).pathname, await textOf(officer, 'ul.error')]).toEqual([200, '/p/tax-collection/inspections', null]);
    const id = await officer.$$eval('tr[data-record-id]', (rows, no) => rows.find((r) => (r.textContent ?? '').includes(no as string))?.getAttribute('data-record-id') ?? '', INSPECTION_NO);
    await screenshot(officer, 'phone-receipt-0-officer-register');
    const [issued] = await Promise.all([officer.waitForResponse((r) => r.url().endsWith(`/${id}/issue`)), officer.click(`tr[data-record-id="${id}"] [data-testid=issue][data-template="tax-collection/integrity-receipt"]`)]);
    expect([issued.status(), issued.headers().location]).toEqual([303, expect.stringMatching(/^\/api\/documents\/\d+\/pdf$/)]);
    const cookie = (await officer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const printed = await pdfRawText(Buffer.from(await (await fetch(`${t.url}${issued.headers().location}`, { headers: { cookie } })).arrayBuffer()));
    // The paper gives the link as a QR code and, for typing, as text.
    const link = { url: /网址：(https?:\/\/\S+?)回执码：/.exec(printed)?.[1] ?? '' };
    expect(link.url).toMatch(/\/f\/tax-collection\/receipt\//);
    const page = await phonePage(b);
    await open(page, link.url);
    await expectPhoneLayout(page, 'form.record-form input[type=radio]');
    await screenshot(page, 'phone-receipt-form');
    // Every question must be answered: one left out is held back by the browser and refused by the server, naming it.
    await page.click('#receiptDemands-no');
    await page.click('#receiptBanquet-yes');
    await page.click('#receiptGifts-no');
    expect(await page.$eval('form.record-form', (f) => (f as HTMLFormElement).checkValidity())).toBe(false);
    await page.$eval('form.record-form', (f) => ((f as HTMLFormElement).noValidate = true));
    const refused = await clickAndWait(page, SAVE);
    expect(refused?.status()).toBe(400);
    expect((await textOf(page, 'form.record-form')) ?? '').toContain('检查人员工作态度');
    await screenshot(page, 'phone-receipt-refused');
    await page.click('#receiptBanquet-yes');
    await page.click('#receiptAttitude-fair');
    await clickAndWait(page, SAVE);
    expect(dialogsOf(page).at(-1)).toBe('提交后不能修改。确定提交？');
    expect(await textOf(page, '[data-testid=public-form-thanks]')).toBe('已收到您的回复，感谢您对税务干部廉洁执法的监督。');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'phone-receipt-thanks');
    // The code is used up: the same link now says so, with no form.
    await open(page, link.url);
    expect(await textOf(page, '[data-testid=public-form-used]')).toContain('该回执码已使用');
    expect(await page.$('form.record-form')).toBeNull();
    await screenshot(page, 'phone-receipt-used');
    // The banquet answered 有 is a clue on the tax bureau's discipline officer's board.
    const jijian = await b.newPage();
    await loginViaForm(jijian, t.url, 'tax-jijian', DEMO_PASSWORD);
    await open(jijian, `${t.url}/warning/board`);
    const rows = await textsOf(jijian, 'table[data-testid=board] tbody tr');
    expect(rows.filter((r) => r.includes('廉政回执反映检查人员问题') && r.includes(INSPECTION_NO))).toHaveLength(1);
    await screenshot(jijian, 'phone-receipt-tax-jijian-board');
  });
});

/** The value of a select's first real option (not the empty prompt). */
async function firstOption(page: Page, select: string): Promise<string> {
  const value = await page.$eval(select, (el) => Array.from((el as HTMLSelectElement).options).map((o) => o.value).find((v) => v !== '') ?? '');
  if (!value) throw new Error(`${select} offers nothing`);
  return value;
}

/** Sets a field to `value` when the form leaves it empty: a picker's option, or the text typed. */
async function choose(page: Page, name: string, value: string): Promise<void> {
  const field = await page.$(`[name=${name}]`);
  if (!field) return;
  const [tag, current] = await field.evaluate((el) => [el.tagName, (el as HTMLInputElement).value]);
  if (current) return;
  if (tag === 'SELECT') await page.select(`select[name=${name}]`, value);
  else await page.type(`input[name=${name}]`, value);
}
