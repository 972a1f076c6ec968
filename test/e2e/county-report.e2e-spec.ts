/**
 * The county above its units (issue #22 items 4 and 6), on the SHIPPED configuration: the county warns a unit (a red
 * 一级 decided by the party committee, its meeting recorded) and a unit's leader; the quarter's 《廉政风险信息预警专报》
 * covers the county and every unit below it with the numbers the warnings and clues APIs give, names the units with
 * overdue matters and the rule models with most hits, and is issued as a numbered PDF under the county's letterhead.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import type { ClueView } from '../../core/warning/clue.service';
import type { QuarterlyReport } from '../../core/warning/warning-report.service';
import type { WarningView } from '../../core/warning/warning-view.service';
import { pdfFonts, pdfText, pdfToPng } from '../support/pdf-tools';
import { shippedBelow } from '../support/shipped-config';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

/** The demo's own units, in the report's order; a plugin's demo unit under the county (config/institutions) comes on top of them. */
const KNOWN = ['demo-county', 'county-hospital', 'county-tax-bureau', 'dongxi-township', 'qingshi-village', 'shuikou-village'];
const BELOW = shippedBelow('demo-county');
const UNITS = [...KNOWN, ...BELOW.map((i) => i.code).filter((code) => !KNOWN.includes(code))];
const DECISION = { decisionBody: '中共示范县税务局党委', decisionMeetingOn: '2026-06-30', decisionMinutesNo: '示税党纪要〔2026〕7号' };
const cookie = (c: ApiClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
/** pdftotext spreads CJK text with spaces; compare without them. */
const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');
/** The Beijing calendar day of a stored instant. */
const beijingDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const inQ3 = (iso: string) => beijingDay(iso) >= '2026-07-01' && beijingDay(iso) <= '2026-09-30';

describe('the county warns its units, and its quarterly 专报 covers every unit below it (shipped configuration)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const c: Record<string, ApiClient> = {};
  let redId = 0;
  let leaderWarningId = 0;

  const switchTo = async (who: string, code: string) => expect((await c[who].post('/api/me/institution', { institutionId: ids[code] })).status).toBe(200);
  const newClue = async (who: string, body: Record<string, unknown>) => {
    const res = await c[who].post('/api/warning/clues', { source: 'petition', content: '群众反映该单位在专项资金使用中存在违规问题。', ...body });
    expect(res.status).toBe(201);
    return res.body as ClueView;
  };
  const fetchPdf = async (who: string, id: number) => Buffer.from(await (await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: cookie(c[who]) } })).arrayBuffer());
  const look = async (pdf: Buffer, name: string) => {
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, name), 80);
  };
  /** Every row of a list the county officer sees about one unit (one page of 200 holds them all). */
  const all = async <T>(url: string): Promise<T[]> => {
    const res = await c['county-jijian'].get(`${url}${url.includes('?') ? '&' : '?'}pageSize=200`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeLessThanOrEqual(200);
    return res.body.items as T[];
  };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins' });
    for (const code of UNITS) ids[code] = await t.institutionId(code);
    for (const u of ['county-jijian', 'county-secretary', 'county-leader', 'hosp-jijian']) c[u] = await t.login(u, DEMO_PASSWORD);
  }, 300_000);
  afterAll(() => t?.close());

  it('a red 一级 warning against 示范县税务局 needs the party committee’s decision: each missing field is a 400 naming it, in Chinese and English', async () => {
    await switchTo('county-jijian', 'county-tax-bureau');
    const clue = await newClue('county-jijian', { subjectType: 'institution' });
    expect(clue).toMatchObject({ institutionId: ids['county-tax-bureau'], subjectLabel: '示范县税务局' });
    const red = { subjectType: 'institution', levelCode: 'advice', title: '减免税审批集体研究制度执行不到位', reason: '县纪委监委核查：多笔减免税未经集体研究即审批。' };
    // Only the head decides a 一级 (003 篇5: 提交党委研究确定); the officer and the deputy are refused.
    for (const who of ['county-jijian', 'county-leader']) {
      if (who === 'county-leader') await switchTo(who, 'county-tax-bureau');
      expect((await c[who].post(`/api/warning/clues/${clue.id}/warn`, { ...red, ...DECISION })).status).toBe(403);
    }
    await switchTo('county-secretary', 'county-tax-bureau');
    const bare = await c['county-secretary'].post(`/api/warning/clues/${clue.id}/warn`, red);
    expect(bare.status).toBe(400);
    expect(bare.body.details.map((d: { field: string }) => d.field)).toEqual(['decisionBody', 'decisionMeetingOn', 'decisionMinutesNo']);
    expect(bare.body.details[1].message).toBe('decisionMeetingOn：不能为空');
    const en = await c['county-secretary'].post(`/api/warning/clues/${clue.id}/warn?lang=en`, { ...red, decisionBody: '党委', decisionMeetingOn: '2026-06-30' });
    expect(en.status).toBe(400);
    expect(en.body.details).toEqual([{ field: 'decisionMinutesNo', message: expect.stringMatching(/^decisionMinutesNo: .*required/i) }]);
    const future = await c['county-secretary'].post(`/api/warning/clues/${clue.id}/warn`, { ...red, ...DECISION, decisionMeetingOn: '2026-07-02' });
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ field: 'decisionMeetingOn', message: 'decisionMeetingOn：不能晚于今天（2026-07-01）' }]);
    // Nothing was written by the refused posts: the clue still waits for triage.
    expect((await c['county-jijian'].get(`/api/warning/clues/${clue.id}`)).body.status).toBe('new');

    const ok = await c['county-secretary'].post(`/api/warning/clues/${clue.id}/warn`, { ...red, ...DECISION });
    expect(ok.status).toBe(201);
    const w = ok.body as WarningView;
    expect(w).toMatchObject({ institutionId: ids['county-tax-bureau'], subjectType: 'institution', subjectLabel: '示范县税务局', level: { code: 'advice', index: 2, colour: 'red' } });
    expect(w.decision).toEqual({ body: '中共示范县税务局党委', meetingOn: '2026-06-30', minutesNo: '示税党纪要〔2026〕7号' });
    redId = w.id;

    // The officer issues the 监察建议书: it cites the committee's meeting and minutes number.
    const issued = await c['county-jijian'].post(`/api/warning/warnings/${redId}/issue`);
    expect(issued.status).toBe(200);
    const doc = (issued.body as WarningView).documents[0];
    const pdf = await fetchPdf('county-jijian', doc.id);
    await look(pdf, 'county-red-advice');
    expect(flat(await pdfText(pdf))).toContain('经中共示范县税务局党委2026年6月30日会议研究决定（会议纪要编号：示税党纪要〔2026〕7号），对你单位作出一级预警（廉情监察（检查）建议）。');
    const page = await c['county-jijian'].get(`/warning/warnings/${redId}`);
    expect(page.text).toContain('中共示范县税务局党委 2026-06-30 会议研究决定（会议纪要编号：示税党纪要〔2026〕7号）');
  });

  it('the county warns the hospital’s leader (周明远, its head): the matter is the county’s, documented under its letterhead', async () => {
    await switchTo('county-jijian', 'county-hospital');
    const head = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ name: '周明远' }));
    const clue = await newClue('county-jijian', { source: 'inspection', subjectType: 'person', subjectPersonId: head.id, content: '巡察发现院长周明远违规审批医用耗材采购。' });
    expect(clue).toMatchObject({ institutionId: ids['county-hospital'], handlerInstitutionId: ids['demo-county'] });
    // A level that names no deciding body takes no decision fields: the one sent is not kept.
    const res = await c['county-jijian'].post(`/api/warning/clues/${clue.id}/warn`, { subjectType: 'person', subjectPersonId: head.id, levelCode: 'blue', title: '医用耗材采购审批不规范', reason: '县纪委监委研判：需警示提醒。', decisionBody: '党委' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ institutionId: ids['county-hospital'], handlerInstitutionId: ids['demo-county'], subjectPersonId: head.id, subjectLabel: '周明远', decision: null });
    leaderWarningId = res.body.id;
    const issued = await c['county-jijian'].post(`/api/warning/warnings/${leaderWarningId}/issue`);
    expect(issued.status).toBe(200);
    expect((issued.body as WarningView).documents[0].number).toMatch(/^示纪〔2026〕\d+号$/);
    // The hospital's own officer does not see a matter about its head that the county handles.
    expect((await c['hosp-jijian'].get(`/api/warning/warnings/${leaderWarningId}`)).status).toBe(404);
  });

  it('the 专报 of 2026 Q3 lists every unit below the county with the counts of the APIs, the overdue units and the top models; the PDF carries them', async () => {
    // Three weeks on: clues not triaged and notices not answered are overdue.
    t.app.get(Clock).set('2026-07-22T03:00:00Z');
    await switchTo('county-jijian', 'demo-county');
    const r = (await c['county-jijian'].get('/api/warning/reports/quarterly?year=2026&quarter=3')).body as QuarterlyReport;
    expect(r.institutionName).toBe('示范县纪委监委');
    // The demo's units in this order, and every unit the configuration puts below the county (each once).
    const known = ['示范县纪委监委', '示范县人民医院', '示范县税务局', '示范县东溪镇', '示范县东溪镇青石村', '示范县东溪镇水口村'];
    expect(r.byUnit.map((u) => u.name).filter((n) => known.includes(n))).toEqual(known);
    expect(r.byUnit.map((u) => u.institutionId).sort((a, b) => a - b)).toEqual(UNITS.map((code) => ids[code]).sort((a, b) => a - b));
    // Each unit's counts are those of the warnings and clues APIs, taken in the report's order.
    const expected: { institutionId: number; clues: number; levels: number[]; warnings: number }[] = [];
    const overdue: { institutionId: number; warnings: number; clues: number }[] = [];
    const ruleHits = new Map<string, number>();
    for (const { institutionId } of r.byUnit) {
      const ws = await all<WarningView>(`/api/warning/warnings?unit=${institutionId}`);
      const cs = await all<ClueView>(`/api/warning/clues?unit=${institutionId}`);
      const qw = ws.filter((w) => inQ3(w.createdAt));
      expected.push({ institutionId, clues: cs.filter((x) => inQ3(x.createdAt)).length, levels: [0, 1, 2].map((i) => qw.filter((w) => w.level.index === i).length), warnings: qw.length });
      const late = { institutionId, warnings: ws.filter((w) => w.overdue).length, clues: cs.filter((x) => x.overdue).length };
      if (late.warnings + late.clues) overdue.push(late);
      for (const x of cs.filter((x) => x.source === 'rule' && x.ruleId && inQ3(x.createdAt))) ruleHits.set(x.ruleId!, (ruleHits.get(x.ruleId!) ?? 0) + 1);
    }
    expect(r.byUnit.map(({ name: _n, ...u }) => u)).toEqual(expected);
    // The two warnings of this suite are in: the red one at the tax bureau, the blue one at the hospital.
    expect(r.byUnit.find((u) => u.institutionId === ids['county-tax-bureau'])!.levels[2]).toBeGreaterThanOrEqual(1);
    expect(r.totals.warnings).toBe(expected.reduce((a, u) => a + u.warnings, 0));
    expect(r.totals.clues).toBe(expected.reduce((a, u) => a + u.clues, 0));
    expect(r.byLevel.map((l) => [l.label.zh, l.count])).toEqual(['三级预警', '二级预警', '一级预警'].map((zh, i) => [zh, expected.reduce((a, u) => a + u.levels[i], 0)]));
    expect(r.asOf).toBe('2026-07-22');
    const sortedOverdue = [...overdue].sort((a, b) => b.warnings + b.clues - (a.warnings + a.clues));
    expect(r.overdueUnits.map(({ name: _n, ...u }) => u)).toEqual(sortedOverdue);
    expect(r.overdueUnits.length).toBeGreaterThanOrEqual(2);
    const top = [...ruleHits].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
    expect(top.length).toBeGreaterThan(0);
    expect(r.topModels.map((x) => [x.ruleId, x.hits])).toEqual(top);
    expect(r.topModels.every((x) => x.label.zh !== x.ruleId)).toBe(true);

    // The screen shows the same table, unit by unit.
    const screen = await c['county-jijian'].get('/warning/report?year=2026&quarter=3');
    expect(screen.status).toBe(200);
    for (const u of r.byUnit) expect(screen.text).toMatch(new RegExp(`<tr data-unit="${u.institutionId}"><td>${u.name}</td><td>${u.clues}</td>${u.levels.map((n) => `<td>${n}</td>`).join('')}<td>${u.warnings}</td></tr>`));

    const issued = await c['county-jijian'].post('/api/warning/reports/quarterly/pdf', { year: 2026, quarter: 3 });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toMatch(/^示纪〔2026〕\d+号$/);
    const pdf = await fetchPdf('county-jijian', issued.body.id);
    await look(pdf, 'county-report');
    expect((await pdfFonts(pdf)).every((f) => f.type === 'CID TrueType' && f.embedded)).toBe(true);
    const text = flat(await pdfText(pdf));
    expect(text).toContain('中共示范县纪律检查委员会');
    expect(text).toContain(issued.body.number);
    expect(text).toContain('2026年第三季度廉政风险信息预警专报');
    // 5 units below the county in the demo's own configuration, and one more for each demo unit a plugin adds under it.
    expect(text).toContain(`本专报统计示范县纪委监委及所辖${BELOW.length}个单位。`);
    expect(BELOW.length).toBeGreaterThanOrEqual(5);
    for (const u of r.byUnit) expect(text).toContain(`${u.name}${u.clues}${u.levels.join('')}${u.warnings}`);
    expect(text).toContain('截至2026年7月22日，下列单位有逾期未办结事项：');
    for (const u of r.overdueUnits) expect(text).toContain(`${u.name}${u.warnings}${u.clues}`);
    for (const m of r.topModels) expect(text).toContain(`${m.label.zh}${m.hits}`);
    // A unit's own officer gets the unit's report alone, without the county's table.
    const own = (await c['hosp-jijian'].get('/api/warning/reports/quarterly?year=2026&quarter=3')).body as QuarterlyReport;
    expect(own.byUnit).toEqual([]);
    expect(own.byDepartment.length).toBeGreaterThan(0);
  });
});
