import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { PersonEntity } from '../../core/org/org.entities';
import { EscalationService } from '../../core/warning/escalation.service';
import { villageJointMeetingPlugin as VJM } from '../../plugins/village-joint-meeting/village-joint-meeting.plugin';
import { pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { addPerson, clueSubject, COMMITTEE, startWarningApp } from '../support/warning-fixtures';

jest.setTimeout(120_000);

const cookie = (c: ApiClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const flat = (pages: string[]) => pages.join('\n').replace(/[\s\u3000]+/g, '');
const VJM_CONFIG = path.join(__dirname, '..', 'fixtures', 'vjm-config');
const R = '/api/plugins/village-joint-meeting/records';

async function pdfOf(t: TestApp, client: ApiClient, id: number, look?: string): Promise<string> {
  const res = await fetch(`${t.url}/api/documents/${id}/pdf`, { headers: { cookie: cookie(client) } });
  expect(res.status).toBe(200);
  const pdf = Buffer.from(await res.arrayBuffer());
  if (look && process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, look));
  return flat(await pdfText(pdf));
}

describe('documents print the number they were issued with; numbers run per prefix and year; minutes list who came', () => {
  let t: TestApp;
  let secretary: ApiClient;
  let dataDir: string;
  let configDir: string;
  const members = new Map<string, number>();

  const meeting = (attendance: Record<string, unknown>[]) =>
    secretary.post(`${R}/meeting`, {
      title: '联席会议临时会议（修缮水渠）',
      kind: 'ad-hoc',
      date: '2026-06-30',
      place: '青石村党群服务中心会议室',
      matter: '修缮南干渠',
      convenerBranch: members.get('黄立新'),
      convenerTeam: members.get('高文斌'),
      attendance,
      recorder: members.get('何丽娟'),
      agenda: [{ kind: 'funds', topic: '研究南干渠修缮资金', notes: '村委会说明预算三万元。' }],
      minutes: '会议同意修缮南干渠。',
      minutesNo: '青石联纪〔2026〕28号',
    });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-numbers-'));
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-numbers-config-'));
    fs.cpSync(VJM_CONFIG, configDir, { recursive: true });
    t = await startTestApp({ configDir, plugins: [VJM], dataDir });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    await t.createUser('num-secretary', [{ institution: 'qingshi-village', role: 'head' }]);
    await t.createUser('num-hongyan', [{ institution: 'hongyan-village', role: 'head' }]);
    secretary = await t.login('num-secretary');
    // A roster larger than the meeting: the 纪要 must not print those who were not there.
    for (const [name, party, role] of [
      ['黄立新', 'party-branch', 'branch-secretary'],
      ['陈秀芳', 'party-branch', 'branch-member'],
      ['李支委', 'party-branch', 'branch-member'],
      ['王支委', 'party-branch', 'branch-member'],
      ['黄志明', 'village-committee', 'committee-director'],
      ['刘桂香', 'village-committee', 'committee-member'],
      ['吴德胜', 'village-committee', 'committee-member'],
      ['高文斌', 'work-team', 'team-leader'],
      ['何丽娟', 'work-team', 'team-member'],
      ['马振华', 'police-office', 'village-police'],
    ]) {
      const r = await secretary.post(`${R}/member`, { name, party, role, active: true });
      expect(r.status).toBe(201);
      members.set(name, r.body.id);
    }
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('refuses to issue minutes whose names and counts disagree, in Chinese, before a number is taken', async () => {
    // Saved without names (they may come later), but not issuable.
    const m = await meeting([
      { party: 'party-branch', expected: 2, present: 2 },
      { party: 'village-committee', expected: 3, present: 3 },
      { party: 'work-team', expected: 2, present: 2 },
      { party: 'police-office', expected: 1, present: 1 },
    ]);
    expect(m.status).toBe(201);
    const refused = await secretary.post(`/api/records/${m.body.id}/issue`, { template: 'village-joint-meeting/minutes' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('纪要不能出具，出席情况有误：第1行（村党支部）实到2人，出席人员填了0人');
    // Names given while typing must match the counts already.
    const wrong = await meeting([{ party: 'party-branch', expected: 2, present: 2, attendees: '黄立新' }]);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('实到2人，出席人员填了1人');
    expect((await secretary.get('/api/documents')).body.items).toEqual([]);
  });

  it('issues the 纪要 under its issued number (not the record’s 纪要编号), listing exactly who came and who was absent', async () => {
    const m = await meeting([
      { party: 'party-branch', expected: 2, present: 2, attendees: '黄立新、陈秀芳' },
      { party: 'village-committee', expected: 3, present: 2, attendees: '黄志明、刘桂香', absentees: '吴德胜（病假）' },
      { party: 'work-team', expected: 2, present: 2, attendees: '高文斌、何丽娟' },
      { party: 'police-office', expected: 1, present: 1, attendees: '马振华' },
    ]);
    expect(m.status).toBe(201);
    const issued = await secretary.post(`/api/records/${m.body.id}/issue`, { template: 'village-joint-meeting/minutes' });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe('青石村〔2026〕1号');
    const text = await pdfOf(t, secretary, issued.body.id, 'vjm-minutes');
    expect(text).toContain('青石村〔2026〕1号');
    expect(text).not.toContain('青石联纪');
    expect(text).toContain('村党支部黄立新、陈秀芳（应到2人，实到2人）');
    expect(text).toContain('村委会黄志明、刘桂香（应到3人，实到2人）');
    expect(text).toContain('村委会吴德胜（病假）');
    for (const absent of ['李支委', '王支委']) expect(text).not.toContain(absent);
  });

  it('keeps one sequence per prefix: an institution that takes over a prefix continues its numbers, and a shared prefix stops boot', async () => {
    // 青石村 moves to a new prefix and 红岩村 takes over 青石村 (a renamed unit): its first number is 2, never a second 1.
    await t.close();
    const file = (code: string) => path.join(configDir, 'institutions', `${code}.yaml`);
    const edit = (code: string, prefix: string) => fs.writeFileSync(file(code), fs.readFileSync(file(code), 'utf8').replace(/^docNumberPrefix: .*$/m, `docNumberPrefix: ${prefix}`));
    edit('qingshi-village', '青石村委');
    edit('hongyan-village', '青石村');
    t = await startTestApp({ configDir, plugins: [VJM], dataDir });
    t.app.get(Clock).set('2026-07-01T03:00:00Z');
    const hongyan = await t.login('num-hongyan');
    const r = await hongyan.post(`${R}/member`, { name: '周书记', party: 'party-branch', role: 'branch-secretary', active: true });
    const leader = await hongyan.post(`${R}/member`, { name: '郑组长', party: 'work-team', role: 'team-leader', active: true });
    const m = await hongyan.post(`${R}/meeting`, {
      title: '联席会议例会',
      kind: 'weekly-regular',
      date: '2026-06-30',
      place: '红岩村村委会',
      convenerBranch: r.body.id,
      convenerTeam: leader.body.id,
      attendance: [
        { party: 'party-branch', expected: 1, present: 1, attendees: '周书记' },
        { party: 'work-team', expected: 1, present: 1, attendees: '郑组长' },
      ],
      recorder: leader.body.id,
      agenda: [{ kind: 'week-plan', topic: '部署本周重点工作' }],
    });
    expect(m.status).toBe(201);
    const issued = await hongyan.post(`/api/records/${m.body.id}/issue`, { template: 'village-joint-meeting/minutes' });
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe('青石村〔2026〕2号');
    expect(await pdfOf(t, hongyan, issued.body.id)).toContain('青石村〔2026〕2号');
    // Two institutions under one prefix: boot names both.
    await t.close();
    edit('qingshi-village', '青石村');
    await expect(startTestApp({ configDir, plugins: [VJM], dataDir })).rejects.toThrow(/docNumberPrefix: "青石村" is already the prefix of hongyan-village \(.+\); qingshi-village \(.+\) needs a prefix of its own/);
    edit('qingshi-village', '青石村委');
    t = await startTestApp({ configDir, plugins: [VJM], dataDir });
  }, 120_000);
});

describe('warning documents say what happened: escalation, 告知, extension, the quarter’s escalations, the dossier’s warnings', () => {
  let t: TestApp;
  let officer: ApiClient;
  let p5officer: ApiClient;
  let p5head: ApiClient;
  let p5deputy: ApiClient;
  let p5subject: ApiClient;
  let personId = 0;

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(EscalationService).onModuleDestroy();
    t.app.get(Clock).set('2026-10-12T02:00:00Z');
    await t.createUser('dw-officer', [
      { institution: 'w-hospital', role: 'discipline-officer' },
      { institution: 'w-hospital', role: 'head' },
    ]);
    await t.createUser('dw-p5-officer', [{ institution: 'w-township', role: 'discipline-officer' }]);
    await t.createUser('dw-p5-head', [{ institution: 'w-township', role: 'head' }]);
    await t.createUser('dw-p5-deputy', [{ institution: 'w-township', role: 'deputy-in-charge' }]);
    personId = (await addPerson(t, 'w-hospital', '周某某')).personId;
    await addPerson(t, 'w-township', '陈某某', { dept: '村务', username: 'dw-p5-subject' });
    officer = await t.login('dw-officer');
    p5officer = await t.login('dw-p5-officer');
    p5head = await t.login('dw-p5-head');
    p5deputy = await t.login('dw-p5-deputy');
    p5subject = await t.login('dw-p5-subject', 'test-password-1');
  }, 120_000);
  afterAll(() => t?.close());

  it('an escalation notice says it was escalated, from which level to which and why, without the lower level’s reason', async () => {
    const clue = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: personId, content: '群众反映其在物资采购中接受宴请。' });
    const w = await officer.post(`/api/warning/clues/${clue.body.id}/warn`, { ...(await clueSubject(officer, clue.body.id)), levelCode: 'yellow', title: '接受宴请', reason: '经初步核实，反映问题有一定事实依据，需诫勉纠错。' });
    expect((await officer.post(`/api/warning/warnings/${w.body.id}/issue`)).status).toBe(200);
    // Reported again the same day and confirmed: raised at once to 一级.
    const again = await officer.post('/api/warning/clues', { source: 'petition', subjectType: 'person', subjectPersonId: personId, content: '群众再次反映其接受供应商宴请。' });
    const confirmed = await officer.post(`/api/warning/clues/${again.body.id}/confirm`);
    expect(confirmed.status).toBeLessThan(300);
    const esc = (await officer.get(`/api/warning/warnings/${w.body.id}`)).body.steps.find((s: any) => s.kind === 'escalate');
    expect(esc.data.document.id).toBeGreaterThan(0);
    const text = await pdfOf(t, officer, esc.data.document.id, 'escalation-notice');
    expect(text).toContain('就“接受宴请”对你发出二级（黄色）预警（诫勉纠错）后，你再次被反映同类问题并经查实，现将该事项由二级（黄色）预警升级为一级（红色）预警（责令整改）。');
    expect(text).not.toContain('需诫勉纠错');
    expect(text).toContain(esc.data.document.number);
  });

  it('the quarterly report counts the escalation of that same day', async () => {
    const r = await officer.get('/api/warning/reports/quarterly?year=2026&quarter=4');
    expect(r.body.totals).toMatchObject({ warnings: 1, escalated: 1 });
    const pdf = await officer.post('/api/warning/reports/quarterly/pdf', { year: 2026, quarter: 4 });
    expect(pdf.status).toBe(201);
    expect(await pdfOf(t, officer, pdf.body.id)).toContain('其中升级预警1件');
  });

  it('the integrity dossier lists the person’s warnings with Chinese level and status', async () => {
    const res = await officer.post(`/api/assessment/dossiers/${personId}/pdf`);
    expect(res.status).toBe(201);
    const text = await pdfOf(t, officer, res.body.id, 'integrity-dossier');
    const section = text.slice(text.indexOf('四、预警记录'), text.indexOf('五、'));
    expect(section).toContain('接受宴请（一级（红色）预警）');
    expect(section).toMatch(/已发出通知|待答复|已通知/);
    expect(section).not.toMatch(/notified|decided|escalated/);
    expect(section).not.toContain('无。');
  });

  it('a 告知书 asks for a written explanation only; the extension notice addresses a person as 你', async () => {
    const c = await p5officer.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: '群众反映其在低保评审中优亲厚友。' });
    const notify = await p5officer.post(`/api/warning/clues/${c.body.id}/warn`, { subjectType: 'person', subjectPersonId: await personIdOf('陈某某'), levelCode: 'notify', title: '低保评审优亲厚友', reason: '群众反映' });
    expect(notify.status).toBe(201);
    const issued = await p5officer.post(`/api/warning/warnings/${notify.body.id}/issue`);
    const doc = issued.body.steps.at(-1).data.document;
    const notice = await pdfOf(t, p5officer, doc.id, 'notification');
    expect(notice).toContain('廉情预警告知书');
    expect(notice).toContain('需要向组织说明的情况书面报送');
    expect(notice).not.toContain('整改');

    const c2 = await p5officer.post('/api/warning/clues', { source: 'petition', subjectType: 'institution', content: '审计发现其经手的集体资产处置未经民主程序。' });
    const advice = await p5head.post(`/api/warning/clues/${c2.body.id}/warn`, { subjectType: 'person', subjectPersonId: await personIdOf('陈某某'), levelCode: 'advice', title: '资产处置未经民主程序', reason: '审计发现', ...COMMITTEE });
    expect(advice.status).toBe(201);
    await p5officer.post(`/api/warning/warnings/${advice.body.id}/issue`);
    expect((await p5subject.post(`/api/warning/warnings/${advice.body.id}/extension`, { months: 1, reason: '资产处置需要重新公示' })).status).toBe(200);
    const ok = await p5deputy.post(`/api/warning/warnings/${advice.body.id}/extension/decision`, { approve: true, comment: '同意延期一个月' });
    const ext = ok.body.steps.at(-1).data.document;
    const text = await pdfOf(t, p5officer, ext.id, 'extension-notice');
    expect(text).toContain('陈某某同志：你就“资产处置未经民主程序”');
    expect(text).not.toContain('你（单位）');
    expect(text).toContain(ext.number);
  });

  async function personIdOf(name: string): Promise<number> {
    return (await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ name }))).id;
  }
});
