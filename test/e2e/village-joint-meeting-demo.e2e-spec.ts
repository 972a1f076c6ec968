/**
 * The village joint meeting demo on the SHIPPED configuration (config/institutions): the demo
 * seed as the CLI runs it (people and accounts, then every enabled plugin, then a scan), the
 * exact planted hits in each village, and the township view across 青石村 and 水口村.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const QINGSHI_HITS = ['decision-overdue', 'decision-without-consensus', 'expenditure-without-decision', 'meeting-below-quorum', 'minutes-not-signed', 'no-weekly-meeting', 'no-weekly-meeting', 'not-published'];
const SHUIKOU_HITS = ['expenditure-without-decision', 'expenditure-without-decision', 'no-weekly-meeting', 'no-weekly-meeting', 'not-published'];

/** The township table's rows as cell texts, with each cell's link (form `back` or `href`) and any institution it switches to. */
function tableRows(html: string): { text: string; href?: string; switchTo?: string }[][] {
  const table = html.slice(html.indexOf('各村联席会议监督情况'));
  const body = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((tr) =>
    [...tr[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((td) => ({
      text: td[1].replace(/<[^>]+>/g, '').trim(),
      href: (/name="back" value="([^"]+)"/.exec(td[1]) ?? /href="([^"]+)"/.exec(td[1]))?.[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'),
      switchTo: /name="institutionId" value="(\d+)"/.exec(td[1])?.[1],
    })),
  );
}

describe('village joint meeting demo on the shipped configuration (青石村, 水口村, 东溪镇)', () => {
  let t: TestApp;
  let township: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    for (const code of ['qingshi-village', 'shuikou-village', 'dongxi-township']) ids[code] = await t.institutionId(code);
    township = await t.login('township-jijian', DEMO_PASSWORD);
  }, 300_000);
  afterAll(() => t?.close());

  const hitsOf = async (client: ApiClient, code: string) => ((await client.get(`/api/rule-hits?institutionId=${ids[code]}&pageSize=200`)).body.items as { ruleId: string }[]).filter((h) => h.ruleId.startsWith('village-joint-meeting/')).map((h) => h.ruleId.slice('village-joint-meeting/'.length)).sort();

  it('raises exactly the planted hits in each village, and none at the township', async () => {
    const qingshi = await t.login('village-jijian', DEMO_PASSWORD);
    expect(await hitsOf(qingshi, 'qingshi-village')).toEqual(QINGSHI_HITS);
    expect(await hitsOf(township, 'qingshi-village')).toEqual(QINGSHI_HITS);
    expect(await hitsOf(township, 'shuikou-village')).toEqual(SHUIKOU_HITS);
    expect(await hitsOf(township, 'dongxi-township')).toEqual([]);
    // The village officer does not see the other village.
    expect(await hitsOf(qingshi, 'shuikou-village')).toEqual([]);
  });

  it('the township view lists each village: meetings against weeks, unauthorised spending, overdue publications, rule hits', async () => {
    const page = await township.get('/p/village-joint-meeting/township');
    expect(page.status).toBe(200);
    const rows = tableRows(page.text);
    expect(rows.map((r) => r.map((c) => c.text))).toEqual([
      ['青石村', '24/26', '1', '15,000.00 元', '1', '8'],
      ['水口村', '6/8', '2', '19,300.00 元', '1', '5'],
    ]);
    // Totals: 2 + 2 missed weeks; 3 payments, 34,300 yuan; 2 overdue; 13 hits.
    for (const s of ['<dt>村数</dt><dd>2</dd>', '<dt>缺开例会的周数</dt><dd>4</dd>', '<dt>未经决议的支出</dt><dd>3笔 34,300.00 元</dd>', '<dt>逾期未公开</dt><dd>2</dd>', '<dt>规则命中</dt><dd>13</dd>']) expect(page.text).toContain(s);
    // Each figure opens the village's own screen read-only (`at`), switching nothing.
    expect(rows[1][0]).toEqual({ text: '水口村', href: `/p/village-joint-meeting/dashboard?at=${ids['shuikou-village']}` });
    expect(rows[1][2]).toEqual({ text: '2', href: `/p/village-joint-meeting/expenditures?flagged=1&at=${ids['shuikou-village']}` });
    expect(rows[0][5]).toEqual({ text: '8', href: '/warning/board' });
  });

  it('drilling down opens the village\'s flagged ledger read-only, and the township page still answers after it', async () => {
    const client = await t.login('township-jijian', DEMO_PASSWORD);
    const before = (await client.get('/api/me')).body;
    const ledger = await client.get(`/p/village-joint-meeting/expenditures?flagged=1&at=${ids['shuikou-village']}`);
    expect(ledger.status).toBe(200);
    expect((ledger.text.match(/data-record-id=/g) ?? []).length).toBe(2);
    expect(ledger.text).toContain('村委会会议室空调采购');
    expect(ledger.text).toContain('村道路灯线路改造');
    expect(ledger.text).toContain('只读查看：示范县东溪镇水口村（当前单位未切换）');
    // Read-only: no new, edit or 出具 buttons; the village's forms stay closed.
    expect(ledger.text).not.toContain('/p/village-joint-meeting/new-expenditure');
    expect(ledger.text).not.toMatch(/\/edit"|\/issue"/);
    expect((await client.get(`/p/village-joint-meeting/new-meeting?at=${ids['shuikou-village']}`)).status).toBe(404);
    // The session did not move: back to the township view works.
    expect((await client.get('/api/me')).body).toEqual(before);
    expect((await client.get('/p/village-joint-meeting/township')).status).toBe(200);
    expect((await township.get('/p/village-joint-meeting/new-meeting')).status).toBe(404);
    // A village officer cannot open the other village this way: the same 404 as a missing page.
    const qingshi = await t.login('village-jijian', DEMO_PASSWORD);
    expect((await qingshi.get(`/p/village-joint-meeting/expenditures?at=${ids['shuikou-village']}`)).status).toBe(404);
  });

  it('only villages the viewer may see are listed: a township role without descendants sees none', async () => {
    await t.createUser('vjm-township-clerk', [{ institution: 'dongxi-township', role: 'discipline-officer' }]);
    const clerk = await t.login('vjm-township-clerk');
    const page = await clerk.get('/p/village-joint-meeting/township');
    expect(page.status).toBe(200);
    expect(tableRows(page.text)).toEqual([]);
    expect(page.text).toContain('<dt>村数</dt><dd>0</dd>');
  });
});
