import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { addDays } from '../../core/plugin-api';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, setValue, TestBrowser, textOf, textsOf, type Page } from '../support/browser';
import { startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-22T03:00:00Z';
const TODAY = NOW.slice(0, 10);
const NAME = '同一采购员30天内单一来源采购超过3次';
const MESSAGE = '{person}在{windowDays}天内单一来源采购{count}次，超过{threshold}次';
const PHONE = { width: 390, height: 844, isMobile: true, hasTouch: true };

interface Project {
  values: Record<string, unknown>;
}

/** By hand, from the records: the (buyer, day) single-source awards of the backtest's months whose 30 days hold more than `threshold`. */
function hitsByHand(projects: Project[], threshold: number): number {
  const single = projects.map((p) => p.values).filter((v) => v.method === 'single-source' && typeof v.buyer === 'string');
  const anchors = new Set(single.filter((v) => (v.awardedOn as string) >= '2025-12-01' && (v.awardedOn as string) <= TODAY).map((v) => `${v.buyer}|${v.awardedOn}`));
  return [...anchors].filter((a) => {
    const [who, day] = a.split('|');
    return single.filter((v) => v.buyer === who && (v.awardedOn as string) <= day && (v.awardedOn as string) >= addDays(day, -29)).length > threshold;
  }).length;
}

/**
 * Issue #21 "How to show it", screens only: the county hospital's discipline officer defines
 * "同一采购员30天内单一来源采购超过3次", backtests it (the demo year gives 0 at 3 and a count by hand at 1), enables it,
 * the buyer 陈思远 saves single-source purchases until the fourth in 30 days, and the clue on the board says 3 and 4.
 */
describe('warning models on screens: define, backtest, enable, and a buyer’s fourth purchase raises the clue', () => {
  let t: TestApp;
  let b: TestBrowser;
  let projects: Project[];

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo+plugins', now: NOW });
    b = await launchBrowser();
    // The expected counts come from the records, read through the API, not from the engine under test.
    const api = await t.login('hosp-jijian', DEMO_PASSWORD);
    projects = [];
    for (let page = 1; ; page++) {
      const res = await api.get(`/api/plugins/hospital-procurement/records/procurement-project?pageSize=200&page=${page}`);
      projects.push(...(res.body.items as Project[]));
      if (projects.length >= res.body.total) break;
    }
  }, 300_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const fillModel = async (page: Page, threshold: string) => {
    await setValue(page, '[data-testid=model-key]', 'single-source-buyer');
    await setValue(page, '[data-testid=model-name]', NAME);
    await page.select('[data-testid=filter-row]:nth-of-type(1) [data-testid=filter-cond]', 'method:equal:single-source');
    await page.click('[data-testid=group-buyer]');
    await page.select('[data-testid=model-person]', 'buyer');
    await page.select('[data-testid=window-field]', 'awardedOn');
    await page.select('[data-testid=window-kind]', 'days');
    await setValue(page, '[data-testid=window-days]', '30');
    await page.select('[data-testid=model-measure]', 'count');
    await setValue(page, '[data-testid=model-threshold]', threshold);
    await page.select('[data-testid=model-level]', 'yellow');
    await setValue(page, '[data-testid=model-message]', MESSAGE);
  };
  const backtestTotal = async (page: Page) => Number(await page.$eval('[data-testid=backtest-span]', (el) => el.getAttribute('data-total')));

  it('the officer defines the model, backtests it at 3 and at 1, saves it and enables it', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await clickAndWait(page, '#main-nav a[href="/warning/models"]');
    expect(await textOf(page, '[data-testid=models-empty]')).toBe('本单位还没有监督模型。');
    await clickAndWait(page, '[data-testid=new-model]');
    // Only the enabled plugin's record types are offered.
    expect(await textsOf(page, '[data-testid=model-type] option')).toEqual(['医院药品耗材采购 · 供应商', '医院药品耗材采购 · 采购项目', '医院药品耗材采购 · 采购情况报告']);
    await page.select('[data-testid=model-type]', 'hospital-procurement/procurement-project');
    await clickAndWait(page, '[data-testid=model-type-next]');
    expect(await textOf(page, '[data-testid=model-record-type]')).toBe('医院药品耗材采购 · 采购项目');
    // A date field offers only ranges, never "equals"; a sensitive field or a list is not offered at all.
    const conds = await textsOf(page, '[data-testid=filter-row]:nth-of-type(1) [data-testid=filter-cond] option');
    expect(conds).toContain('采购方式 为 单一来源');
    expect(conds).toContain('定标日期 介于');
    expect(conds.filter((c) => c.startsWith('定标日期 '))).toEqual(['定标日期 介于', '定标日期 已填写']);
    expect(conds.some((c) => c.startsWith('采购明细'))).toBe(false);

    // A message naming a placeholder the model does not have is refused by name, and what was typed stays.
    await fillModel(page, '3');
    await setValue(page, '[data-testid=model-message]', '{buyer}采购{cnt}次');
    await clickAndWait(page, '[data-testid=backtest]');
    expect(await textOf(page, '[data-testid=form-errors]')).toMatch(/^预警消息：占位符“\{cnt\}”未知，可用：\{threshold\} \{value\} \{count\}/);
    expect(await page.$eval('[data-testid=model-name]', (el) => (el as HTMLInputElement).value)).toBe(NAME);
    await setValue(page, '[data-testid=model-message]', MESSAGE);

    // 试运行 at 3: the demo's single-source awards are about 27 days apart, so no buyer passes 3 in 30 days.
    await clickAndWait(page, '[data-testid=backtest]');
    expect(hitsByHand(projects, 3)).toBe(0);
    expect(await backtestTotal(page)).toBe(0);
    expect(await textsOf(page, '[data-testid=backtest-months] tbody td:first-child')).toHaveLength(12);
    expect(await textOf(page, '[data-testid=backtest-none]')).toBe('按当前设置，过去12个月不会产生预警。');
    // The officer lowers the threshold to 1 and runs it again: every award of 陈思远's within 30 days of the one before.
    await setValue(page, '[data-testid=model-threshold]', '1');
    await clickAndWait(page, '[data-testid=backtest]');
    expect(await backtestTotal(page)).toBe(hitsByHand(projects, 1));
    expect(hitsByHand(projects, 1)).toBe(12);
    expect(await textOf(page, '[data-testid=backtest-subjects] tbody tr:first-child td:last-child')).toMatch(/^陈思远在30天内单一来源采购2次，超过1次$/);
    await screenshot(page, 'warning-models-backtest-1366');

    // Back to 3, saved as a draft, then enabled with a reason after a confirmation.
    await setValue(page, '[data-testid=model-threshold]', '3');
    await clickAndWait(page, '[data-testid=save-model]');
    expect(await textOf(page, '[data-testid=model-notice]')).toBe('已保存。');
    expect(await textOf(page, '[data-testid=model-status]')).toBe('草稿');
    await clickAndWait(page, '[data-testid=enable-model]');
    expect(await textOf(page, '[data-testid=reason]')).toBe('');
    expect(await textOf(page, '.error[role=alert]')).toBe('启用理由：请说明修改理由');
    await setValue(page, '[data-testid=reason]', '县纪委部署单一来源采购专项监督');
    await clickAndWait(page, '[data-testid=enable-model]');
    expect(dialogsOf(page)).toContain('启用后，保存业务记录和每日扫描将按此模型产生预警。确定启用？');
    expect(await textOf(page, '[data-testid=model-notice]')).toBe('已启用，立即生效。');
    expect(await textOf(page, '[data-testid=model-version]')).toBe('第 1 版');
    expect(await textsOf(page, '[data-testid=model-versions] tbody td')).toEqual(['第 1 版', '3', '林清', expect.stringMatching(/^2026-11-22 \d\d:\d\d$/), '县纪委部署单一来源采购专项监督']);
    await screenshot(page, 'warning-models-enabled-1366');
    await page.setViewport(PHONE);
    await page.reload({ waitUntil: 'load' });
    await screenshot(page, 'warning-models-enabled-390');
  });

  it('the buyer saves single-source purchases through the register form; the fourth in 30 days puts the clue on the board: 3 and 4', async () => {
    const already = projects.filter((p) => p.values.method === 'single-source' && p.values.buyer === '陈思远' && (p.values.awardedOn as string) >= addDays(TODAY, -29)).length;
    // The demo year holds no single-source award of 陈思远's in the 30 days up to today: the buyer saves four.
    expect(already).toBe(0);
    const buyer = await b.newPage();
    await loginViaForm(buyer, t.url, 'hosp-buyer', DEMO_PASSWORD);
    const officer = await b.newPage();
    await loginViaForm(officer, t.url, 'hosp-jijian', DEMO_PASSWORD);
    const modelClues = async () => {
      await open(officer, `${t.url}/warning/board?kind=clue`);
      return (await textsOf(officer, 'main')).join('\n').match(/陈思远在30天内单一来源采购\d次，超过3次/g) ?? [];
    };
    for (let n = already + 1; n <= 4; n++) {
      await open(buyer, `${t.url}/p/hospital-procurement/new-project`);
      await buyer.type('input[name=projectNo]', `YY-DY-2026-${n}`);
      await buyer.type('input[name=name]', `原厂专用试剂采购（${n}）`);
      await buyer.select('select[name=category]', 'drugs');
      await setValue(buyer, 'input[name=totalFen]', '4800');
      await buyer.type('input[name=department]', '药剂科');
      await buyer.type('input[name=buyer]', '陈思远');
      await buyer.select('select[name=method]', 'single-source');
      await buyer.type('textarea[name=methodReason]', '原厂专用试剂，仅该供应商供货');
      await setValue(buyer, 'input[name=awardedOn]', addDays(TODAY, n - 4));
      if (n === 4) await screenshot(buyer, 'warning-models-buyer-form-1366');
      const saved = await clickAndWait(buyer, 'form.record-form button[type=submit]');
      expect(saved?.status()).toBe(200);
      expect(buyer.url()).toContain('/p/hospital-procurement/register');
      if (n < 4) expect(await modelClues()).toEqual([]);
    }
    // Rule evaluation runs after the save commits: the board shows it once it has.
    let clues: string[] = [];
    for (let i = 0; i < 20 && !clues.length; i++) clues = await modelClues();
    expect(clues).toEqual(['陈思远在30天内单一来源采购4次，超过3次']);
    await screenshot(officer, 'warning-models-board-1366');
    const href = await officer.$$eval('a[href^="/warning/clues/"]', (as) => as.find((a) => (a.closest('tr, li, article')?.textContent ?? '').includes('陈思远在30天内单一来源采购4次'))?.getAttribute('href') ?? '');
    expect(href).toMatch(/^\/warning\/clues\/\d+$/);
    await open(officer, `${t.url}${href}`);
    const clue = (await textsOf(officer, 'main')).join('\n');
    expect(clue).toContain(`${NAME}（陈思远（${addDays(TODAY, -29)}至${TODAY}））：陈思远在30天内单一来源采购4次，超过3次。`);
    // The model by its name, with what it measured against its threshold.
    expect(await textOf(officer, '[data-testid=clue-rule]')).toBe(`${NAME} 阈值3测得4时间窗口${addDays(TODAY, -29)}至${TODAY}当事人陈思远`);
    await screenshot(officer, 'warning-models-clue-1366');
    // The rule-hit list names the model too, and the model's page links there.
    await open(officer, `${t.url}/warning/rule-hits?rule=hospital-procurement/model.single-source-buyer`);
    expect(await textsOf(officer, '[data-testid=rule-hits] tbody td:nth-child(2)')).toEqual([NAME]);
  });

  it('the officer changes the threshold with a reason (version 2), disables the model, and exports and imports it', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'hosp-jijian', DEMO_PASSWORD);
    await open(page, `${t.url}/warning/models`);
    expect(await textsOf(page, '[data-testid=model-list] tbody tr td:nth-child(3)')).toEqual(['已启用']);
    await clickAndWait(page, '[data-testid=open-model]');
    await clickAndWait(page, '[data-testid=edit-model]');
    // The form comes back as it was saved, the key read-only.
    expect(await page.$eval('[data-testid=model-threshold]', (el) => (el as HTMLInputElement).value)).toBe('3');
    expect(await page.$eval('[data-testid=filter-row]:nth-of-type(1) [data-testid=filter-cond]', (el) => (el as HTMLSelectElement).value)).toBe('method:equal:single-source');
    expect(await page.$eval('[data-testid=group-buyer]', (el) => (el as HTMLInputElement).checked)).toBe(true);
    await setValue(page, '[data-testid=model-threshold]', '4');
    await clickAndWait(page, '[data-testid=save-model]');
    expect(await textOf(page, '[data-testid=form-errors]')).toBe('修改理由：请说明修改理由');
    await setValue(page, '[data-testid=reason]', '试行一个月，阈值调整为4次');
    await clickAndWait(page, '[data-testid=save-model]');
    expect(await textOf(page, '[data-testid=model-version]')).toBe('第 2 版');
    expect(await textsOf(page, '[data-testid=model-versions] tbody tr td:nth-child(2)')).toEqual(['4', '3']);
    expect(await textsOf(page, '[data-testid=model-fact]')).toContain('4');

    const exported = await page.evaluate(async () => {
      const a = document.querySelector('[data-testid=export-model]') as HTMLAnchorElement;
      const res = await fetch(a.href);
      return { status: res.status, body: await res.text() };
    });
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.body)).toMatchObject({ format: 'lianzheng-warning-model', definition: { id: 'single-source-buyer', threshold: 4, groupBy: ['buyer'] } });

    await setValue(page, '[data-testid=reason]', '专项监督结束');
    await clickAndWait(page, '[data-testid=disable-model]');
    expect(await textOf(page, '[data-testid=model-status]')).toBe('已停用');

    // Imported under another key: a draft, checked against the institution's plugins.
    const file = path.join(process.env.TMPDIR ?? '/tmp', `lz-model-${process.pid}.model.json`);
    const doc = JSON.parse(exported.body);
    doc.definition.id = 'single-source-buyer-copy';
    fs.writeFileSync(file, JSON.stringify(doc));
    await open(page, `${t.url}/warning/models/import`);
    const input = await page.$('[data-testid=model-file]');
    await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(file);
    await clickAndWait(page, '[data-testid=model-import]');
    expect(await textOf(page, '[data-testid=model-notice]')).toBe('已导入为草稿，请试运行后启用。');
    expect(await textOf(page, '[data-testid=model-status]')).toBe('草稿');
    await clickAndWait(page, '[data-testid=backtest]');
    expect(await textOf(page, '[data-testid=backtest-result] h2')).toBe('试运行结果');
    await screenshot(page, 'warning-models-imported-1366');
  });
});
