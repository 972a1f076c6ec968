import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserEntity } from '../../core/auth/auth.entities';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import { ApiClient, FIXTURE_CONFIG, startTestApp, TestApp } from '../support/test-app';

/** The test fixtures plus: alpha publishes results to staff for 7 days, beta never; two more townships under the CDC. */
function configDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-asm-units-'));
  fs.cpSync(FIXTURE_CONFIG, dir, { recursive: true });
  const inst = path.join(dir, 'institutions');
  fs.appendFileSync(path.join(inst, 'alpha-hospital.yaml'), 'resultPublication: { to: staff, days: 7 }\n');
  fs.appendFileSync(path.join(inst, 'beta-bureau.yaml'), 'resultPublication: { to: none }\n');
  for (const [code, name, prefix] of [['gamma-township-b', '丙区乙镇卫生院', '丙乙卫'], ['gamma-township-c', '丙区丙镇卫生院', '丙丙卫']]) {
    fs.writeFileSync(path.join(inst, `${code}.yaml`), `code: ${code}\nname: ${name}\ntype: township-health-centre\nparent: gamma-cdc\nletterhead: ${name}\ndocNumberPrefix: ${prefix}\nplugins:\n  - id: test-plugin\n`);
  }
  return dir;
}

jest.setTimeout(60_000);

