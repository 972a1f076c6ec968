import { UserEntity } from '../../core/auth/auth.entities';
import { PersonEntity } from '../../core/org/org.entities';
import type { PluginDefinition } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { startTestApp, TestApp } from '../support/test-app';

// The test plugin with a demo seed that brings its own people (issue #23 item 6); a version of its own keeps its snapshot apart.
const withPeople: PluginDefinition = {
  ...testPlugin,
  version: '1.0.0-demo-people',
  demoSeed: async (ctx) => {
    if (ctx.institutionCode !== 'alpha-hospital') return;
    await ctx.createPerson({ name: '程远航', department: '营销部', post: '业扩报装专责', postSince: '2021-06-01', account: { username: 'alpha-marketing', role: 'staff' } });
    await ctx.createPerson({ name: '许文静', department: '营销部', post: '用电检查员' });
  },
};

describe("a plugin's demo seed brings people and accounts", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: [...INSTALLED_PLUGINS, withPeople], seed: 'plugins' });
  });
  afterAll(() => t?.close());

  it('the people stand in their institution, one department for both, each on a post of their own', async () => {
    const admin = await t.login((await t.createUser('dp-admin', [], { admin: true }), 'dp-admin'));
    const alpha = await t.institutionId('alpha-hospital');
    const people = (await admin.get(`/api/institutions/${alpha}/people`)).body as { name: string; title: string; departmentId: number | null; postSince: string | null }[];
    const seeded = people.filter((p) => ['程远航', '许文静'].includes(p.name));
    expect(seeded.map((p) => [p.name, p.title, p.postSince])).toEqual([
      ['程远航', '业扩报装专责', '2021-06-01'],
      ['许文静', '用电检查员', null],
    ]);
    expect(new Set(seeded.map((p) => p.departmentId)).size).toBe(1);
    const departments = (await admin.get(`/api/institutions/${alpha}/departments`)).body as { name: string }[];
    expect(departments.filter((d) => d.name === '营销部')).toHaveLength(1);
    // Nowhere else: the seed ran per institution and chose one.
    const beta = await t.institutionId('beta-bureau');
    expect(((await admin.get(`/api/institutions/${beta}/people`)).body as { name: string }[]).map((p) => p.name)).not.toContain('程远航');
  });

  it('the account logs in with the demo password, as staff of that institution, tied to the person', async () => {
    const client = await t.login('alpha-marketing', DEMO_PASSWORD);
    const me = (await client.get('/api/me')).body;
    expect(me).toMatchObject({ username: 'alpha-marketing', displayName: '程远航' });
    expect(JSON.stringify(me.roles)).toContain('staff');
    const user = await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'alpha-marketing' }));
    const person = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ id: user.personId! }));
    expect({ name: person.name, institutionId: person.institutionId }).toEqual({ name: '程远航', institutionId: await t.institutionId('alpha-hospital') });
  });
});
