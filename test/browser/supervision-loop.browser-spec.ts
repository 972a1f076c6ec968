import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { answerConfirmations, clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf } from '../support/browser';
import { pdfRawText } from '../support/pdf-tools';
import { PDF_BYTES } from '../support/warning-fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** A record form's save button (a picker's 查找 button also submits the form). */
const SAVE = 'form.record-form button[type=submit]:not([name=_find])';

/**
 * The supervision loop of issue #18 through the screens only: a buyer's two small purchases trip the split-purchase
 * rule, the officer names the buyer at triage and issues the notice, the buyer answers from his to-do list with a
 * file, the officer reviews and visits, and the head releases from his to-do list.
 */
describe('the supervision loop, from a rule hit to release, through the screens', () => {
  let t: TestApp;
  let b: TestBrowser;
  let warningPath = '';

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo' });
    b = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const signIn = async (username: string): Promise<Page> => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, username, DEMO_PASSWORD);
    return page;
  };

  const savePurchase = async (page: Page, p: { no: string; name: string; yuan: string; on: string; referenceYuan?: string }) => {
    await open(page, `${t.url}/p/hospital-procurement/new-project`);
    await page.type('input[name=projectNo]', p.no);
    await page.type('input[name=name]', p.name);
    await page.select('select[name=category]', 'consumables');
    await setValue(page, 'input[name=totalFen]', p.yuan);
    await page.type('input[name=department]', '药剂科');
    await page.select('select[name=method]', 'inquiry');
    await setValue(page, 'input[name=awardedOn]', p.on);
    await page.type('input[name="items.0.itemName"]', '一次性输液器');
    await page.type('input[name="items.0.quantity"]', '1');
    await page.type('input[name="items.0.unitPriceFen"]', p.yuan);
    if (p.referenceYuan) await page.type('input[name="items.0.referencePriceFen"]', p.referenceYuan);
    const saved = await clickAndWait(page, SAVE);
    await screenshot(page, `loop-1-saved-${p.no}`);
    // Saved and back on the register, with no form error.
    expect([saved?.status(), new URL(page.url()).pathname, await textOf(page, 'ul.error')]).toEqual([200, '/p/hospital-procurement/register', null]);
  };

  it('hosp-buyer saves two purchases of one item within 30 days that together reach the tender threshold, one priced over its reference', async () => {
    const buyer = await signIn('hosp-buyer');
    await savePurchase(buyer, { no: 'YY-CG-2026-T01', name: '输液器询价采购（一）', yuan: '98000', on: '2026-06-10' });
    await savePurchase(buyer, { no: 'YY-CG-2026-T02', name: '输液器询价采购（二）', yuan: '110000.00', on: '2026-06-24', referenceYuan: '95000.00' });
    // The register shows what was typed, in 元.
    const row = await buyer.$$eval('tr[data-record-id]', (rows) => rows.map((r) => r.textContent ?? '').find((x) => x.includes('YY-CG-2026-T02')) ?? '');
    expect(row).toContain('110,000.00');
    await screenshot(buyer, 'loop-1-register');
  });

  it('hosp-jijian finds both new clues in his to-do list and merges the price clue into the split-purchase clue', async () => {
    const officer = await signIn('hosp-jijian');
    const triage = async () => officer.$$eval('[data-testid=todo] a[href^="/warning/clues/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(await textOf(officer, '[data-testid=todo]')).toContain('待研判的预警信息');
    const listed = await triage();
    await screenshot(officer, 'loop-2a-officer-home');
    await open(officer, `${t.url}/warning/board`);
    // A row holds the subject in 对象 and the rule's text in 事项.
    const clueOf = (...parts: string[]) => officer.$$eval('tr[data-kind=clue]', (trs, parts) => trs.find((tr) => (parts as string[]).every((p) => (tr.textContent ?? '').includes(p)))?.querySelector('td a')?.getAttribute('href') ?? '', parts);
    const split = await clueOf('YY-CG-2026-T01、YY-CG-2026-T02', '化整为零、拆分采购：');
    const price = await clueOf('输液器询价采购（二）', '采购单价高于参考价：');
    expect(listed).toEqual(expect.arrayContaining([split, price]));
    await open(officer, `${t.url}/`);
    await clickAndWait(officer, `[data-testid=todo] a[href="${price}"]`);
    // The rule's facts are a labelled table in Chinese, not raw JSON.
    const facts = (await textOf(officer, '[data-testid=rule-facts]')) ?? '';
    expect(facts).toContain('单价超出参考价的最大幅度');
    expect(facts).not.toMatch(/[{}"]|maxPriceExcessPercent/);
    await screenshot(officer, 'loop-2b-price-clue');
    // The clue to merge into is picked from the open clues by number (#id, as the board shows it), date and text.
    const target = await officer.$$eval('select[name=intoClueId] option', (os, id) => os.find((o) => o.getAttribute('value') === id)?.textContent ?? '', split.split('/').pop()!);
    expect(target).toMatch(new RegExp(`^#${split.split('/').pop()} · 2026-\\d{2}-\\d{2} · .*化整为零`));
    await officer.select('select[name=intoClueId]', split.split('/').pop()!);
    await clickAndWait(officer, 'form:has(input[name=action][value=merge]) button[type=submit]');
    expect(dialogsOf(officer).at(-1)).toBe('合并后本条预警信息不再单独研判。确定合并？');
    expect(await officer.$eval(`a[href="${split}"]`, (a) => a.textContent)).toBe(`#${split.split('/').pop()}`);
    await screenshot(officer, 'loop-2c-merged');
    await open(officer, `${t.url}/`);
    expect(await triage()).not.toContain(price);
  });

  it('hosp-jijian triages the clue: the buyer is suggested with why, picked, and the blue notice is issued to him by name', async () => {
    const officer = await signIn('hosp-jijian');
    await open(officer, `${t.url}/warning/board`);
    const link = await officer.$$eval('tr[data-kind=clue] td a', (as) => as.find((a) => (a.closest('tr')?.textContent ?? '').includes('YY-CG-2026-T01'))?.getAttribute('href') ?? '');
    expect(link).toMatch(/^\/warning\/clues\/\d+$/);
    await open(officer, `${t.url}${link}`);
    const suggestions = await textsOf(officer, '[data-testid=subject-suggestions] li');
    expect(suggestions.join('\n')).toContain('陈思远');
    expect(suggestions.join('\n')).toContain('录入人');
    // The suggested buyer is preselected; the officer keeps him and the person type.
    const picked = await officer.$eval('select[name=subjectPersonId]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(picked).toContain('陈思远');
    expect(await officer.$eval('select[name=subjectType]', (s) => (s as HTMLSelectElement).value)).toBe('person');
    // The rule's facts name both purchases and their sum in 元, and link to both purchases.
    const facts = (await textOf(officer, '[data-testid=rule-facts]')) ?? '';
    for (const fact of ['YY-CG-2026-T01', 'YY-CG-2026-T02', '208,000.00 元']) expect(facts).toContain(fact);
    expect(await textsOf(officer, '[data-testid=clue-records] a')).toEqual(['YY-CG-2026-T01 输液器询价采购（一）', 'YY-CG-2026-T02 输液器询价采购（二）']);
    await screenshot(officer, 'loop-2-triage');

    // Without a subject the form is refused with the field named, and what was typed stays.
    await officer.select('select[name=subjectPersonId]', '');
    await officer.select('select[name=levelCode]', 'blue');
    await officer.type('input[name=title]', '药品耗材拆分采购规避招标');
    await officer.type('textarea[name=reason]', '同一品种30天内两次询价采购，合计达到招标限额，需警示提醒。');
    const refused = await clickAndWait(officer, SAVE);
    expect(refused?.status()).toBe(400);
    expect(await textOf(officer, 'form.record-form')).toContain('被预警人');
    expect(await officer.$eval('input[name=title]', (i) => (i as HTMLInputElement).value)).toBe('药品耗材拆分采购规避招标');
    const chen = await officer.$$eval('select[name=subjectPersonId] option', (os) => os.find((o) => (o.textContent ?? '').includes('陈思远'))?.getAttribute('value') ?? '');
    await officer.select('select[name=subjectPersonId]', chen);
    await clickAndWait(officer, SAVE);
    expect(officer.url()).toMatch(/\/warning\/warnings\/\d+$/);
    warningPath = new URL(officer.url()).pathname;
    expect(await textOf(officer, 'table.facts')).toContain('陈思远');
    // Issuing a numbered notice asks first; Cancel leaves the warning as it was.
    answerConfirmations(officer, false);
    await officer.click('input[value=issue] ~ button[type=submit]');
    expect(dialogsOf(officer).at(-1)).toContain('将发出《预警通知书》并取得文号');
    expect(await officer.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('decided');
    answerConfirmations(officer, true);
    await clickAndWait(officer, 'input[value=issue] ~ button[type=submit]');
    expect(await officer.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('notified');
    await screenshot(officer, 'loop-3-notified');

    // The notice PDF speaks to the buyer by name, with no rule id and no English level word.
    const href = await officer.$eval('[data-testid=warning-doc]', (a) => a.getAttribute('href') ?? '');
    const cookies = (await officer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = Buffer.from(await (await fetch(`${t.url}${href}`, { headers: { cookie: cookies } })).arrayBuffer());
    const text = (await pdfRawText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('陈思远');
    expect(text).not.toMatch(/split-purchase|hospital-procurement|\bred\b|\byellow\b|\bblue\b/i);
  });

  it('hosp-buyer finds the warning in his to-do list and message, uploads a file and answers', async () => {
    const buyer = await signIn('hosp-buyer');
    await open(buyer, `${t.url}/`);
    const todo = await textOf(buyer, '[data-testid=todo]');
    expect(todo).toContain('待答复的预警');
    expect(todo).toContain('药品耗材拆分采购规避招标');
    await screenshot(buyer, 'loop-4-buyer-home');
    await clickAndWait(buyer, `[data-testid=todo] a[href="${warningPath}"]`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lz-loop-')), '整改情况说明.pdf');
    fs.writeFileSync(file, PDF_BYTES);
    const input = await buyer.$('form[action$="/evidence"] input[type=file]');
    await input!.uploadFile(file);
    await clickAndWait(buyer, 'form[action$="/evidence"] button[type=submit]');
    expect(await textsOf(buyer, 'label.check:has(input[name=evidenceIds]:checked)')).toEqual([expect.stringContaining('整改情况说明.pdf')]);
    await buyer.type('textarea[name=explanation]', '两次采购均为临床急需，已认识到应合并按招标程序采购。');
    await buyer.type('textarea[name=measures]', '今后同一品种按年度计划集中采购，超过限额一律招标。');
    await screenshot(buyer, 'loop-5-answer-form');
    await clickAndWait(buyer, 'input[value=answer] ~ button[type=submit]');
    expect(await buyer.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('answered');
  });

  it('hosp-jijian accepts the answer and records the follow-up visit; the page names who will release it', async () => {
    const officer = await signIn('hosp-jijian');
    await open(officer, `${t.url}${warningPath}`);
    await officer.type('form:has(input[value=review]) textarea[name=comment]', '答复及整改措施可行，予以采纳。');
    await clickAndWait(officer, 'input[value=review] ~ button[type=submit]');
    expect(await officer.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('accepted');
    await setValue(officer, 'input[name=visitedOn]', '2026-07-01');
    await officer.type('input[name=method]', '查阅采购台账');
    await officer.type('textarea[name=findings]', '7月起同一品种已按计划集中采购。');
    await officer.type('textarea[name=opinion]', '整改到位，建议解除预警。');
    await clickAndWait(officer, 'input[value=follow-up] ~ button[type=submit]');
    expect(await officer.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('followed-up');
    expect(await textOf(officer, '[data-testid=releasers]')).toContain('周明远');
    await screenshot(officer, 'loop-6-followed-up');
  });

  it('hosp-head sees the release in his to-do list and releases', async () => {
    const head = await signIn('hosp-head');
    await open(head, `${t.url}/`);
    expect(await textOf(head, '[data-testid=todo]')).toContain('待审批解除的预警');
    await screenshot(head, 'loop-7-head-home');
    await clickAndWait(head, `[data-testid=todo] a[href="${warningPath}"]`);
    await head.type('textarea[name=comment]', '同意解除预警。');
    await clickAndWait(head, 'input[value=release] ~ button[type=submit]');
    expect(dialogsOf(head).at(-1)).toContain('确定解除');
    expect(await head.$eval('[data-testid=warning-status]', (e) => e.getAttribute('data-status'))).toBe('released');
    // The archive ZIP and the notice PDF open from the released warning's page.
    const cookies = (await head.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (const [selector, magic] of [['a[href$="/archive.zip"]', 'PK'], ['[data-testid=warning-doc]', '%PDF']]) {
      const href = await head.$eval(selector, (a) => a.getAttribute('href') ?? '');
      const res = await fetch(`${t.url}${href}`, { headers: { cookie: cookies } });
      expect([selector, res.status, Buffer.from(await res.arrayBuffer()).subarray(0, magic.length).toString()]).toEqual([selector, 200, magic]);
    }
    await open(head, `${t.url}/`);
    expect(await textOf(head, '[data-testid=todo]')).not.toContain('药品耗材拆分采购规避招标');
    await screenshot(head, 'loop-8-released');
  });

  it('hosp-jijian finds the warning in the buyer’s integrity dossier, on screen and in its PDF', async () => {
    const officer = await signIn('hosp-jijian');
    await open(officer, `${t.url}/assessment/dossiers`);
    const href = await officer.$$eval('tbody tr', (trs) => trs.find((tr) => tr.querySelector('td')?.textContent === '陈思远')?.querySelector('a')?.getAttribute('href') ?? '');
    await clickAndWait(officer, `a[href="${href}"]`);
    expect(await textOf(officer, 'h1')).toBe('廉政档案 · 陈思远');
    const warnings = await officer.$$eval('section.card', (cards) => cards.find((c) => c.querySelector('h2')?.textContent === '受到的预警')?.textContent ?? '');
    expect(warnings).toContain('药品耗材拆分采购规避招标');
    await screenshot(officer, 'loop-9-dossier');
    const [pdfAt] = await Promise.all([officer.waitForResponse((r) => r.url().endsWith(`${href}/pdf`)), officer.click('[data-testid=dossier-pdf] button')]);
    expect([pdfAt.status(), pdfAt.headers().location]).toEqual([303, expect.stringMatching(/^\/api\/documents\/\d+\/pdf$/)]);
    const cookies = (await officer.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pdf = Buffer.from(await (await fetch(`${t.url}${pdfAt.headers().location}`, { headers: { cookie: cookies } })).arrayBuffer());
    const text = await pdfRawText(pdf);
    expect(text).toContain('药品耗材拆分采购规避招标');
    expect(text).not.toContain('受到的预警：无');
  });
});
