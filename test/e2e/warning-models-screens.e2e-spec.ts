/**
 * The warning-model screens (issue #21) beyond the browser journey: who reaches them, a share and a sum model defined
 * through the form (percent and 元 as typed), and every refusal of the form and the import named in the request's
 * language with nothing saved.
 */
import { HOSPITAL_BUYER_MODEL } from '../support/model-fixtures';
import { ApiClient, HttpResult, startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-22T03:00:00Z';
const TYPE = 'hospital-procurement/procurement-project';

describe('warning-model screens: form, refusals and import', () => {
  let t: TestApp;
  let alpha: number;
  let officer: ApiClient;
  let staff: ApiClient;

  const post = (c: ApiClient, url: string, fields: [string, string][], lang = 'zh-CN') =>
    c.request('POST', url, new URLSearchParams([...fields, ['_csrf', c.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang });
  /** The form of a share or sum model over the hospital's projects, as the screen posts it. */
  const form = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      type: TYPE,
      id: 'single-source-share',
      nameZh: '季度单一来源采购金额占比超过20%',
      'f0.cond': '',
      'p0.cond': 'method:equal:single-source',
      windowField: 'awardedOn',
      windowKind: 'quarter',
      windowDays: '',
      measure: 'share:totalFen',
      threshold: '20',
      level: 'red',
      messageZh: '{period}单一来源采购金额占比{share}%，超过{threshold}%',
      action: 'save',
      ...over,
    });
  const models = async () => (await officer.get(`/api/models?institutionId=${alpha}`)).body.items as { id: number; key: string; definition: Record<string, unknown> }[];
  const errorsOf = (res: HttpResult) => [...res.text.matchAll(/<ul class="error" role="alert" data-testid="form-errors">(.*?)<\/ul>/gs)].flatMap((m) => [...m[1].matchAll(/<li>(.*?)<\/li>/g)].map((x) => x[1]));
  /** Posts a file as the import screen's form does (multipart, the CSRF token inside). */
  const importFile = async (c: ApiClient, text: string, withCsrf = true): Promise<HttpResult> => {
    const body = new FormData();
    if (withCsrf) body.append('_csrf', c.csrf);
    body.append('file', new Blob([text], { type: 'application/json' }), 'model.model.json');
    const res = await fetch(`${t.url}/warning/models/import`, { method: 'POST', body, redirect: 'manual', headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'zh-CN' } });
    return { status: res.status, text: await res.text(), body: null, headers: res.headers };
  };

  beforeAll(async () => {
    t = await startTestApp({ now: NOW, seed: 'plugins' });
    alpha = await t.institutionId('alpha-hospital');
    await t.createUser('wms-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('wms-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    [officer, staff] = await Promise.all([t.login('wms-officer'), t.login('wms-staff')]);
  }, 300_000);
  afterAll(() => t?.close());

  it('is the discipline officer’s: staff are refused, the menu and an empty list for the officer, only enabled record types offered', async () => {
    expect((await staff.get('/warning/models')).status).toBe(403);
    const list = await officer.get('/warning/models');
    expect(list.status).toBe(200);
    expect(list.text).toContain('本单位还没有监督模型。');
    expect(list.text).toContain('href="/warning/models"');
    const chooser = await officer.get('/warning/models/new');
    expect(chooser.text).toContain(`<option value="${TYPE}">`);
    expect(chooser.text).not.toContain('tax-collection/');
    // A record type of a plugin the institution does not run is not one to choose.
    expect((await officer.get('/warning/models/new?type=tax-collection/inspection')).status).toBe(400);
  });

  it('saves a share model (percent) and a sum model (元) as typed, and shows them in words', async () => {
    const share = await post(officer, '/warning/models/new', form());
    expect(share.status).toBe(303);
    const saved = (await models()).find((m) => m.key === 'single-source-share')!;
    expect(share.headers.get('location')).toBe(`/warning/models/${saved.id}?saved=1`);
    expect(saved.definition).toMatchObject({ filters: [], groupBy: [], window: { field: 'awardedOn', period: 'quarter' }, measure: { kind: 'share', field: 'totalFen', part: [{ field: 'method', operator: 'equal', value: 'single-source' }] }, threshold: 20, level: 'red', name: { zh: '季度单一来源采购金额占比超过20%', en: '季度单一来源采购金额占比超过20%' } });
    const sum = await post(officer, '/warning/models/new', form({ id: 'large-single-source', nameZh: '季度单一来源采购合计超过50万元', measure: 'sum:totalFen', threshold: '500,000', 'p0.cond': '', 'f0.cond': 'method:equal:single-source', messageZh: '{period}单一来源采购合计{amountYuan}元，超过{thresholdYuan}元' }));
    expect(sum.status).toBe(303);
    const large = (await models()).find((m) => m.key === 'large-single-source')!;
    expect(large.definition).toMatchObject({ measure: { kind: 'sum', field: 'totalFen' }, threshold: 50_000_000, filters: [{ field: 'method', operator: 'equal', value: 'single-source' }] });
    const page = await officer.get(`/warning/models/${large.id}`);
    expect(page.text).toContain('500,000.00 元');
    expect(page.text).toContain('采购方式 为 单一来源');
    expect(page.text).toContain('采购金额（元）合计');
    // The edit form shows the amount back in 元.
    expect((await officer.get(`/warning/models/${large.id}/edit`)).text).toContain('name="threshold" value="500000.00"');
  });

  it('refuses a bad form naming the screen’s field in zh and en, keeps what was typed, and saves nothing', async () => {
    const before = (await models()).length;
    const money = await post(officer, '/warning/models/new', form({ id: 'bad-sum', measure: 'sum:totalFen', threshold: '1.234', 'p0.cond': '' }));
    expect(money.status).toBe(400);
    expect(errorsOf(money)).toEqual(['阈值：请填写以元为单位的金额，最多两位小数']);
    expect(money.text).toContain('name="threshold" value="1.234"');
    const en = await post(officer, '/warning/models/new', form({ id: 'bad-sum', measure: 'sum:totalFen', threshold: '1.234', 'p0.cond': '' }), 'en');
    expect(errorsOf(en)).toEqual(['Threshold: enter an amount in yuan, with at most two decimals']);
    const placeholder = await post(officer, '/warning/models/new', form({ id: 'bad-message', messageZh: '{period}占比{cnt}' }));
    expect(errorsOf(placeholder)).toEqual([expect.stringMatching(/^预警消息：占位符“\{cnt\}”未知，可用：\{threshold\} \{value\} \{count\}/)]);
    const several = await post(officer, '/warning/models/new', form({ id: 'X', windowKind: 'days', windowDays: '0', 'p0.cond': '' }));
    expect(errorsOf(several)).toEqual(['模型标识：格式不正确', '时间窗口·天数：须为 1 至 3660 的整数', '占比的分子条件：占比须以筛选条件说明计入分子的部分']);
    const taken = await post(officer, '/warning/models/new', form());
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('本单位已有标识为“single-source-share”的模型');
    expect((await models()).length).toBe(before);
  });

  it('enables only with a reason; a change of an enabled model needs one too and makes a new version', async () => {
    const m = (await models()).find((x) => x.key === 'single-source-share')!;
    const noReason = await post(officer, `/warning/models/${m.id}/enable`, [['reason', '']]);
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('启用理由：请说明修改理由');
    expect((await post(officer, `/warning/models/${m.id}/enable`, [['reason', '试点']])).headers.get('location')).toBe(`/warning/models/${m.id}?enabled=1`);
    const change = await post(officer, `/warning/models/${m.id}/edit`, form({ threshold: '25' }));
    expect(errorsOf(change)).toEqual(['修改理由：请说明修改理由']);
    // The key is the model's for good: a posted one is ignored.
    expect((await post(officer, `/warning/models/${m.id}/edit`, form({ id: 'renamed', threshold: '25', reason: '阈值调整' }))).status).toBe(303);
    const detail = (await officer.get(`/api/models/${m.id}`)).body;
    expect(detail).toMatchObject({ key: 'single-source-share', version: 2, definition: { threshold: 25 } });
    expect(detail.versions.map((v: { reason: string }) => v.reason)).toEqual(['试点', '阈值调整']);
  });

  it('imports a model file as a draft; a file that is not JSON, not a model file, or names a plugin not enabled here is refused by name', async () => {
    const before = (await models()).length;
    const file = (definition: unknown) => JSON.stringify({ format: 'lianzheng-warning-model', formatVersion: 1, exportedAt: NOW, definition });
    expect((await importFile(officer, file(HOSPITAL_BUYER_MODEL), false)).status).toBe(403);
    const notJson = await importFile(officer, '{ not json');
    expect(notJson.status).toBe(400);
    expect(notJson.text).toContain('文件不是有效的 JSON');
    const wrong = await importFile(officer, JSON.stringify({ format: 'something-else' }));
    expect(wrong.text).toContain('模型文件：不是本平台导出的模型文件');
    const tax = await importFile(officer, file({ ...HOSPITAL_BUYER_MODEL, pluginId: 'tax-collection' }));
    expect(tax.status).toBe(400);
    expect(tax.text).toContain('业务记录：本单位未启用插件“tax-collection”');
    expect((await models()).length).toBe(before);
    const ok = await importFile(officer, file(HOSPITAL_BUYER_MODEL));
    expect(ok.status).toBe(303);
    const imported = (await models()).find((x) => x.key === 'single-source-buyer')!;
    expect(ok.headers.get('location')).toBe(`/warning/models/${imported.id}?imported=1`);
    expect(imported).toMatchObject({ status: 'draft', version: 0, definition: HOSPITAL_BUYER_MODEL });
  });
});
