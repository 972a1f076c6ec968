/**
 * The county assesses its units through the screens (issue #22 item 5), on the shipped configuration: the hospital's
 * head raises two 一级 (red) warnings in the hospital; the county officer sets up a 2026 scheme over the hospital and
 * the tax bureau, scores it, finalises it, and the result screen, the unit ranking and the unit dossier say the
 * hospital cannot be an advanced unit this year, and why.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, textOf, textsOf, TestBrowser } from '../support/browser';
import { pdfRawTextAcrossPages } from '../support/pdf-tools';
import { startTestApp, TestApp } from '../support/test-app';

const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };
const DESKTOP = { width: 1366, height: 900 };
const SCHEME = '2026年度所属单位党风廉政建设责任制考核';

describe('unit assessment on the screens: the hospital barred from 先进 by two red warnings', () => {
  let t: TestApp;
  let b: TestBrowser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    for (const code of ['county-hospital', 'county-tax-bureau']) ids[code] = await t.institutionId(code);
    b = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the hospital head raises two red warnings in the hospital', async () => {
    const page = await b.newPage();
    await page.setViewport(DESKTOP);
    await loginViaForm(page, t.url, 'hosp-head', DEMO_PASSWORD);
    for (const title of ['药品集中采购未执行三分离', '设备采购化整为零规避招标']) {
      await open(page, `${t.url}/warning/clues/new`);
      await page.select('select[name=source]', 'inspection');
      await page.select('select[name=subjectType]', 'institution');
      await page.type('textarea[name=content]', `院纪委监督检查发现：${title}，问题属实。`);
      await clickAndWait(page, 'form[action="/warning/clues"] button[type=submit]');
      expect(page.url()).toMatch(/\/warning\/clues\/\d+$/);
      await page.select('form:has(input[name=action][value=warn]) select[name=subjectType]', 'institution');
      await page.select('select[name=levelCode]', 'red');
      // The hospital's palette (003 篇8) names no deciding body for 一级, so the form asks for no meeting.
      expect(await page.$('input[name=decisionBody]')).toBeNull();
      await page.type('input[name=title]', title);
      await page.type('textarea[name=reason]', '经院党委研究，问题属实，给予一级预警，责令整改。');
      await clickAndWait(page, 'form:has(input[name=action][value=warn]) button[type=submit]');
      expect(page.url()).toMatch(/\/warning\/warnings\/\d+$/);
      expect(await textOf(page, 'main')).toContain(title);
    }
    await page.close();
  });

  it('the county officer sets up, scores and finalises the unit scheme; the result screen says why the hospital is barred', async () => {
    const page = await b.newPage();
    await page.setViewport(DESKTOP);
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/assessment`);
    // The units below the county, by their Chinese names.
    expect(await textsOf(page, 'fieldset[data-testid=unit-subjects] label')).toEqual(
      expect.arrayContaining(['示范县人民医院', '示范县税务局', '示范县东溪镇', '示范县东溪镇青石村', '示范县东溪镇水口村']),
    );
    await page.type('input[name=name]', SCHEME);
    await page.select('select[name=gradeScale]', '000-four');
    for (const [i, [area, name, points]] of [['责任落实', '党风廉政建设责任制落实', '60'], ['预警防控', '腐败风险预警防控工作', '40']].entries()) {
      await page.type(`input[name=area${i}]`, area);
      await page.type(`input[name=name${i}]`, name);
      await page.type(`input[name=maxPoints${i}]`, points);
    }
    await page.click(`input[name=subjects][value="unit:${ids['county-hospital']}"]`);
    await page.click(`input[name=subjects][value="unit:${ids['county-tax-bureau']}"]`);
    await screenshot(page, 'assessment-units-1-new-scheme');
    await clickAndWait(page, 'form[action="/assessment/schemes"] button[type=submit]');
    expect(page.url()).toMatch(/\/assessment\/schemes\/\d+$/);
    const schemeUrl = page.url();

    // hospital 58 + 39 = 97, tax bureau 50 + 35 = 85
    const scores: [string, number, string][] = [['county-hospital', 0, '58'], ['county-hospital', 1, '39'], ['county-tax-bureau', 0, '50'], ['county-tax-bureau', 1, '35']];
    const subjectOptions = await page.$$eval('form[action$="/score"] select[name=subjectId] option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent?.trim() })));
    const itemOptions = await page.$$eval('form[action$="/score"] select[name=itemId] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    const names: Record<string, string> = { 'county-hospital': '示范县人民医院', 'county-tax-bureau': '示范县税务局' };
    for (const [unit, item, points] of scores) {
      await page.select('form[action$="/score"] select[name=itemId]', itemOptions[item]);
      await page.select('form[action$="/score"] select[name=subjectId]', subjectOptions.find((o) => o.label === names[unit])!.value);
      await page.type('form[action$="/score"] input[name=points]', points);
      await page.type('form[action$="/score"] textarea[name=evidence]', '查阅年度责任制落实台账及半年自查报告');
      await clickAndWait(page, 'form[action$="/score"] button[type=submit]');
      expect(page.url()).toBe(schemeUrl);
    }
    await clickAndWait(page, 'form[action$="/finalise"] button[type=submit]');
    // Finalising cannot be undone: the page asked first.
    expect(dialogsOf(page)).toContain('定稿后分数和等次不能再修改。确定定稿？');
    const rows = await textsOf(page, 'table[data-testid=results] tbody tr');
    const hospital = rows.find((r) => r.includes('示范县人民医院'))!;
    expect(hospital).toContain('97.00');
    expect(hospital).toContain('优秀');
    expect(hospital).toContain('本单位本年度受到一级（红色）预警次数：2（规则：≥ 2）');
    expect(hospital).toContain('003篇5 七（二）');
    expect(hospital).toContain('「药品集中采购未执行三分离」');
    expect(hospital).toContain('「设备采购化整为零规避招标」');
    expect(await textsOf(page, '[data-testid=unit-veto]')).toEqual(['不得评为先进单位']);
    const tax = rows.find((r) => r.includes('示范县税务局'))!;
    expect([tax.includes('85.00'), tax.includes('良好'), tax.includes('不得评为先进单位')]).toEqual([true, true, false]);
    await screenshot(page, 'assessment-units-2-results');
    // 出具结果通报（PDF）: Chromium hands the PDF to its viewer, so the click's outcome is the redirect to the document.
    const [issued] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/pdf') && r.request().method() === 'POST'), page.click('[data-testid=results-pdf] button')]);
    expect([issued.status(), issued.headers().location]).toEqual([303, expect.stringMatching(/^\/api\/documents\/\d+\/pdf$/)]);
    const cookies = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = await fetch(`${t.url}${issued.headers().location}`, { headers: { cookie: cookies } });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = await pdfRawTextAcrossPages(Buffer.from(await pdf.arrayBuffer()), '排名考核对象得分等次说明');
    expect(text).toMatch(/1示范县人民医院97\.00分优秀单位一年内受到两次及以上一级预警的[\s\S]*「设备采购化整为零规避招标」[\s\S]*2示范县税务局85\.00分良好示范县人民医院当年不得评为先进单位/);
    // The phone view in a page of its own: navigating away from Chromium's PDF viewer timed out once on a loaded machine.
    const phone = await b.newPage();
    await phone.setViewport(PHONE);
    await open(phone, schemeUrl);
    await screenshot(phone, 'assessment-units-2-results-phone');
    await phone.close();
    await page.close();
  });

  it('the unit ranking marks the hospital, and its dossier keeps the result for the hospital head too', async () => {
    const page = await b.newPage();
    await page.setViewport(DESKTOP);
    await loginViaForm(page, t.url, 'county-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/assessment/units`);
    expect(await textOf(page, '[data-testid=ranking-basis]')).toMatch(new RegExp(`^考核方案：${SCHEME} · 不得评为先进单位：1 个\\s*本期按单位考核方案排名`));
    const vetoed = await textsOf(page, 'tr[data-testid=unit-vetoed]');
    expect(vetoed).toHaveLength(1);
    expect(vetoed[0]).toMatch(/^1\s*示范县人民医院\s*97\.00\s*优秀\s*不得评为先进单位/);
    await screenshot(page, 'assessment-units-3-ranking');
    await page.setViewport(PHONE);
    await open(page, `${t.url}/assessment/units`);
    await screenshot(page, 'assessment-units-3-ranking-phone');
    await page.close();

    const head = await b.newPage();
    await head.setViewport(DESKTOP);
    await loginViaForm(head, t.url, 'hosp-head', DEMO_PASSWORD);
    await open(head, `${t.url}/assessment/units/${ids['county-hospital']}/dossier`);
    const entry = await textOf(head, 'table[data-testid=unit-dossier] tbody tr');
    expect(entry).toMatch(/^2026\s*2026年度所属单位党风廉政建设责任制考核\s*示范县纪委监委\s*97\.00\s*优秀\s*不得评为先进单位/);
    await screenshot(head, 'assessment-units-4-dossier');
    await head.setViewport(PHONE);
    await open(head, `${t.url}/assessment/units/${ids['county-hospital']}/dossier`);
    await screenshot(head, 'assessment-units-4-dossier-phone');
    await head.close();
  });
});
