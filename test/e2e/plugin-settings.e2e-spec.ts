import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT_DIR } from '../../apps/server/bootstrap';
import { parseInstitutionConfig } from '../../core/plugin-host/institution-config';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { PluginSettingsService } from '../../core/plugin-host/plugin-settings.service';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const CONFIG = path.join(ROOT_DIR, 'config');
const HOSPITAL = 'county-hospital';

/** Issue #23 item 3: plugins, options and rule thresholds per institution on a screen, applied without a restart. */
describe('/admin/plugins: plugins by institution', () => {
  let t: TestApp;
  let admin: ApiClient;
  let officer: ApiClient;

  const post = (c: ApiClient, url: string, fields: [string, string][]) =>
    c.post(url, new URLSearchParams([...fields, ['_csrf', c.csrf]]).toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  const rows = () => t.db.read((m) => m.query('SELECT institution_code, version, reason FROM institution_plugin_settings'));
  const host = () => t.app.get(PluginHost);
  /** The hospital's form as it stands, plus tb-referral ticked with its required role. */
  const withTb: [string, string][] = [
    ['enabled:hospital-procurement', 'on'],
    ['enabled:tb-referral', 'on'],
    ['opt:tb-referral:networkRole', 'other'],
  ];

  beforeAll(async () => {
    t = await startTestApp({ configDir: CONFIG, seed: 'demo' });
    await t.createUser('plugins-admin', [], { admin: true });
    admin = await t.login('plugins-admin');
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('lists every institution with its plugins and where they are set; only system admins reach it', async () => {
    const page = await admin.get('/admin/plugins');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`data-code="${HOSPITAL}"[\\s\\S]*?医院药品耗材采购[\\s\\S]*?配置文件`));
    expect(page.text).toMatch(/data-code="county-tax-bureau"[\s\S]*?税收征管/);
    expect((await officer.get('/admin/plugins')).status).toBe(403);
    expect((await officer.get(`/admin/plugins/${HOSPITAL}`)).status).toBe(403);
    expect((await admin.get('/admin/plugins/no-such-unit')).status).toBe(404);
  });

  it('offers only the plugins the institution type may run, options in yuan and thresholds by their labels', async () => {
    const page = await admin.get(`/admin/plugins/${HOSPITAL}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-plugin="hospital-procurement"');
    expect(page.text).toContain('data-plugin="tb-referral"');
    expect(page.text).not.toContain('data-plugin="tax-collection"');
    expect(page.text).toMatch(/招标限额标准（元）/);
    expect(page.text).toMatch(/单一供应商占同类采购份额过高 · 份额上限[\s\S]*?placeholder="默认 30"/);
    expect(page.text).not.toMatch(/（分）/);
  });

  it('refuses bad settings with the field named in the request language, and changes nothing', async () => {
    const cases: [[string, string][], string][] = [
      [[...withTb, ['opt:hospital-procurement:tenderThresholdFen', '12.345'], ['reason', '调整']], '医院药品耗材采购 · 招标限额标准'],
      [[...withTb, ['thr:hospital-procurement:supplier-share-too-high:maxSharePercent', '三十'], ['reason', '调整']], '单一供应商占同类采购份额过高 · 份额上限：须为不小于 0 的数字'],
      [[['enabled:hospital-procurement', 'on'], ['enabled:tb-referral', 'on'], ['reason', '调整']], '在转诊网络中的角色'],
      [[...withTb, ['enabled:tax-collection', 'on'], ['reason', '调整']], '税收征管廉政监督：不适用于这一类型的单位'],
      [[...withTb, ['enabled:no-such-plugin', 'on'], ['reason', '调整']], '未安装插件“no-such-plugin”'],
      [withTb, '修改原因：不能为空'],
    ];
    for (const [fields, message] of cases) {
      const res = await post(admin, `/admin/plugins/${HOSPITAL}`, fields);
      expect([message, res.status]).toEqual([message, 400]);
      expect(res.text).toContain(message);
    }
    const en = await admin.post(`/admin/plugins/${HOSPITAL}`, new URLSearchParams([...withTb, ['reason', ''], ['_csrf', admin.csrf]]).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'accept-language': 'en',
    });
    expect(en.status).toBe(400);
    expect(en.text).toContain('Reason for the change: is required');
    expect(await rows()).toEqual([]);
    expect(host().isEnabled(HOSPITAL, 'tb-referral')).toBe(false);
  });

  it('applies a save at once: the menu, the options and the thresholds, audited with old and new values', async () => {
    const menuBefore = (await officer.get('/')).text;
    expect(menuBefore).not.toContain('转诊登记台账');
    const res = await post(admin, `/admin/plugins/${HOSPITAL}`, [
      ...withTb,
      ['opt:hospital-procurement:tenderThresholdFen', '300000.00'],
      ['thr:hospital-procurement:supplier-share-too-high:maxSharePercent', '25'],
      ['reason', '县卫健局通知：县医院纳入结核病转诊网络'],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/plugins/${HOSPITAL}?saved=1`);
    // No restart: the officer's next page has the plugin's menu.
    expect((await officer.get('/')).text).toContain('转诊登记台账');
    expect(host().optionsFor(HOSPITAL, 'hospital-procurement').tenderThresholdFen).toBe(30_000_000);
    expect(host().thresholdOverrides(HOSPITAL, 'hospital-procurement')).toEqual({ 'supplier-share-too-high': { maxSharePercent: 25 } });
    expect(await rows()).toEqual([{ institution_code: HOSPITAL, version: 1, reason: '县卫健局通知：县医院纳入结核病转诊网络' }]);
    const audit = await t.db.read((m) => m.query(`SELECT actor, detail FROM audit_log WHERE action = 'institution.plugins'`));
    expect(audit).toHaveLength(1);
    const detail = JSON.parse(audit[0].detail);
    expect(detail.from.map((p: { id: string }) => p.id)).toEqual(['hospital-procurement']);
    expect(detail.to.map((p: { id: string }) => p.id)).toEqual(['hospital-procurement', 'tb-referral']);
    expect(detail.reason).toBe('县卫健局通知：县医院纳入结核病转诊网络');
    const form = await admin.get(`/admin/plugins/${HOSPITAL}?saved=1`);
    expect(form.text).toContain('data-testid="plugins-saved"');
    expect(form.text).toMatch(/name="opt:hospital-procurement:tenderThresholdFen" value="300000.00"/);
    expect(form.text).toMatch(/本页面（第 1 版/);
  });

  it('exports the institution as a config file the YAML loader reads back to the same settings', async () => {
    const res = await admin.get(`/admin/plugins/${HOSPITAL}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${HOSPITAL}.yaml"`);
    const cfg = parseInstitutionConfig(`${HOSPITAL}.yaml`, res.text);
    const shipped = host().institutions.find((i) => i.code === HOSPITAL)!;
    expect({ ...cfg, file: '', templateDir: '' }).toEqual({ ...shipped, file: '', templateDir: '' });
    expect(cfg.plugins.find((p) => p.id === 'tb-referral')?.options).toEqual({ networkRole: 'other' });
  });

  it('another process picks a saved change up on its next look; a second save makes version 2', async () => {
    // What another process wrote: this one applies it on refresh (every 5 s while running).
    await t.db.write((m) =>
      m.query(`UPDATE institution_plugin_settings SET plugins = ${t.db.kind === 'postgres' ? '$1' : '?'}, version = 7`, [JSON.stringify([{ id: 'hospital-procurement', options: {}, ruleThresholds: {} }])]),
    );
    expect(await t.app.get(PluginSettingsService).refresh()).toBe(1);
    expect(host().isEnabled(HOSPITAL, 'tb-referral')).toBe(false);
    expect((await officer.get('/')).text).not.toContain('转诊登记台账');
    expect(await t.app.get(PluginSettingsService).refresh()).toBe(0);
    const res = await post(admin, `/admin/plugins/${HOSPITAL}`, [...withTb, ['reason', '再次纳入']]);
    expect(res.status).toBe(303);
    expect((await rows())[0].version).toBe(8);
    expect(host().isEnabled(HOSPITAL, 'tb-referral')).toBe(true);
  });
});

describe('/admin/plugins: saved settings across a restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-plugin-settings-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const store = async (t: TestApp, plugins: unknown[]) => {
    const userId = await t.createUser(`restart-admin-${Date.now()}`, [], { admin: true });
    const p = t.db.kind === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    await t.db.write((m) => m.query(`DELETE FROM institution_plugin_settings`));
    await t.db.write((m) => m.query(`INSERT INTO institution_plugin_settings (institution_code, plugins, version, updated_by, updated_at, reason) VALUES (${p[0]}, ${p[1]}, 1, ${userId}, '2026-12-07T00:00:00Z', 'test')`, [HOSPITAL, JSON.stringify(plugins)]));
  };

  it('applies the saved plugins at boot, over the YAML file; a row that no longer passes stops boot naming the table', async () => {
    const first = await startTestApp({ configDir: CONFIG, dataDir });
    await store(first, [{ id: 'hospital-procurement', options: {}, ruleThresholds: {} }, { id: 'tb-referral', options: { networkRole: 'other' }, ruleThresholds: {} }]);
    await first.close();
    const second = await startTestApp({ configDir: CONFIG, dataDir });
    expect(second.app.get(PluginHost).isEnabled(HOSPITAL, 'tb-referral')).toBe(true);
    expect(second.app.get(PluginHost).optionsFor(HOSPITAL, 'tb-referral').networkRole).toBe('other');
    await store(second, [{ id: 'hospital-procurement', options: { tenderThresholdFen: -5 }, ruleThresholds: {} }]);
    await second.close();
    await expect(startTestApp({ configDir: CONFIG, dataDir })).rejects.toThrow(/database: institution_plugin_settings \(county-hospital\): plugins\[0\]\.options\.tenderThresholdFen/);
  });
});
