/**
 * Issue #19 item 4: the documents register, screen and API, pages through everything a reader may read with a true total
 * (the screen was capped at the latest 200, the API at 100), the read restrictions decided in SQL.
 */
import { IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { HttpResult, startTestApp, TestApp } from '../support/test-app';

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
});
