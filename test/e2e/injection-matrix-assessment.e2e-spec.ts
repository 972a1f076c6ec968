import * as assessmentDtos from '../../core/assessment/assessment.dto';
import { AssessmentPresetId, PRESETS } from '../../core/assessment/scoring';
import { Clock } from '../../core/clock/clock';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { PersonEntity } from '../../core/org/org.entities';
import { launchBrowser } from '../support/browser';
import { Canary, cellHolds, excelCells, pool, startCanary } from '../support/injection-matrix';
import { FULL_MATRIX, SAMPLE_STRIDE } from '../support/matrix-tier';
import { dtoSlots, Written } from '../support/injection-matrix-dto';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

// Codes, not free text: a grade of the preset, a plugin and its indicator (anything else is refused).
const SKIP = { capGrade: 'a grade code of the preset', pluginId: 'an installed plugin id', indicatorId: "a plugin's indicator id" };
// A veto rule's label is an object of two texts (IsObject): named here, as the metadata cannot.
const LABELS = [
  { dto: 'VetoRuleDto', prop: 'label.zh', maxLength: 2000 },
  { dto: 'VetoRuleDto', prop: 'label.en', maxLength: 2000 },
];
// Schemes finalised for the dossier person: each a result line in the dossier PDF and an Excel export, and each with
// one veto rule (a result shows the binding cap, so one rule a scheme lets every label show).
const FINALISED = 8;

/**
 * Injection into the assessment module (issue #11 point 8): every free-text field of every write DTO in
 * core/assessment/assessment.dto.ts (schemes, their items, veto rule labels, scores' evidence, evaluation rounds,
 * dossier vetoes, 述职述廉 reports) gets each of the 272 payloads, packed several to a value with a marker naming
 * field and call. Read back: the JSON answers verbatim, every page showing them escaped (each written value a page
 * shows, found by its marker, with all its payloads), the results workbooks neutralised, and the integrity dossier
 * PDF printing them literally, with no request reaching the loopback canary.
 */
