/**
 * Warning models configured as data (issue #21), on the hospital demo year: a discipline officer defines
 * "同一采购员30天内单一来源采购超过3次", backtests it (the expected counts are computed here from the records read through
 * the API, not by the engine), enables it, and a fourth single-source purchase by one buyer in 30 days puts a clue on
 * the board saying threshold 3 and measured 4. Versions, disabling, scans, export and import, refusals and access.
 * The model groups by the project's 采购经办人 (buyer).
 */
import { addDays } from '../../core/plugin-api';
import { HOSPITAL_BUYER_MODEL } from '../support/model-fixtures';
import { AuditEntryEntity } from '../../core/audit/audit.entity';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-22T03:00:00Z';
const TODAY = NOW.slice(0, 10);
const P = '/api/plugins/hospital-procurement/records';
const RULE_ID = 'hospital-procurement/model.single-source-buyer';

const DEF = HOSPITAL_BUYER_MODEL;

interface Project {
  id: number;
  values: Record<string, unknown>;
}

/** The twelve months a backtest covers, oldest first: December 2025 to November 2026. */
const MONTHS = Array.from({ length: 12 }, (_, i) => `${2025 + Math.floor((11 + i) / 12)}-${String(((11 + i) % 12) + 1).padStart(2, '0')}`);

/** By hand: each (decider, day) with a single-source award in the twelve months, where the 30 days up to it hold more than `threshold`. */
function expectedHits(projects: Project[], threshold: number): Map<string, number> {
  const single = projects.filter((p) => p.values.method === 'single-source' && typeof p.values.buyer === 'string' && typeof p.values.awardedOn === 'string');
  const anchors = new Set(single.filter((p) => (p.values.awardedOn as string) >= '2025-12-01' && (p.values.awardedOn as string) <= TODAY).map((p) => `${p.values.buyer}|${p.values.awardedOn}`));
  const out = new Map(MONTHS.map((m) => [m, 0]));
  for (const a of anchors) {
    const [who, day] = a.split('|');
    const n = single.filter((p) => p.values.buyer === who && (p.values.awardedOn as string) <= day && (p.values.awardedOn as string) >= addDays(day, -29)).length;
    if (n > threshold) out.set(day.slice(0, 7), out.get(day.slice(0, 7))! + 1);
  }
  return out;
}

