/**
 * Issue #25, hostile input at the boundary: deeply nested JSON (point 1), an unknown record template (8), the public
 * /verify upload's cap and throttle (9), bidi controls, NUL and lone surrogates (11), and evidence named by its
 * detected type (13).
 */
import * as http from 'node:http';
import { Logger } from '@nestjs/common';
import JSZip from 'jszip';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { hospitalProcurementPlugin } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { upload } from '../support/warning-fixtures';

jest.setTimeout(60_000);

const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const tipoff = (extra: Record<string, unknown> = {}) => ({ institutionCode: 'alpha-hospital', subjectLabel: '某科室', content: '反映某科室在采购中收受回扣的问题。', anonymous: true, ...extra });

/** A raw request whose body is written only in part, so an answer proves the server did not wait to read it. */
function partialPost(url: string, headers: Record<string, string>, sent: Buffer): Promise<{ status: number; ms: number; text: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(sent);
  });
}

/** A multipart upload sent chunked (no Content-Length), so only the parser's own limit can stop it. */
function chunkedUpload(url: string, file: Buffer): Promise<number> {
  const boundary = 'lzboundary';
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    for (let i = 0; i < file.length; i += 256 * 1024) req.write(file.subarray(i, i + 256 * 1024));
    req.end(`\r\n--${boundary}--\r\n`);
  });
}

