import ExcelJS from 'exceljs';
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { DepartmentEntity, PersonEntity, PostEntity } from '../../core/org/org.entities';
import { answerText, ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const MISSING_ID = 987654321;
const HEADER = ['部门', '岗位', '姓名', '职务', '任职时间', '手机', '邮箱'];

/** Issue #23 item 2: departments, posts and people per institution on screens and the API, with Excel import and export. */
describe('organisation screens: departments, posts, people, Excel import and export', () => {
  let t: TestApp;
  let admin: ApiClient;
  let county: number;
  let hospital: number;
  let tax: number;

  const form = (c: ApiClient, url: string, fields: [string, string][]) => c.post(url, new URLSearchParams([...fields, ['_csrf', c.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  const audits = (action: string) => t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action }, order: { seq: 'ASC' } }));
  const peopleAt = (institutionId: number) => t.db.read((m) => m.getRepository(PersonEntity).find({ where: { institutionId }, order: { id: 'ASC' } }));
  const deptId = async (institutionId: number, name: string) => (await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId, name }))).id;
  /** Status-free answer text with the asked id masked where it stands alone (pages carry their URL, encoded, in links). */
  const masked = (res: HttpResult, id: number) => answerText(res).replace(/%(2F|3F|3D|26)/gi, (m) => decodeURIComponent(m)).replace(new RegExp(`(?<![0-9A-Za-z])${id}(?![0-9A-Za-z])`, 'g'), ':id');
  /** The page's message texts (alerts and list items), tags dropped. */
  const alerts = (res: HttpResult) => [...res.text.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);

  async function sheet(rows: (string | number | Date | null)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员');
    ws.addRow(HEADER);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Posts a file as the import screen's form does (multipart, the form's CSRF token inside). */
  async function importOnScreen(c: ApiClient, institutionId: number, bytes: Buffer): Promise<HttpResult> {
    const body = new FormData();
    body.append('_csrf', c.csrf);
    body.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), '人员.xlsx');
    const res = await fetch(`${t.url}/admin/org/${institutionId}/people/import`, { method: 'POST', body, redirect: 'manual', headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'zh-CN' } });
    return { status: res.status, text: await res.text(), body: null, headers: res.headers };
  }

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(ROOT_DIR, 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo' });
    admin = await t.login('admin', DEMO_PASSWORD);
    county = await t.institutionId('demo-county');
    hospital = await t.institutionId('county-hospital');
    tax = await t.institutionId('county-tax-bureau');
  }, 120_000);
  afterAll(() => t?.close(), 60_000);

  it('lists the institutions in tree order, children indented under the county', async () => {
    const res = await admin.get('/admin/org');
    expect(res.status).toBe(200);
    const items = [...res.text.matchAll(/<a href="\/admin\/org\/(\d+)" data-depth="(\d)">([^<]+)<\/a>/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
    const at = (id: number) => items.findIndex((i) => i[0] === id);
    expect(items[at(county)]).toEqual([county, 0, '示范县纪委监委']);
    expect(items[at(hospital)]).toEqual([hospital, 1, '示范县人民医院']);
    expect(at(hospital)).toBeGreaterThan(at(county));
    expect(items.find((i) => i[2] === '示范县东溪镇青石村')?.[1]).toBe(2);
    // Each with its kind by name, never the type code.
    expect(res.text).toMatch(/>示范县人民医院<\/a> <span class="muted">医院<\/span>/);
    expect(res.text).toMatch(/>示范县东溪镇青石村<\/a> <span class="muted">村<\/span>/);
    expect(res.text).not.toContain('discipline-commission');
  });

  it('adds and renames a department, refuses a blank or taken name, and removes only an unused one', async () => {
    const before = await t.db.read((m) => m.getRepository(DepartmentEntity).countBy({ institutionId: county }));
    expect((await form(admin, `/admin/org/${county}/departments`, [['name', '  案件审理室 ']])).status).toBe(303);
    const id = await deptId(county, '案件审理室');
    expect((await audits('department.create')).some((a) => a.objectId === String(id) && a.institutionId === county)).toBe(true);

    const blank = await form(admin, `/admin/org/${county}/departments`, [['name', '  ']]);
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('部门名称：不能为空');
    const taken = await form(admin, `/admin/org/${county}/departments`, [['name', '案件审理室']]);
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('部门名称：本单位已有部门“案件审理室”');
    expect(await t.db.read((m) => m.getRepository(DepartmentEntity).countBy({ institutionId: county }))).toBe(before + 1);

    expect((await form(admin, `/admin/org/${county}/departments/${id}`, [['name', '案件审理二室']])).status).toBe(303);
    const renamed = (await audits('department.rename')).filter((a) => a.objectId === String(id));
    expect(renamed.map((a) => JSON.parse(a.detail).changes.name)).toEqual([{ from: '案件审理室', to: '案件审理二室' }]);

    // 委领导 holds the secretary and the deputy, each with a post: refused with the numbers, nothing removed.
    const leaders = await deptId(county, '委领导');
    const refused = await form(admin, `/admin/org/${county}/departments/${leaders}/remove`, []);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('部门“委领导”仍有 2 名人员、2 个岗位，不能删除');
    expect(await deptId(county, '委领导')).toBe(leaders);
    const api = await admin.request('DELETE', `/api/institutions/${county}/departments/${leaders}`, {});
    expect([api.status, api.body.message]).toEqual([409, '部门“委领导”仍有 2 名人员、2 个岗位，不能删除；请先把人员和岗位调到其他部门']);

    expect((await form(admin, `/admin/org/${county}/departments/${id}/remove`, [])).status).toBe(303);
    expect(await t.db.read((m) => m.getRepository(DepartmentEntity).countBy({ id }))).toBe(0);
    expect((await audits('department.remove')).map((a) => JSON.parse(a.detail).name)).toEqual(['案件审理二室']);
  });

  it('adds a post, refuses another institution’s department, and moves a post with the people holding it', async () => {
    const supervision = await deptId(county, '党风政风监督室');
    const leaders = await deptId(county, '委领导');
    const foreign = await deptId(hospital, '药剂科');
    const wrong = await admin.post(`/api/institutions/${county}/posts`, { name: '审理员', departmentId: foreign });
    expect([wrong.status, wrong.body.details]).toEqual([400, [{ field: 'departmentId', message: 'departmentId：部门不存在或不属于本单位' }]]);
    const made = await admin.post(`/api/institutions/${county}/posts`, { name: '监督检查员', departmentId: supervision });
    expect(made.status).toBe(201);
    const posts = (await admin.get(`/api/institutions/${county}/posts`)).body as { id: number; name: string; departmentName: string | null }[];
    expect(posts.find((p) => p.id === made.body.id)).toMatchObject({ name: '监督检查员', departmentName: '党风政风监督室' });

    // The deputy's post moves from 委领导 to 党风政风监督室: he moves with it.
    const deputy = (await peopleAt(county)).find((p) => p.name === '邓启航')!;
    const moved = await form(admin, `/admin/org/${county}/posts/${deputy.postId}`, [['name', '县纪委分管副书记'], ['departmentId', String(supervision)]]);
    expect(moved.status).toBe(303);
    expect((await peopleAt(county)).find((p) => p.name === '邓启航')!.departmentId).toBe(supervision);
    // The people list names each person's department and post (pickers show them), as they now stand.
    const listed = (await admin.get(`/api/institutions/${county}/people`)).body as { name: string; departmentName: string | null; postName: string | null; phone: string | null }[];
    expect(listed.find((p) => p.name === '邓启航')).toMatchObject({ departmentName: '党风政风监督室', postName: '县纪委分管副书记' });
    expect(listed.filter((p) => p.departmentName === null)).toEqual([]);
    const audit = (await audits('post.update')).at(-1)!;
    expect(JSON.parse(audit.detail)).toEqual({ changes: { departmentId: { from: leaders, to: supervision } }, peopleMoved: 1 });
  });

  it('adds and edits a person on screen: contacts sealed and masked, bad input refused by field with nothing changed', async () => {
    const supervision = await deptId(county, '党风政风监督室');
    const post = (await t.db.read((m) => m.getRepository(PostEntity).findOneByOrFail({ institutionId: county, name: '监督检查员' }))).id;
    const fields = (over: Record<string, string> = {}): [string, string][] => Object.entries({ name: '许知远', departmentId: String(supervision), postId: String(post), title: '副主任', postSince: '2025-03-01', phone: '13900001111', email: 'xuzhiyuan@example.cn', ...over });
    const count = (await peopleAt(county)).length;
    const future = await form(admin, `/admin/org/${county}/people`, fields({ postSince: '2026-07-02' }));
    expect(future.status).toBe(400);
    expect(future.text).toContain('任职时间：不能晚于今天（2026-07-01）');
    const phone = await form(admin, `/admin/org/${county}/people`, fields({ phone: '1390000111' }));
    expect(phone.status).toBe(400);
    expect(phone.text).toContain('手机：格式不正确');
    const leadersPost = (await peopleAt(county)).find((p) => p.name === '梁正平')!.postId!;
    const mismatch = await form(admin, `/admin/org/${county}/people`, fields({ postId: String(leadersPost) }));
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('岗位：岗位“县纪委书记”属于“委领导”，请选择该部门或换一个岗位');
    expect((await peopleAt(county)).length).toBe(count);

    const created = await form(admin, `/admin/org/${county}/people`, fields());
    expect(created.status).toBe(303);
    const person = (await peopleAt(county)).find((p) => p.name === '许知远')!;
    expect(created.headers.get('location')).toBe(`/admin/org/${county}/people/${person.id}?saved=1`);
    expect(person).toMatchObject({ departmentId: supervision, postId: post, title: '副主任', postSince: '2025-03-01' });
    expect(person.phone).not.toContain('13900001111');
    const page = await admin.get(`/admin/org/${county}/people/${person.id}`);
    expect(page.text).toContain('139****1111');
    expect(page.text).not.toContain('13900001111');
    expect(page.text).not.toContain('xuzhiyuan@');

    // An empty contact keeps what is on file; the ticked box clears the e-mail.
    expect((await form(admin, `/admin/org/${county}/people/${person.id}`, fields({ title: '主任', phone: '', email: '', clearEmail: '1' }))).status).toBe(303);
    const api = ((await admin.get(`/api/institutions/${county}/people`)).body as { id: number; title: string; phone: string; email: string | null }[]).find((p) => p.id === person.id);
    expect(api).toMatchObject({ title: '主任', phone: '139****1111', email: null });
    const update = (await audits('person.update')).at(-1)!;
    expect(JSON.parse(update.detail)).toEqual({ name: '许知远', changes: { title: { from: '副主任', to: '主任' } }, contact: ['email'] });

    const english = await admin.get(`/admin/org/${county}/people/${person.id}`, { 'accept-language': 'en' });
    expect(english.text).toContain('Edit person · 许知远');
    expect(english.text).toContain('On file: 139****1111');
    expect((await form(admin, `/admin/org/${county}/people`, fields({ name: '' }))).text).toContain('姓名：不能为空');
    const list = await admin.get(`/admin/org/${county}/people?q=${encodeURIComponent('许')}`);
    expect(list.text).toContain('data-testid="people-total">共 1 条');
    expect(list.text).toContain('139****1111');
  });

  it('imports a good sheet, and refuses a sheet with three bad rows naming each row and column, saving no one', async () => {
    const before = (await peopleAt(county)).length;
    const good = await importOnScreen(admin, county, await sheet([
      ['党风政风监督室', '监督检查员', '沈青禾', '科员', '2024-09-01', 13700002222, 'shenqinghe@example.cn'],
      ['委领导', null, '蒋明川', '', new Date('2023-01-15T00:00:00Z'), '', ''],
    ]));
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/admin/org/${county}/people?imported=2`);
    const after = await peopleAt(county);
    expect(after.length).toBe(before + 2);
    expect(after.find((p) => p.name === '沈青禾')).toMatchObject({ title: '科员', postSince: '2024-09-01' });
    expect(after.find((p) => p.name === '沈青禾')!.phone).not.toContain('13700002222');
    expect(after.find((p) => p.name === '蒋明川')).toMatchObject({ postSince: '2023-01-15', phone: null, postId: null });
    expect(JSON.parse((await audits('people.import')).at(-1)!.detail)).toMatchObject({ file: '人员.xlsx', people: 2 });

    const bad = await importOnScreen(admin, county, await sheet([
      ['党风政风监督室', null, '孔令仪', '', '', '', ''],
      ['信访室', null, '陶然', '', '', '', ''],
      ['党风政风监督室', null, '韦一鸣', '', '', '1370000', ''],
      ['党风政风监督室', null, '孔令仪', '', '', '', ''],
    ]));
    expect(bad.status).toBe(400);
    expect(alerts(bad)).toEqual([
      '第3行“部门”：本单位没有部门“信访室”，请先在“部门”页添加或改正名称',
      '第4行“手机”：“1370000”不是 11 位大陆手机号',
      '第5行“姓名”：与第2行重复（同一部门的同名人员）',
    ]);
    expect((await peopleAt(county)).length).toBe(before + 2);

    // The API takes the same file through the same service, and answers the same errors.
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(await sheet([['党风政风监督室', null, '沈青禾', '', '', '', '']]))]), 'again.xlsx');
    const api = await fetch(`${t.url}/api/institutions/${county}/people/import`, { method: 'POST', body, headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': admin.csrf } });
    const json = await api.json();
    expect([api.status, json.details]).toEqual([400, [{ field: '姓名', message: '第2行“姓名”：本单位该部门已有人员“沈青禾”；导入只新增人员，修改请在人员页进行' }]]);
  });

  it('exports the filtered list as the import’s columns, contacts masked, and serves the template', async () => {
    const supervision = await deptId(county, '党风政风监督室');
    const res = await fetch(`${t.url}/admin/org/${county}/people/export?departmentId=${supervision}`, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const rows = (wb.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]).toEqual(['示范县纪委监委人员名单']);
    expect(rows[1]).toEqual(HEADER);
    const names = rows.slice(2).map((r) => r[2]);
    expect(names.sort()).toEqual(['沈青禾', '许知远', '邓启航', '韩立群'].sort());
    expect(rows.find((r) => r[2] === '沈青禾')!.slice(5)).toEqual(['137****2222', 's***@example.cn']);

    const template = await fetch(`${t.url}/admin/org/${county}/people/template`, { headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const tw = new ExcelJS.Workbook();
    await tw.xlsx.load((await template.arrayBuffer()) as ArrayBuffer);
    expect((tw.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(tw.worksheets[0].rowCount).toBe(1);
  });

  it('a hospital head manages the hospital only: the tax bureau’s org answers like a missing one; other roles are refused', async () => {
    const head = await t.login('hosp-head', DEMO_PASSWORD);
    expect((await head.get('/admin/org')).headers.get('location')).toBe(`/admin/org/${hospital}`);
    expect((await head.get(`/admin/org/${hospital}/people`)).status).toBe(200);
    const taxDept = (await t.db.read((m) => m.getRepository(DepartmentEntity).findOneByOrFail({ institutionId: tax }))).id;
    const taxPerson = (await peopleAt(tax))[0].id;
    const same = async (foreign: () => Promise<HttpResult>, missing: () => Promise<HttpResult>) => {
      const [a, b] = [await foreign(), await missing()];
      expect(a.status).toBe(404);
      expect(masked(a, tax)).toBe(masked(b, MISSING_ID));
    };
    await same(() => head.get(`/admin/org/${tax}`), () => head.get(`/admin/org/${MISSING_ID}`));
    await same(() => head.get(`/admin/org/${tax}/people/${taxPerson}`), () => head.get(`/admin/org/${MISSING_ID}/people/${taxPerson}`));
    await same(() => form(head, `/admin/org/${tax}/departments`, [['name', '越权科']]), () => form(head, `/admin/org/${MISSING_ID}/departments`, [['name', '越权科']]));
    await same(() => head.post(`/api/institutions/${tax}/departments`, { name: '越权科' }), () => head.post(`/api/institutions/${MISSING_ID}/departments`, { name: '越权科' }));
    expect((await head.request('PUT', `/api/institutions/${tax}/departments/${taxDept}`, { name: '越权科' })).status).toBe(404);
    expect((await head.request('DELETE', `/api/institutions/${tax}/departments/${taxDept}`, {})).status).toBe(404);
    expect((await head.request('PUT', `/api/institutions/${tax}/people/${taxPerson}`, { name: '越权' })).status).toBe(404);
    expect((await importOnScreen(head, tax, await sheet([['', null, '越权', '', '', '', '']]))).status).toBe(404);
    expect(await t.db.read((m) => m.getRepository(DepartmentEntity).countBy({ name: '越权科' }))).toBe(0);
    expect((await peopleAt(tax)).some((p) => p.name === '越权')).toBe(false);
    const denied = (await audits('access.denied')).filter((a) => a.objectId === String(tax));
    expect(denied.length).toBeGreaterThanOrEqual(6);

    // Discipline officers and staff see the people (API) but do not manage the organisation.
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    expect((await officer.get(`/admin/org/${hospital}`)).status).toBe(403);
    expect((await officer.post(`/api/institutions/${hospital}/departments`, { name: '纪检二室' })).status).toBe(403);
    expect((await officer.get('/')).text).not.toContain('href="/admin/org"');
    expect((await head.get('/')).text).toContain('href="/admin/org"');
  });
});
