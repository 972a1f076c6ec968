import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { answerBody, ApiClient, startTestApp, TestApp } from '../support/test-app';

describe('documents: read restriction (readRoles, readUserIds)', () => {
  let t: TestApp;
  let officer: ApiClient;
  let otherOfficer: ApiClient;
  let head: ApiClient;
  let staff: ApiClient;
  let listedStaff: ApiClient;
  let admin: ApiClient;
  let listedId: number;
  let restricted: { id: number; number: string };
  let open: { id: number };
  const data = DEMO_TEMPLATE_DATA['core/rectification-notice'] as unknown as Record<string, unknown>;

  const pdfStatus = async (client: ApiClient, id: number) =>
    (await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } })).status;

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).set('2026-06-20T02:00:00Z');
    await t.createUser('ra-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('ra-officer2', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('ra-head', [{ institution: 'alpha-hospital', role: 'head' }]);
    await t.createUser('ra-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    listedId = await t.createUser('ra-listed', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('ra-admin', [], { admin: true });
    [officer, otherOfficer, head, staff, listedStaff, admin] = await Promise.all(['ra-officer', 'ra-officer2', 'ra-head', 'ra-staff', 'ra-listed', 'ra-admin'].map((u) => t.login(u)));
    const r = await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data: { ...data, title: '限阅整改通知书' }, readRoles: ['head'], readUserIds: [listedId] });
    expect(r.status).toBe(201);
    expect(r.body.readRoles).toEqual(['head']);
    expect(r.body.readUserIds).toEqual([listedId]);
    restricted = r.body;
    const o = await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data });
    expect(o.status).toBe(201);
    expect(o.body.readRoles).toBeNull();
    open = o.body;
  }, 120_000);
  afterAll(() => t?.close());

  it('lets the issuer, a holder of a listed role, a listed user and a system admin get, list and download it', async () => {
    for (const c of [officer, head, listedStaff, admin]) {
      expect((await c.get(`/api/documents/${restricted.id}`)).status).toBe(200);
      expect((await c.get('/api/documents?pageSize=200')).body.items.map((d: { id: number }) => d.id)).toContain(restricted.id);
      expect(await pdfStatus(c, restricted.id)).toBe(200);
    }
  });

  it('answers everyone else exactly like a missing document, hides it from their list and logs the attempt', async () => {
    const missing = await staff.get('/api/documents/999999');
    for (const c of [otherOfficer, staff]) {
      const res = await c.get(`/api/documents/${restricted.id}`);
      expect(res.status).toBe(404);
      expect(answerBody(res)).toEqual(answerBody(missing));
      expect(await pdfStatus(c, restricted.id)).toBe(404);
      const ids = (await c.get('/api/documents?pageSize=200')).body.items.map((d: { id: number }) => d.id);
      expect(ids).not.toContain(restricted.id);
      expect(ids).toContain(open.id);
    }
    const denied = await t.db.read((m) => m.getRepository(AuditEntryEntity).findBy({ action: 'access.denied', objectType: 'document', objectId: String(restricted.id) }));
    expect(denied.length).toBe(4);
    expect(denied.every((d) => d.outcome === 'denied' && d.detail.includes('read-restricted'))).toBe(true);
  });

  it('leaves unrestricted documents readable by everyone at the institution', async () => {
    for (const c of [otherOfficer, staff, listedStaff]) expect((await c.get(`/api/documents/${open.id}`)).status).toBe(200);
  });

  it('carries the restriction to a reissue, under the same number', async () => {
    const re = await officer.post(`/api/documents/${restricted.id}/reissue`, { data: { ...data, title: '限阅整改通知书（更正）' } });
    expect(re.status).toBe(201);
    expect(re.body.number).toBe(restricted.number);
    expect(re.body.version).toBe(2);
    expect(re.body.readRoles).toEqual(['head']);
    expect(re.body.readUserIds).toEqual([listedId]);
    expect((await head.get(`/api/documents/${re.body.id}`)).status).toBe(200);
    expect((await staff.get(`/api/documents/${re.body.id}`)).status).toBe(404);
    // Someone who may not read it cannot reissue it either.
    expect((await otherOfficer.post(`/api/documents/${restricted.id}/reissue`, {})).status).toBe(404);
  });

  describe('the documents list screen (/documents)', () => {
    const rows = (html: string) => [...html.matchAll(/<tr data-id="(\d+)">/g)].map((m) => Number(m[1]));

    it('lists the documents the user may read with number, title, template, date, version, download and verify links', async () => {
      const page = await staff.get('/documents');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('公文列表');
      expect(page.text).toContain('href="/documents"');
      expect(rows(page.text)).toContain(open.id);
      expect(rows(page.text)).not.toContain(restricted.id);
      const openDoc = (await staff.get(`/api/documents/${open.id}`)).body;
      for (const s of [openDoc.number, openDoc.title, '整改通知书', '2026-06-20', 'v1', `/api/documents/${open.id}/pdf`, `/verify/${openDoc.publicId}`]) expect(page.text).toContain(s);
      const forHead = await head.get('/documents');
      expect(rows(forHead.text)).toContain(restricted.id);
      expect(forHead.text).toContain('限阅');
    });

    it('filters by template, year and text, and shows an empty state', async () => {
      expect(rows((await head.get(`/documents?q=${encodeURIComponent('限阅整改')}`)).text)).toEqual(expect.arrayContaining([restricted.id]));
      expect(rows((await head.get(`/documents?q=${encodeURIComponent('限阅整改')}`)).text)).not.toContain(open.id);
      expect(rows((await head.get(`/documents?q=${encodeURIComponent(restricted.number)}`)).text)).toContain(restricted.id);
      expect(rows((await head.get('/documents?template=core/rectification-notice&year=2026')).text).length).toBeGreaterThanOrEqual(3);
      const none = await head.get('/documents?template=core/meeting-minutes');
      expect(rows(none.text)).toEqual([]);
      expect(none.text).toContain('没有符合筛选条件的公文。');
      expect(rows((await head.get('/documents?year=2025')).text)).toEqual([]);
      // Malformed filters are ignored, never a 500; markup in the search box comes back escaped.
      const odd = await head.get(`/documents?template=${encodeURIComponent('../x')}&year=abc&q=${encodeURIComponent('<b>%_')}`);
      expect(odd.status).toBe(200);
      expect(odd.text).toContain('&lt;b&gt;%_');
      expect(rows(odd.text)).toEqual([]);
    });

    it('shows an empty state to someone with no documents, in Chinese first and in English', async () => {
      await t.createUser('rb-officer', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
      const beta = await t.login('rb-officer');
      const zh = await beta.get('/documents');
      expect(zh.text).toContain('尚无可查阅的公文。');
      const en = await beta.get('/documents?lang=en');
      expect(en.text).toContain('No documents you may read yet.');
      expect(en.text).toContain('Documents');
    });
  });

  it('rejects unknown roles and malformed user ids with 400', async () => {
    expect((await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data, readRoles: ['boss'] })).status).toBe(400);
    expect((await officer.post('/api/documents/issue', { templateId: 'core/rectification-notice', data, readUserIds: ['x'] })).status).toBe(400);
  });
});
