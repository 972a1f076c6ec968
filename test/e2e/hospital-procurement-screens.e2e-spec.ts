/**
 * The generic plugin edit screens and multi-choice fields, through the hospital-procurement plugin's
 * declarations alone (it declares no edit screen: every form screen edits its record type).
 */
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { formFields } from '../support/form-fields';

const P = '/api/plugins/hospital-procurement/records';

/** Posts an HTML form as a browser would (urlencoded, repeated names for ticked boxes, the session's CSRF token). */
function form(c: ApiClient, url: string, fields: Record<string, string | string[]>, csrf = c.csrf) {
  const body = new URLSearchParams();
  if (csrf) body.append('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

describe('generic edit screens and multi-choice fields (hospital procurement)', () => {
  let t: TestApp;
  let buyer: ApiClient;
  let supplierId: number;
  let projectId: number;

  const audits = async (action: string, objectId: number) =>
    (await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action, objectId: String(objectId) }, order: { seq: 'ASC' } }))).map((a) => ({ actor: a.actor, detail: a.detail ? JSON.parse(a.detail) : null }));
  const hitsOf = async (recordId: number) => ((await buyer.get('/api/rule-hits?pageSize=200')).body.items as { ruleId: string; recordId: number }[]).filter((h) => h.recordId === recordId).map((h) => h.ruleId);

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('hps-buyer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('hps-beta', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
    buyer = await t.login('hps-buyer');
  }, 120_000);
  afterAll(() => t?.close());

  it('a multi-choice field is a group of checkboxes; ticked boxes are saved as the list of values and read back', async () => {
    const page = await buyer.get('/p/hospital-procurement/new-supplier');
    expect(page.text).toContain('<fieldset class="multi-field"><legend>供应类别</legend>');
    expect(page.text).toContain('<input type="checkbox" name="categories" value="devices" data-type="multi-enum"> 医疗器械');
    const first = '91361099MA0000003';
    const saved = await form(buyer, '/p/hospital-procurement/new-supplier', { name: '示范县编辑测试医药有限公司', creditCode: first + creditCodeCheckChar(first), categories: ['drugs', 'devices'] });
    expect(saved.status).toBe(303);
    const supplier = (await buyer.get(`${P}/supplier?q=编辑测试`)).body.items[0];
    supplierId = supplier.id;
    expect(supplier.values.categories).toEqual(['drugs', 'devices']);
    // One ticked box arrives as a single value and is still a list.
    const one = await form(buyer, '/p/hospital-procurement/new-supplier', { name: '示范县单类测试公司', creditCode: '91361099MA0000004' + creditCodeCheckChar('91361099MA0000004'), categories: 'works' });
    expect(one.status).toBe(303);
    expect((await buyer.get(`${P}/supplier?q=单类测试`)).body.items[0].values.categories).toEqual(['works']);
    const list = await buyer.get('/p/hospital-procurement/suppliers');
    expect(list.text).toContain('<td>药品、医疗器械</td>');
    // The edit form shows the saved choices ticked, and only those.
    const edit = await buyer.get(`/p/hospital-procurement/new-supplier/${supplierId}/edit`);
    expect(edit.status).toBe(200);
    expect(formFields(edit.text).categories).toEqual(['drugs', 'devices']);
    // After a server error the create form keeps the ticked boxes.
    const bad = await form(buyer, '/p/hospital-procurement/new-supplier', { name: '示范县错码测试公司', creditCode: 'bad', categories: ['consumables', 'services'] });
    expect(bad.status).toBe(400);
    expect(formFields(bad.text).categories).toEqual(['consumables', 'services']);
  });

  it('edits a supplier from its list row: prefilled, only changed fields saved and audited', async () => {
    const list = await buyer.get('/p/hospital-procurement/suppliers');
    expect(list.text).toContain(`<a href="/p/hospital-procurement/new-supplier/${supplierId}/edit" data-testid="edit">编辑</a>`);
    const edit = await buyer.get(`/p/hospital-procurement/new-supplier/${supplierId}/edit`);
    expect(edit.text).toContain('<h1>编辑供应商：示范县编辑测试医药有限公司</h1>');
    expect(edit.text).toContain(`action="/p/hospital-procurement/new-supplier/${supplierId}/edit"`);
    const fields = formFields(edit.text);
    expect(fields.name).toBe('示范县编辑测试医药有限公司');
    const res = await form(buyer, `/p/hospital-procurement/new-supplier/${supplierId}/edit`, { ...fields, categories: ['drugs', 'works'], contactName: '编辑联系人' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/p/hospital-procurement/suppliers');
    const after = (await buyer.get(`/api/records/${supplierId}`)).body.values;
    expect(after.categories).toEqual(['drugs', 'works']);
    expect(after.contactName).toBe('编辑联系人');
    expect(after.creditCode).toBe(fields.creditCode);
    const updates = await audits('record.update', supplierId);
    expect(updates).toEqual([{ actor: expect.stringContaining('hps-buyer'), detail: { version: 2, changed: ['contactName', 'categories'], values: { contactName: { old: null, new: '编辑联系人' }, categories: { old: ['drugs', 'devices'], new: ['drugs', 'works'] } } } }]);
    // Saving the form untouched changes nothing and writes nothing.
    expect((await form(buyer, `/p/hospital-procurement/new-supplier/${supplierId}/edit`, formFields((await buyer.get(`/p/hospital-procurement/new-supplier/${supplierId}/edit`)).text))).status).toBe(303);
    expect(await audits('record.update', supplierId)).toHaveLength(1);
  });

  it('edits a procurement project: CSRF required, server errors shown next to fields with the entered values kept, then a three-separation breach is flagged', async () => {
    const created = await buyer.post(`${P}/procurement-project`, {
      projectNo: 'ED-2026-01',
      name: '彩色多普勒超声诊断仪采购',
      category: 'equipment',
      totalFen: 30_000_000,
      department: '超声科',
      method: 'public-tender',
      announcedOn: '2026-06-01',
      awardedOn: '2026-06-25',
      qualificationReviewer: '编辑甲',
      evaluators: ['编辑乙', '编辑丙'],
      awardDecider: '编辑丁',
      supplier: supplierId,
      items: [{ itemName: '彩超', spec: 'E-1', quantity: 1, unitPriceFen: 30_000_000 }],
    });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    expect(await hitsOf(projectId)).toEqual([]);
    const url = `/p/hospital-procurement/new-project/${projectId}/edit`;
    const page = await buyer.get(url);
    const fields = formFields(page.text);
    expect(fields).toMatchObject({ projectNo: 'ED-2026-01', method: 'public-tender', totalFen: '300000.00', evaluators: '编辑乙, 编辑丙', supplier: String(supplierId), 'items.0.itemName': '彩超', 'items.0.spec': 'E-1', 'items.0.unitPriceFen': '300000.00' });
    // The live check gets the same constraints as the create form.
    expect(page.text).toContain('data-constraints="[{&quot;id&quot;:&quot;non-competitive-reason&quot;');
    expect(page.text).toContain('<script src="/assets/record-form.js" defer></script>');

    expect((await form(buyer, url, { ...fields, awardDecider: '编辑乙' }, 'wrong')).status).toBe(403);
    expect((await buyer.get(`/api/records/${projectId}`)).body.values.awardDecider).toBe('编辑丁');

    const bad = await form(buyer, url, { ...fields, name: '彩超采购（改）', method: 'single-source', methodReason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<small class="error" id="field-methodReason-error">采用该方式的理由：单一来源或应急采购必须填写理由</small>');
    const kept = formFields(bad.text);
    expect(kept).toMatchObject({ name: '彩超采购（改）', method: 'single-source', 'items.0.itemName': '彩超' });
    expect((await buyer.get(`/api/records/${projectId}`)).body.values.name).toBe('彩色多普勒超声诊断仪采购');

    const ok = await form(buyer, url, { ...fields, awardDecider: '编辑乙' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/p/hospital-procurement/register');
    expect(await hitsOf(projectId)).toEqual(['hospital-procurement/three-separation-breach']);
    const register = await buyer.get('/p/hospital-procurement/register?flagged=1');
    expect(register.text).toMatch(new RegExp(`data-record-id="${projectId}"[\\s\\S]*?资格预审、评标、定标未分离`));
    expect((await audits('record.update', projectId)).map((a) => a.detail)).toEqual([{ version: 2, changed: ['awardDecider'], values: { awardDecider: { old: '编辑丁', new: '编辑乙' } } }]);
  });

  it('answers 404 for a record of another institution, of another type, or missing, and changes nothing', async () => {
    const beta = await t.login('hps-beta');
    const alphaNote = await buyer.post('/api/plugins/test-plugin/records/inspection-note', { subject: '甲院检查', amountFen: 100, inspectedOn: '2026-06-01' });
    expect(alphaNote.status).toBe(201);
    const url = `/p/test-plugin/new-note/${alphaNote.body.id}/edit`;
    expect((await buyer.get(url)).status).toBe(200);
    expect((await beta.get(url)).status).toBe(404);
    expect((await form(beta, url, { subject: '乙局改写', amountFen: '1', inspectedOn: '2026-06-01' })).status).toBe(404);
    expect((await buyer.get(`/api/records/${alphaNote.body.id}`)).body.values.subject).toBe('甲院检查');
    expect((await audits('access.denied', alphaNote.body.id)).length).toBeGreaterThanOrEqual(2);
    // A supplier is not edited through the project form, and a missing id is missing.
    expect((await buyer.get(`/p/hospital-procurement/new-project/${supplierId}/edit`)).status).toBe(404);
    expect((await buyer.get('/p/hospital-procurement/new-project/99999999/edit')).status).toBe(404);
    expect((await buyer.get('/p/hospital-procurement/register/1/edit')).status).toBe(404);
    expect((await buyer.get('/p/hospital-procurement/new-project/abc/edit')).status).toBe(400);
  });

  it('money is typed in yuan (two decimals at most), stored in fen, and refused clearly otherwise', async () => {
    const base = { projectNo: 'YUAN-2026-01', name: '元输入测试项目', category: 'drugs', department: '药剂科', method: 'inquiry', awardedOn: '2026-06-30' };
    const page = await buyer.get('/p/hospital-procurement/new-project');
    expect(page.text).toContain('采购金额（元）');
    expect(page.text).toMatch(/<input name="totalFen" type="text" inputmode="decimal"/);
    for (const [typed, why] of [['12.345', '最多两位小数'], ['一百', '最多两位小数'], ['-5', '不能小于 0']]) {
      const refused = await form(buyer, '/p/hospital-procurement/new-project', { ...base, totalFen: typed });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`采购金额（元）：`);
      expect(refused.text).toContain(why);
    }
    expect((await buyer.get(`${P}/procurement-project?q=${encodeURIComponent("元输入测试项目")}`)).body.items).toEqual([]);
    const saved = await form(buyer, '/p/hospital-procurement/new-project', { ...base, totalFen: '1,234.5' });
    expect(saved.status).toBe(303);
    const project = (await buyer.get(`${P}/procurement-project?q=${encodeURIComponent("元输入测试项目")}`)).body.items[0];
    expect(project.values.totalFen).toBe(123450);
    expect(formFields((await buyer.get(`/p/hospital-procurement/new-project/${project.id}/edit`)).text).totalFen).toBe('1234.50');
  });
});
