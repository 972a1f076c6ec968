/**
 * Warning models declared in an institution's YAML (issue #21): checked at boot by the same checks as the API (a bad
 * one stops boot with file, model and reason), enabled as version 1, a changed file makes a new version at the next
 * start, a removed model is disabled; such a model is changed in its file, not through the API.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addDays } from '../../core/plugin-api';
import { FIXTURE_CONFIG, startTestApp, TestApp } from '../support/test-app';

const NOW = '2026-11-22T03:00:00Z';
const TODAY = NOW.slice(0, 10);

/** The buyer model as YAML lines under the hospital-procurement entry (its plugin id left out), with `threshold`. */
const modelYaml = (threshold: number, operator = 'equal') => `
    models:
      - id: single-source-buyer
        name: { zh: 同一采购员30天内单一来源采购超过${threshold}次, en: Single-source purchases by one buyer }
        recordType: procurement-project
        filters: [{ field: method, operator: ${operator}, value: single-source }]
        groupBy: [awardDecider]
        window: { field: awardedOn, days: 30 }
        measure: { kind: count }
        threshold: ${threshold}
        level: yellow
        personField: awardDecider
        message: { zh: '{person}在{windowDays}天内单一来源采购{count}次，超过{threshold}次', en: '{person}: {count} in {windowDays} days' }
`;

/** A copy of the fixture config whose alpha-hospital declares `models` (YAML text, or nothing). */
function configWith(models: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-models-config-'));
  fs.cpSync(FIXTURE_CONFIG, dir, { recursive: true });
  const file = path.join(dir, 'institutions', 'alpha-hospital.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  - id: hospital-procurement\n', `  - id: hospital-procurement\n${models.replace(/^\n/, '')}`));
  return dir;
}

describe('warning models in institution YAML', () => {
  it('a bad model stops boot with the file, the model and the reason', async () => {
    const dir = configWith(modelYaml(3, 'range'));
    await expect(startTestApp({ configDir: dir })).rejects.toThrow(
      'institutions/alpha-hospital.yaml: plugins[1].models[0].filters[0].operator: model "single-source-buyer": filters[0].operator: operator "range" does not fit field "method" (enum); allowed: equal, in, present',
    );
    const unknown = configWith(modelYaml(3).replace('groupBy: [awardDecider]', 'groupBy: [purchaser]'));
    await expect(startTestApp({ configDir: unknown })).rejects.toThrow('plugins[1].models[0].groupBy[0]: model "single-source-buyer": groupBy[0]: record type "procurement-project" has no field "purchaser"');
  });

  describe('a valid model', () => {
    let t: TestApp;
    let dataDir: string;
    afterAll(() => t?.close());

    it('is enabled as version 1 at boot, raises on a save, and cannot be changed through the API', async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-models-data-'));
      t = await startTestApp({ configDir: configWith(modelYaml(3)), dataDir, now: NOW });
      await t.createUser('wmc-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
      const officer = await t.login('wmc-officer');
      const alpha = await t.institutionId('alpha-hospital');
      const [model] = (await officer.get(`/api/models?institutionId=${alpha}`)).body.items;
      expect(model).toMatchObject({ key: 'single-source-buyer', status: 'enabled', version: 1, configFile: 'institutions/alpha-hospital.yaml', definition: { pluginId: 'hospital-procurement', threshold: 3 } });
      const refused = await officer.post(`/api/models/${model.id}/disable`, { reason: '试图停用' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe('本模型由配置文件 institutions/alpha-hospital.yaml 定义，请在配置文件中修改');
      for (const n of [1, 2, 3, 4]) {
        const res = await officer.post(`/api/plugins/hospital-procurement/records/procurement-project?institutionId=${alpha}`, { projectNo: `C-${n}`, name: `配件${n}`, category: 'devices', totalFen: 100_000, department: '设备科', method: 'single-source', methodReason: '原厂配件', awardedOn: addDays(TODAY, n - 5), awardDecider: '配置采购员' });
        expect(res.status).toBe(201);
      }
      const hits = (await officer.get(`/api/rule-hits?institutionId=${alpha}`)).body.items;
      expect(hits.map((h: { ruleId: string; ruleVersion: number; message: { zh: string } }) => [h.ruleId, h.ruleVersion, h.message.zh])).toEqual([['hospital-procurement/model.single-source-buyer', 1, '配置采购员在30天内单一来源采购4次，超过3次']]);
    });

    it('a changed file makes version 2 at the next start; a removed model is disabled, keeping its versions', async () => {
      await t.close();
      t = await startTestApp({ configDir: configWith(modelYaml(4)), dataDir, now: NOW });
      const admin = await (async () => (await t.createUser('wmc-admin', [], { admin: true }), t.login('wmc-admin')))();
      const alpha = await t.institutionId('alpha-hospital');
      const [model] = (await admin.get(`/api/models?institutionId=${alpha}`)).body.items;
      expect(model).toMatchObject({ status: 'enabled', version: 2, definition: { threshold: 4 } });
      await t.close();
      t = await startTestApp({ configDir: configWith(''), dataDir, now: NOW });
      const again = await t.login('wmc-admin');
      const detail = (await again.get(`/api/models/${model.id}`)).body;
      expect(detail).toMatchObject({ status: 'disabled', version: 2 });
      expect(detail.versions.map((v: { version: number; actor: string; reason: string }) => [v.version, v.actor, v.reason])).toEqual([
        [1, 'system:config', 'declared in institutions/alpha-hospital.yaml'],
        [2, 'system:config', 'declared in institutions/alpha-hospital.yaml'],
      ]);
    });
  });
});
