import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { RulesService } from '../../core/rules/rules.service';
import { upload } from '../support/risk-fixtures';
import { startTestApp } from '../support/test-app';

jest.setTimeout(1_800_000);

it('bench', async () => {
  const t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config'), now: '2026-11-22T03:00:00Z', seed: 'demo+plugins' });
  const buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
  const lines = ['项目编号,项目名称,采购类别,采购金额（元）,申请科室,采购方式,定标日期'];
  for (let i = 0; i < 100_000; i++) lines.push(`B-${i},批量项目${i},医用耗材,${1000 + (i % 5000)}.00,设备科,询价,2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
  const bytes = Buffer.from(lines.join('\n'));
  const rules = t.app.get(RulesService);
  const realScan = rules.scan.bind(rules);
  let scanMs = 0;
  rules.scan = async (id: number, now?: Date) => { const s = Date.now(); const r = await realScan(id, now); scanMs = Date.now() - s; return r; };
  const started = Date.now();
  const res = await upload(`${t.url}/api/records/hospital-procurement/procurement-project/import`, buyer.cookies, buyer.csrf, bytes, 'b.csv', 'text/csv');
  const total = Date.now() - started;
  console.log(JSON.stringify({ status: res.status, body: res.body, mb: bytes.length / 1e6, totalMs: total, scanMs, importMs: total - scanMs, rowsPerS: Math.round(100_000 / ((total - scanMs) / 1000)), rss: process.memoryUsage().rss / 1e6 }));
  await t.close();
});
