/**
 * A plugin public form with no thanks text of its own gets core's generic thanks (no plugin's wording), and its
 * signed link carries the listening server's address when PUBLIC_URL is not set (never port 0).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { definePlugin } from '../../core/plugin-api';
import { startTestApp, TestApp } from '../support/test-app';

const plugin = definePlugin({
  id: 'survey-demo',
  name: { zh: '回访调查', en: 'Follow-up survey' },
  version: '1.0.0',
  coreCompatibility: '^1.0.0',
  recordTypes: [
    {
      id: 'visit',
      label: { zh: '走访', en: 'Visit' },
      titleField: 'place',
      fields: [
        { key: 'place', id: 'sd-place', type: 'string', label: { zh: '走访地点', en: 'Place' }, required: true, maxLength: 60, list: true },
        { key: 'rating', id: 'sd-rating', type: 'enum', label: { zh: '满意度', en: 'Rating' }, options: [{ value: 'good', label: { zh: '满意', en: 'Good' } }, { value: 'poor', label: { zh: '不满意', en: 'Poor' } }] },
        { key: 'answeredOn', id: 'sd-answered', type: 'date', label: { zh: '回复日期', en: 'Answered on' } },
      ],
    },
  ],
  publicForms: [{ id: 'feedback', label: { zh: '走访满意度回访', en: 'Visit feedback' }, recordType: 'visit', fields: ['rating'], answeredField: 'answeredOn' }],
});

describe('generic public form thanks and link base', () => {
  let t: TestApp;
  let configDir: string;

  beforeAll(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-pfg-'));
    fs.mkdirSync(path.join(configDir, 'institutions'));
    fs.writeFileSync(path.join(configDir, 'institutions', 'delta-office.yaml'), 'code: delta-office\nname: 丁办公室\nnameEn: Delta Office\ntype: other\nletterhead: 丁办公室\ndocNumberPrefix: 丁办\nplugins:\n  - id: survey-demo\n');
    t = await startTestApp({ configDir, plugins: [plugin] });
    await t.createUser('pfg-officer', [{ institution: 'delta-office', role: 'discipline-officer' }]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  it('links to the listening server and thanks generically', async () => {
    const officer = await t.login('pfg-officer');
    const visit = await officer.post('/api/plugins/survey-demo/records/visit', { place: '城东社区' });
    expect(visit.status).toBe(201);
    const [link] = (await officer.get(`/api/records/${visit.body.id}/public-links`)).body;
    // PORT is 0 in tests: the link names the port the server actually listens on.
    expect(link.url).toBe(`${t.url}/f/survey-demo/feedback/${link.code}`);
    expect(link.url).not.toMatch(/:0\//);
    const res = await t.anonymous().request('POST', `/f/survey-demo/feedback/${link.code}`, 'rating=good', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const thanks = /data-testid="public-form-thanks">([^<]*)</.exec(res.text)![1];
    expect(thanks).toBe('已收到您的回复，感谢您的监督。');
    expect(thanks).not.toContain('税务');
  });
});
