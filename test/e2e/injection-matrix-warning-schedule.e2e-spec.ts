import JSZip from 'jszip';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { escaped } from '../support/injection-matrix';
import { FULL_MATRIX, SAMPLE_STRIDE } from '../support/matrix-tier';
import type { PackedValue } from '../support/injection-matrix';
import { notifiedWarning, pdfOf, startWarningInjection, warnedPerson, WarningInjection } from '../support/injection-matrix-warning';

jest.setTimeout(300_000);

/**
 * Injection into the 约谈安排 (issue #11 point 8), apart from injection-matrix-warning because each call issues a
 * numbered 约谈通知单 PDF: the place (200 characters) needs about a hundred calls to hold all 272 payloads. Read back:
 * the JSON answer and the notice's stored data verbatim, the warning page and both inboxes escaped, every
 * notice's PDF and the archive PDF of the hundred-step warning literal, with no request reaching the loopback canary.
 */
describe('injection: every payload in the interview schedule (place, materials) comes out as literal text', () => {
  let x: WarningInjection;
  beforeAll(async () => {
    x = await startWarningInjection();
  });
  afterAll(() => x?.close());

  it('schedules interviews until place and materials held every payload; JSON, pages, inboxes and PDFs show them literally', async () => {
    const started = Date.now();
    const { w, officer, head, canary } = x;
    const problems: string[] = [];
    const { personId, subject } = await warnedPerson(x, 0);
    const warning = await notifiedWarning(x, personId);
    const n = w.callsOf('ScheduleInterviewDto');
    expect(n).toBeGreaterThanOrEqual(FULL_MATRIX ? 50 : Math.ceil(50 / SAMPLE_STRIDE));
    const steps: PackedValue[] = [];
    let pdfs = 0;
    for (let k = 0; k < n; k++) {
      const { body, values } = w.body('ScheduleInterviewDto', k);
      const res = await officer.post(`/api/warning/warnings/${warning.id}/schedule-interview`, { interviewerUserIds: [x.headId, x.officerId], leadUserId: x.headId, at: `2026-06-${String(10 + (k % 15)).padStart(2, '0')}T09:30`, ...body });
      if (res.status !== 200) throw new Error(`schedule-interview ${k}: ${res.status} ${res.text.slice(0, 300)}`);
      const doc = res.body.steps.at(-1).data.document;
      w.checkJson({ step: res.body, doc: (await officer.get(`/api/documents/${doc.id}`)).body }, values, `schedule-interview ${k}`, problems);
      steps.push(...values.filter((v) => w.byMarker.get(v.marker)!.slot.prop === 'place'));
      if (!(await w.checkPdf(await pdfOf(x, doc.id, officer), `约谈通知单 ${doc.number}`, canary.secret, problems))) problems.push(`约谈通知单 ${doc.number}: shows no written value`);
      pdfs++;
    }
    const page = await officer.get(`/warning/warnings/${warning.id}`);
    expect(page.status).toBe(200);
    // Step data is shown as a JSON dump: each payload JSON-encoded, then escaped.
    w.checkPage(page.text, steps, `/warning/warnings/${warning.id}`, canary.secret, problems);
    // The warned person and the interviewers are told the place.
    for (const [who, client] of [['subject', subject], ['interviewer', head]] as const) {
      const inbox = await client.get('/warning/messages?pageSize=200');
      expect(inbox.status).toBe(200);
      const shown = steps.filter((v) => inbox.text.includes(escaped(v.marker)));
      if (shown.length !== steps.length) problems.push(`${who} inbox: ${steps.length - shown.length} places not shown`);
      w.checkPage(inbox.text, shown, `${who} inbox`, canary.secret, problems);
    }
    // One matter, one file: a warning with a hundred steps still exports its archive.
    const zip = await fetch(`${x.t.url}/api/warning/warnings/${warning.id}/archive.zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
    if (zip.status !== 200) problems.push(`archive.zip: ${zip.status} ${(await zip.text()).slice(0, 300)}`);
    else await w.checkPdf(await (await JSZip.loadAsync(Buffer.from(await zip.arrayBuffer()))).file('archive.pdf')!.async('nodebuffer'), 'archive.pdf', canary.secret, problems);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    const slots = w.slotsOf('ScheduleInterviewDto');
    expect(w.coverage(canary.payloads).filter((c) => c.startsWith('ScheduleInterviewDto.'))).toEqual(slots.map((s) => `${s.name}: ${canary.payloads.length}`));
    expect(slots.map((s) => `${s.name}: ${w.inPdf.get(s.no)?.size}`)).toEqual(slots.map((s) => `${s.name}: ${canary.payloads.length}`));
    expect(canary.hits).toEqual([]);
    expect(x.t.app.get(DocumentRenderService).pdf.blocked).toEqual([]);
    console.log(`injection/warning-schedule: ${n} interviews scheduled, ${pdfs} 约谈通知单 PDFs checked in ${Date.now() - started} ms`);
  });
});
