/**
 * 002's 附表1-3 for the demo county hospital come from the risk module's documents (core/risk-form-*), filled with
 * the hospital's actual procurement risk points: the demo seed, as the CLI runs it, imports the hospital-procurement
 * presets onto the procurement posts (mapped to the hospital's own post names) and as 药剂科's and 设备科's own points.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { DepartmentEntity, PersonEntity } from '../../core/org/org.entities';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { RISK_PRESETS } from '../../plugins/hospital-procurement/risk-presets';
import { pdfFonts, pdfInfo, pdfRawText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const preset = (id: string) => RISK_PRESETS.find((p) => p.id === id)!;
const GRADE = ['', '一级', '二级', '三级'];

describe('hospital-procurement 附表1-3 from the risk module on the shipped demo config', () => {
  let t: TestApp;
  let officer: ApiClient;
  let hospital = 0;

  async function issue(body: Record<string, unknown>, name: string): Promise<string> {
    const res = await officer.post('/api/risk/documents', body);
    expect(res.status).toBe(201);
    const pdf = Buffer.from(await (await fetch(`${t.url}/api/documents/${res.body.id}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).arrayBuffer());
    const info = await pdfInfo(pdf);
    // A4 portrait (GB/T 9704), every font embedded so the Chinese prints as seen.
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
    expect((await pdfFonts(pdf)).every((f) => f.embedded)).toBe(true);
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, `hp-${name}`), 60);
    // A tall row may split across pages: drop the page numbers and the repeated table header between its halves.
    const header = '序号风险类别风险点表现形式风险等级防控措施责任人';
    const [first, ...rest] = (await pdfRawText(pdf)).replace(/—\d+—/g, '').split(header);
    return rest.length ? `${first}${header}${rest.join('')}` : first;
  }

  /** The row of a preset point as the form prints it, in order: title and grade, then the three phases' measures. */
  const rowOf = (id: string): string[] => {
    const p = preset(id);
    const phase = (k: string) => p.measures.filter((x) => x.phase === k).map((x) => x.text.zh).join('；');
    return [`${p.name.zh}${GRADE[p.grade]}`, `前期预防：${phase('prevention')}`, `中期监控：${phase('monitoring')}`, `后期处置：${phase('disposal')}`];
  };
  // A row split across pages has its last cell (the responsible person) drawn between its halves, so the parts are checked in order.
  const expectRow = (text: string, id: string) => {
    let at = -1;
    for (const part of rowOf(id)) {
      expect(text).toContain(part);
      const next = text.indexOf(part, at + 1);
      expect(next).toBeGreaterThan(at);
      at = next;
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-03-02T01:00:00Z', seed: 'demo+plugins' });
    // As apps/cli seedAll: people and accounts, the plugins' records, then the risk, warning and assessment demos.
    expect(await seedRiskDemo(t.app, 'county-hospital')).toBe(true);
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    hospital = await t.institutionId('county-hospital');
  }, 300_000);
  afterAll(() => t?.close(), 60_000);

  it('the plugin ships no 附表 templates of its own', () => {
    const ids = (t.host.enabledFor('county-hospital').find((e) => e.plugin.id === 'hospital-procurement')?.plugin.templates ?? []).map((x) => x.id);
    expect(ids.sort()).toEqual(['monthly-report', 'quarterly-report', 'supervision-opinion']);
  });

  it('the demo seed puts the presets on the mapped posts and as the procurement departments’ own points, with category and stage', async () => {
    const points = (await officer.get(`/api/risk/points?institutionId=${hospital}&limit=200`)).body.items as { id: number; title: string; level: string; departmentName: string | null; postName: string | null }[];
    const owner = async (id: number) => (await officer.get(`/api/risk/points/${id}`)).body.ownerName as string | null;
    const at = async (title: string) => Promise.all(points.filter((p) => p.title === title).map(async (p) => [p.level, p.departmentName, p.postName, await owner(p.id)]));
    // Each preset post goes to the hospital's own post for it (药品（耗材）采购员 → 药品采购员 …) and its holder.
    expect((await at(preset('price-inflation').name.zh)).sort()).toEqual([
      ['department', '药剂科', null, null],
      ['post', '药剂科', '药品采购员', '陈思远'],
    ]);
    expect((await at(preset('brand-in-spec').name.zh)).sort()).toEqual([
      ['department', '药剂科', null, null],
      ['department', '设备科', null, null],
      ['post', '药剂科', '药剂科主任', '郑晓岚'],
    ]);
    expect(await at(preset('separation').name.zh)).toEqual([['post', '院办公室', '分管副院长', '吴海波']]);
    expect(await at(preset('unqualified-goods').name.zh)).toContainEqual(['post', '药剂科', '药库管理员', '赵雨桐']);
    // No post here is a prescribing doctor's: that preset is not imported.
    expect(await at(preset('prescription-kickback').name.zh)).toEqual([]);
    // 6 written-out points + 5 presets on posts + 6 for 药剂科 + 4 for 设备科.
    expect(points).toHaveLength(21);
    const kick = points.find((p) => p.title === preset('kickback').name.zh)!;
    const detail = (await officer.get(`/api/risk/points/${kick.id}`)).body;
    expect(detail).toMatchObject({ level: 'department', gradeLabel: '一级', status: 'identifying', extensions: { 'hospital-procurement': { procurementCategory: 'drugs', procurementStage: 'award' } } });
  });

  it('the import refuses an unknown department or mapped post, and a department’s second copy of a preset', async () => {
    const imp = (body: Record<string, unknown>) => officer.post('/api/risk/presets/hospital-procurement/import', { presetIds: ['kickback'], ...body });
    const before = (await officer.get(`/api/risk/points?institutionId=${hospital}&limit=200`)).body.total;
    expect((await imp({ departmentId: 999_999 })).body.details).toEqual([expect.objectContaining({ field: 'departmentId' })]);
    expect((await imp({ posts: [{ presetPost: '药品（耗材）采购员', postId: 999_999 }] })).body.details).toEqual([expect.objectContaining({ field: 'posts.0.postId' })]);
    expect((await imp({ posts: [{ presetPost: '药品（耗材）采购员' }] })).status).toBe(400);
    const pharmacy = await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: hospital, name: '药剂科' }));
    const again = await imp({ departmentId: pharmacy.id });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ presetId: 'kickback', message: `${preset('kickback').name.zh}：该科室已有同名风险点` }]);
    expect((await officer.get(`/api/risk/points?institutionId=${hospital}&limit=200`)).body.total).toBe(before);
  });

  it('issues 附表2 for 药剂科 listing its procurement risk points with grades and measures', async () => {
    const pharmacy = await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: hospital, name: '药剂科' }));
    const text = await issue({ kind: 'form2', departmentId: pharmacy.id }, 'form2-pharmacy');
    for (const s of ['附表2', '示范县人民医院科（室）风险岗位廉能识别防控表', '药剂科', '郑晓岚', '回扣', '指定品牌', '化整为零规避招标', '药品库存盘点制度执行不到位']) expect(text).toContain(s);
    for (const id of ['kickback', 'brand-in-spec', 'split-purchase', 'price-inflation', 'unqualified-goods', 'emergency-abuse']) expectRow(text, id);
    // Only 药剂科's own points: not the equipment office's bid leaks, nor the buyer's post points.
    expect(text).not.toContain(preset('bid-leak').name.zh);
    expect(text).not.toContain('与医药代表私下接触');
  });

  it('issues 附表1 for the buyer listing his post’s procurement risk points', async () => {
    const buyer = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ institutionId: hospital, name: '陈思远' }));
    const text = await issue({ kind: 'form1', personId: buyer.id }, 'form1-buyer');
    for (const s of ['附表1', '示范县人民医院个人风险岗位廉能识别防控表', '陈思远', '药品采购员', '药品遴选、采购中收受供应商回扣', '拆分采购规避招标', '一级', '二级']) expect(text).toContain(s);
    expectRow(text, 'price-inflation');
    // The pharmacy head's specification point is on her post, not his.
    expect(text).not.toContain(preset('brand-in-spec').name.zh);
  });

  it('issues 附表2 for 设备科 and 附表3 for the hospital from the same risk points', async () => {
    const equipment = await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: hospital, name: '设备科' }));
    const t2 = await issue({ kind: 'form2', departmentId: equipment.id }, 'form2-equipment');
    for (const id of ['brand-in-spec', 'bid-leak', 'unqualified-goods', 'emergency-abuse']) expectRow(t2, id);
    expect(t2).not.toContain(preset('kickback').name.zh);
    const t3 = await issue({ kind: 'form3' }, 'form3');
    for (const s of ['附表3', '示范县人民医院风险岗位廉能识别防控表', '周明远', '大额药品采购未经集体决策']) expect(t3).toContain(s);
  });
});
