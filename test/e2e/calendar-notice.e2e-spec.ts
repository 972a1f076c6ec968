import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { CalendarService } from '../../core/calendar/calendar.service';
import { Clock } from '../../core/clock/clock';
import { RulesService } from '../../core/rules/rules.service';
import { WarningMessageEntity } from '../../core/warning/warning.entities';
import { ApiClient, TestApp } from '../support/test-app';
import { addPerson, clueSubject, startWarningApp, upload } from '../support/warning-fixtures';

jest.setTimeout(60_000);

/** Issue #23 item 5: a State Council notice entered on /admin/calendar applies at once and moves open deadlines. */
describe('holiday calendar: notices entered on the screen', () => {
  let t: TestApp;
  let admin: ApiClient;
  let officer: ApiClient;
  let subject: ApiClient;
  let personId: number;

  const post = (c: ApiClient, url: string, fields: [string, string][]) =>
    c.post(url, new URLSearchParams([...fields, ['_csrf', c.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  const rows = (holidays: [string, string, string][], workdays: string[]): [string, string][] => [
    ...holidays.flatMap(([n, f, to]): [string, string][] => [['holidayName', n], ['holidayFrom', f], ['holidayTo', to]]),
    ...workdays.map((d): [string, string] => ['workday', d]),
  ];
  const notices = () => t.db.read((m) => m.query('SELECT year FROM calendar_notices'));
  /** The calendar a plugin rule sees on its context (core/plugin-api WorkingDays). */
  const pluginCalendar = async () => t.db.read(async (m) => t.app.get(RulesService).context(m, await t.institutionId('w-township'), 'any', {}, new Date()).calendar!);

  beforeAll(async () => {
    t = await startWarningApp();
    t.app.get(Clock).set('2026-12-28T02:00:00Z');
    await t.createUser('cal-admin', [], { admin: true });
    await t.createUser('cal-officer', [{ institution: 'w-township', role: 'discipline-officer' }]);
    personId = (await addPerson(t, 'w-township', '秦某某', { dept: '村务', username: 'cal-subject' })).personId;
    admin = await t.login('cal-admin');
    officer = await t.login('cal-officer');
    subject = await t.login('cal-subject');
  });
  afterAll(() => t.close());

  it('lists the years with their source and warns that the 2027 notice is missing', async () => {
    const page = await admin.get('/admin/calendar');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-year="2027"[\s\S]*?按法定节假日推算/);
    expect(page.text).toMatch(/data-year="2026"[\s\S]*?随平台发布的通知文件/);
    expect(page.text).toContain('data-testid="calendar-missing"');
    expect((await officer.get('/admin/calendar')).status).toBe(403);
    const year = await admin.get('/admin/calendar/2027');
    expect(year.text).toMatch(/data-testid="calendar-holidays"[\s\S]*?春节[\s\S]*?2027年2月5日/);
    expect((await admin.get('/admin/calendar/1999')).status).toBe(404);
  });

  it('refuses bad notices with the field named, exactly as the YAML loader, and saves nothing', async () => {
    const cases: [[string, string, string][], string[], string][] = [
      [[['元旦', '2027-01-01', '']], ['2027-01-05'], 'workdays[0].date：2027-01-05 是工作日（周一至周五），只有周末才能调休上班'],
      [[['元旦', '2027-01-01', '2027-01-03']], ['2027-01-02'], 'workdays[0].date：2027-01-02 同时列为放假日'],
      [[['', '', ''], ['春节', '2026-02-15', '']], [], 'holidays[1].from：2026-02-15 不在 2027 年内'],
      [[['春节', '2027-02-13', '2027-02-05']], [], 'holidays[0].to：2027-02-05 早于开始日期 2027-02-13'],
    ];
    for (const [h, w, message] of cases) {
      const res = await post(admin, '/admin/calendar/2027', rows(h, w));
      expect(res.status).toBe(400);
      expect(res.text).toContain(message);
    }
    const yaml = await post(admin, '/admin/calendar/2027/import', [['yaml', 'year: 2027\nworkdays: [{ date: 2027-01-05 }]\n']]);
    expect(yaml.status).toBe(400);
    expect(yaml.text).toContain('workdays[0].date：2027-01-05 是工作日');
    const en = await admin.post('/admin/calendar/2027/import', new URLSearchParams([['yaml', 'year: 2027\nholidays: [{ name: 春节, from: 2027-02-13, to: 2027-02-05 }]\n'], ['_csrf', admin.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.text).toContain('holidays[0].to: 2027-02-05 is before from 2027-02-13');
    const file = await upload(t, admin, '/admin/calendar/2027/upload', Buffer.from('year: 2027\nholidays: [{ name: 元旦, from: 2027-01-01 }]\nworkdays: [{ date: 2027-01-01 }]\n'), '2027.yaml', 'application/yaml');
    expect(file.status).toBe(400);
    expect(file.body).toContain('workdays[0].date：2027-01-01 同时列为放假日');
    expect((await upload(t, officer, '/admin/calendar/2027/upload', Buffer.from('year: 2027\n'), '2027.yaml', 'application/yaml')).status).toBe(403);
    expect(await notices()).toEqual([]);
    expect(t.app.get(CalendarService).status(2027).source).toBe('estimate');
  });

  it('a 2027 notice entered through the form moves an open deadline across 元旦 and it is no longer marked 推算', async () => {
    const clue = (await officer.post('/api/warning/clues', { source: 'informant', subjectType: 'person', subjectPersonId: personId, content: '群众反映其在年终慰问中优亲厚友。' })).body.id as number;
    const w = (await officer.post(`/api/warning/clues/${clue}/warn`, { ...(await clueSubject(officer, clue)), levelCode: 'notify', title: '年终慰问优亲厚友', reason: '群众反映' })).body;
    const issued = (await officer.post(`/api/warning/warnings/${w.id}/issue`)).body;
    // 七个工作日 on the statutory days: 12-29, 12-30, 12-31, (01-01 元旦) 01-04 … 01-07
    expect(issued.dueDate).toBe('2027-01-07');
    const before = await pluginCalendar();
    expect([before.isWorkingDay('2027-01-04'), before.isEstimate('2027-01-04'), before.addWorkingDays('2026-12-31', 1)]).toEqual([true, true, '2027-01-04']);
    expect((await officer.get(`/warning/warnings/${w.id}`)).text).toContain('data-testid="due-estimate"');

    // The notice bridges Monday 01-04 and makes Saturday 01-09 a working day; 春节 runs 02-05 to 02-13.
    const res = await post(admin, '/admin/calendar/2027', rows([['元旦', '2027-01-01', '2027-01-04'], ['春节', '2027-02-05', '2027-02-13'], ['', '', '']], ['2027-01-09', '2027-02-20', '']));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/calendar/2027?saved=1');

    // Plugins count on the notice at once, through the same context object kind they already hold.
    expect([before.isWorkingDay('2027-01-04'), before.isEstimate('2027-01-04'), before.addWorkingDays('2026-12-31', 1)]).toEqual([false, false, '2027-01-05']);
    const after = (await officer.get(`/api/warning/warnings/${w.id}`)).body;
    // 12-29, 12-30, 12-31, (01-01..01-04 off) 01-05, 01-06, 01-07, 01-08
    expect(after.dueDate).toBe('2027-01-08');
    expect(after.steps.at(-1)).toMatchObject({ kind: 'recompute-deadline', data: expect.objectContaining({ previousDueDate: '2027-01-07', dueDate: '2027-01-08' }) });
    const page = (await officer.get(`/warning/warnings/${w.id}`)).text;
    expect(page).toMatch(/data-testid="due">2027-01-08/);
    expect(page).not.toContain('data-testid="due-estimate"');
    expect(page).toContain('按节假日安排重新计算期限');

    const messages = await t.db.read((m) => m.getRepository(WarningMessageEntity).findBy({ warningId: w.id, kind: 'warning.deadline-moved' }));
    expect(messages.length).toBeGreaterThanOrEqual(2); // the subject and the officer
    expect((await subject.get('/api/warning/messages?pageSize=50')).body.items.map((m: any) => m.title)).toContain(`预警 #${w.id} 的答复期限按2027年节假日安排调整为 2027-01-08`);
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { action: 'calendar.notice' } }));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail)).toMatchObject({ year: 2027, from: 'estimate', via: 'form' });
    expect(await t.db.read((m) => m.getRepository(AuditEntryEntity).countBy({ action: 'warning.recompute-deadline', objectId: String(w.id) }))).toBe(1);

    const list = (await admin.get('/admin/calendar')).text;
    expect(list).toMatch(/data-year="2027"[\s\S]*?已录入国务院通知[\s\S]*?cal-admin/);
    expect(list).not.toContain('data-testid="calendar-missing"');
    const year = (await admin.get('/admin/calendar/2027')).text;
    expect(year).toMatch(/data-testid="calendar-workdays"[\s\S]*?2027年1月9日（星期六）/);

    // A notice file for 2028 uploaded as it is shipped in config/calendar.
    const file = await upload(t, admin, '/admin/calendar/2028/upload', Buffer.from('# 国务院办公厅通知\nyear: 2028\nholidays:\n  - { name: 元旦, from: 2028-01-01, to: 2028-01-03 }\nworkdays: []\n'), '2028.yaml', 'application/yaml');
    expect(file.status).toBe(200); // fetch followed the redirect to the saved year
    expect(file.body).toContain('data-testid="calendar-saved"');
    expect(t.app.get(CalendarService).status(2028)).toMatchObject({ source: 'notice', via: 'yaml' });

    // Entering the same notice again moves nothing more.
    await post(admin, '/admin/calendar/2027', rows([['元旦', '2027-01-01', '2027-01-04'], ['春节', '2027-02-05', '2027-02-13']], ['2027-01-09', '2027-02-20']));
    expect((await officer.get(`/api/warning/warnings/${w.id}`)).body.steps.filter((s: any) => s.kind === 'recompute-deadline')).toHaveLength(1);
  });
});