describe('warning models as data: define, backtest, enable, raise, version, share (hospital demo year)', () => {
  let t: TestApp;
  let alpha: number;
  let beta: number;
  let officer: ApiClient;
  let staff: ApiClient;
  let betaOfficer: ApiClient;
  let admin: ApiClient;
  let projects: Project[];
  let modelId: number;

  beforeAll(async () => {
    t = await startTestApp({ now: NOW, seed: 'plugins' });
    alpha = await t.institutionId('alpha-hospital');
    beta = await t.institutionId('beta-bureau');
    await t.createUser('wm-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    await t.createUser('wm-staff', [{ institution: 'alpha-hospital', role: 'staff' }]);
    await t.createUser('wm-beta', [{ institution: 'beta-bureau', role: 'discipline-officer' }]);
    await t.createUser('wm-admin', [], { admin: true });
    [officer, staff, betaOfficer, admin] = await Promise.all(['wm-officer', 'wm-staff', 'wm-beta', 'wm-admin'].map((u) => t.login(u)));
    projects = [];
    for (let page = 1; ; page++) {
      const res = await officer.get(`${P}/procurement-project?institutionId=${alpha}&pageSize=200&page=${page}`);
      projects.push(...(res.body.items as Project[]));
      if (projects.length >= res.body.total) break;
    }
  }, 600_000);
  afterAll(() => t?.close());

  it('offers, per enabled record type, the fields with the operators and measures that fit their types', async () => {
    const res = await officer.get(`/api/models/schema?institutionId=${alpha}`);
    expect(res.status).toBe(200);
    const type = res.body.recordTypes.find((x: { recordType: string }) => x.recordType === 'procurement-project');
    const field = (key: string) => type.fields.find((f: { key: string }) => f.key === key);
    expect(field('method')).toMatchObject({ type: 'enum', operators: ['equal', 'in', 'present'], groupable: true, window: false });
    expect(field('awardedOn')).toMatchObject({ type: 'date', operators: ['range', 'present'], window: true });
    expect(field('totalFen')).toMatchObject({ type: 'money', operators: ['range', 'present'], measures: ['sum', 'max', 'distinct', 'share'] });
    expect(field('buyer')).toMatchObject({ type: 'string', personField: true, groupable: true });
    expect(field('items')).toBeUndefined();
    expect(res.body.recordTypes.map((x: { pluginId: string }) => x.pluginId)).not.toContain('tax-collection');
    // The discipline officer's job: staff are refused, another institution's officer cannot even see it.
    expect((await staff.get(`/api/models/schema?institutionId=${alpha}`)).status).toBe(403);
    expect((await betaOfficer.get(`/api/models/schema?institutionId=${alpha}`)).status).toBe(404);
  });

  it('refuses a bad model naming the exact part, in Chinese and English, and saves nothing', async () => {
    const bad = { ...DEF, filters: [DEF.filters[0], { field: 'awardedOn', operator: 'equal', value: TODAY }] };
    const zh = await officer.post('/api/models', { institutionId: alpha, definition: bad });
    expect(zh.status).toBe(400);
    expect(zh.body.details).toEqual([{ field: 'filters[1].operator', message: 'filters[1].operator：运算“equal”不适用于字段“awardedOn”（date），可用：range, present' }]);
    const en = await officer.request('POST', '/api/models', { institutionId: alpha, definition: { ...DEF, message: { zh: '{count}', en: '{cnt}' } } }, { 'accept-language': 'en' });
    expect(en.body.details).toEqual([{ field: 'message.en', message: expect.stringMatching(/^message\.en: unknown placeholder "\{cnt\}"; allowed: \{threshold\} \{value\} \{count\}/) }]);
    const noDate = await officer.post('/api/models', { institutionId: alpha, definition: { ...DEF, window: { field: 'department', days: 30 } } });
    expect(noDate.body.details.map((d: { field: string }) => d.field)).toEqual(['window.field']);
    const threshold = await officer.post('/api/models', { institutionId: alpha, definition: { ...DEF, threshold: '3' } });
    expect(threshold.body.details).toEqual([{ field: 'threshold', message: 'threshold：阈值须为不小于 0 的整数' }]);
    expect((await officer.get(`/api/models?institutionId=${alpha}`)).body.items).toEqual([]);
  });

  it('backtests over the last twelve months what the records give by hand, month by month, raising nothing', async () => {
    const single = projects.filter((p) => p.values.method === 'single-source');
    expect(single.length).toBeGreaterThanOrEqual(13);
    const run = async (threshold: number) => (await officer.post('/api/models/backtest', { institutionId: alpha, definition: { ...DEF, threshold } })).body;
    const three = await run(3);
    expect(three).toMatchObject({ from: '2025-12-01', to: TODAY, complete: true, stoppedReason: null });
    expect(three.months.map((m: { month: string }) => m.month)).toEqual(MONTHS);
    // The demo's single-source awards are about 27 days apart: no buyer passes 3 in 30 days.
    expect(three.total).toBe(0);
    expect([...expectedHits(projects, 3).values()].reduce((a, b) => a + b, 0)).toBe(0);
    // The officer lowers the threshold and runs it again: two in 30 days is common.
    const one = await run(1);
    const want = expectedHits(projects, 1);
    expect(one.months).toEqual(MONTHS.map((month) => ({ month, hits: want.get(month) })));
    expect(one.total).toBe([...want.values()].reduce((a, b) => a + b, 0));
    expect(one.total).toBeGreaterThanOrEqual(8);
    expect(one.subjects.length).toBe(Math.min(20, one.total));
    expect(one.subjects[0].measured).toEqual({ count: 2, value: 2 });
    expect(one.subjects[0].message.zh).toMatch(/^.+在30天内单一来源采购2次，超过1次$/);
    expect(one.elapsedMs).toBeLessThan(10_000);
    // Nothing raised.
    expect((await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items.filter((h: { ruleId: string }) => h.ruleId.includes('/model.'))).toEqual([]);
  });

  it('enabled, a fourth single-source purchase by one buyer in 30 days puts the clue on the board: threshold 3, measured 4', async () => {
    const created = await officer.post('/api/models', { institutionId: alpha, definition: DEF });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', version: 0, ruleId: RULE_ID });
    modelId = created.body.id;
    const enabled = await officer.post(`/api/models/${modelId}/enable`, { reason: '县纪委部署单一来源采购专项监督' });
    expect(enabled.body).toMatchObject({ status: 'enabled', version: 1 });
    const buy = (n: number, daysAgo: number) =>
      officer.post(`${P}/procurement-project?institutionId=${alpha}`, {
        projectNo: `WM-${n}`,
        name: `原厂配件采购（${n}）`,
        category: 'devices',
        totalFen: 500_000,
        department: '设备科',
        method: 'single-source',
        methodReason: '原厂专用配件',
        awardedOn: addDays(TODAY, -daysAgo),
        buyer: '测试采购员',
      });
    const modelClues = async () => (await officer.get('/api/warning/clues?source=rule&pageSize=200')).body.items.filter((c: { ruleId: string }) => c.ruleId === RULE_ID);
    for (const [n, ago] of [[1, 25], [2, 12], [3, 6]]) expect((await buy(n, ago)).status).toBe(201);
    expect(await modelClues()).toEqual([]);
    const fourth = await buy(4, 1);
    expect(fourth.status).toBe(201);
    const [clue] = await modelClues();
    expect(clue).toMatchObject({ ruleVersion: 1, subjectLabel: `测试采购员（${addDays(TODAY, -30)}至${addDays(TODAY, -1)}）` });
    expect(clue.content).toBe(`同一采购员30天内单一来源采购超过3次（测试采购员（${addDays(TODAY, -30)}至${addDays(TODAY, -1)}））：测试采购员在30天内单一来源采购4次，超过3次。`);
    // The board the officer works from lists it (newest first), and its page says threshold 3 and measured 4.
    const board = await officer.get('/warning/board?kind=clue');
    expect(board.text).toContain(`href="/warning/clues/${clue.id}"`);
    // The 事项 column leaves out the subject, which the 对象 column shows: the measured 4 and the threshold 3 stay in view.
    expect(board.text).toContain('同一采购员30天内单一来源采购超过3次：测试采购员在30天内单一来源采购4次，超过3次。');
    expect((await officer.get(`/warning/clues/${clue.id}`)).text).toContain('测试采购员在30天内单一来源采购4次，超过3次');
    const hit = (await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items.find((h: { ruleId: string }) => h.ruleId === RULE_ID);
    expect(hit).toMatchObject({ ruleVersion: 1, level: 'yellow', recordId: fourth.body.id });
    expect(hit.inputs).toMatchObject({ model: { id: 'single-source-buyer', version: 1 }, threshold: 3, measured: { count: 4, value: 4 }, person: '测试采购员', window: { field: 'awardedOn', days: 30 } });
    // Saving it again raises nothing new: one hit per subject (its creator may not change evidence: the admin corrects it).
    expect((await admin.patch(`/api/records/${fourth.body.id}`, { name: '原厂配件采购（4，更正）', reason: '更正项目名称' })).status).toBe(200);
    expect(await modelClues()).toHaveLength(1);
  });

  it('a change is a new version with who, when and why; hits keep their version; disabled, it raises nothing', async () => {
    const noReason = await officer.request('PUT', `/api/models/${modelId}`, { definition: { ...DEF, threshold: 4 } });
    expect(noReason.status).toBe(400);
    const changed = await officer.request('PUT', `/api/models/${modelId}`, { definition: { ...DEF, threshold: 4 }, reason: '阈值调整为4次' });
    expect(changed.body).toMatchObject({ status: 'enabled', version: 2 });
    const detail = (await officer.get(`/api/models/${modelId}`)).body;
    expect(detail.versions.map((v: { version: number; reason: string; actor: string; definition: { threshold: number } }) => [v.version, v.definition.threshold, v.reason, v.actor.replace(/\d+/, 'N')])).toEqual([
      [1, 3, '县纪委部署单一来源采购专项监督', 'user:N:wm-officer'],
      [2, 4, '阈值调整为4次', 'user:N:wm-officer'],
    ]);
    const buy = (n: number) => officer.post(`${P}/procurement-project?institutionId=${alpha}`, { projectNo: `WM-${n}`, name: `原厂配件采购（${n}）`, category: 'devices', totalFen: 500_000, department: '设备科', method: 'single-source', methodReason: '原厂专用配件', awardedOn: TODAY, buyer: '测试采购员' });
    await buy(5);
    const hits = async () => (await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items.filter((h: { ruleId: string }) => h.ruleId === RULE_ID);
    // Five in 30 days passes 4: a hit under version 2; the first keeps version 1.
    expect((await hits()).map((h: { ruleVersion: number; inputs: { measured: { count: number } } }) => [h.ruleVersion, h.inputs.measured.count]).sort()).toEqual([[1, 4], [2, 5]]);
    expect((await officer.post(`/api/models/${modelId}/disable`, { reason: '专项监督结束' })).body).toMatchObject({ status: 'disabled', version: 2 });
    await officer.request('PUT', `/api/models/${modelId}`, { definition: { ...DEF, threshold: 0 }, reason: '停用期间调整' });
    await buy(6);
    expect(await hits()).toHaveLength(2);
    expect((await admin.post('/api/rules/scan', { institutionId: alpha })).status).toBe(200);
    expect(await hits()).toHaveLength(2);
    expect((await officer.get(`/api/models/${modelId}`)).body.versions).toHaveLength(3);
    const audit = await t.db.read((m) => m.getRepository(AuditEntryEntity).find({ where: { objectType: 'warning-model', objectId: String(modelId) }, order: { seq: 'ASC' } }));
    expect(audit.map((a) => a.action)).toEqual(['model.create', 'model.enable', 'model.update', 'model.disable', 'model.update']);
  });

  it('a scan raises each subject the backtest finds, once', async () => {
    const def = { ...DEF, id: 'single-source-buyer-2', name: { zh: '同一采购员30天内单一来源采购超过1次', en: 'More than one' }, threshold: 1 };
    const backtest = (await officer.post('/api/models/backtest', { institutionId: alpha, definition: def })).body;
    const id = (await officer.post('/api/models', { institutionId: alpha, definition: def })).body.id;
    await officer.post(`/api/models/${id}/enable`, { reason: '试点' });
    const count = async () => (await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items.filter((h: { ruleId: string }) => h.ruleId === 'hospital-procurement/model.single-source-buyer-2').length;
    expect((await admin.post('/api/rules/scan', { institutionId: alpha })).status).toBe(200);
    expect(await count()).toBe(backtest.total);
    expect(backtest.total).toBeGreaterThan(8);
    await admin.post('/api/rules/scan', { institutionId: alpha });
    expect(await count()).toBe(backtest.total);
  });

  it('a model enabled or disabled through another process counts at once for this one\'s saves (no restart)', async () => {
    const other = await startTestApp({ dataDir: t.env.DATA_DIR, now: NOW });
    try {
      const there = await other.login('wm-officer');
      const def = { ...DEF, id: 'cross-process', name: { zh: '跨进程', en: 'Cross process' }, threshold: 0 };
      const id = (await there.post('/api/models', { institutionId: alpha, definition: def })).body.id;
      const buy = (n: number, who: string) => officer.post(`${P}/procurement-project?institutionId=${alpha}`, { projectNo: `XP-${n}`, name: `跨进程采购（${n}）`, category: 'devices', totalFen: 100_000, department: '设备科', method: 'single-source', methodReason: '原厂专用配件', awardedOn: TODAY, buyer: who });
      const hits = async () => (await officer.get(`/api/rule-hits?institutionId=${alpha}&pageSize=200`)).body.items.filter((h: { ruleId: string }) => h.ruleId === 'hospital-procurement/model.cross-process').map((h: { inputs: { person: string } }) => h.inputs.person);
      await buy(1, '甲进程');
      expect(await hits()).toEqual([]);
      await there.post(`/api/models/${id}/enable`, { reason: '另一进程启用' });
      await buy(2, '乙进程');
      expect(await hits()).toEqual(['乙进程']);
      await there.post(`/api/models/${id}/disable`, { reason: '另一进程停用' });
      await buy(3, '丙进程');
      expect(await hits()).toEqual(['乙进程']);
    } finally {
      await other.close();
    }
  });

  it('exports a model as a small JSON file; importing it where the plugin is not enabled is refused, naming the part', async () => {
    const res = await officer.get(`/api/models/${modelId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('single-source-buyer.model.json');
    expect(res.body).toMatchObject({ format: 'lianzheng-warning-model', formatVersion: 1, definition: { ...DEF, threshold: 0 } });
    expect(res.text.length).toBeLessThan(2000);
    const refused = await betaOfficer.post('/api/models/import', { institutionId: beta, file: res.body });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'pluginId', message: 'pluginId：本单位未启用插件“hospital-procurement”' }]);
    expect((await betaOfficer.get(`/api/models?institutionId=${beta}`)).body.items).toEqual([]);
    expect((await betaOfficer.post('/api/models/import', { institutionId: beta, file: { format: 'other' } })).body.details[0].field).toBe('file.format');
    // Into the same institution under another id: a draft.
    const copy = await officer.post('/api/models/import', { institutionId: alpha, file: { ...res.body, definition: { ...res.body.definition, id: 'copied' } } });
    expect(copy.body).toMatchObject({ status: 'draft', version: 0, key: 'copied' });
    // Another institution's officer cannot read or change it.
    expect((await betaOfficer.get(`/api/models/${modelId}`)).status).toBe(404);
    expect((await betaOfficer.post(`/api/models/${modelId}/enable`, { reason: '越权' })).status).toBe(404);
  });
});