describe('assessment: publication per institution setting, and ranking of units under a parent', () => {
  let t: TestApp;
  let dir: string;
  let root: ApiClient;
  let clock: Clock;

  /** A finalised paper scheme: one evaluation item of 100 points, one paper tally per subject. */
  async function paperScheme(client: ApiClient, institutionId: number, period: string, subjects: { kind: string; id: number }[], tallies: number[][]): Promise<number> {
    const s = await client.post('/api/assessment/schemes', { institutionId, name: `${period}年度党风廉政建设考核`, period, items: [{ area: '民主测评', name: '职工民主测评', maxPoints: 100, method: 'evaluation' }], subjects });
    expect(s.status).toBe(201);
    const ids = (await client.get(`/api/assessment/schemes/${s.body.id}`)).body.subjects.map((x: { id: number }) => x.id);
    const round = await client.post(`/api/assessment/schemes/${s.body.id}/rounds`, { name: '测评会', mode: 'paper' });
    for (let i = 0; i < ids.length; i++) {
      const [excellent, good, fair, poor] = tallies[i];
      expect((await client.request('PUT', `/api/assessment/rounds/${round.body.id}/paper-tally`, { subjectId: ids[i], excellent, good, fair, poor, invalid: 0 })).status).toBe(200);
    }
    await client.post(`/api/assessment/rounds/${round.body.id}/close`);
    expect((await client.post(`/api/assessment/schemes/${s.body.id}/finalise`)).status).toBe(201);
    return s.body.id;
  }

  async function department(institutionId: number, name: string): Promise<number> {
    return (await root.post(`/api/institutions/${institutionId}/departments`, { name })).body.id;
  }

  beforeAll(async () => {
    dir = configDir();
    t = await startTestApp({ configDir: dir });
    clock = t.app.get(Clock);
    clock.set('2026-12-01T02:00:00Z');
    await t.createUser('root', [], { admin: true });
    root = await t.login('root');
  }, 120_000);
  afterAll(async () => {
    clock?.reset();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('publication of results', () => {
    it('alpha (to: staff, days: 7): staff see everyone’s results through the 7th day, afterwards only their own', async () => {
      const alpha = await t.institutionId('alpha-hospital');
      await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
      await t.createUser('staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
      const officer = await t.login('officer');
      const dept = await department(alpha, '药剂科');
      const [zhang, li] = await t.db.write(async (m) => {
        const repo = m.getRepository(PersonEntity);
        const a = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '张三', title: '药剂科主任', postSince: null });
        const b = repo.create({ institutionId: alpha, departmentId: dept, postId: null, name: '李四', title: '药师', postSince: null });
        await repo.insert(a);
        await repo.insert(b);
        return [a.id, b.id];
      });
      const zhangUser = await t.createUser('zhang', [{ institution: 'alpha-hospital', role: 'staff' }]);
      await t.db.write((m) => m.getRepository(UserEntity).update({ id: zhangUser }, { personId: zhang }));
      const id = await paperScheme(officer, alpha, '2026', [{ kind: 'person', id: zhang }, { kind: 'person', id: li }], [[9, 1, 0, 0], [5, 5, 0, 0]]);
      const staff = await t.login('staff');
      const zhangClient = await t.login('zhang');
      expect((await staff.get(`/api/assessment/schemes/${id}/results`)).status).toBe(404); // not yet published
      expect((await officer.post(`/api/assessment/schemes/${id}/publish`)).status).toBe(201);
      clock.set('2026-12-07T15:00:00Z'); // day 7 (1 Dec counts as day 1)
      const during = await staff.get(`/api/assessment/schemes/${id}/results`);
      expect(during.body.publishedUntil).toBe('2026-12-07');
      // 张三 (9×100 + 1×80) / 10 = 98.00, 李四 (5×100 + 5×80) / 10 = 90.00
      expect(during.body.results.map((r: { label: string; score: string }) => `${r.label}:${r.score}`)).toEqual(['张三:98.00', '李四:90.00']);
      const page = await staff.get(`/assessment/schemes/${id}`);
      expect(page.text).toMatch(/公示至 <span data-testid="published-until">2026-12-07<\/span>/);
      clock.set('2026-12-08T01:00:00Z');
      expect((await staff.get(`/api/assessment/schemes/${id}/results`)).body.results).toEqual([]);
      expect((await zhangClient.get(`/api/assessment/schemes/${id}/results`)).body.results.map((r: { label: string }) => r.label)).toEqual(['张三']);
      expect((await staff.get(`/assessment/schemes/${id}`)).text).toContain('公示期已结束，仅显示您本人的结果。');
      expect((await officer.get(`/api/assessment/schemes/${id}/results`)).body.results).toHaveLength(2);
      clock.set('2026-12-01T02:00:00Z');
    });

    it('beta (to: none): publishing is refused with the reason, results stay with the officers', async () => {
      const beta = await t.institutionId('beta-bureau');
      await t.createUser('beta-officer', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
      const officer = await t.login('beta-officer');
      const id = await paperScheme(officer, beta, '2026', [{ kind: 'department', id: await department(beta, '征管科') }], [[10, 0, 0, 0]]);
      const res = await officer.post(`/api/assessment/schemes/${id}/publish`);
      expect(res.status).toBe(409);
      expect(res.body.message).toContain('本单位配置为考核结果不公布');
      expect((await officer.get(`/api/assessment/schemes/${id}`)).body.status).toBe('finalised');
    });
  });

  describe('ranking of units under a parent institution', () => {
    let cdc: ApiClient;
    let cdcId: number;

    beforeAll(async () => {
      cdcId = await t.institutionId('gamma-cdc');
      const a = await t.institutionId('gamma-township');
      const b = await t.institutionId('gamma-township-b');
      await t.createUser('cdc-officer', [{ institution: 'gamma-cdc', role: 'discipline-officer', includeDescendants: true }]);
      await t.createUser('cdc-plain', [{ institution: 'gamma-cdc', role: 'discipline-officer' }]);
      await t.createUser('township-officer', [{ institution: 'gamma-township', role: 'discipline-officer' }]);
      cdc = await t.login('cdc-officer');
      const [a1, a2, b1] = [await department(a, '公卫科'), await department(a, '药房'), await department(b, '公卫科')];
      // 2025: 某镇 (100.00 + 90.00) / 2 = 95.00; 乙镇 80.00
      await paperScheme(cdc, a, '2025', [{ kind: 'department', id: a1 }, { kind: 'department', id: a2 }], [[10, 0, 0, 0], [5, 5, 0, 0]]);
      await paperScheme(cdc, b, '2025', [{ kind: 'department', id: b1 }], [[0, 10, 0, 0]]);
      // 2026: 某镇 (8×100 + 2×60) / 10 = 92.00 and (6×80 + 4×60) / 10 = 72.00 → 82.00; 乙镇 (9×100 + 1×80) / 10 = 98.00
      await paperScheme(cdc, a, '2026', [{ kind: 'department', id: a1 }, { kind: 'department', id: a2 }], [[8, 0, 2, 0], [0, 6, 4, 0]]);
      await paperScheme(cdc, b, '2026', [{ kind: 'department', id: b1 }], [[9, 1, 0, 0]]);
    }, 120_000);

    it('ranks the child units for the latest period, with the trend over the periods', async () => {
      const res = await cdc.get(`/api/assessment/institutions/${cdcId}/unit-ranking`);
      expect(res.status).toBe(200);
      expect(res.body.period).toBe('2026');
      expect(res.body.periods).toEqual(['2026', '2025']);
      expect(res.body.rows.map((r: { rank: number | null; name: string; score: string; assessed: number }) => [r.rank, r.name, r.score, r.assessed])).toEqual([
        [1, '丙区乙镇卫生院', '98.00', 1],
        [2, '丙区某镇卫生院', '82.00', 2],
        [null, '丙区丙镇卫生院', '—', 0],
      ]);
      // 92.00 → 良好, 72.00 → 一般
      expect(res.body.rows[1].grades).toEqual([{ label: '良好', count: 1 }, { label: '一般', count: 1 }]);
      expect(res.body.history).toEqual([
        { period: '2025', scores: [{ label: '丙区某镇卫生院', hundredths: 9500 }, { label: '丙区乙镇卫生院', hundredths: 8000 }] },
        { period: '2026', scores: [{ label: '丙区某镇卫生院', hundredths: 8200 }, { label: '丙区乙镇卫生院', hundredths: 9800 }] },
      ]);
      const past = await cdc.get(`/api/assessment/institutions/${cdcId}/unit-ranking?period=2025`);
      expect(past.body.rows.map((r: { rank: number; score: string }) => `${r.rank}:${r.score}`)).toEqual(['1:95.00', '2:80.00', 'null:—']);
      expect(past.body.history.map((h: { period: string }) => h.period)).toEqual(['2025']);
      expect((await cdc.get(`/api/assessment/institutions/${cdcId}/unit-ranking?period=20x6`)).status).toBe(400);
    });

    it('ranks nothing for a role without descendants, and refuses staff and other institutions', async () => {
      expect((await (await t.login('cdc-plain')).get(`/api/assessment/institutions/${cdcId}/unit-ranking`)).body.rows).toEqual([]);
      expect((await (await t.login('township-officer')).get(`/api/assessment/institutions/${cdcId}/unit-ranking`)).status).toBe(404);
      expect((await (await t.login('staff')).get(`/api/assessment/institutions/${cdcId}/unit-ranking`)).status).toBe(404);
    });

    it('shows the ranking page with its chart, and exports it to Excel', async () => {
      const page = await cdc.get('/assessment/units');
      expect(page.status).toBe(200);
      expect(page.text).toMatch(/data-testid="unit-ranking"[\s\S]*丙区乙镇卫生院[\s\S]*98\.00[\s\S]*丙区某镇卫生院[\s\S]*82\.00/);
      expect((page.text.match(/<polyline class="asm-line/g) ?? []).length).toBe(2);
      if (process.env.SCREENSHOT_DIR) {
        // For looking at the page: only when asked, so the suite does not need Chromium.
        const { launchBrowser, loginViaForm, open, screenshot } = await import('../support/browser');
        const b = await launchBrowser();
        const tab = await b.newPage();
        await loginViaForm(tab, t.url, 'cdc-officer');
        await open(tab, `${t.url}/assessment/units`);
        await screenshot(tab, 'assessment-units');
        await b.close();
      }
      const xlsx = await fetch(`${t.url}/assessment/units/export.xlsx?period=2026`, { headers: { cookie: [...cdc.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(xlsx.status).toBe(200);
      const ExcelJS = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).getCell(1).value).toBe('丙区疾控中心所属单位考核排名（2026）');
      expect([2, 3, 4, 5].map((r) => [1, 2, 3, 4].map((c) => ws.getRow(r).getCell(c).value ?? null))).toEqual([
        ['排名', '单位', '平均得分', '考核对象数'],
        [1, '丙区乙镇卫生院', 98, 1],
        [2, '丙区某镇卫生院', 82, 2],
        [null, '丙区丙镇卫生院', null, 0],
      ]);
    });
  });
});
