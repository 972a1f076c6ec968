/**
 * Issue #23 item 4: the audit log on screen. Discipline officers browse their institutions' entries (and their
 * descendants' where the role reaches them), system admins all; filters by actor, action, object and Beijing date
 * range, paged with true totals and filters kept in the links; entries in words; the filtered list exported to
 * Excel; the chain checked from the screen. Every filter reads through an index.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditService } from '../../core/audit/audit.service';
import { auditQuery, parseAuditFilter } from '../../core/audit/audit-query';
import { PluginRecordEntity } from '../../core/records/record.entities';
import { UserEntity } from '../../core/auth/auth.entities';
import { addDays, beijingMinute } from '../../core/plugin-api';
import { ApiClient, startTestApp, TestApp, usingPostgres } from '../support/test-app';

describe('audit log screen', () => {
  let t: TestApp;
  let officer: ApiClient;
  let ids: { hospital: number; tax: number; qingshi: number; project: number; officer: number };

  // Raw SQL with ? placeholders on both databases (PostgreSQL numbers them).
  const raw = (text: string, params: unknown[] = []) => {
    let n = 0;
    return t.db.read((m) => m.query(t.db.kind === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text, params));
  };

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo+plugins' });
    const hospital = await t.institutionId('county-hospital');
    const tax = await t.institutionId('county-tax-bureau');
    const qingshi = (await t.db.read((m) => m.query("SELECT id FROM institutions WHERE code LIKE '%qingshi%'")))[0].id as number;
    const project = (await t.db.read((m) => m.getRepository(PluginRecordEntity).findOneOrFail({ where: { recordType: 'procurement-project', institutionId: hospital }, order: { id: 'ASC' } }))).id;
    const user = await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'hosp-jijian' }));
    ids = { hospital, tax, qingshi, project, officer: user.id };
    const audit = t.app.get(AuditService);
    const actor = `user:${user.id}:hosp-jijian`;
    await t.db.write(async (m) => {
      // 620 record changes at the hospital by its officer (more than one export read of 500), 7 at the tax bureau, 3 at a village.
      for (let i = 1; i <= 620; i++) {
        await audit.append(m, { actor, institutionId: hospital, action: 'record.update', objectType: 'hospital-procurement/procurement-project', objectId: project, detail: { version: i + 1, changed: ['name', 'totalFen'], values: { name: { old: `审计测试项目${i}`, new: `审计测试项目${i + 1}` }, totalFen: { old: null, new: 1234500 } }, reason: '更正名称' } });
      }
      for (let i = 1; i <= 7; i++) await audit.append(m, { actor: 'system:tax-test', institutionId: tax, action: 'warning.decide', objectType: 'warning', objectId: 9000 + i, detail: { from: 'decided', to: 'notified', level: 'yellow' } });
      for (let i = 1; i <= 3; i++) await audit.append(m, { actor: 'system:village-test', institutionId: qingshi, action: 'access.denied', objectType: 'warning', objectId: 8000 + i, outcome: 'denied', detail: { recordInstitutionId: qingshi } });
    });
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  }, 240_000);
  afterAll(() => t?.close());

  const total = (html: string) => Number(/data-testid="audit-total">共 (\d+) 条/.exec(html)![1]);
  const seqs = (html: string) => [...html.matchAll(/<tr data-seq="(\d+)"/g)].map((x) => Number(x[1]));
  const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
  const count = async (where: string, params: unknown[]) => Number((await raw(`SELECT COUNT(*) AS n FROM audit_log WHERE ${where}`, params))[0].n);

  it('an officer sees the entries of the institution only, in words: time, name, action label, linked record, field labels old → new', async () => {
    const res = await officer.get('/audit');
    expect(res.status).toBe(200);
    expect(total(res.text)).toBe(await count('institution_id = ?', [ids.hospital]));
    expect(res.text).not.toContain('system:tax-test');
    expect(res.text).not.toContain('data-action="warning.decide"');
    const row = /<tr data-seq="(\d+)" data-action="record.update"[\s\S]*?<\/tr>\s*<tr class="audit-detail"[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(row).toContain('<td title="user:');
    expect(row).toContain('>林清</td>');
    expect(row).toContain('修改业务记录');
    expect(row).toMatch(new RegExp(`<a href="/p/hospital-procurement/[\\w-]+/${ids.project}/edit">采购项目 #${ids.project}</a>`));
    expect(row).toContain('<span class="field">项目名称</span>：<del>审计测试项目620</del> → <ins>审计测试项目621</ins>');
    expect(row).toContain('<span class="empty-value">（空）</span> → <ins>12,345.00 元</ins>');
    expect(row).toContain('理由</span>：更正名称');
    expect(row).not.toContain('{&quot;');
    const newest = (await raw('SELECT at FROM audit_log WHERE institution_id = ? ORDER BY seq DESC LIMIT 1', [ids.hospital]))[0].at as string;
    expect(row).toContain(beijingMinute(newest));
    // The menu offers it to officers; staff neither see it in the menu nor open it.
    expect(res.text).toContain('href="/audit"');
    const staff = await t.login('hosp-buyer', DEMO_PASSWORD);
    expect((await staff.get('/audit')).status).toBe(403);
    expect((await staff.get('/audit/export.xlsx')).status).toBe(403);
    expect((await staff.get('/')).text).not.toContain('href="/audit"');
  });

  it('filters by action, object, actor and Beijing date range; pages with true totals and the filters kept', async () => {
    const q = `actor=${encodeURIComponent('林清')}&action=record.update&objectType=hospital-procurement%2Fprocurement-project&objectId=${ids.project}`;
    const first = await officer.get(`/audit?${q}&pageSize=50`);
    const n = await count("institution_id = ? AND action = 'record.update' AND object_id = ? AND actor = ?", [ids.hospital, String(ids.project), `user:${ids.officer}:hosp-jijian`]);
    expect(n).toBeGreaterThanOrEqual(620);
    expect(total(first.text)).toBe(n);
    expect(seqs(first.text)).toHaveLength(50);
    const next = unescape(/<a href="([^"]+)" rel="next"/.exec(first.text)![1]);
    expect(next).toBe(`/audit?${q}&pageSize=50&page=2`);
    const second = await officer.get(next);
    expect(total(second.text)).toBe(n);
    expect(Math.max(...seqs(second.text))).toBeLessThan(Math.min(...seqs(first.text)));
    const last = await officer.get(`/audit?${q}&pageSize=50&page=${Math.ceil(n / 50)}`);
    expect(seqs(last.text)).toHaveLength(n - 50 * (Math.ceil(n / 50) - 1));
    // An actor nobody is, a username, and a name part.
    expect(total((await officer.get('/audit?actor=nobody-at-all')).text)).toBe(0);
    // LIKE wildcards are literal: "%" or "_" alone names nobody, rather than every account.
    expect(total((await officer.get('/audit?actor=%25&action=record.update')).text)).toBe(0);
    expect(total((await officer.get('/audit?actor=_&action=record.update')).text)).toBe(0);
    expect(total((await officer.get('/audit?actor=hosp-jijian&action=record.update')).text)).toBe(n);
    // Beijing days: the day of the newest entry holds the new entries, the day before does not.
    const newest = (await raw('SELECT at FROM audit_log WHERE institution_id = ? ORDER BY seq DESC LIMIT 1', [ids.hospital]))[0].at as string;
    const day = beijingMinute(newest).slice(0, 10);
    expect(total((await officer.get(`/audit?${q}&from=${day}&to=${day}`)).text)).toBe(n);
    expect(total((await officer.get(`/audit?${q}&to=${addDays(day, -1)}`)).text)).toBe(0);
    expect(total((await officer.get(`/audit?${q}&from=${addDays(day, 1)}`)).text)).toBe(0);
    // A malformed filter is not applied (a screen does not answer 400).
    expect(total((await officer.get(`/audit?${q}&from=2026-13-45`)).text)).toBe(n);
  });

  it("another institution's officer does not see them; a descendant-wide officer sees the villages'; the admin sees all", async () => {
    const taxOfficer = await t.login('tax-jijian', DEMO_PASSWORD);
    const tax = await taxOfficer.get(`/audit?objectId=${ids.project}&action=record.update`);
    expect(tax.status).toBe(200);
    expect(total(tax.text)).toBe(0);
    expect(total((await taxOfficer.get('/audit?action=warning.decide')).text)).toBe(7);
    // Asking for the hospital by its id changes nothing: the scope is applied first.
    expect(total((await taxOfficer.get(`/audit?unit=${ids.hospital}`)).text)).toBe(0);
    const township = await t.login('township-jijian', DEMO_PASSWORD);
    const village = await township.get('/audit?action=access.denied&actor=system%3Avillage-test');
    expect(total(village.text)).toBe(3);
    expect(village.text).toContain('越权访问（已拒绝）');
    const admin = await t.login('admin', DEMO_PASSWORD);
    expect(total((await admin.get('/audit')).text)).toBe(await count('1 = 1', []));
    expect(total((await admin.get('/audit?unit=0')).text)).toBe(await count('institution_id IS NULL', []));
  });

  it('exports exactly the filtered list, every row, with the columns in words', async () => {
    const page = await officer.get('/audit?action=record.update&objectType=hospital-procurement%2Fprocurement-project&page=2');
    const href = unescape(/<a class="button secondary" href="([^"]+)" data-testid="export-xlsx"/.exec(page.text)![1]);
    expect(href).toBe('/audit/export.xlsx?action=record.update&objectType=hospital-procurement%2Fprocurement-project');
    const res = await fetch(t.url + href, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'zh-CN' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push(Array.from({ length: ws.columnCount }, (_, i) => r.getCell(i + 1).text)));
    expect(rows[0][0]).toBe('审计日志');
    expect(rows[1]).toEqual(['序号', '时间（北京时间）', '单位', '操作人', '操作', '对象', '结果', '内容（原值 → 新值）']);
    const body = rows.slice(2);
    expect(body).toHaveLength(total(page.text));
    expect(body.length).toBeGreaterThan(500);
    expect(new Set(body.map((r) => r[4]))).toEqual(new Set(['修改业务记录（record.update）']));
    expect(new Set(body.map((r) => r[2]))).toEqual(new Set(['示范县人民医院']));
    const seq = body.map((r) => Number(r[0]));
    expect(seq).toEqual([...seq].sort((a, b) => b - a));
    expect(body[0][5]).toBe(`采购项目 #${ids.project}`);
    expect(body[0][7]).toContain('项目名称：审计测试项目620 → 审计测试项目621');
  });

  it('runs the chain check from the screen and shows the result', async () => {
    const page = await officer.get('/audit?action=record.update');
    const action = unescape(/<form method="post" action="([^"]+)" data-testid="verify-form">/.exec(page.text)![1]);
    expect(action).toBe('/audit/verify?action=record.update');
    const res = await officer.request('POST', action, `_csrf=${officer.csrf}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const rows = await count('1 = 1', []);
    expect(res.text).toMatch(new RegExp(`<p class="verify-ok" role="status">审计链完整：已校验 (\\d+) 条记录，未发现篡改。</p>`));
    expect(Number(/已校验 (\d+) 条/.exec(res.text)![1])).toBeGreaterThanOrEqual(rows);
    expect(total(res.text)).toBe(await count("institution_id = ? AND action = 'record.update'", [ids.hospital]));
    // Without the form's token the check is refused.
    expect((await officer.request('POST', action, '', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(403);
  });

  it('the indexes exist; every filter reads through one (the SQLite plan)', async () => {
    const pg = usingPostgres();
    const existing: string[] = (await t.db.read((m) => m.query(pg ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'audit_log'" : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'"))).map((r: { name: string }) => r.name);
    expect(existing).toEqual(expect.arrayContaining(['audit_log_institution_seq', 'audit_log_actor_seq', 'audit_log_action_seq', 'audit_log_object_seq', 'audit_log_at']));
    if (pg) return;
    const filters: Record<string, string>[] = [{}, { actor: 'user:2:x' }, { action: 'record.update' }, { objectType: 'warning', objectId: '5' }, { from: '2026-11-01', to: '2026-11-30' }];
    for (const q of filters) {
      const plan = await t.db.read(async (m) => {
        const [sql, params] = auditQuery(m, [ids.hospital, ids.tax], parseAuditFilter(q), q.actor ? [q.actor] : null).limit(50).getQueryAndParameters();
        return (await m.query(`EXPLAIN QUERY PLAN ${sql}`, params)) as { detail: string }[];
      });
      const text = plan.map((p) => p.detail).join(' | ');
      expect(text).toMatch(/USING (COVERING )?INDEX audit_log_/);
      expect(text).not.toMatch(/SCAN audit_log(?! USING)/);
    }
  });
});
