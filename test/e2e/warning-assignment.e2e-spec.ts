/**
 * 交办、督办 (issue #22 item 3) on the shipped demo: the county discipline commission assigns a tip-off about the
 * county hospital to the hospital's discipline officer with a deadline; the hospital triages it into a warning, which
 * is answered and released, and reports back; the county accepts and the assignment is closed. Refusals, 提级办理,
 * 退回重办, overdue ordering and who cannot see assignments at all.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import type { ClueView } from '../../core/warning/clue.service';
import { EscalationService } from '../../core/warning/escalation.service';
import { answerText, ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(300_000);

const MISSING_ID = 987654321;
let ipSeq = 0;
const fromIp = () => ({ 'x-forwarded-for': `10.22.${Math.floor(++ipSeq / 250) % 250}.${ipSeq % 250}` });
const todoCard = (html: string) => {
  const from = html.indexOf('data-testid="todo"');
  return from < 0 ? '' : html.slice(from, html.indexOf('</section>', from));
};

describe('交办督办: the county assigns clues to its units and supervises them (shipped demo)', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const c: Record<string, ApiClient> = {};
  const masked = (res: HttpResult, id: number) => `${res.status} ${answerText(res).replace(new RegExp(`(?<![0-9])${id}(?![0-9])`, 'g'), ':id')}`;

  /** A public tip-off about the hospital addressed to the county; returns the clue the county sees. */
  async function countyClue(subjectLabel: string): Promise<ClueView> {
    const res = await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'county-hospital', receivingCode: 'demo-county', subjectLabel, content: `群众反映${subjectLabel}在药品采购中收受供应商回扣。`, anonymous: true }, fromIp());
    expect(res.status).toBe(201);
    const items = (await c['county-jijian'].get('/api/warning/clues?source=public-tipoff&pageSize=200')).body.items as ClueView[];
    return items.filter((x) => x.subjectLabel === subjectLabel).sort((a, b) => b.id - a.id)[0];
  }
  const assign = (clueId: number, body: Record<string, unknown>, who = 'county-jijian') => c[who].post(`/api/warning/clues/${clueId}/assignments`, { unitId: ids['county-hospital'], deadline: '2026-07-10', instructions: '请核实采购回扣问题，按期报告办理结果。', ...body });

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-07-01T03:00:00Z', seed: 'demo+plugins', trustProxy: 'loopback' });
    for (const code of ['demo-county', 'county-hospital', 'district-cdc', 'county-tax-bureau']) ids[code] = await t.institutionId(code);
    for (const u of ['county-jijian', 'county-leader', 'hosp-jijian', 'hosp-head', 'hosp-buyer', 'tax-officer', 'tax-jijian']) c[u] = await t.login(u, DEMO_PASSWORD);
  }, 300_000);
  afterAll(() => t?.close());

  let main: { clue: number; assignment: number };

  it('the county assigns a tip-off about the hospital to the hospital, which now handles it while the county keeps seeing it', async () => {
    const clue = await countyClue('药剂科采购员陈思远');
    expect(clue).toMatchObject({ institutionId: ids['county-hospital'], handlerInstitutionId: ids['demo-county'], status: 'new' });
    // Before the assignment the hospital's officer cannot see the county's clue.
    expect((await c['hosp-jijian'].get(`/api/warning/clues/${clue.id}`)).status).toBe(404);

    const res = await assign(clue.id, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ clueId: clue.id, fromInstitutionId: ids['demo-county'], fromName: '示范县纪委监委', unitInstitutionId: ids['county-hospital'], unitName: '示范县人民医院', deadline: '2026-07-10', status: 'assigned', statusLabel: { zh: '已交办，待报告' }, overdue: false, workingDaysLeft: 7, warning: null });
    main = { clue: clue.id, assignment: res.body.id };
    // The clue is the hospital's own body's to triage now; the county still reads it.
    expect((await c['hosp-jijian'].get(`/api/warning/clues/${clue.id}`)).body).toMatchObject({ handlerInstitutionId: null, status: 'new' });
    expect((await c['county-jijian'].get(`/api/warning/clues/${clue.id}`)).status).toBe(200);
    // A second assignment of the same clue is refused while the first is open.
    const again = await assign(clue.id, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(`交办单 #${main.assignment}`);
    // Audited with the assignment's state.
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).findOneByOrFail({ action: 'warning.assignment.assign', objectId: String(main.assignment) }));
    expect(JSON.parse(audit.detail as unknown as string)).toMatchObject({ from: null, to: 'assigned', deadline: '2026-07-10', unit: '示范县人民医院' });
  });

  it('refuses a unit outside the county (404), a deadline in the past (400) and missing instructions (400), writing nothing', async () => {
    const clue = await countyClue('药剂科主任郑晓岚');
    const outside = await assign(clue.id, { unitId: ids['district-cdc'] });
    expect(outside.status).toBe(404);
    const past = await assign(clue.id, { deadline: '2026-06-30' });
    expect(past.status).toBe(400);
    expect(past.body.details[0].message).toBe('deadline：不能早于今天（2026-07-01）');
    const pastEn = await c['county-jijian'].post(`/api/warning/clues/${clue.id}/assignments?lang=en`, { unitId: ids['county-hospital'], deadline: '2026-06-30', instructions: '请核实。' }, { 'accept-language': 'en' });
    expect(pastEn.body.details[0].message).toBe('deadline: may not be earlier than today (2026-07-01)');
    expect((await assign(clue.id, { deadline: '2026-02-30' })).status).toBe(400);
    expect((await assign(clue.id, { instructions: '' })).status).toBe(400);
    // The clue page's form: the same refusal, next to the field, by its label; nothing written.
    const form = new URLSearchParams({ _csrf: c['county-jijian'].csrf, unitId: String(ids['county-hospital']), deadline: '2026-06-30', instructions: '请核实。' });
    const page = await c['county-jijian'].request('POST', `/warning/clues/${clue.id}/assign`, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(page.status).toBe(400);
    expect(page.text).toContain('办理期限：不能早于今天（2026-07-01）');
    expect(page.text).toContain('data-testid="assign-form"');
    // A unit inside the county that the clue is not about.
    const taxBureau = await assign(clue.id, { unitId: ids['county-tax-bureau'] });
    expect(taxBureau.status).toBe(400);
    // Only the county's officers and the deputy in charge assign: the hospital's officer may not assign it to itself.
    expect((await c['hosp-jijian'].get(`/api/warning/clues/${clue.id}`)).status).toBe(404);
    const count = await t.db.read((m) => m.query(`SELECT COUNT(*) AS n FROM warning_assignments WHERE clue_id = ${clue.id}`));
    expect(Number(count[0].n)).toBe(0);
    // A tip-off about the hospital's head goes to the county and stays there: it cannot be assigned to the hospital.
    const aboutHead = await countyClue('示范县人民医院院长周明远');
    const res = await t.anonymous().post('/api/public/tipoffs', { institutionCode: 'county-hospital', subjectLabel: '院长周明远', content: '群众反映院长周明远在基建工程中插手干预招标。', anonymous: true }, fromIp());
    expect(res.body.receivingName).toBe('示范县纪委监委');
    const head = await assign(aboutHead.id, {});
    expect(head.status).toBe(409);
    expect(head.body.message).toBe('反映的是该单位主要领导或纪检监察干部，应由上级纪检监察机关办理，不能交办给该单位');
  });

  it('the hospital sees it in its to-do list, triages it into a warning that is answered and released, and reports back', async () => {
    const todo = todoCard((await c['hosp-jijian'].get('/')).text);
    expect(todo).toContain('上级交办的预警信息');
    expect(todo).toContain(`/warning/assignments/${main.assignment}`);
    expect(todo).toContain('2026-07-10');
    // The unit's staff and head never see the county's instructions.
    for (const who of ['hosp-head', 'hosp-buyer']) expect(todoCard((await c[who].get('/')).text)).not.toContain('/warning/assignments/');

    const buyer = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ name: '陈思远' }));
    const warned = await c['hosp-jijian'].post(`/api/warning/clues/${main.clue}/warn`, { subjectType: 'person', subjectPersonId: buyer.id, levelCode: 'blue', title: '药品采购中收受回扣', reason: '县纪委交办线索，经初步核实。' });
    expect(warned.status).toBe(201);
    const w = warned.body.id as number;
    expect((await c['hosp-jijian'].post(`/api/warning/warnings/${w}/issue`)).status).toBe(200);
    expect((await c['hosp-buyer'].post(`/api/warning/warnings/${w}/answer`, { explanation: '已退还供应商财物并作书面检讨。', measures: '建立供应商接待登记制度。' })).body.status).toBe('answered');
    expect((await c['hosp-jijian'].post(`/api/warning/warnings/${w}/review`, { decision: 'accept', comment: '整改措施可行' })).body.status).toBe('accepted');
    expect((await c['hosp-jijian'].post(`/api/warning/warnings/${w}/follow-up`, { visitedOn: '2026-07-01', method: '查阅资料', findings: '已整改', opinion: '建议解除' })).status).toBe(200);
    expect((await c['hosp-head'].post(`/api/warning/warnings/${w}/release`, { comment: '同意解除预警' })).body.status).toBe('released');

    // Only the unit's discipline officer reports: not its head, not the county.
    expect((await c['hosp-head'].post(`/api/warning/assignments/${main.assignment}/report`, { outcome: '代报' })).status).toBe(404);
    expect((await c['county-jijian'].post(`/api/warning/assignments/${main.assignment}/report`, { outcome: '代报' })).status).toBe(403);
    const report = await c['hosp-jijian'].post(`/api/warning/assignments/${main.assignment}/report`, { outcome: '经核实，问题属实，已给予蓝色预警并督促整改，现已解除。' });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ status: 'reported', outcome: '经核实，问题属实，已给予蓝色预警并督促整改，现已解除。', warning: { id: w, status: 'released', statusLabel: { zh: '已解除预警' } }, workingDaysLeft: null });
    // The county's to-do list now asks for the review.
    expect(todoCard((await c['county-jijian'].get('/')).text)).toContain('待审核的交办报告');
  });

  it('the county accepts: closed at the county with the outcome; reporting or returning a closed one is a 409 with the reason', async () => {
    const accepted = await c['county-jijian'].post(`/api/warning/assignments/${main.assignment}/accept`, { note: '同意办结' });
    expect(accepted.status).toBe(200);
    const seen = (await c['county-jijian'].get(`/api/warning/assignments/${main.assignment}`)).body;
    // Who did what, when: each step with its actor and data.
    expect(accepted.body.steps.map((x: { kind: string; actor: string }) => `${x.kind} ${x.actor.split(':')[2]}`)).toEqual(['assign county-jijian', 'report hosp-jijian', 'accept county-jijian']);
    expect(accepted.body.steps[2].data).toEqual({ note: '同意办结' });
    expect(seen).toMatchObject({ status: 'closed', statusLabel: { zh: '已办结' }, outcome: '经核实，问题属实，已给予蓝色预警并督促整改，现已解除。', warning: { id: expect.any(Number), status: 'released' } });
    const late = await c['hosp-jijian'].post(`/api/warning/assignments/${main.assignment}/report`, { outcome: '补充报告' });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('该交办件已办结，不能报告办理结果');
    const lateEn = await c['hosp-jijian'].request('POST', `/api/warning/assignments/${main.assignment}/report`, { outcome: '补充报告' }, { 'accept-language': 'en' });
    expect(lateEn.body.message).toBe('This assignment is closed; you cannot report on it');
    expect((await c['county-jijian'].post(`/api/warning/assignments/${main.assignment}/return`, { reason: '重办' })).status).toBe(409);
    expect((await c['county-jijian'].post(`/api/warning/assignments/${main.assignment}/take-over`, {})).status).toBe(409);
    const actions = (await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { objectType: 'warning-assignment', objectId: String(main.assignment) }, order: { seq: 'ASC' } }))).map((a) => a.action);
    // The hospital head's refused report was logged as a denied access, like a missing id's.
    expect(actions).toEqual(['warning.assignment.assign', 'access.denied', 'warning.assignment.report', 'warning.assignment.accept']);
  });

  it('退回重办 sends a report back with a reason and a new deadline; 提级办理 takes the matter back to the county', async () => {
    const clue = await countyClue('采购办科员甲');
    const a = (await assign(clue.id, { deadline: '2026-07-15' })).body.id as number;
    expect((await c['hosp-jijian'].post(`/api/warning/assignments/${a}/report`, { outcome: '经核实，反映问题不属实。' })).body.status).toBe('reported');
    expect((await c['county-jijian'].post(`/api/warning/assignments/${a}/return`, { reason: '核实不充分，请补充调查', deadline: '2026-06-01' })).status).toBe(400);
    const back = await c['county-leader'].post(`/api/warning/assignments/${a}/return`, { reason: '核实不充分，请补充调查', deadline: '2026-07-24' });
    expect(back.body).toMatchObject({ status: 'assigned', deadline: '2026-07-24' });

    // Take-over: the hospital no longer sees the clue; its officer cannot report any more.
    const taken = await c['county-jijian'].post(`/api/warning/assignments/${a}/take-over`, { note: '案情复杂，提级办理' });
    expect(taken.body).toMatchObject({ status: 'taken-over', statusLabel: { zh: '已提级办理' } });
    expect((await c['county-jijian'].get(`/api/warning/clues/${clue.id}`)).body).toMatchObject({ handlerInstitutionId: ids['demo-county'], status: 'new' });
    expect((await c['hosp-jijian'].get(`/api/warning/clues/${clue.id}`)).status).toBe(404);
    const refused = await c['hosp-jijian'].post(`/api/warning/assignments/${a}/report`, { outcome: '补充调查完毕' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('该交办件已提级办理，不能报告办理结果');
    const steps = (await t.db.read((m) => m.query(`SELECT kind FROM warning_assignment_steps WHERE assignment_id = ${a} ORDER BY id`))).map((s: { kind: string }) => s.kind);
    expect(steps).toEqual(['assign', 'report', 'return', 'take-over']);
  });

  it('overdue assignments come first on the county list and in its to-do list', async () => {
    const soon = (await assign((await countyClue('检验科科员乙')).id, { deadline: '2026-07-03' })).body.id as number;
    const later = (await assign((await countyClue('检验科科员丙')).id, { deadline: '2026-07-20' })).body.id as number;
    const clock = t.app.get(Clock);
    clock.set('2026-07-08T03:00:00Z');
    try {
      const list = (await c['county-jijian'].get('/api/warning/assignments?status=assigned')).body;
      expect(list.items.map((x: { id: number }) => x.id)).toEqual([soon, later]);
      expect(list.items[0]).toMatchObject({ overdue: true, workingDaysLeft: -3 });
      expect(list.items[1]).toMatchObject({ overdue: false, workingDaysLeft: 8 });
      // The whole list: the overdue one before the open ones, closed and taken-over ones last.
      const all = (await c['county-jijian'].get('/api/warning/assignments')).body;
      expect(all.total).toBe(4);
      expect(all.items.map((x: { id: number }) => x.id)).toEqual([soon, later, main.assignment, all.items[3].id]);
      expect(all.items.map((x: { status: string }) => x.status)).toEqual(['assigned', 'assigned', 'closed', 'taken-over']);
      const overdue = (await c['county-jijian'].get('/api/warning/assignments?overdue=true')).body;
      expect(overdue.items.map((x: { id: number }) => x.id)).toEqual([soon]);
      expect((await c['county-jijian'].get(`/api/warning/assignments?unit=${ids['county-tax-bureau']}`)).body.total).toBe(0);
      const todo = todoCard((await c['county-jijian'].get('/')).text);
      expect(todo).toContain('逾期未报告的交办件');
      expect(todo).toContain(`/warning/assignments/${soon}`);
      // The screen: red and first.
      const html = (await c['county-jijian'].get('/warning/assignments')).text;
      expect(html.indexOf(`data-id="${soon}"`)).toBeLessThan(html.indexOf(`data-id="${later}"`));
      expect(html).toMatch(new RegExp(`<tr class="overdue" data-id="${soon}"`));
      expect(html).toContain('逾期 3 个工作日');
      const en = (await c['county-jijian'].get('/warning/assignments?lang=en')).text;
      expect(en).toContain('3 working days overdue');
      expect(en).toContain('Assigned, report due');
      // The daily scan's 督办: the overdue one is flagged once, to the hospital's officer and back to the county's.
      const scan = t.app.get(EscalationService);
      expect((await scan.scan()).assignmentsOverdue).toBe(1);
      expect((await scan.scan()).assignmentsOverdue).toBe(0);
      const titles = async (who: string) => ((await c[who].get('/api/warning/messages?pageSize=100')).body.items as { title: string }[]).map((x) => x.title);
      expect((await titles('hosp-jijian')).filter((x) => x.startsWith(`交办件 #${soon} 已超过办理期限`))).toHaveLength(1);
      expect((await titles('county-jijian')).filter((x) => x.startsWith(`交办件 #${soon} 逾期未报告`))).toHaveLength(1);
      expect([...(await titles('hosp-jijian')), ...(await titles('county-jijian'))].some((x) => x.includes(`#${later} `) && x.includes('逾期'))).toBe(false);
    } finally {
      clock.set('2026-07-01T03:00:00Z');
    }
  });

  it('staff of the unit and other institutions cannot see assignments: the list is refused, an id answers like a missing one', async () => {
    for (const who of ['tax-officer', 'hosp-buyer']) {
      expect((await c[who].get('/api/warning/assignments')).status).toBe(403);
      expect(masked(await c[who].get(`/api/warning/assignments/${main.assignment}`), main.assignment)).toBe(masked(await c[who].get(`/api/warning/assignments/${MISSING_ID}`), MISSING_ID));
      expect((await c[who].get(`/warning/assignments/${main.assignment}`)).status).toBe(404);
    }
    // The hospital's head holds no discipline role: nothing listed, the instructions stay hidden.
    expect((await c['hosp-head'].get('/api/warning/assignments')).body.total).toBe(0);
    expect((await c['hosp-head'].get(`/api/warning/assignments/${main.assignment}`)).status).toBe(404);
    // Another unit's discipline officer sees none of the hospital's.
    expect((await c['tax-jijian'].get('/api/warning/assignments')).body.total).toBe(0);
    expect((await c['tax-jijian'].get(`/api/warning/assignments/${main.assignment}`)).status).toBe(404);
    // The hospital's officer lists the ones assigned to the hospital.
    expect((await c['hosp-jijian'].get('/api/warning/assignments')).body.total).toBe(4);
  });
});
