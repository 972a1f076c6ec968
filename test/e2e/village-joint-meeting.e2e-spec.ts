import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { villageJointMeetingPlugin as P } from '../../plugins/village-joint-meeting/village-joint-meeting.plugin';
import { pdfText } from '../support/pdf-tools';
import { noPeople } from '../support/plugin-memory';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const R = '/api/plugins/village-joint-meeting/records';
const EXPECTED = [
  'village-joint-meeting/decision-overdue',
  'village-joint-meeting/decision-without-consensus',
  'village-joint-meeting/expenditure-without-decision',
  'village-joint-meeting/meeting-below-quorum',
  'village-joint-meeting/minutes-not-signed',
  'village-joint-meeting/no-weekly-meeting',
  'village-joint-meeting/no-weekly-meeting',
  'village-joint-meeting/not-published',
];

describe('village-joint-meeting plugin (real server, real database, demo half-year of 青石村)', () => {
  let t: TestApp;
  let village: number;
  let officer: ApiClient;
  let secretary: ApiClient;
  let admin: ApiClient;
  let seeded = 0;

  beforeAll(async () => {
    // Only this plugin: the suite does not depend on other plugins' state.
    t = await startTestApp({ configDir: path.join(__dirname, '..', 'fixtures', 'vjm-config'), plugins: [P] });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    village = await t.institutionId('qingshi-village');
    await t.createUser('vjm-root', [], { admin: true });
    await t.createUser('vjm-officer', [{ institution: 'qingshi-village', role: 'discipline-officer' }]);
    await t.createUser('vjm-secretary', [{ institution: 'qingshi-village', role: 'head' }]);
    await t.createUser('vjm-other', [{ institution: 'hongyan-village', role: 'head' }]);
    // The demo seed as the CLI runs it (records without rules, then one scan), for this village only.
    const records = t.app.get(RecordsService);
    await P.demoSeed!({
      institutionId: village,
      institutionCode: 'qingshi-village',
      options: t.host.optionsFor('qingshi-village', P.id),
      today: t.app.get(Clock).today(),
      createRecord: async (type, values) => {
        seeded++;
        return records.create(null, village, P.id, type, values, { skipRules: true });
      },
      createPerson: noPeople,
    });
    await t.app.get(RulesService).scan(village);
    officer = await t.login('vjm-officer');
    secretary = await t.login('vjm-secretary');
    admin = await t.login('vjm-root');
  }, 240_000);
  afterAll(() => t?.close());

  const hits = async () => (await officer.get(`/api/rule-hits?institutionId=${village}&pageSize=200`)).body.items as { ruleId: string; subjectKey: string; recordId: number | null; inputs: any }[];
  const total = async (type: string) => (await officer.get(`${R}/${type}?pageSize=1`)).body.total as number;

  it('loads six months: 11 members, 28 meetings, 60 decisions, about 150 expenditures', async () => {
    expect(await total('member')).toBe(11);
    expect(await total('meeting')).toBe(28);
    expect(await total('decision')).toBe(60);
    expect(await total('expenditure')).toBeGreaterThanOrEqual(140);
    expect(seeded).toBe(11 + 28 + 60 + (await total('expenditure')) + (await total('publication')));
  });

  it('raises exactly the planted violations (two missed weeks, one per other rule), keyed stably', async () => {
    const list = await hits();
    expect(list.map((h) => h.ruleId).sort()).toEqual(EXPECTED);
    const weeks = list.filter((h) => h.ruleId.endsWith('no-weekly-meeting')).map((h) => h.subjectKey).sort();
    expect(weeks).toEqual(['meeting-weeks:week:2026-W07', 'meeting-weeks:week:2026-W18']); // 20 and 9 weeks before the week of 2026-07-01 (W27)
    const by = (rule: string) => list.find((h) => h.ruleId === `village-joint-meeting/${rule}`)!;
    const title = async (id: number | null) => (await officer.get(`/api/records/${id}`)).body.title;
    expect(await title(by('expenditure-without-decision').recordId)).toBe('村委会办公楼外墙粉刷');
    expect(by('expenditure-without-decision').inputs.options).toEqual({ largeExpenditureThresholdFen: 1_000_000 });
    expect(await title(by('meeting-below-quorum').recordId)).toMatch(/^联席会议临时会议/);
    expect(by('meeting-below-quorum').inputs.facts['meeting.attendancePercent']).toBe(54.5);
    expect(by('not-published').subjectKey).toMatch(/^publication-due:decision:\d+$/);
    expect(by('decision-without-consensus').inputs.facts['decision.partiesAgreeing']).toBe(2);
  });

  it('hits become warning clues on the board', async () => {
    const board = await officer.get('/warning/board');
    expect(board.status).toBe(200);
    expect(board.text).toContain('村委会办公楼外墙粉刷');
  });

  it('the scan (admin API) never raises the same hit twice; a week newly over is raised once', async () => {
    expect((await admin.post('/api/rules/scan', { institutionId: village })).body.results[0].newHits).toBe(0);
    // 2026-W27 (06-29..07-05) has no meeting yet: judged from 07-06, not before.
    t.app.get(Clock).set('2026-07-06T03:00:00Z');
    const res = await admin.post('/api/rules/scan', { institutionId: village });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    const fresh = (await hits()).filter((h) => h.subjectKey === 'meeting-weeks:week:2026-W27');
    expect(fresh).toHaveLength(1);
    expect(res.body.results[0].newHits).toBeGreaterThanOrEqual(1);
  });

  it('a meeting with a decision and a linked expenditure: saved through the API, minutes generated from the record', async () => {
    const members = (await secretary.get(`${R}/member?pageSize=50`)).body.items as { id: number; title: string }[];
    const id = (name: string) => members.find((m) => m.title === name)!.id;
    const meeting = await secretary.post(`${R}/meeting`, {
      title: '联席会议临时会议（修缮水渠）',
      kind: 'ad-hoc',
      date: '2026-06-30',
      place: '青石村党群服务中心会议室',
      matter: '修缮南干渠',
      convenerBranch: id('黄立新'),
      convenerTeam: id('高文斌'),
      attendance: [
        { party: 'party-branch', expected: 2, present: 2, attendees: '黄立新、陈秀芳' },
        { party: 'village-committee', expected: 3, present: 2, attendees: '黄志明、刘桂香', absentees: '吴德胜（病假）' },
        { party: 'work-team', expected: 3, present: 3, attendees: '高文斌、何丽娟、杜明辉' },
        { party: 'police-office', expected: 3, present: 3, attendees: '马振华、罗小军、高永强' },
      ],
      recorder: id('何丽娟'),
      agenda: [{ kind: 'funds', topic: '研究南干渠修缮资金', notes: '村委会说明预算三万元。' }],
      minutes: '会议同意修缮南干渠。',
      minutesNo: '青石联纪〔2026〕99号',
      signedBranchOn: '2026-06-30',
      signedTeamOn: '2026-07-01',
    });
    expect(meeting.status).toBe(201);
    const decision = await secretary.post(`${R}/decision`, { content: '同意修缮南干渠，资金三万元', meeting: meeting.body.id, agendaKind: 'funds', branchAgreement: 'agree', teamAgreement: 'agree', policeAgreement: 'agree', responsible: '黄志明', deadline: '2026-07-31', amountFen: 3_000_000 });
    expect(decision.status).toBe(201);
    const spend = await secretary.post(`${R}/expenditure`, { voucherNo: 'QS-E2E-1', purpose: '南干渠修缮工程款', amountFen: 3_000_000, payee: '示范县清源水利工程队', paidOn: '2026-07-01', oneMatter: true, decision: decision.body.id });
    expect(spend.status).toBe(201);
    expect((await hits()).filter((h) => h.recordId === spend.body.id)).toEqual([]);
    const html = await officer.get(`/api/records/${meeting.body.id}/render?template=village-joint-meeting/minutes`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('联席会议纪要');
    // The record's own 纪要编号 is not the document's number: only the issued number is printed.
    expect(html.text).not.toContain('青石联纪〔2026〕99号');
    expect(html.text).toContain('村委会黄志明、刘桂香（应到3人，实到2人）');
    expect(html.text).toContain('村委会吴德胜（病假）');
    expect(html.text).toContain('研究南干渠修缮资金（“一事一议”资金、项目资金和大额经济支出）');
    expect(html.text).toContain('同意修缮南干渠，资金三万元');
    expect(html.text).toContain('表决情况：村党支部同意，住村工作组同意，警务室同意');
    expect(html.text).toContain('南干渠修缮工程款：30,000.00元');
    expect(html.text).toContain('村党支部书记黄立新（2026年6月30日）');
    // The minutes as an issued, numbered PDF, generated from the record: attendees, items and decisions in its text.
    const issued = await secretary.post(`/api/records/${meeting.body.id}/issue`, { template: 'village-joint-meeting/minutes' });
    expect(issued.status).toBe(201);
    const pdf = await fetch(`${t.url}/api/documents/${issued.body.id}/pdf`, { headers: { cookie: [...secretary.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await pdf.arrayBuffer()))).join('\n').replace(/\s+/g, '');
    for (const expected of ['联席会议纪要', issued.body.number, '村委会黄志明、刘桂香（应到3人，实到2人）', '村委会吴德胜（病假）', '研究南干渠修缮资金', '同意修缮南干渠，资金三万元', '南干渠修缮工程款：30,000.00元', '村党支部书记黄立新']) expect(text).toContain(expected);
    expect((await officer.post(`/api/records/${meeting.body.id}/issue`, { template: 'hospital-procurement/monthly-report' })).status).toBe(400);
    const report = await officer.get(`/api/records/${decision.body.id}/render?template=village-joint-meeting/execution-report`);
    expect(report.text).toContain('截至目前尚未报告执行情况');
    const pub = await secretary.post(`${R}/publication`, { title: '南干渠修缮决议公开', item: 'decision', decision: decision.body.id, publishedOn: '2026-07-01', place: '青石村村务公开栏', days: 10 });
    expect(pub.status).toBe(201);
    const notice = await officer.get(`/api/records/${pub.body.id}/render?template=village-joint-meeting/publication-notice`);
    expect(notice.text).toContain('村务公开：南干渠修缮决议公开');
    expect(notice.text).toContain('作出如下决议：同意修缮南干渠，资金三万元。');
    expect(notice.text).toContain('公开时间：2026年7月1日至2026年7月10日（共10天）');
    expect(notice.text).toContain('相关支出：南干渠修缮工程款：30,000.00元');
  });

  it('issues the publication notice and the execution report as numbered GB/T 9704 PDFs, from the records', async () => {
    const one = async (type: string, q: string) => ((await officer.get(`${R}/${type}?q=${encodeURIComponent(q)}&pageSize=1`)).body.items[0] as { id: number; values: Record<string, any> });
    const decision = await one('decision', '同意修缮南干渠');
    const pub = await one('publication', '南干渠修缮决议公开');
    expect((await secretary.patch(`/api/records/${decision.id}`, { executionReports: [{ reportedOn: '2026-07-01', progress: '南干渠修缮完工，经三方验收合格。', completed: true }] })).status).toBe(200);
    const issue = async (id: number, template: string) => {
      const res = await secretary.post(`/api/records/${id}/issue`, { template: `village-joint-meeting/${template}` });
      expect(res.status).toBe(201);
      const pdf = await fetch(`${t.url}/api/documents/${res.body.id}/pdf`, { headers: { cookie: [...secretary.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      if (process.env.VJM_PDF_DIR) require('node:fs').writeFileSync(`${process.env.VJM_PDF_DIR}/${template}.pdf`, bytes);
      return { number: res.body.number as string, text: (await pdfText(bytes)).join('\n').replace(/\s+/g, '') };
    };
    const notice = await issue(pub.id, 'publication-notice');
    expect(notice.number).toMatch(/^青石村/);
    for (const expected of ['中共青石村支部委员会', notice.number, '村务公开：南干渠修缮决议公开', '全体村民：', '作出如下决议：同意修缮南干渠，资金三万元。', '责任人：黄志明；完成时限：2026年7月31日。', '相关支出：南干渠修缮工程款：30,000.00元，收款人示范县清源水利工程队，2026年7月1日支付（“一事一议”）。', '公开地点：青石村村务公开栏；公开时间：2026年7月1日至2026年7月10日（共10天）', '特此公告。']) expect(notice.text).toContain(expected);
    const report = await issue(decision.id, 'execution-report');
    for (const expected of ['关于“同意修缮南干渠，资金三万元”决议执行情况的报告', report.number, '2026年6月30日召开的联席会议临时会议（修缮水渠）作出决议', '村党支部同意，住村工作组同意，警务室同意', '责任人黄志明，完成时限2026年7月31日', '2026年7月1日：南干渠修缮完工，经三方验收合格。（已办结）', '南干渠修缮工程款：30,000.00元', '该决议已执行完毕。特此报告。']) expect(report.text).toContain(expected);
    // Another village's officer cannot issue from these records.
    const other = await t.login('vjm-other');
    expect((await other.post(`/api/records/${pub.id}/issue`, { template: 'village-joint-meeting/publication-notice' })).status).toBe(404);
  });

  it('an unauthorised large expenditure is flagged the moment it is saved; a small one is not', async () => {
    const big = await secretary.post(`${R}/expenditure`, { voucherNo: 'QS-E2E-2', purpose: '购置办公电脑', amountFen: 1_000_000, payee: '示范县文华办公用品店', paidOn: '2026-06-30' });
    const small = await secretary.post(`${R}/expenditure`, { voucherNo: 'QS-E2E-3', purpose: '购置打印纸', amountFen: 999_999, payee: '示范县文华办公用品店', paidOn: '2026-06-30' });
    const list = await hits();
    expect(list.filter((h) => h.recordId === big.body.id).map((h) => h.ruleId)).toEqual(['village-joint-meeting/expenditure-without-decision']);
    expect(list.filter((h) => h.recordId === small.body.id)).toEqual([]);
  });

  it('rejects malformed records with field messages, never a 500', async () => {
    const bad = await secretary.post(`${R}/meeting`, { title: 'x', kind: 'ad-hoc', date: '2026-06-30', place: 'p', convenerBranch: 999_999, convenerTeam: 1, attendance: [{ party: 'work-team', expected: 1, present: 2 }], recorder: 1, agenda: [] });
    expect(bad.status).toBe(400);
    const fields = (bad.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toContain('attendance');
    const noDissent = await secretary.post(`${R}/decision`, { content: 'x', meeting: 1, agendaKind: 'funds', branchAgreement: 'agree', teamAgreement: 'agree', policeAgreement: 'object', responsible: '甲', deadline: '2026-07-31' });
    expect(noDissent.status).toBe(400);
  });

  it('computes the indicators for the assessment module', async () => {
    const res = await officer.get(`/api/indicators?institutionId=${village}`);
    expect(res.status).toBe(200);
    const v = Object.fromEntries(res.body.indicators.map((i: { id: string; value: number }) => [i.id, i.value]));
    expect(v['village-joint-meeting/weeks-with-meeting']).toBe(92.3); // 24 of 26 weeks
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const spending = (await officer.get(`${R}/expenditure?pageSize=200`)).body.items as { values: { amountFen: number; oneMatter: boolean } }[];
    const needing = spending.filter((e) => e.values.amountFen >= 1_000_000 || e.values.oneMatter).length;
    const unauthorised = (await hits()).filter((h) => h.ruleId.endsWith('expenditure-without-decision')).length; // the planted one and the one saved above
    expect(unauthorised).toBe(2);
    expect(v['village-joint-meeting/expenditures-authorised']).toBe(round1(((needing - unauthorised) * 100) / needing));
    const decisions = (await officer.get(`${R}/decision?pageSize=200`)).body.items as { values: { deadline: string } }[];
    const due = decisions.filter((d) => d.values.deadline < '2026-07-01').length;
    expect(v['village-joint-meeting/decisions-executed-on-time']).toBe(round1(((due - 1) * 100) / due)); // one planted overdue
    expect(v['village-joint-meeting/decisions-published-on-time']).toBeLessThan(100);
    expect(v['village-joint-meeting/decisions-published-on-time']).toBeGreaterThan(95); // one planted unpublished among about fifty due
  });

  it('publishes decisions and expenditures on a board anyone can read, with no login; nothing else is public', async () => {
    const anon = t.anonymous();
    const board = await anon.get('/public/qingshi-village/village-joint-meeting/board');
    expect(board.status).toBe(200);
    expect(board.text).toContain('示范县东溪镇青石村 · 村务公开栏');
    expect(board.text).toContain('联席会议决议公开');
    expect(board.text).toContain('硬化三组通组道路');
    expect(board.text).not.toContain('村委会办公楼外墙粉刷'); // never published
    expect((await anon.get('/public/qingshi-village/village-joint-meeting/dashboard')).status).toBe(404);
    expect((await anon.get('/public/no-such-village/village-joint-meeting/board')).status).toBe(404);
    expect((await anon.get('/p/village-joint-meeting/board')).status).not.toBe(200);
  });

  it('renders the meeting register, the minutes form with attendance and agenda rows, the ledger and the dashboard', async () => {
    const meetings = await officer.get('/p/village-joint-meeting/meetings?filter=kind%3Dad-hoc');
    expect(meetings.status).toBe(200);
    expect((meetings.text.match(/data-record-id=/g) ?? []).length).toBe(5);
    const form = await secretary.get('/p/village-joint-meeting/new-meeting');
    expect(form.text).toContain('name="attendance.0.party"');
    expect(form.text).toContain('name="agenda.0.topic"');
    const ledger = await officer.get('/p/village-joint-meeting/expenditures?flagged=1');
    expect(ledger.text).toContain('村委会办公楼外墙粉刷');
    expect(ledger.text).toContain('大额或“一事一议”支出未经联席会议决议');
    const dash = await officer.get('/p/village-joint-meeting/dashboard');
    expect(dash.text).toContain('会议日历（按周）');
    expect(dash.text).toContain('未召开例会');
  });

  it("keeps another village's records out of reach", async () => {
    const other = await t.login('vjm-other');
    const id = (await officer.get(`${R}/meeting?pageSize=1`)).body.items[0].id;
    expect((await other.get(`/api/records/${id}`)).status).toBe(404);
    expect((await other.get(`${R}/meeting`)).body.total).toBe(0);
  });
});
