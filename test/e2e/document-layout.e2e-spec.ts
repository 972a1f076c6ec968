/**
 * GB/T 9704 layout measured on the PDFs: every core template (demo data and edge cases, rendered directly) and every
 * plugin template (issued through the app for a demo record, as its users issue it). One app boot; its Chromium renders
 * both. SCREENSHOT_DIR=/tmp/x writes each PDF's pages as PNGs to look at.
 */
import * as path from 'node:path';
import { banjiReplans, DocMeta, DocumentRenderService, renderWithEvenBanji } from '../../core/documents/document-render.service';
import { DocumentsService } from '../../core/documents/documents.service';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { chineseDate } from '../../core/plugin-api';
import { PluginRecordEntity, RuleHitEntity } from '../../core/records/record.entities';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { pdfInfo, pdfPageSizes, pdfToPng, pdfWords, redInkRows, Word } from '../support/pdf-tools';
import { grayCrop, horizontalRules, widestDarkRun } from '../support/pdf-layout';
import { NUMBER_RUN } from '../../core/documents/pdf/word-breaks';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

/** Text block: left 28 mm, right 184 mm, top 37 mm, bottom 262 mm. */
const BLOCK = { left: 28, right: 184, top: 37, bottom: 262 };
/**
 * The text block of a landscape page (横排表格, GB/T 9704 clause 8), 225 × 156 mm: the portrait margins turned with the
 * table, whose head faces the binding edge on odd pages (the sheet's 28 mm left margin is the page's top) and the cut
 * edge on even ones (the sheet's 26 mm right margin is the page's top).
 */
const LANDSCAPE = { odd: { left: 35, right: 260, top: 28, bottom: 184 }, even: { left: 37, right: 262, top: 26, bottom: 182 } };
/** 14 pt (4号, the page number's size and its 1字 indent) in millimetres. */
const PT = 14 * (25.4 / 72);
const landscapeBlock = (page: number) => (page % 2 ? LANDSCAPE.odd : LANDSCAPE.even);
const LONG_LETTERHEAD = '示范县中西医结合人民医院纪律检查委员会文件';
const LONG_TITLE = '关于示范县中西医结合人民医院药品耗材集中采购环节多次超限额采购及供应商比价记录不完整等问题的预警通知书';
/** Two-line titles that split a word before words were kept whole (issue #26: 供｜应商, 不｜齐全, 不｜及时, 可疑症｜状者, 技｜术, 组｜织). */
const SPLIT_TITLES = [
  '关于追踪肺结核可疑症状者到位就诊的通知',
  '关于医用耗材采购供应商比价记录不齐全问题的预警通知书',
  '关于税收执法廉政回执反馈不及时问题的提醒函',
  '关于加强村级组织技术服务廉政风险防控的监督建议书',
];
const WHOLE_WORDS = ['供应商', '齐全', '及时', '症状者', '技术', '组织'];
/** Amounts at every offset of a line: without nowrap some straddle a line end. */
const AMOUNTS = ['343,273.68元', '2,000,000.00元', '12.5%'];

interface Case {
  name: string;
  templateId: string;
  data: Record<string, unknown>;
  letterhead?: string;
}

/**
 * A plugin template issued for a demo record of its type: the one with the most rule hits (then the most data) that
 * `where` accepts and the template does not refuse; or for a record created with `create` (a report the demo has none of).
 * A `form` (a one-page table handed out: cards, receipt, referral slip) has no 版头 red rule and no 版记.
 */
interface PluginCase {
  templateId: string;
  type: string;
  where?: (values: Record<string, unknown>) => boolean;
  create?: { institution: string; values: Record<string, unknown> };
  form?: boolean;
}

