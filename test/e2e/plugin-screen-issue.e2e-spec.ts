/**
 * Core plugin screens, through the hospital-procurement plugin's declarations alone: 出具 buttons on list rows
 * (one per template of the record's type, for issuing roles only, CSRF-protected), and reference columns labelled
 * from exactly the ids on the page even when the referenced record is older than the reference picker's newest 200.
 */
import { systemActor } from '../../core/auth/actor';
import { Clock } from '../../core/clock/clock';
import { AppError } from '../../core/http/app-error';
import { RecordIssueService } from '../../core/records/record-issue.service';
import { creditCodeCheckChar } from '../../core/plugin-api';
import { hospitalProcurementPlugin } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { RecordsService } from '../../core/records/records.service';
import { pdfText } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/hospital-procurement/records';

function form(c: ApiClient, url: string, fields: Record<string, string>, csrf = c.csrf) {
  const body = new URLSearchParams(csrf ? { _csrf: csrf, ...fields } : fields);
  return c.request('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
}

const creditCode = (n: number) => {
  const first = `91361199MA${String(n).padStart(7, '0')}`;
  return first + creditCodeCheckChar(first);
};

/** The 出具 buttons of a list page, per record id. */
function issueButtons(html: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const row of html.matchAll(/<tr data-record-id="(\d+)">([\s\S]*?)<\/tr>/g)) out.set(Number(row[1]), [...row[2].matchAll(/data-testid="issue" data-template="([^"]+)"/g)].map((m) => m[1]));
  return out;
}

describe('plugin list screens: 出具 buttons and reference labels', () => {
  let t: TestApp;
  let officer: ApiClient;
  let staff: ApiClient;
  let hospital: number;
  let oldest: number;
  let projectId: number;
  let reportId: number;

  beforeAll(async () => {
    // Only the plugins the fixture config enables, so another plugin's work in progress cannot stop this suite.
    t = await startTestApp({ plugins: [hospitalProcurementPlugin, testPlugin] });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    hospital = await t.institutionId('alpha-hospital');
    await t.createUser('psi-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('psi-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    officer = await t.login('psi-officer');
    staff = await t.login('psi-staff');
    // 205 suppliers: the project's supplier is the oldest, outside the picker's newest 200.
    const records = t.app.get(RecordsService);
    for (let i = 1; i <= 205; i++) {
      const s = await records.create(null, hospital, 'hospital-procurement', 'supplier', { name: `甲县测试供应商${String(i).padStart(3, '0')}有限公司`, creditCode: creditCode(i), categories: ['consumables'] }, { systemActor: 'test:seed' });
      if (i === 1) oldest = s.id;
    }
    const project = await officer.post(`${P}/procurement-project`, { projectNo: 'JY-2026-001', name: '输液器采购', category: 'consumables', totalFen: 1_500_000, department: '护理部', method: 'inquiry', awardedOn: '2026-06-20', supplier: oldest });
    if (project.status !== 201) throw new Error(project.text);
    projectId = project.body.id;
    const report = await officer.post(`${P}/procurement-report`, { kind: 'monthly-finance', period: '2026-06', filedOn: '2026-07-01', recipient: '财务科' });
    if (report.status !== 201) throw new Error(report.text);
    reportId = report.body.id;
  }, 300_000);
  afterAll(() => t?.close());

  it('shows the referenced supplier by name although it is older than the newest 200 suppliers', async () => {
    const page = await officer.get('/p/hospital-procurement/register');
    expect(page.status).toBe(200);
    const row = new RegExp(`<tr data-record-id="${projectId}">([\\s\\S]*?)</tr>`).exec(page.text)![1];
    expect(row).toContain('<td>甲县测试供应商001有限公司</td>');
    expect(row).not.toContain(`<td>${oldest}</td>`);
  });

  it('resolves reference labels only within what the reader may see', async () => {
    const records = t.app.get(RecordsService);
    const beta = await t.institutionId('beta-bureau');
    const outsider = { ...systemActor('test', beta), isSystemAdmin: false, roles: [{ institutionId: beta, role: 'discipline-officer' as const, includeDescendants: false }], visibleInstitutionIds: [beta] };
    expect([...(await records.titles(outsider, 'hospital-procurement', 'supplier', [oldest]))]).toEqual([]);
    const insider = { ...outsider, roles: [{ institutionId: hospital, role: 'staff' as const, includeDescendants: false }], visibleInstitutionIds: [hospital], currentInstitutionId: hospital };
    expect([...(await records.titles(insider, 'hospital-procurement', 'supplier', [oldest, oldest, projectId]))]).toEqual([[oldest, '甲县测试供应商001有限公司']]);
  });

  it('offers one 出具 button per template of the record type to an issuing role, none to plain staff', async () => {
    const register = (await officer.get('/p/hospital-procurement/register')).text;
    expect(issueButtons(register).get(projectId)).toEqual(['hospital-procurement/supervision-opinion']);
    expect(register).toContain('>出具采购监督意见书</button>');
    expect(issueButtons((await officer.get('/p/hospital-procurement/reports')).text).get(reportId)).toEqual(['hospital-procurement/monthly-report', 'hospital-procurement/quarterly-report']);
    // Suppliers have no template: no button, and no empty 操作 column either.
    expect((await officer.get('/p/hospital-procurement/suppliers')).text).not.toContain('data-testid="issue"');
    const asStaff = await staff.get('/p/hospital-procurement/register');
    expect(asStaff.status).toBe(200);
    expect(asStaff.text).toContain(`data-record-id="${projectId}"`);
    expect(asStaff.text).not.toContain('data-testid="issue"');
  });

  it('issues a numbered PDF from the button and opens it; numbers follow on', async () => {
    const first = await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' });
    expect(first.status).toBe(303);
    const href = first.headers.get('location')!;
    expect(href).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const doc = (await officer.get(href.replace(/\/pdf$/, ''))).body;
    expect(doc).toMatchObject({ templateId: 'hospital-procurement/supervision-opinion', institutionId: hospital, number: '甲纪〔2026〕1号', seq: 1 });
    const res = await fetch(t.url + href, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).join('\n').replace(/\s+/g, '');
    expect(text).toContain('甲纪〔2026〕1号');
    expect(text).toContain('输液器采购');
    const second = await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' });
    expect((await officer.get(second.headers.get('location')!.replace(/\/pdf$/, ''))).body.number).toBe('甲纪〔2026〕2号');
  });

  it('refuses a forged post: plain staff get 403, a post without the CSRF token 403, and nothing is issued', async () => {
    const count = async () => (await officer.get('/api/documents')).body.total as number;
    const before = await count();
    const byStaff = await form(staff, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' });
    expect(byStaff.status).toBe(403);
    expect(byStaff.headers.get('content-type')).toMatch(/text\/html/);
    expect((await staff.post(`/api/records/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' })).status).toBe(403);
    expect((await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' }, '')).status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('shows a refusal of the pipeline next to the button that asked, with its status', async () => {
    const issuer = t.app.get(RecordIssueService, { strict: false });
    const spy = jest.spyOn(issuer, 'issue').mockRejectedValueOnce(AppError.conflict({ zh: '该项目尚未定标，不能出具监督意见书', en: 'Not awarded yet' }));
    try {
      const res = await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/supervision-opinion' });
      expect(res.status).toBe(409);
      const row = new RegExp(`<tr data-record-id="${projectId}">([\\s\\S]*?)</tr>`).exec(res.text)![1];
      expect(row).toMatch(/data-template="hospital-procurement\/supervision-opinion" aria-describedby="issue-error-\d+-0">出具采购监督意见书<\/button><small class="error" role="alert" id="issue-error-\d+-0" data-testid="issue-error">该项目尚未定标，不能出具监督意见书<\/small>/);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers 404 for a template not declared for the screen’s record type, or a record of another type', async () => {
    expect((await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: 'hospital-procurement/monthly-report' })).status).toBe(404);
    expect((await form(officer, `/p/hospital-procurement/register/${oldest}/issue`, { template: 'hospital-procurement/supervision-opinion' })).status).toBe(404);
    expect((await form(officer, `/p/hospital-procurement/register/${projectId}/issue`, { template: '../../etc' })).status).toBe(400);
  });
});
