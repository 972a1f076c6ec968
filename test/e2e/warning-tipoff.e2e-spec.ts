import * as fc from 'fast-check';
import JSZip from 'jszip';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, startWarningApp, clueSubject } from '../support/warning-fixtures';

/** The platform's own script tags (served from /assets); any other <script> on a page came from input. */
const OWN_SCRIPTS = /<script src="\/assets\/[a-z-]+\.js"( defer)?><\/script>/g;

jest.setTimeout(180_000);

const TIPSTER = '赵举报人';
const PHONE = '13912345678';
let ipSeq = 0;
/** A fresh client address per request (this suite's server trusts X-Forwarded-For from loopback: TRUST_PROXY). */
const fromIp = (ip = `10.9.${Math.floor(++ipSeq / 250) % 250}.${ipSeq % 250}`) => ({ 'x-forwarded-for': ip });

describe('public tip-off: anonymous or named, receipt code, status only, tipster visible to discipline officers only', () => {
  let t: TestApp;
  let officer: ApiClient;
  let head: ApiClient;
  let admin: ApiClient;
  let namedClueId = 0;
  let namedCode = '';
  const count = () => t.db.read((m) => m.getRepository(WarningClueEntity).count());

  beforeAll(async () => {
    t = await startWarningApp({ trustProxy: 'loopback' });
    await t.createUser('tp-officer', [{ institution: 'w-hospital', role: 'discipline-officer' }]);
    await t.createUser('tp-head', [{ institution: 'w-hospital', role: 'head' }]);
    await t.createUser('tp-admin', [], { admin: true });
    officer = await t.login('tp-officer');
    head = await t.login('tp-head');
    admin = await t.login('tp-admin');
  });
  afterAll(() => t.close());

  it('accepts an anonymous tip-off without sign-in and answers a receipt code; the code reveals only the status', async () => {
    const anon = t.anonymous();
    const res = await anon.post('/api/public/tipoffs', { institutionCode: 'w-hospital', subjectLabel: '某科室负责人', content: '该负责人多次在设备采购中指定供应商。', anonymous: true }, fromIp());
    expect(res.status).toBe(201);
    expect(res.body.receiptCode).toMatch(/^JB-[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const status = await anon.post('/api/public/tipoffs/status', { code: res.body.receiptCode }, fromIp());
    expect(status.status).toBe(200);
    expect(Object.keys(status.body).sort()).toEqual(['label', 'status']);
    expect(status.body).toEqual({ status: 'received', label: { zh: '已受理，正在核查', en: 'Received, being checked' } });
    expect((await anon.post('/api/public/tipoffs/status', { code: 'JB-AAAAA-AAAAA-AAAAA-AAAAA' }, fromIp())).status).toBe(404);
    const clue = (await officer.get('/api/warning/clues')).body.items.find((c: any) => c.channel === 'public');
    expect(clue).toMatchObject({ source: 'public-tipoff', anonymous: true, tipster: { name: null, contact: null } });
  });

  it('shows the named tipster to discipline officers only: never to the head or a system admin, in JSON, HTML or the export', async () => {
    const res = await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'w-hospital', subjectLabel: '药剂科王某', content: '王某收受医药代表回扣，时间为今年三月。', anonymous: false, name: TIPSTER, contact: PHONE }, fromIp());
    expect(res.status).toBe(201);
    namedCode = res.body.receiptCode;
    const officerList = (await officer.get('/api/warning/clues')).body.items;
    const named = officerList.find((c: any) => c.tipster?.name === TIPSTER);
    expect(named.tipster).toEqual({ name: TIPSTER, contact: PHONE });
    namedClueId = named.id;
    expect((await officer.get(`/warning/clues/${namedClueId}`)).text).toContain(TIPSTER);

    const p = await addPerson(t, 'w-hospital', '王某');
    const w = await officer.post(`/api/warning/clues/${namedClueId}/warn`, { ...(await clueSubject(officer, namedClueId)), levelCode: 'blue', title: '收受回扣线索', reason: '网上举报' });
    expect(w.status).toBe(201);
    expect(p.personId).toBeGreaterThan(0);
    for (const client of [head, admin]) {
      for (const url of ['/api/warning/clues', `/api/warning/clues/${namedClueId}`, `/api/warning/warnings/${w.body.id}`, `/warning/clues/${namedClueId}`, `/warning/warnings/${w.body.id}`, '/warning/board', '/api/warning/reports/quarterly?year=2026&quarter=4']) {
        const r = await client.get(url);
        expect(r.status).toBeLessThan(400);
        expect(r.text).not.toContain(TIPSTER);
        expect(r.text).not.toContain(PHONE);
      }
      const zipRes = await fetch(`${t.url}/api/warning/warnings/${w.body.id}/archive.zip`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
      for (const name of Object.keys(zip.files)) {
        const text = await zip.file(name)!.async('string');
        expect(text).not.toContain(TIPSTER);
        expect(text).not.toContain(PHONE);
      }
    }
    const officerZip = await fetch(`${t.url}/api/warning/warnings/${w.body.id}/archive.zip`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(await (await JSZip.loadAsync(Buffer.from(await officerZip.arrayBuffer()))).file('summary.json')!.async('string')).toContain(TIPSTER);
    const status = await t.anonymous().post('/api/public/tipoffs/status', { code: namedCode }, fromIp());
    expect(status.body.status).toBe('handling');
  });

  it('answers bad input with 4xx and a clear message and writes nothing', async () => {
    const before = await count();
    const anon = t.anonymous();
    const cases: [unknown, number][] = [
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: '太短', anonymous: true }, 400],
      [{ institutionCode: 'nowhere', subjectLabel: '某人', content: '内容足够长的反映材料一份。', anonymous: true }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: '内容足够长的反映材料一份。', anonymous: false }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: '内容足够长的反映材料一份。', anonymous: 'yes' }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: ['x'], content: 5, anonymous: true }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: '内容\u0000足够长的反映材料一份。', anonymous: true }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: 'x'.repeat(5001), anonymous: true }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: '内容足够长的反映材料一份。', anonymous: true, isAdmin: true }, 400],
      [{ institutionCode: 'w-hospital', subjectLabel: '某人', content: 'x'.repeat(300_000), anonymous: true }, 413],
    ];
    for (const [body, status] of cases) {
      const r = await anon.post('/api/public/tipoffs', body, fromIp());
      expect(r.status).toBe(status);
      expect(typeof r.body.message).toBe('string');
    }
    const broken = await anon.request('POST', '/api/public/tipoffs', '{"institutionCode":', fromIp());
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe('请求体不是合法的 JSON');
    const form = await anon.request('POST', '/tipoff', 'institutionCode=w-hospital&subjectLabel=&content=short', { 'content-type': 'application/x-www-form-urlencoded', ...fromIp() });
    expect(form.status).toBe(400);
    expect(form.text).toContain('class="error"');
    expect(await count()).toBe(before);
  });

  it('throttles a flood from one address with 429, valid or not', async () => {
    const ip = fromIp('203.0.113.77');
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const body = i % 2 ? { junk: true } : { institutionCode: 'w-hospital', subjectLabel: '某人', content: `第${i}次反映同一问题的内容。`, anonymous: true };
      codes.push((await t.anonymous().post('/api/public/tipoffs', body, ip)).status);
    }
    expect(codes.slice(0, 5).every((c) => c === 201 || c === 400)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    expect((await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'w-hospital', subjectLabel: '某人', content: '另一个地址的正常反映内容。', anonymous: true }, fromIp('203.0.113.78'))).status).toBe(201);
    const statusCodes: number[] = [];
    for (let i = 0; i < 32; i++) statusCodes.push((await t.anonymous().post('/api/public/tipoffs/status', { code: 'JB-AAAAA-AAAAA-AAAAA-AAAAA' }, fromIp('203.0.113.79'))).status);
    expect(statusCodes.slice(0, 30).every((c) => c === 404)).toBe(true);
    expect(statusCodes.slice(30)).toEqual([429, 429]);
  });

  it('survives 1,000 generated hostile inputs: no 5xx, and no script survives into any page', async () => {
    const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'; DROP TABLE warning_clues; --", '{{constructor.constructor("alert(1)")()}}', '<svg/onload=alert(1)>', '\u202e\u0000', '../../etc/passwd', '%00', 'javascript:alert(1)'];
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...payloads), fc.tuple(fc.constantFrom(...payloads), fc.string({ minLength: 10, maxLength: 60 })).map(([a, b]) => `${b}${a}${b}`));
    const anyValue = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
    const body = fc.oneof(
      fc.record({ institutionCode: fc.constantFrom('w-hospital', 'w-township', '<script>', ''), subjectLabel: text, content: text, anonymous: fc.oneof(fc.boolean(), anyValue), name: fc.option(text, { nil: undefined }), contact: fc.option(text, { nil: undefined }) }, { requiredKeys: ['institutionCode', 'subjectLabel', 'content', 'anonymous'] }),
      fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 6 }),
      anyValue,
    );
    const samples = fc.sample(body, { numRuns: 1000, seed: 4242 });
    const statuses = new Map<number, number>();
    const anon = t.anonymous();
    for (let i = 0; i < samples.length; i++) {
      const asForm = i % 4 === 3;
      const r = asForm
        ? await anon.request('POST', '/tipoff', new URLSearchParams(Object.entries((samples[i] as Record<string, unknown>) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')])).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...fromIp() })
        : await anon.request('POST', '/api/public/tipoffs', JSON.stringify(samples[i]) ?? 'null', { 'content-type': 'application/json', ...fromIp() });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status).toBeLessThan(500);
      if (asForm) expect(r.text.replace(OWN_SCRIPTS, '')).not.toMatch(/<script|<img src=x|<svg\/onload/i);
    }
    expect(statuses.get(201) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    const hospital = await t.institutionId('w-hospital');
    const stored = await t.db.read((m) => m.getRepository(WarningClueEntity).find({ where: { channel: 'public', institutionId: hospital }, order: { id: 'DESC' } }));
    const hostile = stored.filter((c) => /<script|onerror|onload/i.test(c.content + c.subjectLabel));
    expect(hostile.length).toBeGreaterThan(3);
    const pages = [await officer.get('/warning/board'), ...(await Promise.all(hostile.slice(0, 40).map((c) => officer.get(`/warning/clues/${c.id}`))))];
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.text.replace(OWN_SCRIPTS, '')).not.toMatch(/<script|<img src=x|<svg\/onload/i);
    }
    expect(pages[1].text).toMatch(/&lt;script&gt;|&lt;img|&lt;svg/);
  });

  it('serves the public pages without sign-in and checks a status by code', async () => {
    const anon = t.anonymous();
    const page = await anon.get('/tipoff');
    expect(page.status).toBe(200);
    expect(page.text).toContain('网上举报');
    expect(page.text).toContain('预警测试医院');
    const status = await anon.request('POST', '/tipoff/status', `code=${namedCode}`, { 'content-type': 'application/x-www-form-urlencoded', ...fromIp() });
    expect(status.status).toBe(200);
    expect(status.text).toContain('data-status="handling"');
    expect(status.text).not.toContain('王某');
  });
});
