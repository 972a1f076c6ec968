import * as path from 'node:path';
import { DEMO_PASSWORD, seedDemo, seedPluginDemos } from '../../apps/cli/demo-seed';
import { UsersService } from '../../core/auth/users.service';
import { Clock } from '../../core/clock/clock';
import { RecordsService } from '../../core/records/records.service';
import { RulesService } from '../../core/rules/rules.service';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const P = '/api/plugins/tb-referral/records';

describe('tb-referral plugin on the demo TB network (real server, real database, demo year)', () => {
  let t: TestApp;
  let admin: ApiClient;
  let hospital: ApiClient;
  let taoyuan: ApiClient;
  let dongxi: ApiClient;
  let officer: ApiClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config') });
    t.app.get(Clock).set('2026-11-22T03:00:00Z');
    console.time('users');
    await seedDemo(t.db, t.app.get(UsersService));
    console.timeEnd('users');
    console.time('plugins');
    await seedPluginDemos({ db: t.db, host: t.host, records: t.app.get(RecordsService), rules: t.app.get(RulesService), clock: t.app.get(Clock) });
    // Townships and the hospital read referrals made by clinics seeded after them: one more scan sees the whole network.
    console.timeEnd('plugins');
    console.time('scan');
    await t.app.get(RulesService).scanAll();
    console.timeEnd('scan');
    for (const code of ['district-cdc', 'district-tb-hospital', 'dongxi-township-hc', 'nanshan-township-hc', 'liuwan-village-clinic', 'taoyuan-village-clinic', 'meilin-village-clinic', 'shiqiao-village-clinic']) ids[code] = await t.institutionId(code);
    await t.createUser('tb-root', [], { admin: true });
    await t.createUser('tb-officer', [{ institution: 'taoyuan-village-clinic', role: 'discipline-officer' }]);
    admin = await t.login('tb-root');
    hospital = await t.login('tbh-doctor', DEMO_PASSWORD);
    taoyuan = await t.login('taoyuan-doctor', DEMO_PASSWORD);
    dongxi = await t.login('dongxi-doctor', DEMO_PASSWORD);
    officer = await t.login('tb-officer');
  }, 600_000);
  afterAll(() => t?.close());

  const hits = async (code: string) => ((await admin.get(`/api/rule-hits?institutionId=${ids[code]}`)).body as { ruleId: string }[]).filter((h) => h.ruleId.startsWith('tb-referral/'));
  const count = (list: { ruleId: string }[]) => {
    const out: Record<string, number> = {};
    for (const h of list) out[h.ruleId.slice('tb-referral/'.length)] = (out[h.ruleId.slice('tb-referral/'.length)] ?? 0) + 1;
    return out;
  };

  it('DEBUG prints', async () => {
    for (const code of Object.keys(ids)) {
      // eslint-disable-next-line no-console
      console.log(code, JSON.stringify(count(await hits(code))), JSON.stringify((await admin.get(`/api/indicators?institutionId=${ids[code]}`)).body.indicators.filter((i: any) => i.id.startsWith('tb-')).map((i: any) => [i.id, i.value, i.target])));
    }
  });
});