const PLUGIN_CASES: PluginCase[] = [
  { templateId: 'hospital-procurement/monthly-report', type: 'procurement-report', where: (v) => /^\d{4}-\d{2}$/.test(String(v.period)) },
  { templateId: 'hospital-procurement/quarterly-report', type: 'procurement-report', where: (v) => /-Q\d$/.test(String(v.period)) },
  { templateId: 'hospital-procurement/supervision-opinion', type: 'procurement-project' },
  { templateId: 'power-supply-marketing/supervision-notice', type: 'application' },
  { templateId: 'tax-collection/integrity-receipt', type: 'inspection', where: (v) => !v.receiptReturnedOn, form: true },
  { templateId: 'tax-collection/supervision-card', type: 'inspection', form: true },
  { templateId: 'tax-collection/reminder-letter', type: 'reminder', where: (v) => v.kind === 'letter' },
  { templateId: 'tax-collection/reminder-card', type: 'reminder', where: (v) => v.kind === 'card', form: true },
  {
    templateId: 'tax-collection/quarterly-integrity-report',
    type: 'integrity-report',
    create: { institution: 'county-tax-bureau', values: { period: '2026-Q3', preparedBy: '王晓明', nextSteps: '继续落实廉政回执和双提制，对回执反映的问题逐件核查，按季度通报。' } },
  },
  { templateId: 'tb-referral/referral-slip', type: 'tb-referral', form: true },
  { templateId: 'tb-referral/tracking-notice', type: 'tb-tracking-task' },
  { templateId: 'tb-referral/supervision-report', type: 'tb-supervision' },
  { templateId: 'tb-referral/quarterly-report', type: 'tb-quarterly-report', create: { institution: 'district-cdc', values: { quarter: '2026-Q3', remarks: '三季度转诊到位率有所回升，追踪到位率仍未达标，已部署各乡镇加强追踪。' } } },
  { templateId: 'village-joint-meeting/minutes', type: 'meeting' },
  { templateId: 'village-joint-meeting/publication-notice', type: 'publication' },
  { templateId: 'village-joint-meeting/execution-report', type: 'decision' },
];

const demo = Object.entries(DEMO_TEMPLATE_DATA).map(([templateId, data]) => ({ name: templateId, templateId, data: data as unknown as Record<string, unknown> }));
const notice = DEMO_TEMPLATE_DATA['core/warning-notice'] as unknown as Record<string, unknown>;
const summary = DEMO_TEMPLATE_DATA['core/risk-summary'];
const catalogue = DEMO_TEMPLATE_DATA['core/risk-catalogue'];
const cases: Case[] = [
  ...demo,
  { name: '20-character letterhead', templateId: 'core/warning-notice', data: notice, letterhead: LONG_LETTERHEAD },
  { name: 'long title', templateId: 'core/warning-notice', data: { ...notice, title: LONG_TITLE } },
  // Bodies ending at different heights of pages 1–3: each way of placing the 版记 comes up.
  ...SPLIT_TITLES.map((title, i) => ({ name: `split-prone title ${i + 1}`, templateId: 'core/warning-notice', data: { ...notice, title } })),
  {
    name: 'amounts at every line offset',
    templateId: 'core/warning-notice',
    data: { ...notice, risks: Array.from({ length: 14 }, (_, i) => `${'采'.repeat(i)}购金额${AMOUNTS[i % 3]}，超出限额${AMOUNTS[(i + 1) % 3]}。`) },
  },
  {
    name: 'amounts in narrow table cells',
    templateId: 'core/risk-summary',
    data: { ...summary, rows: summary.rows.map((row, i) => ({ ...row, manifestation: `累计${AMOUNTS[i % 3]}未比价`, monitoring: `单笔超过${AMOUNTS[(i + 1) % 3]}的采购集体审核` })) },
  },
  {
    name: 'catalogue over several landscape pages',
    templateId: 'core/risk-catalogue',
    data: { ...catalogue, rows: Array.from({ length: 12 }, (_, i) => catalogue.rows.map((row, j) => ({ ...row, no: i * catalogue.rows.length + j + 1 }))).flat() },
  },
  ...[4, 10, 16, 24, 34].map((n) => ({
    name: `notice with ${n} risk lines`,
    templateId: 'core/warning-notice',
    data: { ...notice, risks: Array.from({ length: n }, (_, i) => `第${i + 1}项风险：相关比价记录不完整，复核程序未落实。`) },
  })),
];

/** A rendered or issued PDF with the HTML it was printed from and the number it must print. */
interface Result {
  pdf: Buffer;
  html: string;
  number: string;
  form: boolean;
  /** 署名: with the date and the verification QR, not body text (a page holding only them says "此页无正文"). */
  signature: string;
  /** What the renderer says it did (direct renders only; an issued PDF is judged by its pages alone). */
  blank?: boolean;
}

