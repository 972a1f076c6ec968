/**
 * Every hospital-procurement template, issued as numbered PDFs through the
 * documents pipeline (POST /api/records/:id/issue) and read back with pdftotext; plus the reports-on-time
 * indicator and rule under an institution whose config moves the report due days (5th and 20th).
 */
import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { hospitalProcurementPlugin } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { pdfFonts, pdfInfo, pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/hospital-procurement/records';
const TEMPLATES = ['monthly-report', 'quarterly-report', 'supervision-opinion'];

describe('hospital-procurement documents and report due days (institution config ding-hospital)', () => {
  let t: TestApp;
  let officer: ApiClient;
  let hospital: number;
  const ids: Record<string, number> = {};

  const at = (iso: string) => t.app.get(Clock).set(`${iso}T03:00:00Z`);
  const create = async (type: string, key: string, values: Record<string, unknown>) => {
    const res = await officer.post(`${P}/${type}`, values);
    if (res.status !== 201) throw new Error(`${key}: ${res.status} ${res.text}`);
    ids[key] = res.body.id;
  };
  const code = (n: number) => {
    const first = `91361199MA${String(n).padStart(7, '0')}`;
    return first + creditCodeCheckChar(first);
  };
  const onTime = async () => ((await officer.get(`/api/indicators?institutionId=${hospital}`)).body.indicators as { id: string; value: number }[]).find((i) => i.id === 'hospital-procurement/reports-on-time')!.value;
  const lateHits = async () => ((await officer.get(`/api/rule-hits?institutionId=${hospital}&pageSize=200`)).body.items as { ruleId: string; subjectKey: string }[]).filter((h) => h.ruleId === 'hospital-procurement/report-not-filed').map((h) => h.subjectKey);

  /** Issues the template for the record and returns the PDF's text with the spaces pdftotext puts between CJK glyphs removed. */
  async function issue(recordKey: string, template: string): Promise<{ text: string; number: string }> {
    const issued = await officer.post(`/api/records/${ids[recordKey]}/issue`, { template: `hospital-procurement/${template}` });
    expect(issued.status).toBe(201);
    const res = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const info = await pdfInfo(pdf);
    // A4 portrait (GB/T 9704), every font embedded so the Chinese prints as seen.
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    expect((await pdfFonts(pdf)).every((f) => f.embedded)).toBe(true);
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, `hp-doc-${template}-${recordKey}`), 60);
    return { text: (await pdfText(pdf)).join('\n').replace(/\s+/g, ''), number: issued.body.number };
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'hp-config') });
    hospital = await t.institutionId('ding-hospital');
    await t.createUser('hpd-officer', [{ institution: 'ding-hospital', role: 'discipline-officer' }]);
    officer = await t.login('hpd-officer');
    at('2026-02-01');
    await create('supplier', 'needles', { name: '丁县康宁医疗用品有限公司', creditCode: code(1), categories: ['consumables'] });
    await create('supplier', 'pharma', { name: '丁县百草医药有限公司', creditCode: code(2), categories: ['drugs'] });
    await create('supplier', 'devices', { name: '丁县华信医疗设备有限公司', creditCode: code(3), categories: ['equipment'] });
    const roles = { qualificationReviewer: '丁一', evaluators: ['丁二', '丁三'], awardDecider: '丁四' };
    at('2026-02-10');
    await create('procurement-project', 'cannula', { projectNo: 'DX-2026-001', name: '静脉留置针采购', category: 'consumables', totalFen: 1_234_567, department: '护理部', method: 'inquiry', awardedOn: '2026-02-10', supplier: ids.needles, ...roles, items: [{ itemName: '静脉留置针', quantity: 1_234_567, unitPriceFen: 1 }] });
    at('2026-02-12');
    await create('procurement-project', 'ventilator', { projectNo: 'DX-2026-002', name: '应急呼吸机采购', category: 'equipment', totalFen: 8_000_000, department: '重症医学科', method: 'emergency', methodReason: '流感高发期重症患者激增，按应急预案紧急采购', awardedOn: '2026-02-12', supplier: ids.devices, ...roles });
    // February's report to finance, filed on 03-06: a day after this hospital's due day (the 5th).
    at('2026-03-06');
    await create('procurement-report', 'feb', { kind: 'monthly-finance', period: '2026-02', filedOn: '2026-03-06', recipient: '财务科' });
    at('2026-03-20');
    await create('procurement-project', 'cefuroxime', {
      projectNo: 'DX-2026-003',
      name: '注射用头孢呋辛钠采购',
      category: 'drugs',
      totalFen: 25_000_000,
      department: '药剂科',
      method: 'public-tender',
      announcedOn: '2026-02-20',
      awardedOn: '2026-03-18',
      qualificationReviewer: '丁一',
      evaluators: ['丁二', '丁三'],
      awardDecider: '丁二',
      supplier: ids.pharma,
      items: [{ itemName: '注射用头孢呋辛钠', spec: '0.75g', quantity: 10_000, unitPriceFen: 2_500, referencePriceFen: 2_000 }],
    });
    await create('procurement-project', 'syringes', { projectNo: 'DX-2026-004', name: '一次性使用无菌注射器采购', category: 'consumables', totalFen: 3_456_789, department: '护理部', method: 'inquiry', awardedOn: '2026-03-05', supplier: ids.needles, ...roles });
  }, 120_000);
  afterAll(() => t?.close());

  it("the reports-on-time indicator and the rule use the institution's due days: on the day is on time, a day later is late", async () => {
    at('2026-04-07');
    // March's report filed on 04-05, exactly on this hospital's due day.
    await create('procurement-report', 'march', { kind: 'monthly-finance', period: '2026-03', filedOn: '2026-04-05', recipient: '财务科', summary: '本月采购活动按计划进行，未发现异常。' });
    await create('procurement-report', 'q1', { kind: 'quarterly-supervision', period: '2026-Q1', filedOn: '2026-04-20', recipient: '院纪检监察室' });
    // Due so far: February (late, 03-06 > 03-05) and March (on time); Q1 is due 04-20, not yet judged.
    expect(await onTime()).toBe(50);
    expect(await lateHits()).toEqual(['report-periods:monthly-finance:2026-02']);
    at('2026-04-21');
    expect(await onTime()).toBe(66.7); // Q1 filed on 04-20, its due day: on time
    at('2026-04-07');
  });

  it('issues the monthly report to finance as a numbered PDF with the month’s figures by category and method', async () => {
    const { text, number } = await issue('march', 'monthly-report');
    expect(number).toBe('丁医纪〔2026〕1号');
    expect(text).toContain('丁县人民医院纪检监察室');
    expect(text).toContain('丁医纪〔2026〕1号');
    expect(text).toContain('关于2026年3月采购情况的报告');
    expect(text).toContain('财务科：');
    expect(text).toContain('现将2026年3月我院采购情况报告如下。本月共完成采购项目2个，采购金额合计284,567.89元。');
    // 250,000.00 / 284,567.89 = 87.9%; 34,567.89 / 284,567.89 = 12.1%.
    expect(text).toMatch(/药品1250,000.0087.9/);
    expect(text).toMatch(/医用耗材134,567.8912.1/);
    expect(text).toMatch(/公开招标1250,000.0087.9/);
    expect(text).toMatch(/询价134,567.8912.1/);
    expect(text).toContain('本月采购活动按计划进行，未发现异常。');
    expect(text).not.toContain('静脉留置针'); // February's purchase is not in March's report
  });

  it('issues the quarterly report to supervision with the method mix, the tender and emergency projects, and the quarter’s rule hits', async () => {
    const { text } = await issue('q1', 'quarterly-report');
    expect(text).toContain('关于2026年第一季度采购活动情况的报告');
    expect(text).toContain('院纪检监察室：');
    expect(text).toContain('本季度共完成采购项目4个，金额合计376,913.56元。');
    // 376,913.56 in all: tender 250,000.00 (66.3%), inquiry 46,913.56 (12.4%), emergency 80,000.00 (21.2%).
    expect(text).toMatch(/公开招标1250,000.0066.3/);
    expect(text).toMatch(/询价246,913.5612.4/);
    expect(text).toMatch(/应急采购180,000.0021.2/);
    expect(text).toMatch(/DX-2026-002应急呼吸机采购应急采购80,000.00丁县华信医疗设备有限公司/);
    expect(text).toMatch(/DX-2026-003注射用头孢呋辛钠采购公开招标250,000.00丁县百草医药有限公司/);
    expect(text).not.toMatch(/DX-2026-00[14]/); // inquiries are not listed
    expect(text).toContain('（一）资格预审、评标、定标未分离：1次。');
    expect(text).toContain('（二）单一供应商占同类采购份额过高：3次。');
    expect(text).toContain('（三）采购单价高于参考价：1次。');
    expect(text).toContain('（四）采购情况未按期报告：1次。');
    expect(text).not.toContain('（五）');
  });

  it('issues the procurement supervision opinion to the department, listing the project’s problems', async () => {
    const { text, number } = await issue('cefuroxime', 'supervision-opinion');
    expect(number).toBe('丁医纪〔2026〕3号');
    expect(text).toContain('采购监督意见书');
    expect(text).toContain('药剂科：');
    expect(text).toContain('“注射用头孢呋辛钠采购”（项目编号DX-2026-003，金额250,000.00元）');
    expect(text).toContain('（一）同一人在资格预审、评标、定标中兼任两个以上环节（涉及人员：丁二）。');
    expect(text).toContain('（二）有品目的单价高于参考价10%以上（最高超出参考价25.0%）。');
    expect(text).not.toContain('（三）');
    const clean = await issue('syringes', 'supervision-opinion');
    expect(clean.text).toContain('“一次性使用无菌注射器采购”（项目编号DX-2026-004，金额34,567.89元）采购全过程进行了监督，未发现违反采购规定的问题。');
    expect(clean.text).not.toContain('整改');
  });

  // 附表1-3 are the risk module's (core/risk-form-*), filled from the institution's actual risk points.
  it('every template the plugin declares is covered above', () => {
    const declared = (hospitalProcurementPlugin.templates ?? []).map((x) => x.id);
    expect(declared.sort()).toEqual([...TEMPLATES].sort());
  });
});
