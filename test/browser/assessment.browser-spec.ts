import { UserEntity } from '../../core/auth/auth.entities';
import { PersonEntity } from '../../core/org/org.entities';
import { clickAndWait, dialogsOf, launchBrowser, loginViaForm, open, screenshot, TestBrowser, textOf, textsOf } from '../support/browser';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

describe('assessment screens in headless Chromium', () => {
  let t: TestApp;
  let b: TestBrowser;
  let officer: ApiClient;
  let alpha: number;
  let people: number[];
  let scheme2026: number;
  let roundId: number;
  let draftId: number;

  /** A finalised scheme on paper ballots: 3 people, one paper tally each. */
  async function paperPeriod(period: string, tallies: [number, number, number, number, number][]): Promise<number> {
    const s = await officer.post('/api/assessment/schemes', {
      name: `${period}年度党风廉政建设考核`,
      period,
      items: [{ area: '民主测评', name: '职工民主测评', maxPoints: 100, method: 'evaluation' }],
      subjects: people.map((id) => ({ kind: 'person', id })),
    });
    const subjects = (await officer.get(`/api/assessment/schemes/${s.body.id}`)).body.subjects;
    const r = await officer.post(`/api/assessment/schemes/${s.body.id}/rounds`, { name: '测评会', mode: 'paper' });
    for (let i = 0; i < subjects.length; i++) {
      const [excellent, good, fair, poor, invalid] = tallies[i];
      await officer.request('PUT', `/api/assessment/rounds/${r.body.id}/paper-tally`, { subjectId: subjects[i].id, excellent, good, fair, poor, invalid });
    }
    await officer.post(`/api/assessment/rounds/${r.body.id}/close`);
    return s.body.id;
  }

  beforeAll(async () => {
    [t, b] = await Promise.all([startTestApp(), launchBrowser()]);
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('root', [], { admin: true });
    await t.createUser('officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    officer = await t.login('officer');
    const dept = (await (await t.login('root')).post(`/api/institutions/${alpha}/departments`, { name: '药剂科' })).body.id;
    people = await t.db.write(async (m) => {
      const ids: number[] = [];
      for (const [name, title] of [['陈明', '药剂科主任'], ['刘芳', '药师'], ['赵强', '采购员']]) {
        const p = m.getRepository(PersonEntity).create({ institutionId: alpha, departmentId: dept, postId: null, name, title, postSince: null });
        await m.getRepository(PersonEntity).insert(p);
        ids.push(p.id);
      }
      return ids;
    });
    const chen = await t.createUser('chen', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.db.write((m) => m.getRepository(UserEntity).update({ id: chen }, { personId: people[0] }));
    const s2025 = await paperPeriod('2025', [
      [20, 5, 0, 0, 1],
      [10, 10, 5, 0, 0],
      [5, 10, 8, 2, 0],
    ]);
    await officer.post(`/api/assessment/schemes/${s2025}/finalise`);
    scheme2026 = await paperPeriod('2026', [
      [22, 3, 0, 0, 0],
      [6, 12, 6, 1, 1],
      [2, 8, 10, 5, 0],
    ]);
    const online = await officer.post('/api/assessment/schemes', {
      name: '2026年度中层干部民主测评',
      period: '2026',
      items: [{ area: '民主测评', name: '职工民主测评', maxPoints: 100, method: 'evaluation' }],
      subjects: people.map((id) => ({ kind: 'person', id })),
    });
    roundId = (await officer.post(`/api/assessment/schemes/${online.body.id}/rounds`, { name: '2026年度中层干部民主测评', mode: 'online', voterUserIds: [chen] })).body.id;
    await officer.post('/api/assessment/vetoes', { personId: people[2], year: 2026, reason: '因违规收受礼品受党内警告处分' });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('casts a ballot through the form once, then shows that the voter has voted', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'chen');
    await open(page, `${t.url}/assessment`);
    expect(await textsOf(page, '.asm-rounds a')).toContain('2026年度中层干部民主测评');
    await open(page, `${t.url}/assessment/rounds/${roundId}/vote`);
    expect(await textsOf(page, '.asm-ballot thead th')).toEqual(['考核对象', '优秀', '良好', '一般', '差', '弃权']);
    await screenshot(page, 'assessment-ballot');
    let inputs = await page.$$('.asm-ballot tbody tr');
    await (await inputs[0].$('input[value="excellent"]'))!.click();
    await (await inputs[1].$('input[value="good"]'))!.click();
    // A person left without a choice: the browser holds the sheet back, and the server refuses it naming the person.
    expect(await page.$eval('form[data-testid="ballot-form"]', (f) => (f as HTMLFormElement).checkValidity())).toBe(false);
    await page.$eval('form[data-testid="ballot-form"]', (f) => ((f as HTMLFormElement).noValidate = true));
    await clickAndWait(page, 'form[data-testid="ballot-form"] button');
    expect(await textOf(page, '.error')).toBe('请为每位考核对象选择一项（不作评价的选“弃权”），未选：赵强');
    expect(await page.$('form[data-testid="ballot-form"]')).not.toBeNull();
    inputs = await page.$$('.asm-ballot tbody tr');
    await (await inputs[0].$('input[value="excellent"]'))!.click();
    await (await inputs[1].$('input[value="good"]'))!.click();
    await (await inputs[2].$('input[value="invalid"]'))!.click();
    await clickAndWait(page, 'form[data-testid="ballot-form"] button');
    expect(await textOf(page, '.asm-ok')).toBe('您已投票，感谢参与。');
    expect(await page.$('form[data-testid="ballot-form"]')).toBeNull();
  });

  it('shows results with the cap and its reason, the grade chart and the trend over periods', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment/schemes/${scheme2026}`);
    const rows = await page.$$eval('table[data-testid="results"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll(':scope > td')).map((td) => (td as HTMLElement).innerText.split('\n')[0].trim())));
    // 陈明: (22×100 + 3×80) / 25 = 2440 / 25 = 97.60 → 优秀; a dossier veto on 赵强 does not touch his 一般.
    expect(rows[0].slice(0, 6)).toEqual(['1', '陈明', '97.60', '97.60', '优秀', '优秀']);
    // 刘芳: (6×100 + 12×80 + 6×60 + 0) / 25 = 1920 / 25 = 76.80 → 一般
    expect(rows[1].slice(0, 6)).toEqual(['2', '刘芳', '76.80', '76.80', '一般', '一般']);
    // 赵强: (2×100 + 8×80 + 10×60 + 0) / 25 = 1440 / 25 = 57.60 → 差, below 59: admonishment talk proposed
    expect(rows[2].slice(0, 6)).toEqual(['3', '赵强', '57.60', '57.60', '差', '差']);
    expect(rows[2][7]).toBe('否');
    expect(rows[2][8]).toBe('建议给予诫勉谈话或组织处理');
    expect(await page.$$eval('svg.asm-chart rect.asm-bar', (r) => r.length)).toBe(4);
    expect(await page.$$eval('svg.asm-chart polyline.asm-line', (r) => r.length)).toBe(3);
    await screenshot(page, 'assessment-scheme');
    const xlsx = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, `${t.url}/assessment/schemes/${scheme2026}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(xlsx.size).toBeGreaterThan(1000);
  });

  it('refuses to finalise with an open round and says why on the page', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    const online = (await officer.get('/api/assessment/schemes')).body.find((s: { name: string }) => s.name === '2026年度中层干部民主测评');
    await open(page, `${t.url}/assessment/schemes/${online.id}`);
    await clickAndWait(page, `form[action="/assessment/schemes/${online.id}/finalise"] button`);
    expect(await textOf(page, '[data-testid="scheme-error"]')).toBe('仍有未结束的民主测评，请先结束测评');
  });

  it('creates a scheme through the form, with the points error shown next to the items', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment`);
    await page.type('input[name="name"]', '2026年上半年考核');
    await page.type('input[name="area0"]', '教育学习');
    await page.type('input[name="name0"]', '廉政学习');
    await page.type('input[name="maxPoints0"]', '40');
    await page.click('input[name="subjects"]');
    await clickAndWait(page, 'form[action="/assessment/schemes"] button[type="submit"]');
    expect(await textOf(page, '[data-testid="items-error"]')).toBe('考核内容及分值（合计100分）：各项目分值之和必须为100分，当前为40分');
    await screenshot(page, 'assessment-new-error');
    await page.$eval('input[name="maxPoints0"]', (el) => ((el as HTMLInputElement).value = '100'));
    await clickAndWait(page, 'form[action="/assessment/schemes"] button[type="submit"]');
    expect(page.url()).toMatch(/\/assessment\/schemes\/\d+$/);
    expect(await textOf(page, 'h1')).toBe('2026年上半年考核');
  });

  it('shows published results to staff, without the officer tools', async () => {
    const past = (await officer.get('/api/assessment/schemes')).body.find((s: { period: string }) => s.period === '2025');
    await officer.post(`/api/assessment/schemes/${past.id}/publish`);
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'chen');
    await open(page, `${t.url}/assessment`);
    expect(await textsOf(page, 'table[data-testid="scheme-list"] a')).toEqual(['2025年度党风廉政建设考核']);
    await clickAndWait(page, 'table[data-testid="scheme-list"] a');
    expect(await page.$$eval('table[data-testid="results"] tbody tr', (r) => r.length)).toBe(3);
    expect(await page.$('form[action$="/finalise"]')).toBeNull();
  });

  it('records a veto from the dossier page, with the missing reason shown next to the field', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment/dossiers/${people[1]}`);
    await clickAndWait(page, `form[action="/assessment/dossiers/${people[1]}/vetoes"] button`);
    expect(await textOf(page, 'label.invalid small.error')).toBe('原因：不能为空');
    await page.type('textarea[name="reason"]', '违规发放津贴受诫勉处理');
    await clickAndWait(page, `form[action="/assessment/dossiers/${people[1]}/vetoes"] button`);
    expect(await textsOf(page, '.asm-timeline strong')).toEqual(expect.arrayContaining([expect.stringMatching(/^一票否决（\d{4}年度）$/)]));
  });

  it('shows a dossier to the officer and logs the view', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment/dossiers`);
    await clickAndWait(page, `a[href="/assessment/dossiers/${people[2]}"]`);
    expect(await textOf(page, 'h1')).toBe('廉政档案 · 赵强');
    expect(await textsOf(page, '.asm-timeline strong')).toEqual(expect.arrayContaining(['一票否决（2026年度）']));
    await screenshot(page, 'assessment-dossier');
    const views = await page.$$eval('table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(views).toContain('officer');
  });

  it('edits a draft scheme’s items and rules through the forms, the wrong sum shown next to the items', async () => {
    const draft = await officer.post('/api/assessment/schemes', {
      name: '2027年上半年廉政考核',
      period: '2027-H1',
      assessmentDate: '2027-06-30',
      items: [
        { area: '民主测评', name: '职工民主测评', maxPoints: 60, method: 'evaluation' },
        { area: '教育学习', name: '廉政学习记录', maxPoints: 40, method: 'manual' },
      ],
      subjects: people.map((id) => ({ kind: 'person', id })),
    });
    draftId = draft.body.id;
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment/schemes/${draft.body.id}`);
    await clickAndWait(page, `a[href="/assessment/schemes/${draft.body.id}/edit"]`);
    await page.type('input[name="area2"]', '责任制落实');
    await page.type('input[name="name2"]', '责任制任务（缺1扣2）');
    await page.type('input[name="maxPoints2"]', '10');
    await page.select('select[name="method2"]', 'deduction');
    await page.type('input[name="perMissing2"]', '2');
    await clickAndWait(page, `form[action="/assessment/schemes/${draft.body.id}/items"] button`);
    expect(await textOf(page, '[data-testid="items-error"]')).toBe('考核内容及分值（合计100分）：各项目分值之和必须为100分，当前为110分');
    expect(await textOf(page, '[data-testid="items-sum"]')).toBe('110');
    await screenshot(page, 'assessment-edit-error');
    await page.$eval('input[name="maxPoints1"]', (el) => ((el as HTMLInputElement).value = '30'));
    await clickAndWait(page, `form[action="/assessment/schemes/${draft.body.id}/items"] button`);
    expect(page.url()).toMatch(new RegExp(`/assessment/schemes/${draft.body.id}$`));
    expect(await textOf(page, 'tfoot th:nth-child(2)')).toBe('100');
    expect(await textsOf(page, '[data-testid="voter-picker"] label')).toEqual(['陈明（药剂科主任）', 'officer']);
    await screenshot(page, 'assessment-voters');
  });

  it('lets the assessed person submit a self-report from the assessment page', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'chen');
    await open(page, `${t.url}/assessment`);
    await clickAndWait(page, `[data-testid="my-self-reports"] a.button[href="/assessment/schemes/${draftId}/self-report"]`);
    expect(await textOf(page, 'h1')).toBe('提交述职述廉报告');
    await page.$eval('input[name="title"]', (el) => ((el as HTMLInputElement).value = ''));
    await clickAndWait(page, 'form[action$="/self-report"] button');
    expect(await textOf(page, '[data-testid="error-title"]')).toBe('标题：不能为空');
    expect(await textOf(page, '[data-testid="error-body"]')).toBe('报告正文：不能为空');
    await screenshot(page, 'assessment-self-report-error');
    await page.type('input[name="title"]', '2027年上半年述职述廉报告');
    await page.type('textarea[name="body"]', '半年来，本人认真履行“一岗双责”，带头遵守廉洁纪律。');
    await clickAndWait(page, 'form[action$="/self-report"] button');
    expect(await textOf(page, '[data-testid="self-report-saved"]')).toBe('述职述廉报告已提交。');
  });

  it('opens an online round from the scheme page; the voter finds it in the to-do list; a second round waits; counts show once closed', async () => {
    const page = await b.newPage();
    await loginViaForm(page, t.url, 'officer');
    await open(page, `${t.url}/assessment/schemes/${draftId}`);
    const roundForm = `form[action="/assessment/schemes/${draftId}/rounds"]`;
    await page.$eval(`${roundForm} input[name=roundName]`, (el) => ((el as HTMLInputElement).value = ''));
    await page.type(`${roundForm} input[name=roundName]`, '2027年上半年民主测评');
    // Only 陈明 votes: the officer unticks himself.
    await page.$$eval('[data-testid="voter-picker"] label', (ls) => ls.filter((l) => (l.textContent ?? '').trim() === 'officer').forEach((l) => l.querySelector('input')!.click()));
    await clickAndWait(page, `${roundForm} button[type=submit]`);
    expect(await textsOf(page, '.asm-round strong')).toEqual(['2027年上半年民主测评']);
    await screenshot(page, 'assessment-round-open');
    // A second round cannot open while this one runs: the form is gone and the page says why (the server refuses it too, 409).
    expect(await page.$(roundForm)).toBeNull();
    expect(await textOf(page, '[data-testid="results-evaluating"]')).toContain('测评进行中，结束后公布结果');
    expect(await textsOf(page, '.asm-round strong')).toEqual(['2027年上半年民主测评']);
    await screenshot(page, 'assessment-round-second-refused');

    const voter = await b.newPage();
    await loginViaForm(voter, t.url, 'chen');
    expect(await textOf(voter, '[data-testid=todo]')).toContain('待投票的民主测评');
    await clickAndWait(voter, '[data-testid=todo] a[href$="/vote"]');
    const rows = await voter.$$('.asm-ballot tbody tr');
    for (const [i, choice] of ['good', 'excellent', 'invalid'].entries()) await (await rows[i].$(`input[value="${choice}"]`))!.click();
    await clickAndWait(voter, 'form[data-testid="ballot-form"] button');
    expect(await textOf(voter, '.asm-ok')).toBe('您已投票，感谢参与。');
    await open(voter, `${t.url}/`);
    expect(await textOf(voter, '[data-testid=todo]')).not.toContain('待投票的民主测评');

    // While the round runs no count shows; closing it (after a confirmation) shows them.
    await open(page, `${t.url}/assessment/schemes/${draftId}`);
    expect(await page.$('table.asm-tally')).toBeNull();
    await clickAndWait(page, 'form[action$="/close"] button');
    expect(dialogsOf(page).at(-1)).toBe('结束后不能再投票，将按已投票数计算结果。确定结束测评？');
    const tally = await page.$$eval('table.asm-tally tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => (td.textContent ?? '').trim())));
    expect(tally).toEqual([
      ['陈明', '0', '1', '0', '0', '0'],
      ['刘芳', '1', '0', '0', '0', '0'],
      ['赵强', '0', '0', '0', '0', '1'],
    ]);
    await screenshot(page, 'assessment-round-closed');
  });
});
