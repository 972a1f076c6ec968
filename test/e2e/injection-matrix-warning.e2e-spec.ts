import JSZip from 'jszip';
import { Clock } from '../../core/clock/clock';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { TipoffThrottle } from '../../core/warning/tipoff-throttle';
import * as warningDtos from '../../core/warning/warning.dto';
import { launchBrowser } from '../support/browser';
import { Canary, escaped, pool, startCanary } from '../support/injection-matrix';
import { FULL_MATRIX, SAMPLE_STRIDE } from '../support/matrix-tier';
import { dtoSlots, Written } from '../support/injection-matrix-dto';
import { ApiClient, TestApp } from '../support/test-app';
import { WARNING_INST, WARNING_SKIP, WARNING_TODAY } from '../support/injection-matrix-warning';
import { addPerson, COMMITTEE, startWarningApp, clueSubject } from '../support/warning-fixtures';

jest.setTimeout(300_000);

const INST = WARNING_INST;
const TODAY = WARNING_TODAY;
// Each 约谈安排 issues a numbered PDF (a Chromium render): at most this many here, enough for the materials list; the
// place gets all its payloads in injection-matrix-warning-schedule.
const SCHEDULE_CAP = 12;
// Warnings followed through every step (each: a notice and an archive PDF); repeatable steps are spread over them.
const FLOWS = 8;

/**
 * Injection into the warning module (issue #11 point 8): every free-text field of every write DTO in
 * core/warning/warning.dto.ts (clue entry, rule hits, the public tip-off, triage, the warning decision, interviews,
 * answers, reviews, extensions, appeals) gets each of the 272 payloads, packed several to a value with a marker
 * naming field and call. Read back: the JSON answers verbatim, the clue and warning pages, the board, the inbox and
 * the archive's summary.html escaped, and the PDFs (notices, 约谈通知单, the archive PDF) holding each found value
 * as literal text, with no request reaching the loopback canary from the renderer or from Chromium.
 */
