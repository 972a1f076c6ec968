import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { pdfFonts, pdfInfo, pdfText } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

/** The CDC's documents on the demo year: the quarterly indicator report (charts against targets) and the supervision report. */
describe('tb-referral documents (quarterly indicator report, supervision report) and the visit calendar', () => {
  let t: TestApp;
  let head: ApiClient;
  let cdcId: number;

  const pdfOf = async (client: ApiClient, docId: number) => {
    const res = await fetch(`${t.url}/api/documents/${docId}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const buf = Buffer.from(await res.arrayBuffer());
    const info = await pdfInfo(buf);
    // GB/T 9704: A4 portrait, every font embedded.
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    expect((await pdfFonts(buf)).every((f) => f.embedded)).toBe(true);
    if (process.env.TB_DOC_DUMP) fs.writeFileSync(path.join(process.env.TB_DOC_DUMP, `tb-doc-${docId}.pdf`), buf);
    return buf;
  };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
    // The indicators e2e's clock and seed, so the 2026-Q1 figures are the ones it asserts.
    cdcId = await t.institutionId('district-cdc');
    await t.createUser('tbd-cdc-head', [{ institution: 'district-cdc', role: 'head' }]);
    head = await t.login('tbd-cdc-head');
    await t.createUser('tbd-root', [], { admin: true });
  }, 600_000);
  afterAll(() => t?.close());

  it('a quarterly report record takes only a quarter written YYYY-Qn', async () => {
    for (const bad of ['2026-Q5', '2026Q1', '2026-03', '']) {
      const res = await head.post(`${P}/tb-quarterly-report?institutionId=${cdcId}`, { quarter: bad });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('quarter');
    }
  });

  it('the 2026-Q1 report, issued as a GB/T 9704 PDF, carries the indicators e2e\'s Q1 figures and a bar chart against targets', async () => {
    const rec = await head.post(`${P}/tb-quarterly-report?institutionId=${cdcId}`, { quarter: '2026-Q1', remarks: '一季度转诊到位率未达目标，已部署各乡镇加强追踪。' });
    expect(rec.status).toBe(201);
    // The HTML the PDF is printed from: two inline SVG charts, one bar and one target tick per indicator, no script.
    const html = await head.get(`/api/records/${rec.body.id}/render?template=tb-referral/quarterly-report`);
    expect(html.status).toBe(200);
    // No script of its own (the chart is plain SVG); the shell's /assets scripts aside.
    expect(html.text.replace(/<script src="\/assets\/[a-z-]+\.js" defer><\/script>/g, '')).not.toContain('<script');
    const rates = html.text.slice(html.text.indexOf('data-chart="rates"'), html.text.indexOf('</svg>'));
    // 13 rates: the detection rate is 未配置 at the CDC (no expected-cases option), so it has no bar.
    expect(rates.match(/<rect /g)).toHaveLength(13);
    expect(rates.match(/stroke-width="2"/g)).toHaveLength(13);
    const issued = await head.post(`/api/records/${rec.body.id}/issue`, { template: 'tb-referral/quarterly-report' });
    expect(issued.status).toBe(201);
    const text = (await pdfText(await pdfOf(head, issued.body.id))).join('\n').replace(/\s+/g, '');
    for (const expected of [
      '青山区疾病预防控制中心2026年第一季度结核病防治工作指标报告',
      '2026年1月1日至2026年3月31日',
      // [label, numerator, denominator, value, target] as the indicators e2e asserts for district-cdc, 2026-Q1.
      '病人报告率283482.4%≥100%未达标',
      '可疑者转诊率110110100%≥100%达标',
      '转诊到位率（7天内）8611078.2%≥85%未达标',
      '总体到位率9611087.3%≥90%未达标',
      '追踪到位率102441.7%≥85%未达标',
      '患者系统管理率283093.3%≥95%未达标',
      '患者规范管理（访视）率283093.3%≥95%未达标',
      '2626100%≥90%达标',
      '涂阳患者密切接触者筛查率142070%≥85%未达标',
      '新涂阳患者治愈率1616100%≥85%达标',
      '102.78元≤150.00元达标',
      '患者追踪率2424100%≥100%达标',
      // No result: the value is —, the conclusion says why (未配置), never 达标.
      '新涂阳病人发现率———≥70%未配置',
      '免费标准化疗率263086.7%≥90%未达标',
      '耐多药可疑者送检率44100%≥100%达标',
      '本季度15项指标中6项达标',
      '未配置、不作评价的是：新涂阳病人发现率',
      '指标对照目标图',
      '一季度转诊到位率未达目标',
      '特此报告。',
    ]) expect(text).toContain(expected);
    // 三、各单位指标完成情况: one table per institution of the CDC's network, each figure as the indicator API gives it.
    const admin = await t.login('tbd-root');
    const network = ['district-cdc', 'district-tb-hospital', 'dongxi-township-hc', 'nanshan-township-hc', 'liuwan-village-clinic', 'taoyuan-village-clinic', 'meilin-village-clinic', 'shiqiao-village-clinic'];
    const insts = await Promise.all(network.map(async (code) => ({ code, id: await t.institutionId(code) })));
    insts.sort((a, b) => a.id - b.id);
    const names = (await admin.get('/api/institutions')).body as { id: number; name: string }[];
    const part = text.slice(text.indexOf('三、各单位指标完成情况'));
    expect(part.length).toBeGreaterThan(20);
    const cn = ['一', '二', '三', '四', '五', '六', '七', '八'];
    let checked = 0;
    let noData = 0;
    for (const [i, inst] of insts.entries()) {
      const heading = `（${cn[i]}）${names.find((n) => n.id === inst.id)!.name}`;
      const from = part.indexOf(heading);
      expect(from).toBeGreaterThanOrEqual(0);
      const to = i + 1 < insts.length ? part.indexOf(`（${cn[i + 1]}）`, from) : part.length;
      const section = part.slice(from, to);
      const values = (await admin.get(`/api/indicators?institutionId=${inst.id}&period=2026-Q1`)).body.indicators as { id: string; label: { zh: string }; unit: string; value: number | null; numerator: number | null; denominator: number | null; target: number; unavailable: { zh: string } | null }[];
      for (const v of values.filter((x) => x.id.startsWith('tb-referral/') && x.unit === '%')) {
        // No value: — with 未配置 (no expected-cases option) or 无数据 (0/0) as the conclusion, never a made-up 100% 达标.
        expect(section).toContain(v.value === null ? `${v.label.zh}${v.numerator ?? '—'}${v.denominator ?? '—'}—≥${v.target}%${v.unavailable!.zh}` : `${v.label.zh}${v.numerator}${v.denominator}${v.value}%`);
        if (v.denominator === 0) noData++;
        checked++;
      }
    }
    expect(checked).toBe(8 * 14);
    // Some units have rates over nothing in Q1: those rows were checked as 无数据 above.
    expect(noData).toBeGreaterThan(0);
    // The hospital's own row of the detection rate: 16 new smear-positives registered against 80 / 4 = 20 expected.
    expect(part).toContain('新涂阳病人发现率162080%≥70%达标');
  });

  it('health staff may not issue the quarterly report (no issuing role)', async () => {
    const rec = await head.post(`${P}/tb-quarterly-report?institutionId=${cdcId}`, { quarter: '2026-Q2' });
    const staff = await t.createUser('tbd-cdc-staff', [{ institution: 'district-cdc', role: 'staff' }]).then(() => t.login('tbd-cdc-staff'));
    expect((await staff.post(`/api/records/${rec.body.id}/issue`, { template: 'tb-referral/quarterly-report' })).status).toBe(403);
  });

  it('the supervision report lists what the visit found, item by item', async () => {
    const rec = await head.post(`${P}/tb-supervision?institutionId=${cdcId}`, {
      target: 'dongxi-township-hc',
        targetName: '东溪镇卫生院',
        date: '2026-04-20',
        supervisor: '疾控结防科督导组',
        findings: '乡镇追踪记录基本完整，访视频次仍有缺口。',
        items: [
          { aspect: 'referral', finding: '3例未到位可疑者追踪记录缺少追踪结果。', requirement: '补录追踪结果并电话回访。', deadline: '2026-05-10' },
          { aspect: 'visits', finding: '1例强化期患者3月份无乡镇访视。', requirement: '每月至少访视1次。' },
        ],
    });
    expect(rec.status).toBe(201);
    const issued = await head.post(`/api/records/${rec.body.id}/issue`, { template: 'tb-referral/supervision-report' });
    expect(issued.status).toBe(201);
    const text = (await pdfText(await pdfOf(head, issued.body.id))).join('\n').replace(/\s+/g, '');
    for (const expected of [
      '关于对东溪镇卫生院结核病防治工作的督导报告',
      '疾控结防科督导组于2026年4月20日对东溪镇卫生院',
      '一、督导发现的问题',
      '（一）转诊追踪：3例未到位可疑者追踪记录缺少追踪结果。整改要求：补录追踪结果并电话回访。（2026年5月10日前完成）',
      '（二）访视管理：1例强化期患者3月份无乡镇访视。整改要求：每月至少访视1次。',
      '二、督导意见',
      '乡镇追踪记录基本完整，访视频次仍有缺口。',
      '三、工作要求',
      '书面报送青山区疾病预防控制中心',
    ]) expect(text).toContain(expected);
  });

  it('a seeded monthly visit to the hospital, with no itemised findings, still issues, saying so', async () => {
    const visits = (await head.get(`${P}/tb-supervision?pageSize=100`)).body as { items: { id: number; values: Record<string, unknown> }[] };
    const seeded = visits.items.find((v) => v.values.target === 'district-tb-hospital' && !v.values.items)!;
    const issued = await head.post(`/api/records/${seeded.id}/issue`, { template: 'tb-referral/supervision-report' });
    expect(issued.status).toBe(201);
    const text = (await pdfText(await pdfOf(head, issued.body.id))).join('\n').replace(/\s+/g, '');
    expect(text).toContain('本次督导未发现需逐项整改的问题。');
    expect(text).toContain('关于对青山区结核病定点医院结核病防治工作的督导报告');
  });

  it('the visit calendar: a township and a village clinic see their patients under treatment, due and overdue this month', async () => {
    const strip = (html: string) => html.replace(/<[^>]+>/g, '|').replace(/\s+/g, '').replace(/\|+/g, '|');
    const dongxi = await t.login('dongxi-doctor', DEMO_PASSWORD);
    const page = await dongxi.get('/p/tb-referral/visit-calendar');
    expect(page.status).toBe(200);
    // Dongxi manages 30 patients still under treatment (its own and its two clinics'); 26 had this period's township visit on
    // the 15th; 4 are in a 2-month continuation window that began after it, due in January.
    const text = strip(page.text);
    expect(text).toContain('|在治患者|30|已逾期|0|本月应访视|0|本期已访视|26|');
    expect(text).toContain('|TB-LW-0071|继续期|—|2027-01-16|本月后到期|');
    expect(text).toContain('|TB-DX-0037|强化期|2026-11-15|—|本期已访视|');
    // Taoyuan's 12: village visits every 14 days, so 11 fall due by the end of November, the 21st's in December.
    const village = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    const vtext = strip((await village.get('/p/tb-referral/visit-calendar')).text);
    expect(vtext).toContain('|在治患者|12|已逾期|0|本月应访视|11|');
    expect(vtext).toContain('|转诊单编号|治疗阶段|上次访视日期|应访视日期|状态|TB-TY-0057|继续期|2026-11-09|2026-11-23|本月应访视|');
    expect(vtext).toContain('|TB-TY-0077|强化期|2026-11-21|2026-12-05|本月后到期|');
    // The hospital has no visit calendar.
    const hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    expect((await hospital.get('/p/tb-referral/visit-calendar')).status).toBe(404);
  });
});