interface Layout {
  pages: number;
  /** Words inside the text block, by page (1-based); page numbers and the 版记 rows excluded. */
  body: Map<number, Word[]>;
  numbered: Set<number>;
  banjiPage: number;
  banjiTop: number;
}

function layoutOf(words: Word[], sizes: { width: number; height: number }[], signature: string): Layout {
  const pages = sizes.length;
  const body = new Map<number, Word[]>();
  const numbered = new Set<number>();
  let banjiPage = 0;
  let banjiTop = Infinity;
  for (const w of words) {
    if (isPageNumber(w, sizes)) {
      if (/^\d+$/.test(w.text)) numbered.add(w.page);
      continue;
    }
    if (w.text.endsWith('印发') || w.text.startsWith('抄送')) {
      banjiPage = w.page;
      banjiTop = Math.min(banjiTop, w.yMin);
      continue;
    }
    if (w.text === signature || w.text === '扫码核验' || /^\d{4}年\d{1,2}月\d{1,2}日$/.test(w.text)) continue;
    body.set(w.page, [...(body.get(w.page) ?? []), w]);
  }
  // The 印发机关 sits on the 版记's last row, left of the date: everything from the 版记's top down is not body.
  const rows = (body.get(banjiPage) ?? []).filter((w) => w.yMin < banjiTop - 0.5);
  body.set(banjiPage, rows);
  return { pages, body, numbered, banjiPage, banjiTop };
}

const isLandscape = (size: { width: number; height: number }) => size.width > size.height;

/** Outside the text block where the page number goes: below it on a portrait page, beside it on a landscape one. */
function isPageNumber(w: Word, sizes: { width: number; height: number }[]): boolean {
  if (!isLandscape(sizes[w.page - 1])) return w.yMin > BLOCK.bottom;
  const block = landscapeBlock(w.page);
  return w.xMax < block.left || w.xMin > block.right;
}

/** The title's lines on page 1: the tallest words (2号 type) below the red rule, top to bottom; none when no word outgrows the body's 3号 (a 纪要 may have no title). */
function titleLines(words: Word[], redRuleY: number): string[] {
  const below = words.filter((w) => w.page === 1 && w.yMin > redRuleY);
  const heights = below.map((w) => w.yMax - w.yMin).sort((a, b) => a - b);
  const tallest = heights[heights.length - 1];
  if (tallest < 1.2 * heights[Math.floor(heights.length / 2)]) return [];
  const big = below.filter((w) => w.yMax - w.yMin > tallest - 0.5);
  const rows = new Map<number, Word[]>();
  for (const w of big) {
    const key = [...rows.keys()].find((y) => Math.abs(y - w.yMin) < 2) ?? w.yMin;
    rows.set(key, [...(rows.get(key) ?? []), w]);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(''));
}

