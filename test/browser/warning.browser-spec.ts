import { Clock } from '../../core/clock/clock';
import { clickAndWait, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf } from '../support/browser';
import { TestApp } from '../support/test-app';
import { addPerson, startWarningApp } from '../support/warning-fixtures';

describe('warning screens in a real browser', () => {
  let t: TestApp;
  let b: TestBrowser;

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-09-28T02:00:00Z');
    await t.createUser('br-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    await addPerson(t, 'w-hospital', '林某');
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('submits an anonymous tip-off and checks its status with the receipt code, without signing in', async () => {
    const page = await b.newPage();
    await open(page, `${t.url}/tipoff`);
    await page.select('select[name=institutionCode]', 'w-hospital');
    await page.type('input[name=subjectLabel]', '总务科某人');
    await page.type('textarea[name=content]', '反映总务科在物资采购中虚报数量，请组织核查。<script>alert(1)</script>');
    await clickAndWait(page, 'form[data-testid=tipoff-form] button[type=submit]');
    const code = await textOf(page, '[data-testid=receipt-code]');
    expect(code).toMatch(/^JB-[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    await screenshot(page, 'warning-tipoff-receipt');
    // The receipt is a page of its own: refreshing it shows the same code and sends nothing again.
    expect(new URL(page.url()).pathname).toBe('/tipoff/receipt');
    const clues = () => t.db.read((m) => m.query('SELECT COUNT(*) AS n FROM warning_clues')).then((r) => Number(r[0].n));
    const before = await clues();
    await page.reload({ waitUntil: 'load' });
    expect(await textOf(page, '[data-testid=receipt-code]')).toBe(code);
    expect(await clues()).toBe(before);
    await open(page, `${t.url}/tipoff/status`);
    await page.type('input[name=code]', code!);
    await clickAndWait(page, 'form[data-testid=status-form] button[type=submit]');
    expect(await textOf(page, '[data-testid=tipoff-status]')).toContain('已受理，正在核查');
    await screenshot(page, 'warning-tipoff-status');
    // Once the tipster says the code is noted, it is gone from the browser too.
    await open(page, `${t.url}/tipoff/receipt`);
    await clickAndWait(page, '[data-testid=receipt-dismiss]');
    expect(new URL(page.url()).pathname).toBe('/tipoff');
    await open(page, `${t.url}/tipoff/receipt`);
    expect(new URL(page.url()).pathname).toBe('/tipoff');
    // A refused form names its fields by their labels, not their keys (sent as an old browser would, unchecked).
    await page.$eval('form[data-testid=tipoff-form]', (f) => ((f as HTMLFormElement).noValidate = true));
    await clickAndWait(page, 'form[data-testid=tipoff-form] button[type=submit]');
    const errors = (await textOf(page, 'main')) ?? '';
    expect(errors).toContain('反映内容');
    expect(errors).not.toMatch(/subjectLabel|content|institutionCode/);
  });

  it('shows the clue on the officer board with its due date, escaped, and turns it into a warning', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'br-officer');
    await open(page, `${t.url}/warning/board`);
    expect(await textOf(page, '[data-testid=board]')).toContain('2026-10-13');
    await screenshot(page, 'warning-board');
    await clickAndWait(page, 'tr[data-kind=clue] td a');
    expect(await textOf(page, '[data-testid=clue-content]')).toContain('<script>alert(1)</script>');
    // No one on file is named by the tip-off: the officer picks the person it is about.
    const lin = await page.$$eval('select[name=subjectPersonId] option', (os) => os.find((o) => (o.textContent ?? '').includes('林某'))?.getAttribute('value') ?? '');
    await page.select('select[name=subjectPersonId]', lin);
    await page.type('input[name=title]', '物资采购虚报数量');
    await page.type('textarea[name=reason]', '网上举报，初步核实');
    await clickAndWait(page, 'form.record-form button[type=submit]');
    expect(page.url()).toMatch(/\/warning\/warnings\/\d+$/);
    await clickAndWait(page, 'input[value=issue] ~ button[type=submit]');
    expect(await textOf(page, '[data-testid=due]')).toContain('2026-10-08');
    await screenshot(page, 'warning-detail');
  });
});
