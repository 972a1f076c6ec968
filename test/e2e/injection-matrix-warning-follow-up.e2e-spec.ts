import JSZip from 'jszip';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import type { PackedValue } from '../support/injection-matrix';
import { notifiedWarning, startWarningInjection, warnedPerson, WARNING_TODAY, WarningInjection } from '../support/injection-matrix-warning';
import { FULL_MATRIX, SAMPLE_STRIDE } from '../support/matrix-tier';

jest.setTimeout(300_000);

// Archive PDFs rendered (each a Chromium render): enough for the long fields' packed values; the pages and
// summary.html cover every warning.
const ARCHIVE_PDFS = 8;

/**
 * Injection into the follow-up visit and the release (issue #11 point 8), apart from injection-matrix-warning because
 * each happens once per warning and each warning's notice is a PDF: the visit's method (200 characters) needs about a
 * hundred warnings to hold all 272 payloads. Read back: JSON verbatim, each warning's page and archive summary.html
 * escaped, the archive PDF of a few literal, with no request reaching the loopback canary.
 */
describe('injection: every payload in the follow-up visit and the release comes out as literal text', () => {
  let x: WarningInjection;
  beforeAll(async () => {
    x = await startWarningInjection();
  });
  afterAll(() => x?.close());

  it('follows up and releases warnings until each field held every payload; JSON, pages, archives and PDFs show them literally', async () => {
    const started = Date.now();
    const { w, officer, head, canary } = x;
    const problems: string[] = [];
    const { personId, subject } = await warnedPerson(x, 0);
    const n = Math.max(w.callsOf('FollowUpDto'), w.callsOf('WarningCommentDto'));
    expect(n).toBeGreaterThanOrEqual(FULL_MATRIX ? 50 : Math.ceil(50 / SAMPLE_STRIDE));
    const done: { id: number; values: PackedValue[] }[] = [];
    for (let k = 0; k < n; k++) {
      const { id } = await notifiedWarning(x, personId);
      const values: PackedValue[] = [];
      const act = async (by: typeof officer, path: string, body: Record<string, unknown>, dto?: string) => {
        const written = dto ? w.body(dto, k) : { body: {}, values: [] };
        const res = await by.post(`/api/warning/warnings/${id}/${path}`, { ...body, ...written.body });
        if (res.status !== 200) throw new Error(`${path} on ${id}: ${res.status} ${res.text.slice(0, 300)}`);
        w.checkJson(res.body, written.values, `${path} ${k}`, problems);
        values.push(...written.values);
      };
      await act(subject, 'answer', { explanation: '已按要求整改，退还相关款项。' });
      await act(officer, 'review', { decision: 'accept', comment: '整改措施可行。' });
      await act(officer, 'follow-up', { visitedOn: WARNING_TODAY }, 'FollowUpDto');
      await act(head, 'release', {}, 'WarningCommentDto');
      done.push({ id, values });
    }
    const pdfs: Buffer[] = [];
    for (const [i, d] of done.entries()) {
      const page = await officer.get(`/warning/warnings/${d.id}`);
      expect(page.status).toBe(200);
      w.checkPage(page.text, d.values, `/warning/warnings/${d.id}`, canary.secret, problems);
      const zipRes = await fetch(`${x.t.url}/api/warning/warnings/${d.id}/archive.zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
      expect(zipRes.status).toBe(200);
      const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
      w.checkPage(await zip.file('summary.html')!.async('string'), d.values, `archive summary.html of ${d.id}`, canary.secret, problems, true);
      if (i < ARCHIVE_PDFS) pdfs.push(await zip.file('archive.pdf')!.async('nodebuffer'));
    }
    for (const [i, pdf] of pdfs.entries()) if (!(await w.checkPdf(pdf, `archive.pdf of ${done[i].id}`, canary.secret, problems))) problems.push(`archive.pdf of ${done[i].id}: shows no written value`);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    const slots = [...w.slotsOf('FollowUpDto'), ...w.slotsOf('WarningCommentDto')];
    expect(w.coverage(canary.payloads).filter((c) => slots.some((s) => c.startsWith(`${s.name}:`)))).toEqual(slots.map((s) => `${s.name}: ${canary.payloads.length}`));
    expect(canary.hits).toEqual([]);
    expect(x.t.app.get(DocumentRenderService).pdf.blocked).toEqual([]);
    console.log(`injection/warning-follow-up: ${n} warnings followed up and released (${n} notices), ${pdfs.length} archive PDFs; payloads per field in PDFs: ${slots.map((s) => `${s.name} ${w.inPdf.get(s.no)?.size ?? 0}`).join(', ')} in ${Date.now() - started} ms`);
  });
});