describe('injection: every payload in every text field of the warning module comes out as literal text', () => {
  let t: TestApp;
  let canary: Canary;
  let w: Written;
  let officer: ApiClient;
  let head: ApiClient;
  let officerId: number;
  let headId: number;
  const flows: { id: number; personId: number; subject: ApiClient; steps: ReturnType<Written['body']>['values'] }[] = [];
  const problems: string[] = [];
  const clueIds: { id: number; values: ReturnType<Written['body']>['values'] }[] = [];
  const pdfs: { where: string; pdf: Buffer }[] = [];

  beforeAll(async () => {
    canary = await startCanary();
    t = await startWarningApp();
    t.app.get(Clock).set(`${TODAY}T02:00:00Z`);
    officerId = await t.createUser('inj-officer', [{ institution: INST, role: 'discipline-officer' }]);
    headId = await t.createUser('inj-head', [{ institution: INST, role: 'head' }]);
    officer = await t.login('inj-officer');
    head = await t.login('inj-head');
    for (let i = 0; i < FLOWS; i++) {
      const personId = (await addPerson(t, INST, `周某${i}`, { dept: '财务所', username: `inj-subject-${i}` })).personId;
      flows.push({ id: 0, personId, subject: await t.login(`inj-subject-${i}`), steps: [] });
    }
    w = new Written(dtoSlots(warningDtos, WARNING_SKIP, canary.payloads));
  });
  afterAll(async () => {
    await t?.close();
    await canary?.close();
  });

  const ok = (res: { status: number; text: string }, want: number, where: string) => {
    if (res.status !== want) throw new Error(`${where}: ${res.status} ${res.text.slice(0, 300)}`);
  };

  it('derives the text fields from the DTOs and has a writer for each', () => {
    const dtos = [...new Set(w.slots.map((s) => s.dto))].sort();
    // A new DTO with text fields needs a writer below: this list is what the test writes.
    expect(dtos).toEqual(['AnswerDto', 'AppealAnswerDto', 'AppealDto', 'CreateClueDto', 'DismissDto', 'ExtensionDecisionDto', 'ExtensionRequestDto', 'FollowUpDto', 'InterviewDto', 'ReviewDto', 'RuleHitDto', 'ScheduleInterviewDto', 'TipoffDto', 'TransferDto', 'WarnDto', 'WarningCommentDto']);
    expect(w.slots.map((s) => s.name)).toEqual(expect.arrayContaining(['CreateClueDto.content', 'TipoffDto.name', 'TipoffDto.contact', 'WarnDto.title', 'WarnDto.reason', 'InterviewDto.notes', 'ScheduleInterviewDto.bring', 'AppealDto.grounds', 'WarningCommentDto.comment']));
    expect(canary.payloads.length).toBeGreaterThanOrEqual(FULL_MATRIX ? 200 : 200 / SAMPLE_STRIDE);
    console.log(`injection/warning: ${w.slots.length} text fields: ${w.slots.map((s) => `${s.name}(${s.maxLength}) ×${s.calls}`).join(', ')}`);
  });

  it('clues, rule hits and tip-offs (API and the public form): JSON verbatim, the clue pages escaped', async () => {
    const started = Date.now();
    const inst = await t.institutionId(INST);
    // Enough clues for the warnings, dismissals and transfers below too.
    const need = Math.max(w.callsOf('CreateClueDto'), w.callsOf('WarnDto') + w.callsOf('DismissDto') + w.callsOf('TransferDto'));
    await pool([...Array(need).keys()], 4, async (k) => {
      const { body, values } = w.body('CreateClueDto', k);
      const res = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', ...body });
      ok(res, 201, `clue ${k}`);
      w.checkJson(res.body, values, `clue ${k}`, problems);
      clueIds[k] = { id: res.body.id, values };
    });
    const hits: typeof clueIds = [];
    await pool([...Array(w.callsOf('RuleHitDto')).keys()], 4, async (k) => {
      const { body, values } = w.body('RuleHitDto', k);
      const res = await officer.post('/api/warning/clues/rule-hits', { institutionId: inst, ruleId: 'inj/rule', ruleVersion: 1, hitKey: `hit-${k}`, inputs: { k }, ...body });
      ok(res, 201, `rule hit ${k}`);
      w.checkJson(res.body, values, `rule hit ${k}`, problems);
      hits.push({ id: res.body.id, values });
    });
    // The public tip-off: 5 an address per 10 minutes; this test is one address sending hundreds, so it forgets them.
    const throttle = Reflect.get(t.app.get(TipoffThrottle), 'hits') as Map<string, number[]>;
    const tipValues: ReturnType<Written['body']>['values'][] = [];
    const anon = t.anonymous();
    for (let k = 0; k < w.callsOf('TipoffDto'); k++) {
      throttle.clear();
      const { body, values } = w.body('TipoffDto', k);
      const res = await anon.post('/api/public/tipoffs', { institutionCode: INST, anonymous: false, ...body });
      ok(res, 201, `tip-off ${k}`);
      tipValues.push(values);
      // The public form echoes what it refuses (here: an unknown institution) into its fields: escaped.
      if (k < 3) {
        throttle.clear();
        const form = new URLSearchParams({ institutionCode: 'no-such-place', ...(body as Record<string, string>) }).toString();
        const page = await anon.request('POST', '/tipoff', form, { 'content-type': 'application/x-www-form-urlencoded' });
        expect(page.status).toBe(400);
        w.checkPage(page.text, values, `/tipoff form ${k}`, canary.secret, problems);
      }
    }
    throttle.clear();
    const publicClues: { id: number; content: string }[] = [];
    for (let page = 1; ; page++) {
      const b = (await officer.get(`/api/warning/clues?source=public-tipoff&pageSize=200&page=${page}`)).body as { items: { id: number; content: string }[]; total: number };
      publicClues.push(...b.items);
      if (publicClues.length >= b.total || !b.items.length) break;
    }
    for (const values of tipValues) {
      const content = values.find((v) => w.byMarker.get(v.marker)!.slot.prop === 'content')!;
      const c = publicClues.find((x) => x.content.startsWith(content.marker));
      if (!c) problems.push(`tip-off ${values[0].marker}: no clue`);
      else {
        const json = (await officer.get(`/api/warning/clues/${c.id}`)).body;
        w.checkJson(json, values, `tip-off clue ${c.id}`, problems);
        hits.push({ id: c.id, values });
      }
    }
    let checked = 0;
    await pool([...clueIds, ...hits], 4, async (c) => {
      const page = await officer.get(`/warning/clues/${c.id}`);
      ok(page, 200, `/warning/clues/${c.id}`);
      checked += w.checkPage(page.text, c.values, `/warning/clues/${c.id}`, canary.secret, problems);
    });
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    console.log(`injection/warning: ${clueIds.length} clues, ${w.callsOf('RuleHitDto')} rule hits, ${tipValues.length} tip-offs; ${checked} payloads checked on ${clueIds.length + hits.length} clue pages in ${Date.now() - started} ms`);
  });

  it('triage and decisions: dismissals, transfers and warnings show escaped; their notices print the payloads literally', async () => {
    const started = Date.now();
    const nWarn = w.callsOf('WarnDto');
    const nDismiss = w.callsOf('DismissDto');
    // The first FLOWS calls of WarnDto go to the warnings followed through every step; the rest to the entered clues.
    for (const [i, f] of flows.entries()) {
      const clue = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: f.personId, content: '群众反映其在项目资金拨付中违规操作。' });
      ok(clue, 201, 'flow clue');
      const { body, values } = w.body('WarnDto', i);
      const res = await head.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(head, clue.body.id)), levelCode: 'advice', decisionMeetingOn: COMMITTEE.decisionMeetingOn, ...body });
      ok(res, 201, `flow warning ${i}`);
      w.checkJson(res.body, values, `flow warning ${i}`, problems);
      f.id = res.body.id;
    }
    const warned: { id: number; values: ReturnType<Written['body']>['values'] }[] = [];
    await pool([...Array(nWarn - FLOWS).keys()], 4, async (i) => {
      const { body, values } = w.body('WarnDto', i + FLOWS);
      // 一级 by the head, so the committee decision's texts are kept and shown like the title and reason.
      const res = await head.post(`/api/warning/clues/${clueIds[i].id}/warn`, { ...(await clueSubject(head, clueIds[i].id)), levelCode: 'advice', decisionMeetingOn: COMMITTEE.decisionMeetingOn, ...body });
      ok(res, 201, `warn ${i + FLOWS}`);
      w.checkJson(res.body, values, `warn ${i + FLOWS}`, problems);
      warned.push({ id: res.body.id, values: [...values, ...clueIds[i].values] });
    });
    const triaged: { id: number; values: ReturnType<Written['body']>['values'] }[] = [];
    for (const [dto, path, n, from] of [['DismissDto', 'dismiss', nDismiss, nWarn - FLOWS], ['TransferDto', 'transfer', w.callsOf('TransferDto'), nWarn - FLOWS + nDismiss]] as const) {
      await pool([...Array(n).keys()], 4, async (i) => {
        const { body, values } = w.body(dto, i);
        const c = clueIds[from + i];
        const res = await officer.post(`/api/warning/clues/${c.id}/${path}`, body);
        ok(res, 200, `${path} ${i}`);
        w.checkJson(res.body, values, `${path} ${i}`, problems);
        triaged.push({ id: c.id, values });
      });
    }
    await pool(triaged, 4, async (c) => {
      const page = await officer.get(`/warning/clues/${c.id}`);
      ok(page, 200, `/warning/clues/${c.id}`);
      w.checkPage(page.text, c.values, `/warning/clues/${c.id}`, canary.secret, problems);
    });
    await pool(warned, 4, async (x) => {
      const page = await officer.get(`/warning/warnings/${x.id}`);
      ok(page, 200, `/warning/warnings/${x.id}`);
      // The warning page shows its title and reason; the clue's text is on the clue's page.
      w.checkPage(page.text, x.values.filter((v) => w.byMarker.get(v.marker)!.slot.dto === 'WarnDto'), `/warning/warnings/${x.id}`, canary.secret, problems);
    });
    // The board lists the open warnings by title (and new clues by a cut of their text), page by page: escaped, nothing raw.
    const board = { text: '' };
    for (let page = 1, more = true; more; page++) {
      const res = await officer.get(`/warning/board?pageSize=200&page=${page}`);
      ok(res, 200, '/warning/board');
      board.text += res.text;
      more = res.text.includes('rel="next"');
    }
    w.checkPage(board.text, warned.flatMap((x) => x.values.filter((v) => w.byMarker.get(v.marker)!.slot.prop === 'title')), '/warning/board', canary.secret, problems);
    for (const p of canary.payloads) if (/<[a-z!]/i.test(p) && board.text.includes(p)) problems.push(`/warning/board: ${JSON.stringify(p).slice(0, 60)} appears raw`);
    // Notices: of the followed warnings (title, reason), and of those whose clues hold the long clue texts.
    const longClues = w.slotsOf('CreateClueDto').find((x) => x.prop === 'content')!.calls;
    const byClue = (i: number) => warned.find((x) => x.values.some((v) => v.marker === clueIds[i].values[0].marker))!.id;
    for (const id of [...flows.map((f) => f.id), ...[...Array(longClues).keys()].map(byClue)]) {
      const res = await officer.post(`/api/warning/warnings/${id}/issue`);
      ok(res, 200, `issue ${id}`);
      const doc = res.body.steps.at(-1).data.document;
      pdfs.push({ where: `notice ${doc.number} (warning ${id})`, pdf: await pdfOf(doc.id, officer) });
    }
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    console.log(`injection/warning: ${nWarn} warnings, ${triaged.length} triaged clues, ${FLOWS + longClues} notices in ${Date.now() - started} ms`);
  });

  it('every step, repeated over the followed warnings until each field held every payload: JSON verbatim, pages, inboxes and archives escaped', async () => {
    const started = Date.now();
    const act = async (f: (typeof flows)[number], by: ApiClient, path: string, dto: string, k: number, extra: Record<string, unknown> = {}) => {
      const { body, values } = w.body(dto, k);
      const res = await by.post(`/api/warning/warnings/${f.id}/${path}`, { ...extra, ...body });
      ok(res, 200, `${path} ${k} on ${f.id}`);
      w.checkJson(res.body, values, `${path} ${k}`, problems);
      f.steps.push(...values);
      return res;
    };
    const interviewers = { interviewerUserIds: [headId, officerId], leadUserId: headId };
    const nSchedule = Math.min(SCHEDULE_CAP, w.callsOf('ScheduleInterviewDto'));
    const nExt = Math.max(w.callsOf('ExtensionRequestDto'), w.callsOf('ExtensionDecisionDto'));
    const nAnswer = Math.max(w.callsOf('AnswerDto'), w.callsOf('ReviewDto'));
    const nAppeal = Math.max(w.callsOf('AppealDto'), w.callsOf('AppealAnswerDto'));
    const nFollow = Math.max(w.callsOf('FollowUpDto'), w.callsOf('WarningCommentDto'));
    // Call k of a repeatable step goes to warning k mod FLOWS; the followed warnings move on in parallel.
    const mine = (n: number, i: number) => [...Array(n).keys()].filter((k) => k % FLOWS === i);
    await pool(flows, 2, async (f, i) => {
      for (const k of mine(w.callsOf('InterviewDto'), i)) await act(f, officer, 'interview', 'InterviewDto', k, { ...interviewers, heldOn: TODAY });
      for (const k of mine(nSchedule, i)) {
        const { body, values } = w.body('ScheduleInterviewDto', k);
        const res = await officer.post(`/api/warning/warnings/${f.id}/schedule-interview`, { ...interviewers, at: `2026-06-${String(10 + (k % 15)).padStart(2, '0')}T09:30`, ...body });
        ok(res, 200, `schedule-interview ${k}`);
        const doc = res.body.steps.at(-1).data.document;
        // The list of materials goes to the 约谈通知单 alone (its stored data), the place to the step too.
        w.checkJson({ step: res.body, doc: (await officer.get(`/api/documents/${doc.id}`)).body }, values, `schedule-interview ${k}`, problems);
        f.steps.push(...values.filter((v) => w.byMarker.get(v.marker)!.slot.prop !== 'bring'));
        pdfs.push({ where: `interview notice ${doc.number}`, pdf: await pdfOf(doc.id, officer) });
      }
      // A refused extension leaves the way open for the next request.
      for (const k of mine(nExt, i)) {
        await act(f, f.subject, 'extension', 'ExtensionRequestDto', k, { months: 1 });
        await act(f, head, 'extension/decision', 'ExtensionDecisionDto', k, { approve: false });
      }
      // Answers refused, then one accepted.
      for (const k of mine(nAnswer, i)) {
        await act(f, f.subject, 'answer', 'AnswerDto', k);
        await act(f, officer, 'review', 'ReviewDto', k, { decision: 'reject' });
      }
      await act(f, f.subject, 'answer', 'AnswerDto', nAnswer + i);
      await act(f, officer, 'review', 'ReviewDto', nAnswer + i, { decision: 'accept' });
      // An upheld appeal returns the warning to where it was: appeal again.
      for (const k of mine(nAppeal, i)) {
        await act(f, f.subject, 'appeal', 'AppealDto', k);
        await act(f, officer, 'appeal/answer', 'AppealAnswerDto', k, { outcome: 'upheld' });
      }
      // Once per warning: a follow-up visit and the release.
      for (const k of mine(Math.min(nFollow, FLOWS), i)) {
        await act(f, officer, 'follow-up', 'FollowUpDto', k, { visitedOn: TODAY });
        await act(f, head, 'release', 'WarningCommentDto', k);
      }
    });
    let checked = 0;
    for (const f of flows) {
      const page = await officer.get(`/warning/warnings/${f.id}`);
      ok(page, 200, `/warning/warnings/${f.id}`);
      // Step data is shown as a JSON dump: each payload JSON-encoded, then escaped.
      checked += w.checkPage(page.text, f.steps, `/warning/warnings/${f.id}`, canary.secret, problems);
      const zipRes = await fetch(`${t.url}/api/warning/warnings/${f.id}/archive.zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
      if (zipRes.status !== 200) {
        problems.push(`archive.zip of ${f.id}: ${zipRes.status} ${(await zipRes.text()).slice(0, 300)}`);
        continue;
      }
      const zip = await JSZip.loadAsync(Buffer.from(await zipRes.arrayBuffer()));
      w.checkPage(await zip.file('summary.html')!.async('string'), f.steps, `archive summary.html of ${f.id}`, canary.secret, problems, true);
      pdfs.push({ where: `archive.pdf (warning ${f.id})`, pdf: await zip.file('archive.pdf')!.async('nodebuffer') });
    }
    // The inboxes carry extension reasons (to the approver), decisions and release comments (to the warned person).
    const theirs = await head.get('/warning/messages?pageSize=200');
    ok(theirs, 200, 'head inbox');
    const steps = flows.flatMap((f) => f.steps);
    const inboxes = [theirs.text];
    for (const f of flows) inboxes.push((await f.subject.get('/warning/messages?pageSize=200')).text);
    for (const [dto, html] of [['ExtensionRequestDto', theirs.text], ['ExtensionDecisionDto', inboxes.slice(1).join('')], ['WarningCommentDto', inboxes.slice(1).join('')]] as const) {
      const shown = steps.filter((v) => w.byMarker.get(v.marker)!.slot.dto === dto && html.includes(escaped(v.marker)));
      if (!shown.length) problems.push(`inbox: no ${dto} text`);
      w.checkPage(html, shown, `inbox ${dto}`, canary.secret, problems);
    }
    for (const html of inboxes) for (const p of canary.payloads) if (/<[a-z!]/i.test(p) && html.includes(p)) problems.push(`inbox: ${JSON.stringify(p).slice(0, 60)} appears raw`);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    console.log(`injection/warning: ${FLOWS} warnings, ${steps.length} step values (${checked} payloads) checked on their pages, inboxes and archives; ${nSchedule} 约谈通知单 in ${Date.now() - started} ms`);
  });

  it('every field holds every payload (约谈安排 place, follow-up and release: partly here, wholly in -schedule and -follow-up)', () => {
    const got = w.coverage(canary.payloads);
    const capped = (s: (typeof w.slots)[number]) => s.dto === 'ScheduleInterviewDto' && s.calls > SCHEDULE_CAP;
    const want = w.slots.map((s, i) => (capped(s) ? got[i] : `${s.name}: ${canary.payloads.length}`));
    // Follow-up and release happen once per warning: FLOWS calls (injection-matrix-warning-follow-up does them all).
    const short = w.slots.filter((s) => ['FollowUpDto', 'WarningCommentDto'].includes(s.dto) && s.calls > FLOWS).map((s) => s.name);
    expect(got.filter((g) => !short.some((n) => g.startsWith(`${n}:`)))).toEqual(want.filter((g) => !short.some((n) => g.startsWith(`${n}:`))));
    console.log(`injection/warning: coverage ${got.join(', ')}`);
  });

  it('the PDFs print every value they show as literal text, read no file and load nothing', async () => {
    const started = Date.now();
    const render = t.app.get(DocumentRenderService);
    let found = 0;
    for (const p of pdfs) {
      const n = await w.checkPdf(p.pdf, p.where, canary.secret, problems);
      if (!n) problems.push(`${p.where}: shows none of the written values`);
      found += n;
    }
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(canary.hits).toEqual([]);
    expect(render.pdf.blocked).toEqual([]);
    const perSlot = w.slots.filter((s) => w.inPdf.has(s.no)).map((s) => `${s.name} ${w.inPdf.get(s.no)!.size}`);
    console.log(`injection/warning: ${pdfs.length} PDFs, ${found} written values found literal; payloads per field in PDFs: ${perSlot.join(', ')} (${Date.now() - started} ms)`);
  });

  it('loads nothing when Chromium opens the pages holding them', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setCookie({ name: 'sid', value: officer.cookies.get('sid')!, url: t.url });
      for (const url of ['/warning/board', ...flows.slice(0, 2).map((f) => `/warning/warnings/${f.id}`), `/warning/clues/${clueIds[0].id}`, '/warning/messages']) {
        const res = await page.goto(t.url + url, { waitUntil: 'networkidle0' });
        expect(res?.status()).toBe(200);
        expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed, img[src^="http"], link[href^="http"]').length)).toBe(0);
      }
      expect(canary.hits).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  async function pdfOf(documentId: number, by: ApiClient): Promise<Buffer> {
    const res = await fetch(`${t.url}/api/documents/${documentId}/pdf`, { headers: { cookie: `sid=${by.cookies.get('sid')}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }
});
