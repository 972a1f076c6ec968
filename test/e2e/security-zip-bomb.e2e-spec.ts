import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { xlsxBomb } from '../support/zip-bomb';

jest.setTimeout(120_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** #25 point 5: a small .xlsx that inflates to hundreds of MB is refused with 413 before exceljs reads it. */
describe('security: zip bombs in Excel uploads', () => {
  let t: TestApp;
  let officer: ApiClient;
  let bomb: Buffer;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), seed: 'demo' });
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    bomb = await xlsxBomb(800);
  });
  afterAll(() => t?.close());

  const post = (url: string, lang: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bomb)], { type: XLSX }), '附表1.xlsx');
    const cookie = [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return fetch(t.url + url, { method: 'POST', body: form, headers: { cookie, 'x-csrf-token': officer.csrf, 'accept-language': lang } });
  };

  it('answers the API with 413 and the reason in both languages, quickly and without the server swelling', async () => {
    const points = async () => Number((await t.db.read((m) => m.query('SELECT COUNT(*) AS n FROM risk_points')))[0].n);
    const before = await points();
    global.gc?.();
    const rss = process.memoryUsage().rss;
    let peak = rss;
    const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = Date.now();
    const zh = await post('/api/risk/import', 'zh-CN');
    const ms = Date.now() - started;
    clearInterval(probe);
    expect(zh.status).toBe(413);
    expect((await zh.json()).message).toBe('Excel 文件解压后超过 32 MB，未导入；请拆分后分批导入');
    expect(ms).toBeLessThan(2000);
    expect(peak - rss).toBeLessThan(150e6);
    const en = await post('/api/risk/import', 'en');
    expect(en.status).toBe(413);
    expect((await en.json()).message).toContain('The workbook expands to more than 32 MB; nothing was imported');
    expect(await points()).toBe(before);
  });

  it('shows the reason on the import page', async () => {
    const res = await post('/risk/points/import', 'zh-CN', { _csrf: officer.csrf });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Excel 文件解压后超过 32 MB');
  });
});
