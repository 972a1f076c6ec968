import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { seedAssessmentDemo } from '../../core/assessment/assessment-demo.seed';
import { Clock } from '../../core/clock/clock';
import { seedRiskDemo } from '../../core/risk/risk-demo.seed';
import { SelfCheckService } from '../../core/risk/self-check.service';
import { seedWarningDemo } from '../../core/warning/warning-demo.seed';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(90_000);

const main = (html: string) => html.slice(html.indexOf('<main id="main">'), html.lastIndexOf('</main>'));
const todoCard = (html: string) => {
  const from = html.indexOf('data-testid="todo"');
  return from < 0 ? '' : html.slice(from, html.indexOf('</section>', from));
};

/** The home page's 我的待办 and the menu's count, fed by every module through the TodoRegistry (issue #18 point 5, #19 item 1). */
describe('to-do list on the home page and its count in the menu', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-05-04T02:00:00Z', seed: 'demo' });
    // The hospital's risk, warning and assessment demo, as `npm start` seeds it: self-checks, clues, an online round.
    await seedRiskDemo(t.app, 'county-hospital');
    await seedWarningDemo(t.app, { institutionCode: 'county-hospital' });
    await seedAssessmentDemo(t.app, 'county-hospital');
  });
  afterAll(() => t?.close());

  it('lists the ballot a voter still owes and links to it; the menu shows the same count as the list', async () => {
    const buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
    const home = (await buyer.get('/')).text;
    const card = todoCard(home);
    expect(card).toContain('待投票的民主测评');
    expect(card).toContain('待答复的预警');
    const ballot = /href="(\/assessment\/rounds\/\d+\/vote)"/.exec(card)?.[1];
    expect(ballot).toBeDefined();
    expect((await buyer.get(ballot!)).status).toBe(200);
    const items = (card.match(/<li/g) ?? []).length;
    expect(items).toBeGreaterThan(0);
    expect(/data-testid="todo-count"[^>]*>(\d+)</.exec(home)?.[1]).toBe(String(items));
    // Another page shows the same count in its menu.
    expect(/data-testid="todo-count"[^>]*>(\d+)</.exec((await buyer.get('/warning/mine')).text)?.[1]).toBe(String(items));
  });

  it('lists the officer’s clues to triage, soonest due first, each linking to its clue', async () => {
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    const card = todoCard((await officer.get('/')).text);
    expect(card).toContain('待研判的预警信息');
    const links = [...card.matchAll(/href="(\/warning\/clues\/\d+)"/g)].map((x) => x[1]);
    expect(links.length).toBeGreaterThan(0);
    const dues = [...card.matchAll(/期限 (\d{4}-\d{2}-\d{2})/g)].map((x) => x[1]);
    expect(dues).toEqual([...dues].sort());
    expect((await officer.get(links[0])).status).toBe(200);
  });

  it('shows an empty state, and no count, to someone nothing waits for', async () => {
    const admin = await t.login('admin', DEMO_PASSWORD);
    const home = (await admin.get('/')).text;
    expect(main(home)).toContain('暂无待办事项');
    expect(home).not.toContain('data-testid="todo-count"');
  });

  it('lists the self-checks a person is responsible for once the period opens, overdue ones in red', async () => {
    const clock = t.app.get(Clock);
    clock.set('2026-06-15T02:00:00Z');
    await t.app.get(SelfCheckService).runSelfCheckScan(clock.now());
    // The person responsible for a point reports its self-check: find one with an account.
    const [owner] = await t.db.read((m) => m.query(`SELECT u.username FROM risk_self_checks c JOIN users u ON u.person_id = c.person_id WHERE c.status = 'due' ORDER BY c.id LIMIT 1`));
    expect(owner).toBeDefined();
    const responsible = await t.login(owner.username, DEMO_PASSWORD);
    const card = todoCard((await responsible.get('/')).text);
    expect(card).toContain('待报告的风险自查');
    expect(card).toContain('href="/risk/self-checks"');
    expect(card).toContain('期限 2026-06-20');
    clock.set('2026-06-23T02:00:00Z');
    const late = todoCard((await responsible.get('/')).text);
    expect(late).toMatch(/<li class="overdue"><a href="\/risk\/self-checks">/);
  });
});