describe('hostile input at the boundary (#25 points 1, 8, 9, 11, 13)', () => {
  let t: TestApp;
  let officer: ApiClient;
  let noteId: number;

  beforeAll(async () => {
    t = await startTestApp({ plugins: [hospitalProcurementPlugin, testPlugin] });
    await t.createUser('sec-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    officer = await t.login('sec-officer');
    const note = await officer.post('/api/plugins/test-plugin/records/inspection-note', { subject: '基线记录', amountFen: 100, inspectedOn: '2026-04-01' });
    expect(note.status).toBe(201);
    noteId = note.body.id;
  });
  afterAll(() => t.close());

  it('point 1: JSON nested 3,000 and 10,000 deep answers 400 in the request language on public and signed-in routes, logging nothing', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error');
    const anon = t.anonymous();
    const routes: [ApiClient, string][] = [
      [anon, '/api/auth/login'],
      [anon, '/api/public/tipoffs'],
      [anon, '/api/public/tipoffs/status'],
      [officer, '/api/warning/clues'],
      [officer, '/api/plugins/test-plugin/records/inspection-note'],
    ];
    for (const [client, url] of routes) {
      for (const body of [`{"username":${deep(3000)}}`, `{"content":${deep(10_000)}}`, `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`]) {
        const zh = await client.request('POST', url, body, { 'x-csrf-token': client.csrf });
        expect([url, zh.status, zh.body.error, zh.body.message]).toEqual([url, 400, 'error.too_deep', '请求体嵌套超过 32 层']);
      }
    }
    const en = await anon.request('POST', '/api/auth/login', `{"username":${deep(5000)}}`, { 'accept-language': 'en' });
    expect([en.status, en.body.message]).toEqual([400, 'The request body is nested more than 32 levels deep']);
    // A list longer than any endpoint takes is refused before validation too.
    const long = await anon.post('/api/public/tipoffs', tipoff({ extra: new Array(5001).fill(0) }));
    expect([long.status, long.body.details]).toEqual([400, [{ field: 'extra', message: 'extra：列表不能超过 5000 项' }]]);
    // Still served afterwards, and no stack trace was written.
    expect((await officer.get('/api/me')).status).toBe(200);
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it('point 8: an unknown template of the record\'s plugin answers 400, a known one renders', async () => {
    const unknown = await officer.get(`/api/records/${noteId}/render?template=test-plugin/no-such-template`);
    expect([unknown.status, unknown.body.details?.[0]?.field]).toEqual([400, 'template']);
    expect((await officer.get(`/api/records/${noteId}/render?template=hospital-procurement/no-such-template`)).status).toBe(400);
    const known = await officer.get(`/api/records/${noteId}/render?template=test-plugin/note`);
    expect(known.status).toBe(200);
    expect(known.text).toContain('基线记录');
  });

  it('point 11: bidi controls are removed from text (JSON, forms, public tip-off, plugin fields) and refused in tokens', async () => {
    const anon = t.anonymous();
    const sent = await anon.post('/api/public/tipoffs', tipoff({ subjectLabel: '\u202e某科室', content: '反映某科室\u202e在采购中\u2066收受回扣\u2069的问题。\u200f' }));
    expect(sent.status).toBe(201);
    const clue = await t.db.read((m) => m.getRepository(WarningClueEntity).findOne({ where: { channel: 'public' }, order: { id: 'DESC' } }));
    expect([clue?.subjectLabel, clue?.content]).toEqual(['某科室', '反映某科室在采购中收受回扣的问题。']);
    // A token (code, number, date, choice) with a bidi control is refused, not silently changed.
    const code = await anon.post('/api/public/tipoffs', tipoff({ institutionCode: 'alpha\u202e-hospital' }), { 'accept-language': 'en' });
    expect([code.status, code.body.details]).toEqual([400, [{ field: 'institutionCode', message: 'institutionCode: identifiers, numbers, dates and choices may not contain text-direction controls (such as U+202E)' }]]);
    const receipt = await anon.post('/api/public/tipoffs/status', { code: 'JB-AAAAA-\u202eAAAAA-AAAAA-AAAAA' });
    expect([receipt.status, receipt.body.details?.[0]?.field]).toEqual([400, 'code']);
    // Plugin record fields, by JSON and by the screen's form.
    const json = await officer.post('/api/plugins/test-plugin/records/inspection-note', { subject: '\u202e采购复核', amountFen: 100, inspectedOn: '2026-04-01', note: '说明\u2067文字' });
    expect(json.status).toBe(201);
    expect([json.body.values.subject, json.body.values.note]).toEqual(['采购复核', '说明文字']);
    const badDate = await officer.post('/api/plugins/test-plugin/records/inspection-note', { subject: '日期', amountFen: 100, inspectedOn: '2026-04-01\u200e' });
    expect([badDate.status, badDate.body.details?.[0]?.field]).toEqual([400, 'inspectedOn']);
    const form = (fields: Record<string, string>) =>
      officer.request('POST', '/p/test-plugin/new-note', new URLSearchParams({ _csrf: officer.csrf, ...fields }).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const posted = await form({ subject: '表单\u202d记录', amountFen: '200', inspectedOn: '2026-04-02' });
    expect(posted.status).toBe(303);
    const saved = await t.db.read((m) => m.query("SELECT COUNT(*) AS n FROM plugin_records WHERE title = '表单记录'"));
    expect(Number(saved[0].n)).toBe(1);
    expect((await form({ subject: '金额', amountFen: '2\u202e00', inspectedOn: '2026-04-02' })).status).toBe(400);
  });

  it('point 11: NUL is refused in staff clue content, lone surrogates anywhere; emoji and rare characters pass', async () => {
    const nul = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: '群众反映\u0000有关问题。' });
    expect([nul.status, nul.body.details]).toEqual([400, [{ field: 'content', message: 'content：含有空字符（U+0000）' }]]);
    const lone = await t.anonymous().request('POST', '/api/public/tipoffs', JSON.stringify(tipoff()).replace('问题', '问题\\ud800'));
    expect([lone.status, lone.body.details?.[0]?.message]).toEqual([400, 'content：含有无效的 Unicode 字符（不成对的代理项）']);
    const loneKey = await officer.request('POST', '/api/warning/clues', '{"source":"petition","subjectType":"institution","content":"群众反映有关问题。","\\udc00":1}');
    expect([loneKey.status, loneKey.body.details?.[0]?.field]).toEqual([400, 'U+DC00']);
    const rare = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: '群众反映𠮷野、䶮、㐂、鿏等人的问题😀。' });
    expect(rare.status).toBe(201);
    expect(rare.body.content).toBe('群众反映𠮷野、䶮、㐂、鿏等人的问题😀。');
  });

  it('point 9: /verify refuses a declared 30 MB upload before reading it (413), stops a chunked one at 5 MB, and throttles', async () => {
    const url = `${t.url}/verify/no-such-document`;
    const declared = await partialPost(url, { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * 1024 * 1024) }, Buffer.from('--x\r\n'));
    expect([declared.status, declared.text.includes('上传的文件不能超过 5 MB')]).toEqual([413, true]);
    expect(declared.ms).toBeLessThan(5_000);
    expect(await chunkedUpload(url, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 1)]))).toBe(413);
    // Ten uploads a minute per address (the two above counted); the next is refused.
    const small = () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'a.pdf');
      return fetch(url, { method: 'POST', body: form }).then((r) => r.status);
    };
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) codes.push(await small());
    expect(codes.slice(0, 8)).toEqual(new Array(8).fill(404));
    expect(codes[8]).toBe(429);
  });

  it('point 13: evidence is stored and exported under its detected type, whatever name it came with', async () => {
    const clue = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: '群众反映采购有关问题。' });
    const warned = await officer.post(`/api/warning/clues/${clue.body.id}/warn`, { subjectType: 'institution', levelCode: 'yellow', title: '采购问题', reason: '经初步核实' });
    expect(warned.status).toBe(201);
    const w = warned.body.id;
    const pngHtml = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<html><script>alert(1)</script></html>')]);
    const a = await upload(t, officer, `/api/warning/warnings/${w}/evidence`, pngHtml, 'report.html', 'text/html');
    const b = await upload(t, officer, `/api/warning/warnings/${w}/evidence`, pngHtml, 'invoice\u202egnp.html', 'text/html');
    expect([a.status, a.body.filename, a.body.mime]).toEqual([201, 'report.png', 'image/png']);
    expect([b.status, b.body.filename]).toEqual([201, 'invoicegnp.png']);
    const download = await fetch(`${t.url}/api/warning/warnings/${w}/evidence/${a.body.id}`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''report.png");
    const zipRes = await fetch(`${t.url}/api/warning/warnings/${w}/archive.zip`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
    const evidence = Object.keys(zip.files).filter((n) => n.startsWith('evidence/') && !zip.files[n].dir);
    expect(evidence.sort()).toEqual([`evidence/${a.body.id}-report.png`, `evidence/${b.body.id}-invoicegnp.png`].sort());
  });
});