describe('document layout: GB/T 9704 page scale, 版记 placement and rules, one render per document (real Chromium)', () => {
  let t: TestApp;
  const results = new Map<string, Result>();
  const NUMBER = '甲纪〔2026〕8号';

  /** Core templates rendered directly on the app's Chromium, with one fixed number. */
  async function renderCore(): Promise<void> {
    const render = t.app.get(DocumentRenderService);
    const doc = (letterhead = '甲医院纪委'): DocMeta => ({ number: NUMBER, dateText: '2026年6月20日', letterhead, signature: '甲医院纪委', printer: '甲医院纪委办公室', qr: '', verifyUrl: '' });
    await Promise.all(
      cases.map(async (c) => {
        const html = render.templates.render(c.templateId, { ...c.data, doc: doc(c.letterhead) });
        const rendered = await renderWithEvenBanji(render.pdf, html);
        results.set(c.name, { pdf: rendered.pdf, blank: rendered.blankBeforeBanji, html, number: NUMBER, form: false, signature: '甲医院纪委' });
      }),
    );
  }

  /** Issues a plugin template as its users do (POST /api/records/:id/issue) and keeps the PDF and the HTML of its stored data. */
  async function issuePlugin(admin: ApiClient, c: PluginCase): Promise<void> {
    const [pluginId] = c.templateId.split('/');
    let ids: number[];
    if (c.create) {
      const institutionId = await t.institutionId(c.create.institution);
      const created = await admin.post(`/api/plugins/${pluginId}/records/${c.type}?institutionId=${institutionId}`, c.create.values);
      expect([c.templateId, created.status, created.status === 201 ? '' : created.text]).toEqual([c.templateId, 201, '']);
      ids = [created.body.id as number];
    } else {
      const [records, hits] = await t.db.read((m) =>
        Promise.all([
          m.getRepository(PluginRecordEntity).find({ select: { id: true, data: true }, where: { pluginId, recordType: c.type } }),
          m.getRepository(RuleHitEntity).createQueryBuilder('h').select('h.record_id', 'id').addSelect('COUNT(*)', 'n').where('h.plugin_id = :pluginId', { pluginId }).groupBy('h.record_id').getRawMany<{ id: number; n: number | string }>(),
        ]),
      );
      const hitCount = new Map(hits.map((h) => [Number(h.id), Number(h.n)]));
      ids = records.sort((x, y) => (hitCount.get(y.id) ?? 0) - (hitCount.get(x.id) ?? 0) || y.data.length - x.data.length).map((r) => r.id);
    }
    for (const id of ids) {
      if (c.where && !c.where(((await admin.get(`/api/records/${id}`)).body as { values: Record<string, unknown> }).values)) continue;
      const issued = await admin.post(`/api/records/${id}/issue`, { template: c.templateId });
      if (issued.status === 409) continue; // the template refuses this record (minutes whose names and counts disagree)
      expect([c.templateId, issued.status, issued.status === 201 ? '' : issued.text]).toEqual([c.templateId, 201, '']);
      const view = (await admin.get(`/api/documents/${issued.body.id}`)).body as { number: string; issuedOn: string; data: Record<string, unknown>; verifyPath: string };
      const { issuer } = (await t.app.get(DocumentsService).verifyInfo(view.verifyPath.split('/').pop()!))!;
      const pdf = Buffer.from(await (await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer());
      const doc: DocMeta = { number: view.number, dateText: chineseDate(view.issuedOn), letterhead: '', signature: '', printer: '', qr: '', verifyUrl: '' };
      const html = t.app.get(DocumentRenderService).templates.render(c.templateId, { ...view.data, doc });
      results.set(c.templateId, { pdf, html, number: issued.body.number, form: !!c.form, signature: issuer });
      return;
    }
    throw new Error(`${c.templateId}: no demo ${c.type} record to issue it for`);
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    await t.createUser('layout-root', [], { admin: true });
    const admin = await t.login('layout-root');
    await Promise.all([renderCore(), ...PLUGIN_CASES.map((c) => issuePlugin(admin, c))]);
    const pngDir = process.env.SCREENSHOT_DIR;
    if (pngDir) for (const [name, { pdf }] of results) await pdfToPng(pdf, path.join(pngDir, name.replace(/[/ ]/g, '-')), 50);
  }, 600_000);
  afterAll(() => t?.close());

  it('covers every plugin template', () => {
    const installed = new Set(INSTALLED_PLUGINS.map((p) => p.id));
    const templates = t.host.templates().filter((x) => installed.has(x.pluginId)).map((x) => `${x.pluginId}/${x.template.id}`);
    expect(PLUGIN_CASES.map((c) => c.templateId).sort()).toEqual(templates.sort());
  });

  describe.each([...cases.map((c) => c.name), ...PLUGIN_CASES.map((c) => c.templateId)])('%s', (name) => {
    it('prints at 100%: the red rule (a form: its table) is 156 ± 0.5 mm wide from the left margin, and no red ink leaves the text block', async () => {
      const { pdf, form } = results.get(name)!;
      const red = await redInkRows(pdf);
      const rule = form ? widestDarkRun(await grayCrop(pdf, 1, { left: 10, top: BLOCK.top, width: 190, height: BLOCK.bottom - BLOCK.top }, 300)) : red[red.length - 1];
      expect(Math.abs(rule.xMin - BLOCK.left)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(rule.xMax - rule.xMin - 156)).toBeLessThanOrEqual(0.5);
      for (const row of red) {
        expect(row.xMin).toBeGreaterThanOrEqual(BLOCK.left - 0.5);
        expect(row.xMax).toBeLessThanOrEqual(BLOCK.right + 0.5);
      }
    });

    it('prints the number it was issued under on page 1', async () => {
      const { pdf, number } = results.get(name)!;
      const page1 = (await pdfWords(pdf)).filter((w) => w.page === 1).map((w) => w.text).join('');
      const first = /〔\d{4}〕\d+号/.exec(page1);
      const prefix = number.slice(0, number.indexOf('〔'));
      expect(first && page1.slice(first.index - prefix.length, first.index + first[0].length)).toBe(number);
    });

    it('puts the 版记 on the last, even page: under the body when it fits, else alone, with a blank page only after a body ending on an even page (a form: body text on every page, no 版记)', async () => {
      const { pdf, blank, form, signature } = results.get(name)!;
      const l = layoutOf(await pdfWords(pdf), await pdfPageSizes(pdf), signature);
      const { pages } = l;
      const bodyPages = Array.from({ length: pages }, (_, i) => i + 1).filter((p) => (l.body.get(p) ?? []).length > 0);
      const lastBody = Math.max(...bodyPages);
      // Every page up to the body's last holds body text.
      expect(bodyPages).toEqual(Array.from({ length: lastBody }, (_, i) => i + 1));
      if (form) {
        expect([l.banjiPage, lastBody]).toEqual([0, pages]);
        return;
      }
      expect(pages % 2).toBe(0);
      expect(l.banjiPage).toBe(pages);
      if (lastBody === pages) {
        const lowest = Math.max(...l.body.get(pages)!.map((w) => w.yMax));
        expect(l.banjiTop - lowest).toBeGreaterThan(5);
        expect(l.numbered.has(pages)).toBe(true);
      } else if (lastBody === pages - 2) {
        // The body ended on an even page without room: one blank, unnumbered page, then the 版记.
        if (blank !== undefined) expect(blank).toBe(true);
        expect(lastBody % 2).toBe(0);
        expect(l.numbered.has(pages - 1)).toBe(false);
        expect(l.numbered.has(pages)).toBe(false);
      } else {
        // The body ended on an odd page: the 版记 alone on the next, unnumbered.
        expect(lastBody).toBe(pages - 1);
        expect(lastBody % 2).toBe(1);
        expect(l.numbered.has(pages)).toBe(false);
      }
      for (let p = 1; p <= lastBody; p++) expect(l.numbered.has(p)).toBe(true);
    });

    it('breaks the title only between words (Intl.Segmenter), never inside 供应商, 齐全, 及时, 症状者, 技术, 组织', async () => {
      const { pdf, form, html } = results.get(name)!;
      const red = await redInkRows(pdf);
      const lines = titleLines(await pdfWords(pdf), form ? BLOCK.top : red[red.length - 1].y);
      expect(lines.length > 0).toBe(html.includes('class="gbt-title'));
      const title = lines.join('');
      const boundaries = new Set([...new Intl.Segmenter('zh', { granularity: 'word' }).segment(title)].map((s) => s.index));
      let cut = 0;
      for (const line of lines.slice(0, -1)) {
        cut += line.length;
        expect({ title, cut, atWordBoundary: boundaries.has(cut) }).toEqual({ title, cut, atWordBoundary: true });
        for (const word of WHOLE_WORDS) for (let i = title.indexOf(word); i >= 0; i = title.indexOf(word, i + 1)) expect(cut <= i || cut >= i + word.length).toBe(true);
      }
    });

    it('prints every number and amount of its text whole, on one line', async () => {
      const { pdf, html } = results.get(name)!;
      const printed = (await pdfWords(pdf)).map((w) => w.text).join('\n');
      const text = html.replace(/<[^>]*>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
      const runs = [...text.matchAll(NUMBER_RUN)].map((m) => m[0]).filter((r) => r.length > 1);
      for (const run of runs) expect({ run, whole: printed.includes(run) }).toEqual({ run, whole: true });
    });

    it('prints a wide table on landscape pages (横排表格), its number where the portrait pages carry it once the sheet is turned', async () => {
      const { pdf, html } = results.get(name)!;
      const sizes = await pdfPageSizes(pdf);
      const words = await pdfWords(pdf);
      const landscape = sizes.map((size, i) => ({ page: i + 1, size })).filter(({ size }) => isLandscape(size));
      expect(landscape.length > 0).toBe(html.includes('class="gbt-landscape"'));
      for (const { page, size } of sizes.map((size, i) => ({ page: i + 1, size }))) {
        const [long, short] = isLandscape(size) ? [size.width, size.height] : [size.height, size.width];
        expect({ page, long: Math.round(long), short: Math.round(short) }).toEqual({ page, long: 297, short: 210 });
      }
      for (const { page } of landscape) {
        const block = landscapeBlock(page);
        // The table fills the landscape block's width: no squeezing onto 156 mm, no shrinking of the page.
        const table = widestDarkRun(await grayCrop(pdf, page, { left: 10, top: block.top, width: 277, height: block.bottom - block.top }, 300));
        expect({ page, left: Math.abs(table.xMin - block.left) <= 0.5, width: Math.abs(table.xMax - table.xMin - 225) <= 0.5 }).toEqual({ page, left: true, width: true });
        // Odd: the sheet's bottom is the page's left edge, read downward; even: its right edge, read upward. Its 14 pt line
        // starts 7 mm off the block (so its middle lies 7 mm + 7 pt off), and it ends 1字 (14 pt) short of the block's end.
        const number = words.filter((w) => w.page === page && isPageNumber(w, sizes));
        const digits = number.filter((w) => /^\d+$/.test(w.text)).sort((a, b) => (page % 2 ? a.yMin - b.yMin : b.yMin - a.yMin));
        expect(digits.map((w) => w.text).join('')).toBe(String(page));
        const middle = (Math.min(...number.map((w) => w.xMin)) + Math.max(...number.map((w) => w.xMax))) / 2;
        const offBlock = page % 2 ? block.left - middle : middle - block.right;
        const endGap = block.bottom - Math.max(...number.map((w) => w.yMax));
        expect({ page, offBlock: Math.abs(offBlock - 7 - PT / 2) <= 0.5, endGap: Math.abs(endGap - PT) <= 0.5 }).toEqual({ page, offBlock: true, endGap: true });
      }
    });

    it('draws the 版记 rules: the first and last 0.35 mm, those between 0.25 mm, the last on the text block bottom', async () => {
      const { pdf, form } = results.get(name)!;
      const { pages } = await pdfInfo(pdf);
      // A 60 mm strip across the 版记's two rows: only rules darken a whole row of it (a form has none).
      const img = await grayCrop(pdf, pages, { left: 60, top: BLOCK.bottom - 24, width: 60, height: 25 });
      const rules = horizontalRules(img);
      if (form) {
        expect(rules.filter((r) => Math.abs(r.bottom - BLOCK.bottom) <= 0.5 && r.thickness > 0.3)).toEqual([]);
        return;
      }
      expect(rules.length).toBeGreaterThanOrEqual(2);
      const [first, last] = [rules[0], rules[rules.length - 1]];
      expect(Math.abs(first.thickness - 0.35)).toBeLessThanOrEqual(0.04);
      expect(Math.abs(last.thickness - 0.35)).toBeLessThanOrEqual(0.04);
      for (const r of rules.slice(1, -1)) expect(Math.abs(r.thickness - 0.25)).toBeLessThanOrEqual(0.04);
      expect(Math.abs(last.bottom - BLOCK.bottom)).toBeLessThanOrEqual(0.5);
    });
  });

  it('placed every 版记 from the page\'s own pagination: the print never contradicted it, so no document was rendered twice', () => {
    expect(banjiReplans.count).toBe(0);
  });

  it('exercised every placement: under the body, alone after an odd page, after a blank page', async () => {
    const seen = new Set<string>();
    for (const { pdf, form, signature } of results.values()) {
      if (form) continue;
      const l = layoutOf(await pdfWords(pdf), await pdfPageSizes(pdf), signature);
      const { pages } = l;
      const lastBody = Math.max(...[...l.body].filter(([, words]) => words.length).map(([p]) => p));
      seen.add(lastBody === pages ? 'shared' : lastBody === pages - 1 ? 'alone' : 'blank');
    }
    expect([...seen].sort()).toEqual(['alone', 'blank', 'shared']);
  });
});
