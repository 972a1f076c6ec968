/**
 * 供电营销, booted with the real config (config/institutions/power-supply-marketing-demo.yaml, 示范县供电公司) and its demo
 * seed: working-day limits counted with the platform calendar across 国庆 2026, inspections closed without recovering
 * the charges, suppliers designated by staff, the 督办通知 issued as a numbered PDF with the limit filled in, the screens
 * in Chinese, and no view into another institution. SCREENSHOT_DIR=/tmp/shots also renders the screens and the PDF as PNG.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, loginViaForm, open, screenshot } from '../../../test/support/browser';
import { pdfText, pdfToPng } from '../../../test/support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../../../test/support/test-app';

jest.setTimeout(240_000);

const P = '/api/plugins/power-supply-marketing/records';
const CODE = 'power-supply-marketing-demo';

interface Hit {
  ruleId: string;
  recordId: number | null;
  institutionId: number;
  message: { zh: string; en: string };
}

describe('power-supply-marketing (供电营销): applications, inspections, 三指定, document, screens', () => {
  let t: TestApp;
  let officer: ApiClient;
  let hospital: ApiClient;
  const ids: Record<string, number> = {};

  const hits = async (c: ApiClient = officer): Promise<Hit[]> =>
    ((await c.get('/api/rule-hits?pageSize=200')).body.items as Hit[]).filter((h) => h.ruleId.startsWith('power-supply-marketing/'));
  const hitsOf = async (recordId: number) => (await hits()).filter((h) => h.recordId === recordId).map((h) => h.ruleId.replace('power-supply-marketing/', ''));
  const create = async (type: string, values: Record<string, unknown>) => {
    const res = await officer.post(`${P}/${type}`, values);
    expect([res.status, res.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    return res.body.id as number;
  };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', '..', 'config'), now: '2026-11-02T03:00:00Z', seed: 'plugins' });
    await t.createUser('psm-officer', [{ institution: CODE, role: 'discipline-officer' }]);
    await t.createUser('psm-hosp-officer', [{ institution: 'county-hospital', role: 'discipline-officer' }]);
    officer = await t.login('psm-officer');
    hospital = await t.login('psm-hosp-officer');
  }, 600_000);
  afterAll(() => t?.close());

  it("the demo seed's planted records raise one hit per rule at 示范县供电公司, and its people are on file", async () => {
    const byRule = new Map<string, number>();
    for (const h of await hits()) byRule.set(h.ruleId, (byRule.get(h.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual({
      'power-supply-marketing/plan-reply-overdue-low': 1,
      'power-supply-marketing/plan-reply-overdue-high': 1,
      'power-supply-marketing/connection-overdue-low': 1,
      'power-supply-marketing/closed-without-recovery': 1,
      'power-supply-marketing/designated-by-staff': 1,
    });
    const institution = await t.institutionId(CODE);
    const admin = await t.login((await t.createUser('psm-admin', [], { admin: true }), 'psm-admin'));
    const people = ((await admin.get(`/api/institutions/${institution}/people`)).body as { name: string; title: string }[]).map((p) => `${p.name}:${p.title}`);
    expect(people).toEqual(expect.arrayContaining(['孟清源:纪委书记', '周晓明:客户经理', '吴建国:用电检查员']));
  });

  it('an application over the 3-working-day limit across 国庆 2026 raises a hit; one inside it (9 calendar days, 2 working days) does not', async () => {
    // Accepted Tue 09-29, answered Mon 10-12: 09-30, 10-08, 10-09, the make-up Saturday 10-10 and 10-12 are 5 working days.
    ids.late = await create('application', { applicationNo: 'YK-E2E-001', applicant: '示范县城南食品厂', applicationKind: 'new', customerKind: 'industrial', voltageClass: '380v', capacityKva: 100, acceptedOn: '2026-09-29', planRepliedOn: '2026-10-12', connectedOn: '2026-10-12', handler: '周晓明' });
    // Accepted Wed 09-30, answered Fri 10-09: 国庆 10-01..07 does not count, so 2 working days.
    ids.onTime = await create('application', { applicationNo: 'YK-E2E-002', applicant: '示范县城北超市', applicationKind: 'new', customerKind: 'business', voltageClass: '380v', capacityKva: 50, acceptedOn: '2026-09-30', planRepliedOn: '2026-10-09', connectedOn: '2026-10-12', handler: '陈雨桐' });
    expect(await hitsOf(ids.late)).toEqual(['plan-reply-overdue-low']);
    expect(await hitsOf(ids.onTime)).toEqual([]);
    const hit = (await hits()).find((h) => h.recordId === ids.late)!;
    expect(hit.message.zh).toBe('自受理之日起至答复供电方案用时5 个工作日，超过本单位低压供电方案答复时限3 个工作日，存在故意拖延、“吃拿卡要”的风险');
    expect(hit.message.en).toContain('took 5 working days from acceptance, beyond the low-voltage limit of 3 working days');
  });

  it('refuses a reply dated before the acceptance, naming the field', async () => {
    const res = await officer.post(`${P}/application`, { applicationNo: 'YK-E2E-003', applicant: '某客户', applicationKind: 'new', customerKind: 'resident', voltageClass: '220v', capacityKva: 8, acceptedOn: '2026-10-20', planRepliedOn: '2026-10-19', handler: '周晓明' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('不得早于受理日期');
  });

  it('an inspection closed with 20,000 元 unrecovered raises a red hit naming both amounts; exactly the 10,000 元 threshold does not', async () => {
    ids.unrecovered = await create('inspection', { caseNo: 'JC-E2E-001', customer: '示范县某石料厂', kind: 'theft', foundOn: '2026-10-10', recoveryDueFen: 3_000_000, recoveredFen: 1_000_000, status: 'closed', closedOn: '2026-10-20', inspector: '吴建国', approver: '韩立新' });
    ids.atThreshold = await create('inspection', { caseNo: 'JC-E2E-002', customer: '示范县某木材厂', kind: 'violation', foundOn: '2026-10-10', recoveryDueFen: 1_500_000, recoveredFen: 500_000, status: 'closed', closedOn: '2026-10-21', inspector: '吴建国' });
    expect(await hitsOf(ids.unrecovered)).toEqual(['closed-without-recovery']);
    expect(await hitsOf(ids.atThreshold)).toEqual([]);
    const hit = (await hits()).find((h) => h.recordId === ids.unrecovered)!;
    expect(hit.message.zh).toContain('未追补电费20,000.00 元，超过本单位预警标准10,000.00 元');
    // A closed finding needs its closing date (a constraint, 400).
    const undated = await officer.post(`${P}/inspection`, { caseNo: 'JC-E2E-003', customer: '某客户', kind: 'violation', foundOn: '2026-10-10', recoveryDueFen: 100, status: 'closed', inspector: '吴建国' });
    expect(undated.status).toBe(400);
    expect(undated.text).toContain('已结案的须填写结案日期');
  });

  it('a supplier designated by staff raises a hit naming its role; the customer’s own choice does not', async () => {
    ids.designated = await create('designation', { projectName: '城南食品厂配电工程', application: ids.late, customer: '示范县城南食品厂', role: 'construction', supplierName: '某县华明电力工程有限公司', chosenBy: 'staff', recommendedBy: '周晓明', checkedOn: '2026-10-30' });
    ids.chosen = await create('designation', { projectName: '城南食品厂配电工程', application: ids.late, customer: '示范县城南食品厂', role: 'design', supplierName: '某市电力设计院有限公司', chosenBy: 'customer', checkedOn: '2026-10-30' });
    expect(await hitsOf(ids.designated)).toEqual(['designated-by-staff']);
    expect(await hitsOf(ids.chosen)).toEqual([]);
    expect((await hits()).find((h) => h.recordId === ids.designated)!.message.zh).toContain('用户受电工程的施工单位由供电企业员工推荐或指定');
  });

  it('issues the 督办通知 for the late application: numbered 示供电纪〔2026〕N号, with the days taken and the limit filled in', async () => {
    const issued = await officer.post(`/api/records/${ids.late}/issue`, { template: 'power-supply-marketing/supervision-notice' });
    expect([issued.status, issued.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    expect(issued.body.number).toMatch(/^示供电纪〔2026〕\d+号$/);
    const res = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    const text = (await pdfText(pdf)).join('').replace(/\s+/g, '');
    for (const s of ['中共示范县供电公司纪律检查委员会', '关于业扩报装办理超时限的督办通知', '示范县城南食品厂', 'YK-E2E-001', '于2026年9月29日受理', '用时5个工作日', '低压供电方案答复时限为3个工作日', '超过本单位低压供电方案答复时限3个工作日', issued.body.number]) expect(text).toContain(s);
    if (process.env.SCREENSHOT_DIR) {
      fs.mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
      await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, 'psm-supervision-notice'), 80);
    }
  });

  it('the screens open in Chinese, with no English field label leaking', async () => {
    const pages: [string, string[]][] = [
      ['/p/power-supply-marketing/applications', ['业扩报装台账', 'YK-E2E-001', '供电方案答复日期', '交流380伏']],
      ['/p/power-supply-marketing/new-application', ['用电申请人', '受理日期', '供电方案答复日期', '装表接电日期', '申请容量（千伏安）', '客户经理（经办人）']],
      ['/p/power-supply-marketing/inspections', ['用电稽查台账', 'JC-E2E-001', '应追补电费（元）', '窃电', '已结案']],
      ['/p/power-supply-marketing/new-inspection', ['查处类别', '实收追补电费（元）', '结案审批人']],
      ['/p/power-supply-marketing/designations', ['“三指定”核查台账', '供电企业员工推荐或指定', '施工单位']],
      ['/p/power-supply-marketing/new-designation', ['用户受电工程名称', '选择方式']],
      ['/p/power-supply-marketing/dashboard', ['营销监督看板', '办理超时限（次）', '应追补电费（元）', '员工推荐或指定（项）', '低压供电方案答复超时限']],
    ];
    for (const [url, texts] of pages) {
      const res = await officer.get(url);
      expect([url, res.status]).toEqual([url, 200]);
      for (const s of texts) expect([url, s, res.text.includes(s)]).toEqual([url, s, true]);
      for (const en of ['Supply plan answered on', 'Voltage class', 'Charges to recover', 'Chosen by', 'Account manager', 'Hits by rule']) expect([url, res.text.includes(en)]).toEqual([url, false]);
    }
    if (process.env.SCREENSHOT_DIR) {
      const b = await launchBrowser();
      try {
        const page = await b.newPage();
        await loginViaForm(page, t.url, 'psm-officer');
        for (const [url] of pages) {
          await open(page, `${t.url}${url}`);
          await screenshot(page, `psm-${url.split('/').pop()}`);
        }
      } finally {
        await b.close();
      }
    }
  });

  it("is isolated from another institution: the hospital's officer gets 404 for its records and sees none of its hits, and the other way round", async () => {
    for (const id of [ids.late, ids.unrecovered, ids.designated]) expect((await hospital.get(`/api/records/${id}`)).status).toBe(404);
    expect((await hospital.get(`/api/records/${ids.late}/render?template=power-supply-marketing/supervision-notice`)).status).toBe(404);
    expect(await hits(hospital)).toEqual([]);
    const list = await hospital.get(`${P}/application?pageSize=50`);
    expect(list.status === 200 ? list.body.items : list.status).toEqual(list.status === 200 ? [] : expect.any(Number));
    expect(list.status === 200 || [403, 404].includes(list.status)).toBe(true);
    // The hospital's own demo project: the company's officer gets 404 for it, as for a missing one.
    const hospitalRecord = ((await hospital.get('/api/plugins/hospital-procurement/records/procurement-project?pageSize=1')).body.items as { id: number }[])[0];
    expect((await officer.get(`/api/records/${hospitalRecord.id}`)).status).toBe(404);
    expect((await officer.get(`/api/records/${hospitalRecord.id + 1_000_000}`)).status).toBe(404);
  });

  it('offers its 营销 risk points as presets', async () => {
    const res = await officer.get('/api/risk/presets/power-supply-marketing');
    expect(res.status).toBe(200);
    for (const name of ['为用户受电工程指定设计单位、施工单位和设备供应单位（“三指定”）', '用电稽查中对违约用电、窃电查处不严，“人情稽查”，少追或不追补电费', '抄、核、收不分离，估抄、漏抄、人情电，截留挪用电费']) expect(res.text).toContain(name);
  });
});
