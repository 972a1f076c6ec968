/**
 * Plugin documents as their users expect, issued through the list screens' 出具 buttons (issue #26, item 9): the
 * referring doctor issues the TB referral slip, which names the patient in clear (a logged read) with its 回执 on the
 * same page; the CDC sends the tracking notice to the township whose task it is; the tax receipt and cards carry one
 * QR code. SCREENSHOT_DIR=/tmp/x writes each PDF's pages as PNGs to look at.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { pdfInfo, pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');

/** The 出具 buttons of a list page: per record id, the templates offered and the form's action. */
function issueButtons(html: string): Map<number, { template: string; action: string }[]> {
  const out = new Map<number, { template: string; action: string }[]>();
  for (const row of html.matchAll(/<tr data-record-id="(\d+)">([\s\S]*?)<\/tr>/g)) {
    out.set(Number(row[1]), [...row[2].matchAll(/action="([^"]+)"[^>]*>(?:(?!<\/form>)[\s\S])*?data-template="([^"]+)"/g)].map((m) => ({ action: m[1], template: m[2] })));
  }
  return out;
}

/** Raster images per page as pdfimages lists them (the verification QR is a PNG; a drawn SVG QR is not listed). */
async function pdfImages(pdf: Buffer): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-img-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    const { stdout } = await promisify(execFile)('pdfimages', ['-list', path.join(dir, 'doc.pdf')], { encoding: 'utf8' });
    return stdout.split('\n').slice(2).filter((l) => l.trim()).length;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('plugin documents issued from their screens (demo data)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
  }, 600_000);
  afterAll(() => t?.close());

  /** Clicks a row's 出具 button (the form post the screen makes) and fetches the PDF it redirects to. */
  async function issueFromList(client: ApiClient, screen: string, recordId: number, template: string, name: string) {
    const page = await client.get(screen);
    expect(page.status).toBe(200);
    const button = issueButtons(page.text).get(recordId)?.find((b) => b.template === template);
    expect([template, !!button]).toEqual([template, true]);
    const body = new URLSearchParams({ _csrf: client.csrf, template }).toString();
    const res = await client.request('POST', button!.action, body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect([res.status, res.status === 303 ? '' : res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 400)]).toEqual([303, '']);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/api\/documents\/\d+\/pdf$/);
    const pdfRes = await fetch(`${t.url}${location}`, { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, `plugin-doc-${name}`));
    const documentId = Number(/\/api\/documents\/(\d+)\/pdf/.exec(location)![1]);
    return { pdf, documentId, pages: await pdfText(pdf), info: await pdfInfo(pdf) };
  }

  it('the referring village doctor issues the referral slip: the patient named in clear (a logged read), the 回执 on the same page', async () => {
    const doctor = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    const list = (await doctor.get('/api/plugins/tb-referral/records/tb-referral?pageSize=5')).body.items as { id: number; values: Record<string, unknown> }[];
    const referral = list[0];
    const person = (await doctor.get(`/api/records/${referral.values.person}`)).body as { id: number; values: { name: string } };
    expect(person.values.name).not.toContain('*');
    const before = await t.db.read((m) => m.getRepository(AuditEntryEntity).count({ where: { action: 'record.sensitive-view', objectId: String(person.id) } }));
    const { pdf, pages, info, documentId } = await issueFromList(doctor, '/p/tb-referral/referrals', referral.id, 'tb-referral/referral-slip', 'referral-slip');
    const text = flat(pages);
    // Named in clear on the slip and on its 回执, the ID number masked.
    expect(text).toContain(`姓名${person.values.name}性别`);
    expect(text).toContain(`回执（定点医院填写后交回转诊单位）转诊单编号${referral.values.referralNo}姓名${person.values.name}`);
    expect(text).toMatch(/身份证号码\d{6}\*{8}[\dX]{4}/);
    expect(text).toContain('转诊单位：东溪镇桃源村卫生室');
    // The slip and its 回执 on one page, with one QR: the arrivals check-in the hospital scans (drawn, so no raster image).
    expect(info.pages).toBe(1);
    expect(text).toContain('定点医院扫描左侧二维码');
    expect(await pdfImages(pdf)).toBe(0);
    // The clear read is logged as any other, via the document; the stored PDF is for the roles that see the name.
    const reads = await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action: 'record.sensitive-view', objectId: String(person.id) }, order: { seq: 'ASC' } }));
    expect(reads.length).toBeGreaterThan(before);
    expect(JSON.parse(reads[reads.length - 1].detail)).toMatchObject({ via: 'document', records: [{ id: person.id, fields: expect.arrayContaining(['name']) }] });
    const doc = (await doctor.get(`/api/documents/${documentId}`)).body as { readRoles: string[] | null };
    expect(doc.readRoles).toEqual(expect.arrayContaining(['staff']));
    expect(doc.readRoles).not.toContain('discipline-officer');
  });

  it('the slip is the referring clinic\'s: the receiving hospital\'s doctor has no 出具 button for it and a forged post is refused', async () => {
    const taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    const referral = ((await taoyuan.get('/api/plugins/tb-referral/records/tb-referral?pageSize=1')).body.items as { id: number }[])[0];
    const hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    const page = await hospital.get('/p/tb-referral/referrals');
    expect(page.status).toBe(200);
    expect([...issueButtons(page.text).values()].flat()).toEqual([]);
    const body = new URLSearchParams({ _csrf: hospital.csrf, template: 'tb-referral/referral-slip' }).toString();
    const res = await hospital.request('POST', `/p/tb-referral/referrals/${referral.id}/issue`, body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect([403, 404]).toContain(res.status);
  });

  it('the CDC sends the tracking notice to the township whose task it is, from its list of the townships\' tasks', async () => {
    const township = await t.login('dongxi-doctor', DEMO_PASSWORD);
    const own = await township.get('/p/tb-referral/tracking-tasks');
    expect(own.status).toBe(200);
    const tasks = [...issueButtons(own.text).keys()];
    expect(tasks.length).toBeGreaterThan(0);
    // The township does not notify itself: no button on its own list.
    expect([...issueButtons(own.text).values()].flat()).toEqual([]);
    const cdc = await t.login('cdc-tb', DEMO_PASSWORD);
    // The CDC's list spans its townships' tasks, each row naming its township.
    const network = await cdc.get('/p/tb-referral/township-tracking-tasks');
    expect(network.status).toBe(200);
    expect(network.text).toContain('<th>所属单位</th>');
    expect(new RegExp(`<tr data-record-id="${tasks[0]}"><td>${tasks[0]}</td><td>东溪镇卫生院</td>`).test(network.text)).toBe(true);
    const task = (await cdc.get(`/api/records/${tasks[0]}`)).body as { id: number; institutionId: number; values: Record<string, string> };
    const { pages, info } = await issueFromList(cdc, '/p/tb-referral/township-tracking-tasks', task.id, 'tb-referral/tracking-notice', 'tracking-notice');
    const text = flat(pages);
    // In the CDC's name (letterhead and number), addressed to the township that tracks.
    expect(text).toMatch(/^青山区疾病预防控制中心青疾控〔2026〕\d+号关于追踪肺结核可疑症状者到位就诊的通知东溪镇卫生院：/);
    expect(text).toContain(`${task.values.referredBy}于`);
    expect(text).toContain(`（编号${task.values.referralNo}）`);
    expect(text).not.toContain('青山区疾病预防控制中心：');
    expect([Math.round(info.width), Math.round(info.height)]).toEqual([595, 842]);
  });

  it('tax documents: the inspector issues the receipt and the supervision card; each tax form and letter carries one QR code', async () => {
    const inspector = await t.login('tax-officer', DEMO_PASSWORD);
    const inspections = (await inspector.get('/api/plugins/tax-collection/records/inspection?pageSize=50')).body.items as { id: number; values: Record<string, unknown> }[];
    const pending = inspections.find((r) => !r.values.receiptReturnedOn)!;
    const receipt = await issueFromList(inspector, '/p/tax-collection/inspections', pending.id, 'tax-collection/integrity-receipt', 'integrity-receipt');
    // The feedback QR only (drawn from SVG); the verification QR (a raster image) is left out beside it.
    expect(flat(receipt.pages)).toContain('网上反馈：用手机扫描左侧二维码');
    expect(flat(receipt.pages)).not.toContain('扫码核验');
    expect(await pdfImages(receipt.pdf)).toBe(0);
    expect(receipt.info.pages).toBe(1);
    const card = await issueFromList(inspector, '/p/tax-collection/inspections', pending.id, 'tax-collection/supervision-card', 'supervision-card');
    expect(await pdfImages(card.pdf)).toBe(1);
    // Reminders are given by the discipline group and the leaders, not by the inspectors.
    const officer = await t.login('tax-jijian', DEMO_PASSWORD);
    const reminders = (await officer.get('/api/plugins/tax-collection/records/reminder?pageSize=50')).body.items as { id: number; values: Record<string, unknown> }[];
    expect([...issueButtons((await inspector.get('/p/tax-collection/reminders')).text).values()].flat()).toEqual([]);
    for (const [kind, template] of [['card', 'reminder-card'], ['letter', 'reminder-letter']]) {
      const rec = reminders.find((r) => r.values.kind === kind)!;
      const { pdf, pages } = await issueFromList(officer, '/p/tax-collection/reminders', rec.id, `tax-collection/${template}`, template);
      expect([template, await pdfImages(pdf), flat(pages).split('扫码核验').length - 1]).toEqual([template, 1, 1]);
    }
  });
});
