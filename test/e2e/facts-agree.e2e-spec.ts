/**
 * Facts that agree across screens, on the shipped configuration and the demo year: a person's dossier lists the
 * warnings they received, the CDC dashboard counts the 7-day flags its lists show, and a rate over nothing is 无数据.
 * (The township's read-only drill-down is in village-joint-meeting-demo.e2e-spec.ts.)
 */
import * as path from 'node:path';
import { In, IsNull, Not } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { dossierPdfData } from '../../core/assessment/dossier.service';
import { AccessService } from '../../core/org/access.service';
import { PersonEntity } from '../../core/org/org.entities';
import { periodOf } from '../../core/plugin-api';
import { RuleHitEntity } from '../../core/records/record.entities';
import { IndicatorsService } from '../../core/rules/indicators.service';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { WarningEntity } from '../../core/warning/warning.entities';
import { paletteOf, WarningPalette } from '../../core/warning/warning-levels';
import { startTestApp, TestApp } from '../support/test-app';

/** Each row of the HTML tables under `heading`'s section, as trimmed cell texts. */
/** A panel's rows after its heading: a table's cells, or a bar chart's label and value. */
function tableRowsAfter(html: string, heading: string): string[][] {
  const section = html.slice(html.indexOf(heading), html.indexOf('</section>', html.indexOf(heading)));
  const text = (s: string) => s.replace(/<[^>]+>/g, '').trim();
  const bars = [...section.matchAll(/<li><span class="bar-label">(.*?)<\/span>.*?<span class="bar-value">(.*?)<\/span><\/li>/gs)].map((li) => [text(li[1]), text(li[2])]);
  if (bars.length) return bars;
  return [...section.matchAll(/<tr>(.*?)<\/tr>/gs)].map((tr) => [...tr[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((td) => text(td[1]))).filter((r) => r.length);
}

describe('facts agree across screens (shipped configuration, demo year)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    // As `npm start` seeds it: the hospital's clues and warnings.
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
  }, 600_000);
  afterAll(() => t?.close());

  it("a person's dossier (screen and PDF data) lists each warning they received, with its level in words", async () => {
    const warned = await t.db.read((m) => m.getRepository(WarningEntity).find({ where: { subjectPersonId: Not(IsNull()) }, order: { id: 'ASC' } }));
    const byPerson = new Map<number, WarningEntity[]>();
    for (const w of warned) byPerson.set(w.subjectPersonId!, [...(byPerson.get(w.subjectPersonId!) ?? []), w]);
    // The demo warns several people at the hospital; the dossier of the one warned most often.
    expect(byPerson.size).toBeGreaterThan(1);
    const [personId, theirs] = [...byPerson].sort((a, b) => b[1].length - a[1].length)[0];
    const person = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ id: personId }));
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);

    const page = await officer.get(`/assessment/dossiers/${personId}`);
    expect(page.status).toBe(200);
    const html = page.text;
    const section = html.slice(html.indexOf('<h2>受到的预警</h2>'), html.indexOf('</section>', html.indexOf('<h2>受到的预警</h2>')));
    expect(section).not.toContain('class="empty"');
    const items = [...section.matchAll(/<li>(.*?)<\/li>/gs)].map((li) => li[1].trim());
    expect(items).toHaveLength(theirs.length);
    for (const w of theirs) {
      const label = paletteOf(w.palette as WarningPalette).levels.find((l) => l.code === w.levelCode)!.label;
      expect(items.some((li) => li.includes(w.title) && li.includes(`（${label.zh}）`))).toBe(true);
    }
    // No raw level code (red, yellow, blue) stands in for its label.
    expect(section).not.toMatch(/（(red|yellow|blue|orange|green)）/);

    // English mode: the same warnings, the levels in English.
    const en = await officer.get(`/assessment/dossiers/${personId}?lang=en`, { 'accept-language': 'en' });
    const enLevels = theirs.map((w) => paletteOf(w.palette as WarningPalette).levels.find((l) => l.code === w.levelCode)!.label.en);
    for (const l of enLevels) expect(en.text).toContain(`（${l}）`);

    // The API, and the PDF's 受到的预警 lines built from the same view.
    const api = await officer.get(`/api/assessment/dossiers/${personId}`);
    expect(api.status).toBe(200);
    const pdf = dossierPdfData(api.body, '示范县人民医院');
    expect(pdf.title).toBe(`廉政档案（${person.name}）`);
    expect(pdf.warnings).toHaveLength(theirs.length);
    for (const w of theirs) expect(pdf.warnings.some((l) => l.includes(w.title) && l.includes(`（${paletteOf(w.palette as WarningPalette).levels.find((x) => x.code === w.levelCode)!.label.zh}）`))).toBe(true);
  });

  it('the CDC dashboard counts every 转诊后7天未到位 flag its villages\' lists show', async () => {
    const cdc = await t.login('cdc-tb', DEMO_PASSWORD);
    // The units the dashboard summarises (the CDC and the clinics and centres below it), and the flags their registers show.
    const network = await t.app.get(AccessService).networkOf(await t.institutionId('district-cdc'), 'tb-referral');
    const hits = await t.db.read((m) => m.getRepository(RuleHitEntity).findBy({ pluginId: 'tb-referral', institutionId: In(network) }));
    const clinics = hits.filter((h) => h.ruleId === 'tb-referral/referral-not-arrived');
    const flags = clinics.length;
    expect(flags).toBeGreaterThan(0);
    const page = await cdc.get('/p/tb-referral/dashboard');
    expect(page.status).toBe(200);
    const bars = tableRowsAfter(page.text, '<h2>各规则命中次数</h2>');
    const row = bars.find((r) => r[0] === '转诊后7天未到位');
    expect(row?.[1]).toBe(String(flags));
    expect(new Set(clinics.map((h) => h.institutionId)).size).toBeGreaterThan(1);
    // Every rule's bar equals its hits across the district.
    expect(bars.reduce((s, r) => s + Number(r[1]), 0)).toBe(hits.length);
  });

  it('the tax dashboard counts hits by rule and by month as the hits table holds them (counted in SQL)', async () => {
    const officer = await t.login('tax-jijian', DEMO_PASSWORD);
    const hits = await t.db.read(async (m) => m.getRepository(RuleHitEntity).findBy({ pluginId: 'tax-collection', institutionId: await t.institutionId('county-tax-bureau') }));
    expect(hits.length).toBeGreaterThan(0);
    const page = await officer.get('/p/tax-collection/dashboard');
    expect(page.status).toBe(200);
    const byRule = tableRowsAfter(page.text, '<h2>各规则命中次数</h2>');
    expect(byRule.reduce((s, r) => s + Number(r[1]), 0)).toBe(hits.length);
    const byMonth = tableRowsAfter(page.text, '<h2>逐月规则命中次数</h2>');
    expect(byMonth.length).toBeGreaterThanOrEqual(12);
    for (const [month, n] of byMonth) expect([month, Number(n)]).toEqual([month, hits.filter((h) => h.createdAt.slice(0, 7) === month).length]);
    expect(byMonth.reduce((s, r) => s + Number(r[1]), 0)).toBeGreaterThan(0);
  });

  it('a rate over nothing (0/0) shows — and 无数据, never 100% 达标, on the dashboard and the indicator board', async () => {
    const cdc = await t.login('cdc-tb', DEMO_PASSWORD);
    const indicators = t.app.get(IndicatorsService);
    const cdcId = await t.institutionId('district-cdc');
    // The indicator board for a quarter in which some units refer nobody.
    const period = '2026-Q4';
    const board = await cdc.get(`/indicators?plugin=tb-referral&period=${period}`);
    expect(board.status).toBe(200);
    const rows = [...board.text.matchAll(/<tr><td[^>]*>([^<]*)<\/td><td[^>]*>(\d*)<\/td><td[^>]*>(\d*)<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td><td[^>]*>([^<]*)<\/td>/g)].map((m) => m.slice(1));
    expect(rows.length).toBeGreaterThan(0);
    const empty = rows.filter((r) => r[2] === '0');
    expect(empty.length).toBeGreaterThan(0);
    for (const r of empty) expect([r[3], r[5]]).toEqual(['—', '无数据']);
    expect(rows.filter((r) => r[2] === '0' && r[5] === '达标')).toEqual([]);
    // The service says the same: no value, 无数据.
    const values = await indicators.compute(cdcId, undefined, periodOf(period)!);
    for (const v of values.filter((x) => x.unit === '%' && x.denominator === 0)) expect([v.value, v.unavailable?.zh]).toEqual([null, '无数据']);

    // The plugin dashboard (all records): a rate with no records is — / 无数据 there too.
    const dash = await cdc.get('/p/tb-referral/dashboard');
    const table = tableRowsAfter(dash.text, '考核指标（对照000第五篇目标）');
    for (const r of table.filter((x) => x[2] === '0')) expect([r[3], r[5]]).toEqual(['—', '无数据']);
    expect(table.filter((x) => x[2] === '0' && x[5] === '达标')).toEqual([]);
  });
});