describe('injection: every payload in every text field of the assessment module comes out as literal text', () => {
  let t: TestApp;
  let canary: Canary;
  let w: Written;
  let officer: ApiClient;
  let alpha: number;
  let zhang: number;
  const people: number[] = [];
  const schemes: number[] = [];
  const finalised: number[] = [];

  beforeAll(async () => {
    canary = await startCanary();
    t = await startTestApp();
    t.app.get(Clock).set('2026-12-01T02:00:00Z');
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    officer = await t.login('officer');
    w = new Written(dtoSlots(assessmentDtos, SKIP, canary.payloads, LABELS));
    const dept = (await (await t.login('root')).post(`/api/institutions/${alpha}/departments`, { name: '药剂科' })).body.id;
    // The dossier person, and one subject per 述职述廉 report (a report per subject and scheme).
    const n = 1 + w.callsOf('SelfReportDto');
    await t.db.write(async (m) => {
      for (let i = 0; i < n; i++) {
        const p = m.getRepository(PersonEntity).create({ institutionId: alpha, departmentId: dept, postId: null, name: i ? `测评对象${i}` : '张三', title: '科员', postSince: null });
        await m.getRepository(PersonEntity).insert(p);
        people.push(p.id);
      }
    });
    zhang = people.shift()!;
  }, 60_000);
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
    expect(dtos).toEqual(['CreateRoundDto', 'CreateSchemeDto', 'ItemDto', 'RecordVetoDto', 'ScoreItemDto', 'SelfReportDto', 'VetoRuleDto']);
    expect(w.slots.map((s) => s.name)).toEqual(expect.arrayContaining(['ItemDto.area', 'ItemDto.name', 'CreateSchemeDto.name', 'ScoreItemDto.evidence', 'RecordVetoDto.reason', 'SelfReportDto.title', 'SelfReportDto.body', 'CreateRoundDto.name']));
    expect(canary.payloads.length).toBeGreaterThanOrEqual(FULL_MATRIX ? 200 : 200 / SAMPLE_STRIDE);
    console.log(`injection/assessment: ${w.slots.length} text fields: ${w.slots.map((s) => `${s.name}(${s.maxLength}) ×${s.calls}`).join(', ')}`);
  });

  it('writes schemes, items, veto rules, scores, rounds, vetoes and reports; the API answers them verbatim', async () => {
    const started = Date.now();
    const problems: string[] = [];
    const nItems = w.callsOf('ItemDto');
    const itemSchemes = Math.ceil(nItems / 100);
    const nSchemes = Math.max(w.callsOf('CreateSchemeDto'), itemSchemes + Math.max(w.callsOf('CreateRoundDto'), FINALISED));
    let item = 0;
    // Schemes 0 … itemSchemes-1: up to 100 manual items of 1 point; the first also holds the report subjects.
    // The others: one evaluation item, the dossier person as subject, and a paper round.
    for (let k = 0; k < nSchemes; k++) {
      const { body, values } = w.body('CreateSchemeDto', k);
      const heavy = k < itemSchemes;
      const n = heavy ? 100 : 1;
      const items = Array.from({ length: n }, () => {
        const it = w.body('ItemDto', item++);
        values.push(...it.values);
        return { ...it.body, maxPoints: 100 / n, method: heavy ? 'manual' : 'evaluation' };
      });
      const subjects = (k === 0 ? people : heavy ? [people[0]] : [zhang]).map((id) => ({ kind: 'person', id }));
      const res = await officer.post('/api/assessment/schemes', { ...body, period: '2026', assessmentDate: '2026-12-31', items, subjects });
      ok(res, 201, `scheme ${k}`);
      // The answer is the scheme row; its items come with the detail.
      w.checkJson({ created: res.body, detail: (await officer.get(`/api/assessment/schemes/${res.body.id}`)).body }, values, `scheme ${k}`, problems);
      schemes.push(res.body.id);
    }
    // Veto rules with the labels: once a veto is recorded, each caps the grade at the preset's second band (binding on 96 points).
    const nRules = Math.max(...LABELS.map((l) => w.callsOf(l.dto)));
    expect(nRules).toBeLessThanOrEqual(FINALISED);
    for (let s = 0; s < FINALISED; s++) {
      const scheme = schemes[itemSchemes + s];
      const capGrade = PRESETS[(await officer.get(`/api/assessment/schemes/${scheme}`)).body.preset as AssessmentPresetId].bands[1].code;
      const rules: Record<string, unknown>[] = [];
      const values: ReturnType<Written['body']>['values'] = [];
      for (let k = s; k < nRules; k += FINALISED) {
        const { body: label, values: v } = w.body('VetoRuleDto', k);
        values.push(...v);
        rules.push({ id: `inj-${k}`, fact: 'dossier-veto', min: 1, capGrade, excludeFromPromotion: true, label: { zh: label['label.zh'], en: label['label.en'] } });
      }
      const res = await officer.request('PUT', `/api/assessment/schemes/${scheme}/veto-rules`, { vetoRules: rules });
      ok(res, 200, `veto rules of ${scheme}`);
      w.checkJson(res.body, values, `veto rules of ${scheme}`, problems);
    }
    // Scores with evidence on the first scheme's items, for its first subject.
    const first = (await officer.get(`/api/assessment/schemes/${schemes[0]}`)).body;
    for (let k = 0; k < w.callsOf('ScoreItemDto'); k++) {
      const { body, values } = w.body('ScoreItemDto', k);
      const res = await officer.post(`/api/assessment/items/${first.items[k].id}/scores`, { subjectId: first.subjects[0].id, points: 1, ...body });
      ok(res, 201, `score ${k}`);
      w.checkJson(res.body, values, `score ${k}`, problems);
    }
    // A paper round on each one-item scheme (named), tallied and closed on those finalised for the dossier.
    const rounds = schemes.slice(itemSchemes);
    await pool(rounds, 4, async (scheme, k) => {
      const { body, values } = w.body('CreateRoundDto', k);
      const res = await officer.post(`/api/assessment/schemes/${scheme}/rounds`, { mode: 'paper', ...body });
      ok(res, 201, `round ${k}`);
      w.checkJson(res.body, values, `round ${k}`, problems);
      if (k >= FINALISED) return;
      const subjectId = (await officer.get(`/api/assessment/schemes/${scheme}`)).body.subjects[0].id;
      ok(await officer.request('PUT', `/api/assessment/rounds/${res.body.id}/paper-tally`, { subjectId, excellent: 8, good: 2, fair: 0, poor: 0, invalid: 1 }), 200, `tally ${k}`);
      ok(await officer.post(`/api/assessment/rounds/${res.body.id}/close`), 201, `close ${k}`);
    });
    for (let k = 0; k < w.callsOf('RecordVetoDto'); k++) {
      const { body, values } = w.body('RecordVetoDto', k);
      const res = await officer.post('/api/assessment/vetoes', { personId: zhang, year: 2026, ...body });
      ok(res, 201, `veto ${k}`);
      w.checkJson(res.body, values, `veto ${k}`, problems);
    }
    for (const scheme of rounds.slice(0, FINALISED)) {
      ok(await officer.post(`/api/assessment/schemes/${scheme}/finalise`), 201, `finalise ${scheme}`);
      finalised.push(scheme);
    }
    // 述职述廉 reports: one per subject of the first scheme, entered by the officer.
    await pool(first.subjects.slice(0, w.callsOf('SelfReportDto')), 4, async (subject: { id: number }, k) => {
      const { body, values } = w.body('SelfReportDto', k);
      const res = await officer.post(`/api/assessment/schemes/${schemes[0]}/self-reports`, { subjectId: subject.id, ...body });
      ok(res, 201, `self-report ${k}`);
      w.checkJson(res.body, values, `self-report ${k}`, problems);
    });
    w.checkJson((await officer.get(`/api/assessment/dossiers/${zhang}`)).body, [...w.byMarker.values()].filter((x) => x.slot.dto === 'RecordVetoDto').map((x) => x.value), 'dossier JSON', problems);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(w.coverage(canary.payloads)).toEqual(w.slots.map((s) => `${s.name}: ${canary.payloads.length}`));
    console.log(`injection/assessment: ${schemes.length} schemes (${item} items), ${nRules} veto rules, ${rounds.length} rounds, ${FINALISED} finalised, ${w.callsOf('SelfReportDto')} reports in ${Date.now() - started} ms`);
  });

  it('shows every written value escaped on the pages: list, schemes, their edit forms, reports, the dossier', async () => {
    const started = Date.now();
    const problems: string[] = [];
    const urls = ['/assessment', '/assessment/dossiers', `/assessment/dossiers/${zhang}`, ...schemes.flatMap((id) => [`/assessment/schemes/${id}`, ...(!finalised.includes(id) ? [`/assessment/schemes/${id}/edit`] : [])]), `/assessment/schemes/${schemes[0]}/self-report`, ...finalised.map((id) => `/assessment/schemes/${id}?lang=en`)];
    let found = 0;
    await pool(urls, 4, async (url) => {
      const res = await officer.get(url);
      if (res.status !== 200) return void problems.push(`${url}: ${res.status} ${res.text.slice(0, 200)}`);
      found += w.checkShown(res.text, url, canary.secret, problems);
    });
    // Every written value shows on some page.
    const unseen = w.slots.map((s) => `${s.name}: ${(w.bySlot.get(s.no) ?? []).filter((v) => !w.shown.has(v.marker)).length} not shown`);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(unseen).toEqual(w.slots.map((s) => `${s.name}: 0 not shown`));
    console.log(`injection/assessment: ${urls.length} pages, ${found} value × page pairs checked escaped in ${Date.now() - started} ms`);
  });

  it('neutralises every cell of the results workbooks; the scheme names and rule labels are there as text', async () => {
    const problems: string[] = [];
    const cookie = { headers: { cookie: `sid=${officer.cookies.get('sid')}` } };
    for (const [i, scheme] of finalised.entries()) {
      const res = await fetch(`${t.url}/assessment/schemes/${scheme}/export.xlsx`, cookie);
      expect(res.status).toBe(200);
      const cells = await excelCells(await res.arrayBuffer(), `scheme ${scheme} export`, problems);
      const joined = cells.join('\n');
      const name = [...w.byMarker.values()].find((x) => x.slot.name === 'CreateSchemeDto.name' && joined.includes(x.value.marker));
      if (!name) problems.push(`scheme ${scheme} export: no scheme name`);
      for (const x of [...w.byMarker.values()].filter((v) => joined.includes(v.value.marker))) for (const u of x.value.units) if (!cellHolds(cells.flatMap((c) => c.split('\n')), u.text.trim())) problems.push(`scheme ${scheme} export: ${x.slot.name} ${JSON.stringify(u.text).slice(0, 60)} is missing`);
      // The rules of this scheme (call k ≡ i) cap the dossier person: their labels are in the caps column.
      const labels = [...w.byMarker.values()].filter((x) => x.slot.name === 'VetoRuleDto.label.zh' && Number(x.value.marker.split('.')[1]) % FINALISED === i);
      for (const l of labels) if (!joined.includes(l.value.marker)) problems.push(`scheme ${scheme} export: rule label ${l.value.marker} is missing`);
    }
    const units = await fetch(`${t.url}/assessment/units/export.xlsx`, cookie);
    expect(units.status).toBe(200);
    await excelCells(await units.arrayBuffer(), 'unit ranking export', problems);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
  });

  it('prints them as literal text in the integrity dossier PDF, reads no file and loads nothing', async () => {
    const problems: string[] = [];
    const render = t.app.get(DocumentRenderService);
    const blockedBefore = render.pdf.blocked.length;
    const res = await officer.post(`/api/assessment/dossiers/${zhang}/pdf`);
    ok(res, 201, 'dossier PDF');
    const pdf = Buffer.from(await (await fetch(`${t.url}/api/documents/${res.body.id}/pdf`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } })).arrayBuffer());
    const found = await w.checkPdf(pdf, 'dossier', canary.secret, problems);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    // The dossier prints every veto (all payloads of the reason), the finalised schemes' names and the (Chinese) labels of the rules that capped them.
    const inPdf = Object.fromEntries(w.slots.filter((s) => w.inPdf.has(s.no)).map((s) => [s.name, w.inPdf.get(s.no)!.size]));
    expect(inPdf['RecordVetoDto.reason']).toBe(canary.payloads.length);
    expect(inPdf['CreateSchemeDto.name']).toBeGreaterThan(0);
    expect(inPdf['VetoRuleDto.label.zh']).toBe(canary.payloads.length);
    expect(canary.hits).toEqual([]);
    expect(render.pdf.blocked.slice(blockedBefore)).toEqual([]);
    console.log(`injection/assessment: dossier PDF: ${found} written values literal; payloads per field: ${JSON.stringify(inPdf)}`);
  });

  it('loads nothing when Chromium opens the pages holding them', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setCookie({ name: 'sid', value: officer.cookies.get('sid')!, url: t.url });
      for (const url of ['/assessment', `/assessment/schemes/${schemes[0]}`, `/assessment/schemes/${schemes[0]}/edit`, `/assessment/schemes/${finalised[0]}`, `/assessment/schemes/${schemes[0]}/self-report`, `/assessment/dossiers/${zhang}`]) {
        const res = await page.goto(t.url + url, { waitUntil: 'networkidle0' });
        expect(res?.status()).toBe(200);
        expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed, img[src^="http"], link[href^="http"]').length)).toBe(0);
      }
      expect(canary.hits).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
