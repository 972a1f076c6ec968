import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import * as assignmentDtos from '../../core/warning/clue-assignment.dto';
import { PackedValue, startCanary, Canary } from '../support/injection-matrix';
import { dtoSlots, Written } from '../support/injection-matrix-dto';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

/**
 * Injection into 交办督办 (issue #11 point 8 for issue #22 item 3): every free-text field of the assignment DTOs
 * (instructions, outcome, return reason, note) gets each payload, packed several to a value. The county assigns
 * clues of the hospital, the hospital reports, the county returns, the hospital reports again, the county accepts.
 * Read back: the JSON answers verbatim, each assignment's page and the list escaped, no request reaching the canary.
 */
describe('injection: every payload in every text field of an assignment comes out as literal text', () => {
  let t: TestApp;
  let canary: Canary;
  let w: Written;
  let county: ApiClient;
  let hospital: ApiClient;
  let unitId: number;

  beforeAll(async () => {
    canary = await startCanary();
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo' });
    unitId = await t.institutionId('county-hospital');
    county = await t.login('county-jijian', DEMO_PASSWORD);
    hospital = await t.login('hosp-jijian', DEMO_PASSWORD);
    w = new Written(dtoSlots(assignmentDtos, { _csrf: 'the CSRF token' }, canary.payloads));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await canary?.close();
  });

  it('derives the text fields from the DTOs', () => {
    expect([...new Set(w.slots.map((s) => s.dto))].sort()).toEqual(['AssignClueDto', 'AssignmentNoteDto', 'ReportAssignmentDto', 'ReturnAssignmentDto']);
    expect(w.slots.map((s) => s.name).sort()).toEqual(['AssignClueDto.instructions', 'AssignmentNoteDto.note', 'ReportAssignmentDto.outcome', 'ReturnAssignmentDto.reason']);
  });

  it('assigns, reports, returns and accepts until each field held every payload; JSON verbatim, pages escaped', async () => {
    const problems: string[] = [];
    const n = Math.max(...w.slots.map((s) => s.calls));
    // Packed several to a value, the 2000-character fields still need several calls to hold every payload.
    expect(n).toBeGreaterThan(1);
    const done: { id: number; values: PackedValue[] }[] = [];
    for (let k = 0; k < n; k++) {
      const clue = await hospital.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: `注入测试交办线索第${k}号，请核实。` });
      if (clue.status !== 201) throw new Error(`clue ${k}: ${clue.status} ${clue.text.slice(0, 200)}`);
      const values: PackedValue[] = [];
      const call = async (by: ApiClient, url: string, body: Record<string, unknown>, dto: string, want: number) => {
        const written = k < w.callsOf(dto) ? w.body(dto, k) : { body: {}, values: [] };
        const res = await by.post(url, { ...body, ...written.body });
        if (res.status !== want) throw new Error(`${url} ${k}: ${res.status} ${res.text.slice(0, 300)}`);
        w.checkJson(res.body, written.values, `${url} ${k}`, problems);
        values.push(...written.values);
        return res.body as { id: number };
      };
      const a = await call(county, `/api/warning/clues/${clue.body.id}/assignments`, { unitId, deadline: '2026-07-31', instructions: '请核实后报告。' }, 'AssignClueDto', 201);
      await call(hospital, `/api/warning/assignments/${a.id}/report`, { outcome: '经核实，不属实。' }, 'ReportAssignmentDto', 200);
      await call(county, `/api/warning/assignments/${a.id}/return`, { reason: '请补充核实。' }, 'ReturnAssignmentDto', 200);
      expect((await hospital.post(`/api/warning/assignments/${a.id}/report`, { outcome: '已补充核实，不属实。' })).status).toBe(200);
      await call(county, `/api/warning/assignments/${a.id}/accept`, {}, 'AssignmentNoteDto', 200);
      done.push({ id: a.id, values });
    }
    for (const d of done) {
      for (const who of [county, hospital]) {
        const page = await who.get(`/warning/assignments/${d.id}`);
        expect(page.status).toBe(200);
        w.checkPage(page.text, d.values, `/warning/assignments/${d.id}`, canary.secret, problems);
      }
    }
    const list = await county.get('/warning/assignments?pageSize=200');
    w.checkShown(list.text, '/warning/assignments', canary.secret, problems);
    expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
    expect(w.coverage(canary.payloads)).toEqual(w.slots.map((s) => `${s.name}: ${canary.payloads.length}`));
    expect(canary.hits).toEqual([]);
    console.log(`injection/warning-assignment: ${n} assignments through assign, report, return, report, accept; fields ${w.slots.map((s) => `${s.name}(${s.maxLength}) ×${s.calls}`).join(', ')}`);
  });
});
