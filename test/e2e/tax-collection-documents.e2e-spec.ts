/**
 * Tax-collection documents issued through the documents pipeline as numbered GB/T 9704 PDFs: the quarterly
 * integrity report (figures checked against numbers this test computes from the demo year), the receipt form
 * with its QR link and one-time code, the reminder letter and card, and the inspection supervision card.
 * SCREENSHOT_DIR=/tmp/x writes each PDF's pages as PNGs to look at.
 */
import * as path from 'node:path';
import { seedPluginDemos } from '../../apps/cli/demo-seed';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { DEFAULT_BANDS } from '../../plugins/tax-collection/records';
import { pdfInfo, pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const P = '/api/plugins/tax-collection/records';
const Q = { period: '2026-Q2', from: '2026-04-01', to: '2026-06-30' };
const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');
const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const inQ = (d: unknown) => typeof d === 'string' && d >= Q.from && d <= Q.to;
type Rec = { id: number; title: string; values: Record<string, any> };

describe('tax-collection documents (real server, documents pipeline, demo year seeded on 2026-06-28, issued on 2026-07-02)', () => {
  let t: TestApp;
  let bureau: number;
  let officer: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'tax-config') });
    // Seeded inside the quarter so its rule hits fall in it; the report is issued after the quarter ends.
    t.app.get(Clock).set('2026-06-28T03:00:00Z');
    bureau = await t.institutionId('county-tax-bureau');
    await t.createUser('tcd-officer', [{ institution: 'county-tax-bureau', role: 'discipline-officer' }]);
    await seedPluginDemos({ db: t.db, host: t.host, records: t.app.get(RecordsService), rules: t.app.get(RulesService), clock: t.app.get(Clock) });
    officer = await t.login('tcd-officer');
    // A taxpayer answers one pending receipt negatively through its public page, still inside the quarter.
    const pending = ((await officer.get(`${P}/inspection?pageSize=200`)).body.items as Rec[]).find((r) => !r.values.receiptReturnedOn && r.values.endedOn >= '2026-06-20')!;
    const [link] = (await officer.get(`/api/records/${pending.id}/public-links`)).body as { url: string }[];
    const answer = 'receiptDemands=yes&receiptBanquet=no&receiptGifts=no&receiptAttitude=poor&receiptComment=' + encodeURIComponent('检查人员要求报销加油费。');
    const sent = await t.anonymous().post(new URL(link.url).pathname, answer, { 'content-type': 'application/x-www-form-urlencoded' });
    if (sent.status !== 200) throw new Error(sent.text);
    t.app.get(Clock).set('2026-07-02T03:00:00Z');
  }, 600_000);
  afterAll(() => t.close());

  async function all(type: string): Promise<Rec[]> {
    const out: Rec[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await officer.get(`${P}/${type}?pageSize=200&page=${offset / 200 + 1}`)).body as { items: Rec[]; total: number };
      out.push(...page.items);
      if (out.length >= page.total || !page.items.length) return out;
    }
  }

  async function issue(recordId: number, template: string, name: string): Promise<{ number: string; text: string; pages: number }> {
    const issued = await officer.post(`/api/records/${recordId}/issue`, { template: `tax-collection/${template}` });
    expect([template, issued.status]).toEqual([template, 201]);
    const res = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, `tax-${name}`));
    const info = await pdfInfo(pdf);
    // A4 portrait (GB/T 9704): 595 × 842 pt.
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    return { number: issued.body.number, text: flat(await pdfText(pdf)), pages: info.pages };
  }

  it('the quarterly integrity report: every figure matches what the demo year holds for 2026-Q2', async () => {
    const [inspections, reductions, arrears, reminders] = [await all('inspection'), await all('reduction'), await all('arrears'), await all('reminder')];
    const hits = ((await officer.get(`/api/rule-hits?institutionId=${bureau}&pageSize=200`)).body.items as { ruleId: string; createdAt: string }[]).filter((h) => inQ(h.createdAt.slice(0, 10)));

    const ended = inspections.filter((r) => inQ(r.values.endedOn));
    const returned = inspections.filter((r) => inQ(r.values.receiptReturnedOn));
    const negative = returned.filter((r) => ['receiptDemands', 'receiptBanquet', 'receiptGifts'].some((k) => r.values[k] === 'yes') || r.values.receiptAttitude === 'poor');
    const outstanding = ended.filter((r) => !r.values.receiptReturnedOn).length;
    const penalised = ended.filter((r) => typeof r.values.penaltyFen === 'number' && r.values.violationType);
    const outside = penalised.filter((r) => {
      const band = DEFAULT_BANDS.find((b) => b.violationType === r.values.violationType)!;
      const m = band.unit === 'fen' ? r.values.penaltyFen : (r.values.penaltyFen * 100) / r.values.taxInvolvedFen;
      return m < band.min || m > band.max;
    });
    const qReductions = reductions.filter((r) => inQ(r.values.approvedOn));
    const decided = arrears.filter((r) => inQ(r.values.decidedOn));
    const writeOffs = decided.filter((r) => r.values.decision === 'write-off');
    const large = writeOffs.filter((r) => r.values.amountFen > 10_000_000);
    const deferrals = decided.filter((r) => r.values.decision === 'deferral');
    const qReminders = reminders.filter((r) => inQ(r.values.issuedOn));
    const fenSum = (list: Rec[]) => yuan(list.reduce((s, r) => s + r.values.amountFen, 0));

    // The demo year gives this quarter something in every section (otherwise the comparison proves little).
    expect(ended.length).toBeGreaterThan(5);
    expect(negative.length).toBe(1);
    expect(outside.length).toBe(0);
    expect(penalised.length).toBeGreaterThan(0);
    expect(qReductions.length).toBeGreaterThan(0);
    expect(writeOffs.length).toBeGreaterThan(0);
    expect(hits.length).toBe(9);

    const report = await officer.post(`${P}/integrity-report`, { period: Q.period, preparedBy: '纪检组干部甲', nextSteps: '继续落实税务检查廉政回执制度，督促逾期未签收的提醒书限期签收。' });
    expect(report.status).toBe(201);
    const { text, number } = await issue(report.body.id, 'quarterly-integrity-report', 'quarterly-report');
    expect(number).toBe('示税纪〔2026〕1号');
    const expected = [
      '示范县税务局纪检组',
      number,
      '关于2026年第二季度税收执法廉政监督情况的报告',
      '局党组：',
      '（2026年4月1日至2026年6月30日）',
      `本季度结束税务检查${ended.length}户次。`,
      `收回廉政回执${returned.length}份，其中反映检查人员问题的${negative.length}份`,
      `截至2026年7月2日尚未收回廉政回执${outstanding}份。`,
      `吃拿卡要${negative.filter((r) => r.values.receiptDemands === 'yes').length}`,
      `工作态度差${negative.filter((r) => r.values.receiptAttitude === 'poor').length}`,
      `（一）${negative[0].title}`,
      `检查人员${negative[0].values.inspectors.join('、')}）：反映吃拿卡要、工作态度差。纳税人意见：检查人员要求报销加油费。已列入预警线索核查。`,
      `本季度作出罚款处罚${penalised.length}户次，在自由裁量基准内的${penalised.length - outside.length}户次，占100.0%；超出基准的0户次。`,
      `本季度批准减免税${qReductions.length}笔，金额${fenSum(qReductions)}元。`,
      `核销欠税${writeOffs.length}笔，金额${fenSum(writeOffs)}元，其中超过集体决策标准（10万元）的${large.length}笔，经局务会集体决策的${large.filter((r) => r.values.collectiveDecisionDate && r.values.minutesRef).length}笔。`,
      `批准延期缴纳${deferrals.length}笔，金额${fenSum(deferrals)}元。`,
      `本季度预警规则共命中${hits.length}次`,
      `本季度发放廉政提示卡${qReminders.filter((r) => r.values.kind === 'card').length}份、廉政提醒书${qReminders.filter((r) => r.values.kind === 'letter').length}份，已签收${qReminders.filter((r) => r.values.acknowledgedOn).length}份，尚未签收${qReminders.filter((r) => !r.values.acknowledgedOn).length}份。`,
      '六、下一步工作打算',
      '特此报告。',
      '2026年7月2日',
    ];
    for (const s of expected) expect([s, text.includes(s)]).toEqual([s, true]);
    // Hits by rule: each rule's row carries its count for the quarter.
    for (const [label, rule] of [
      ['罚款超出自由裁量基准', 'penalty-outside-band'],
      ['同一人对同一纳税人多次批准减免', 'repeated-reductions'],
      ['廉政回执逾期未反馈', 'receipt-not-returned'],
      ['税务检查人员少于两人', 'too-few-inspectors'],
      ['大额欠税核销未经集体决策', 'write-off-without-collective-decision'],
      ['应征税款超期未征且未批准延期', 'uncollected-without-deferral'],
      ['廉政回执反映检查人员问题', 'negative-receipt'],
      ['提醒书/提示卡逾期未签收', 'reminder-unacknowledged'],
    ]) {
      expect([label, text.includes(`${label}${hits.filter((h) => h.ruleId === `tax-collection/${rule}`).length}`)]).toEqual([label, true]);
    }
    expect(text).toContain(`合计${hits.length}`);
  });

  it('a quarter with no records reads as such: zero figures, no penalties, no negative receipts', async () => {
    const report = await officer.post(`${P}/integrity-report`, { period: '2025-Q1', recipient: '市税务局纪检组', preparedBy: '纪检组干部甲' });
    const { text } = await issue(report.body.id, 'quarterly-integrity-report', 'quarterly-report-empty');
    for (const s of ['关于2025年第一季度税收执法廉政监督情况的报告', '市税务局纪检组：', '本季度结束税务检查0户次。收回廉政回执0份，其中反映检查人员问题的0份', '本季度未作出罚款处罚。', '本季度预警规则共命中0次']) {
      expect([s, text.includes(s)]).toEqual([s, true]);
    }
    expect(text).not.toContain('六、下一步工作打算');
    expect((await officer.post(`${P}/integrity-report`, { period: '2026-Q5', preparedBy: '甲' })).status).toBe(400);
  });

  it('the receipt form carries the public link and one-time code; the supervision card names the inspectors', async () => {
    const inspections = await all('inspection');
    const pending = inspections.find((r) => !r.values.receiptReturnedOn && r.values.endedOn >= '2026-06-20')!;
    expect(pending).toBeDefined();
    const taxpayer = (await officer.get(`/api/records/${pending.values.taxpayer}`)).body.title as string;
    const [link] = (await officer.get(`/api/records/${pending.id}/public-links`)).body as { url: string; code: string }[];
    const receipt = await issue(pending.id, 'integrity-receipt', 'receipt');
    expect(receipt.pages).toBe(1);
    for (const s of ['税务检查廉政回执', `被查纳税人${taxpayer}`, `检查通知书${pending.title}`, `检查人员${pending.values.inspectors.join('、')}`, `回执码：${link.code}`, `网址：${link.url}`, '一、检查人员有无吃拿卡要行为□没有□有', '四、检查人员工作态度□满意□基本满意□不满意', '纳税人（签章）']) {
      expect([s, receipt.text.includes(s)]).toEqual([s, true]);
    }
    const card = await issue(pending.id, 'supervision-card', 'supervision-card');
    expect(card.pages).toBe(1);
    for (const s of ['税务检查廉政监督卡', `检查通知书${pending.title}`, `被查纳税人${taxpayer}`, `检查人员${pending.values.inspectors.join('、')}`, '（五）严格执行自由裁量基准，依法公正实施处罚；', '检查人员（签名）']) {
      expect([s, card.text.includes(s)]).toEqual([s, true]);
    }
  });

  it('the reminder letter (after a groundless clue) and the reminder card (before an occasion) name the person, occasion and number', async () => {
    const reminders = await all('reminder');
    const letter = reminders.find((r) => r.values.kind === 'letter')!;
    const cardRec = reminders.find((r) => r.values.kind === 'card' && r.values.occasion === 'promotion')!;
    expect(letter.values.occasion).toBe('groundless-clue');
    const l = await issue(letter.id, 'reminder-letter', 'reminder-letter');
    for (const s of ['廉政提醒书', `${letter.values.staffName}同志：`, '鉴于有关反映你的问题经调查查无实据，根据“双提制”有关规定，现对你进行廉政提醒：', '（一）正确对待群众反映和组织调查', `登记编号：${letter.values.reminderNo}`, '签收人：']) {
      expect([s, l.text.includes(s)]).toEqual([s, true]);
    }
    const c = await issue(cardRec.id, 'reminder-card', 'reminder-card');
    expect(c.pages).toBe(1);
    for (const s of ['廉政提示卡', `提示对象${cardRec.values.staffName}`, `${cardRec.values.staffName}同志：`, '鉴于你即将提拔任用，请你牢记廉洁自律各项规定', `登记编号${cardRec.values.reminderNo}`, '事由提拔任用前', '签收人（签名）']) {
      expect([s, c.text.includes(s)]).toEqual([s, true]);
    }
  });
});
