import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { definePlugin } from '../../core/plugin-api';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { testPlugin } from '../fixtures/test-plugin/test-plugin.plugin';
import { FIXTURE_CONFIG, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** A roster template that (wrongly) prints names straight from a list of records with a secret name field. */
const rosterPlugin = definePlugin({
  id: 'roster-test',
  version: '1.0.0',
  name: { zh: '名册测试', en: 'Roster test' },
  coreCompatibility: '^1.0.0',
  recordTypes: [
    {
      id: 'person',
      label: { zh: '人员', en: 'Person' },
      titleField: 'code',
      fields: [
        { key: 'code', id: 'rt-code', type: 'string', label: { zh: '编号', en: 'Code' }, required: true, maxLength: 20, list: true },
        { key: 'name', id: 'rt-name', type: 'string', label: { zh: '姓名', en: 'Name' }, required: true, maxLength: 20, sensitive: { encrypt: true, mask: 'name', visibleTo: ['discipline-officer'] } },
      ],
    },
  ],
  templates: [
    {
      id: 'roster',
      label: { zh: '名册', en: 'Roster' },
      kind: 'form',
      recordType: 'person',
      file: '', // set below, once the temporary directory exists
      data: async (ctx) => ({ names: (await ctx.records.list('person')).map((p) => p.values.name), self: ctx.record && ctx.records.get ? (await ctx.records.get(ctx.record.id))?.values.name : null }),
    },
  ],
});

describe('template data hooks: lists come with identifying fields masked, whoever renders', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-roster-'));
    const tpl = path.join(dir, 'roster.hbs');
    fs.writeFileSync(tpl, '<article><p id="self">本人：{{data.self}}</p><ul>{{#each data.names}}<li>{{this}}</li>{{/each}}</ul></article>');
    rosterPlugin.templates![0].file = tpl;
    const config = path.join(dir, 'config', 'institutions');
    fs.mkdirSync(config, { recursive: true });
    for (const f of fs.readdirSync(path.join(FIXTURE_CONFIG, 'institutions'))) {
      let text = fs.readFileSync(path.join(FIXTURE_CONFIG, 'institutions', f), 'utf8');
      if (f === 'alpha-hospital.yaml') text = text.replace('plugins:\n', 'plugins:\n  - id: roster-test\n');
      fs.writeFileSync(path.join(config, f), text);
    }
    t = await startTestApp({ configDir: path.join(dir, 'config'), plugins: [...INSTALLED_PLUGINS, testPlugin, rosterPlugin] });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an officer who may see names sees the record’s own name in clear, and only masks for the list', async () => {
    await t.createUser('roster-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    const officer = await t.login('roster-officer');
    const ids: number[] = [];
    for (const [code, name] of [['P-1', '欧阳振华'], ['P-2', '司马静怡']]) {
      const res = await officer.post('/api/plugins/roster-test/records/person', { code, name });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const html = (await officer.get(`/api/records/${ids[0]}/render?template=roster-test/roster`)).text;
    expect(html).toContain('本人：欧阳振华');
    const listed = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(listed).toHaveLength(2);
    for (const name of listed) expect(['欧阳振华', '司马静怡']).not.toContain(name);
    expect(html).not.toContain('司马静怡');
  });
});
