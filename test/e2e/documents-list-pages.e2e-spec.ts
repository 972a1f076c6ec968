/** Issue #19 item 4: the documents register pages through everything a reader may read (was capped at the latest 200). */
import { IssuedDocumentEntity } from '../../core/documents/documents.entities';
import { HttpResult, startTestApp, TestApp } from '../support/test-app';

describe('documents register: pages of 50, restricted documents left out, nothing repeated or lost', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await t.createUser('dl-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('dl-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    const institutionId = await t.institutionId('alpha-hospital');
    // 130 documents, every fifth restricted to discipline officers: staff may read 104.
    await t.db.write(async (m) => {
      for (let i = 1; i <= 130; i++) {
        await m.getRepository(IssuedDocumentEntity).insert({
          publicId: `dl-${i}`, institutionId, templateId: 'core/warning-notice', templateVersion: 'v', title: `分页测试文书第${i}号`, numberYear: 2026, numberSeq: i,
          numberText: `甲纪〔2026〕${i}号`, numberPrefix: '甲纪', version: 1, previousId: null, dataJson: '{}', sha256: 'x'.repeat(64), sizeBytes: 1, pages: 1,
          filePath: `none-${i}.pdf`, issuedOn: '2026-11-20', issuedAt: '2026-11-20T02:00:00.000Z', issuedBy: 'test', issuerUserId: null,
          readRoles: i % 5 === 0 ? JSON.stringify(['discipline-officer']) : null, readUserIds: null, personalData: 0,
        });
      }
    });
  });
  afterAll(() => t?.close());

  const titles = (html: string) => [...html.matchAll(/分页测试文书第(\d+)号/g)].map((m) => Number(m[1]));

  it('walks every page by its next link, newest first, each readable document once', async () => {
    for (const [user, readable] of [['dl-staff', 104], ['dl-officer', 130]] as const) {
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
      expect([user, sizes]).toEqual([user, readable === 104 ? [50, 50, 4] : [50, 50, 30]]);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      expect(new Set(seen).size).toBe(readable);
      if (user === 'dl-staff') expect(seen.filter((n) => n % 5 === 0)).toEqual([]);
    }
  });

  it('keeps the filter on the next page and says which page it is', async () => {
    const client = await t.login('dl-officer');
    const first = await client.get('/documents?q=%E5%88%86%E9%A1%B5');
    expect(first.text).toContain('data-testid="page-of">第 1 页');
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(next).toBe('/documents?q=%E5%88%86%E9%A1%B5&page=2');
    expect((await client.get(next)).text).toContain('data-testid="page-of">第 2 页');
  });
});
