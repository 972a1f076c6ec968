/**
 * Issue #19 item 4: the documents register, screen and API, pages through everything a reader may read with a true total
 * (the screen was capped at the latest 200, the API at 100), the read restrictions decided in SQL.
 */
import ExcelJS from 'exceljs';
import { IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

describe('documents register: pages of 50, restricted documents left out, nothing repeated or lost', () => {
  let t: TestApp;
  let staffId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser('dl-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    staffId = await t.createUser('dl-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    const institutionId = await t.institutionId('alpha-hospital');
    // 130 documents, every fifth restricted to discipline officers, of which #65 is also addressed to dl-staff's account: staff may read 105.
    await t.db.write(async (m) => {
      for (let i = 1; i <= 130; i++) {
        await m.getRepository(IssuedDocumentEntity).insert({
          publicId: `dl-${i}`, institutionId, templateId: 'core/warning-notice', templateVersion: 'v', title: `分页测试文书第${i}号`, numberYear: 2026, numberSeq: i,
          numberText: `甲纪〔2026〕${i}号`, numberPrefix: '甲纪', version: 1, previousId: null, dataJson: '{}', sha256: 'x'.repeat(64), sizeBytes: 1, pages: 1,
          filePath: `none-${i}.pdf`, issuedOn: '2026-11-20', issuedAt: '2026-11-20T02:00:00.000Z', issuedBy: 'test', issuerUserId: null,
          readRoles: i % 5 === 0 ? JSON.stringify(['discipline-officer']) : null, readUserIds: i === 65 ? JSON.stringify([staffId + 1000, staffId]) : null, personalData: 0,
        });
      }
    });
  });
  afterAll(() => t?.close());

  const titles = (html: string) => [...html.matchAll(/分页测试文书第(\d+)号/g)].map((m) => Number(m[1]));

  it('walks every page by its next link, newest first, each readable document once', async () => {
    for (const [user, readable] of [['dl-staff', 105], ['dl-officer', 130]] as const) {
      const client = await t.login(user);
      const seen: number[] = [];
      let url: string | null = '/documents';
      const sizes: number[] = [];
      while (url && sizes.length < 10) {
        const res: HttpResult = await client.get(url);
        expect(res.status).toBe(200);
        const page = titles(res.text);
        sizes.push(page.length);
        seen.push(...page);
        url = /href="([^"]+)" rel="next"/.exec(res.text)?.[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=') ?? null;
      }
      expect([user, sizes]).toEqual([user, readable === 105 ? [50, 50, 5] : [50, 50, 30]]);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      expect(new Set(seen).size).toBe(readable);
      if (user === 'dl-staff') expect(seen.filter((n) => n % 5 === 0)).toEqual([65]);
    }
  });

  it('keeps the filter on the next page and says which page of how many it is, with the total', async () => {
    const client = await t.login('dl-officer');
    const first = await client.get('/documents?q=%E5%88%86%E9%A1%B5');
    expect(first.text).toContain('data-testid="page-of">第 1 / 3 页');
    expect(first.text).toContain('共 130 条');
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(next).toBe('/documents?q=%E5%88%86%E9%A1%B5&page=2');
    expect((await client.get(next)).text).toContain('data-testid="page-of">第 2 / 3 页');
    const past = await client.get('/documents?page=9', { 'accept-language': 'en' });
    expect(past.status).toBe(200);
    expect(titles(past.text)).toEqual([]);
    expect(past.text).toContain('Page 9 of 3');
    expect(past.text).toContain('130 in total');
  });

  it('answers the API list in pages with the true total, filtered like the screen', async () => {
    for (const [user, readable] of [['dl-staff', 105], ['dl-officer', 130]] as const) {
      const client = await t.login(user);
      const first = await client.get('/api/documents?pageSize=20');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: readable, page: 1, pageSize: 20 });
      expect(first.body.items).toHaveLength(20);
      const ids = new Set<number>();
      for (let page = 1; page <= 3; page++) for (const d of (await client.get(`/api/documents?page=${page}&pageSize=50`)).body.items) ids.add(d.id);
      expect(ids.size).toBe(readable);
      expect((await client.get('/api/documents?page=4')).body).toMatchObject({ items: [], total: readable });
    }
    const officer = await t.login('dl-officer');
    const found = (await officer.get(`/api/documents?q=${encodeURIComponent('第12号')}&year=2026&template=core/warning-notice`)).body;
    expect(found.items.map((d: { title: string }) => d.title)).toEqual(['分页测试文书第12号']);
    expect(found.total).toBe(1);
    expect((await officer.get('/api/documents?year=2025')).body.total).toBe(0);
    expect((await officer.get('/api/documents?pageSize=201')).status).toBe(400);
    expect((await officer.get('/api/documents?template=..%2Fx')).status).toBe(400);
  });

  /** The register's export as its cells' text: the title, the column heads, then the rows. */
  async function exported(client: ApiClient, url: string, lang = 'zh'): Promise<{ title: string; header: string[]; rows: string[][]; cells: ExcelJS.Cell[] }> {
    const res = await fetch(t.url + url, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': lang } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="documents\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((r) => rows.push(Array.from({ length: ws.columnCount }, (_, i) => (cells.push(r.getCell(i + 1)), r.getCell(i + 1).text))));
    return { title: rows[0][0], header: rows[1], rows: rows.slice(2), cells };
  }
  const listTotal = (html: string) => Number(/共 (\d+) 条/.exec(html)![1]);

  it('exports every document the filters select, read in pages, labelled, only what the reader may read', async () => {
    // 450 documents at another institution (two export reads and more), 300 of them numbered in 2025, one title typed as a formula.
    const beta = await t.institutionId('beta-bureau');
    await t.createUser('dl-beta', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
    await t.db.write(async (m) => {
      for (let i = 1; i <= 450; i++) {
        const year = i % 3 ? 2025 : 2026;
        await m.getRepository(IssuedDocumentEntity).insert({
          publicId: `dx-${i}`, institutionId: beta, templateId: 'core/warning-notice', templateVersion: 'v', title: i === 7 ? '=1+2' : `乙局导出文书第${i}号`, numberYear: year, numberSeq: i,
          numberText: `乙纪〔${year}〕${i}号`, numberPrefix: '乙纪', version: 1, previousId: null, dataJson: '{}', sha256: 'x'.repeat(64), sizeBytes: 1, pages: 1,
          filePath: `none-dx-${i}.pdf`, issuedOn: `${year}-06-01`, issuedAt: `${year}-06-01T02:00:00.000Z`, issuedBy: 'test', issuerUserId: null, readRoles: null, readUserIds: null, personalData: 0,
        });
      }
    });
    const betaOfficer = await t.login('dl-beta');
    const page = await betaOfficer.get('/documents?year=2025&page=2');
    const href = /<a class="button secondary" href="([^"]+)" data-testid="export-xlsx" download>导出 Excel<\/a>/.exec(page.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(href).toBe('/documents/export.xlsx?year=2025');
    const x = await exported(betaOfficer, href);
    expect(x.header).toEqual(['文号', '标题', '文种', '发文单位', '印发日期', '版本', '限阅']);
    expect(x.rows).toHaveLength(listTotal(page.text));
    expect(x.rows).toHaveLength(300);
    expect(new Set(x.rows.map((r) => r[0]))).toEqual(new Set(Array.from({ length: 450 }, (_, i) => i + 1).filter((i) => i % 3).map((i) => `乙纪〔2025〕${i}号`)));
    expect(x.rows[0][0]).toBe('乙纪〔2025〕449号'); // newest first, as the list
    expect(new Set(x.rows.map((r) => r[2]))).toEqual(new Set(['预警通知书']));
    expect(x.rows.filter((r) => r[1].includes('分页测试文书'))).toEqual([]);
    expect(x.cells.find((c) => String(c.value).includes('1+2'))!.value).toBe("'=1+2");
    expect(x.cells.filter((c) => c.type === ExcelJS.ValueType.Formula)).toEqual([]);

    const searched = await exported(betaOfficer, `/documents/export.xlsx?q=${encodeURIComponent('第12')}&template=core/warning-notice`, 'en');
    expect(searched.header).toEqual(['Number', 'Title', 'Template', 'Issued by', 'Issued on', 'Version', 'Restricted']);
    expect(searched.rows.map((r) => r[0])).toEqual(['乙纪〔2026〕129号', '乙纪〔2025〕128号', '乙纪〔2025〕127号', '乙纪〔2026〕126号', '乙纪〔2025〕125号', '乙纪〔2025〕124号', '乙纪〔2026〕123号', '乙纪〔2025〕122号', '乙纪〔2025〕121号', '乙纪〔2026〕120号', '乙纪〔2026〕12号']);
    expect(new Set(searched.rows.map((r) => r[2]))).toEqual(new Set(['Warning notice']));

    // Staff of alpha: the 105 they may read, none of the 25 restricted to officers, nothing of beta.
    const staff = await exported(await t.login('dl-staff'), '/documents/export.xlsx');
    expect(staff.rows).toHaveLength(105);
    const seqs = staff.rows.map((r) => Number(/第(\d+)号/.exec(r[1])![1]));
    expect(seqs.filter((n) => n % 5 === 0)).toEqual([65]);
    expect(staff.rows.find((r) => r[1] === '分页测试文书第65号')![6]).toBe('限阅');
    expect(staff.rows.filter((r) => r[0].startsWith('乙纪'))).toEqual([]);
  });
});
