/**
 * `npm run bench:rules`: the hospital's warning models over 1,000, 100,000 and 1,000,000 procurement projects
 * (BENCH_SIZES), on the real platform: a SQLite file in WAL mode, or PostgreSQL when DATABASE_URL is set. Per size:
 * - import rows/s: CSV files of up to 200,000 rows through the import API (validation, inserts, rules once after);
 * - single save p50/p99: BENCH_SAVES (default 100) projects saved one by one through the API, each with its rules;
 * - save to clue: a second small purchase from one supplier within 30 days (拆分采购) until its clue is listed;
 * - full scan: every model of the hospital over every record;
 * - backtest (试运行, #21): a warning model defined as data, "one supplier awarded more than 3 times in 30 days", over
 *   the last twelve months, with the time budget raised to 60 s so the time is measured, not cut;
 * - peak RSS (the kernel's high-water mark) of the process, server and client in one, until the projects are imported and
 *   over the whole size; the client streams each CSV to disk and uploads it from there, so nearly all of it is the server.
 * Then the naive baseline in the same run: the subject sources as they were (every save lists every record of the
 * type into JavaScript and recomputes every aggregate) at 1,000 and 20,000 projects.
 * For iterating: BENCH_SIZES and BENCH_NAIVE_SIZES choose the sizes (empty: no naive run); BENCH_DATA_DIR keeps the data
 * directory (one size) to probe its database afterwards.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { demoCreditCode, seededRandom } from '../../core/plugin-api';
import { RulesService } from '../../core/rules/rules.service';
import { hospitalProcurementPlugin } from '../../plugins/hospital-procurement/hospital-procurement.plugin';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { upload } from '../support/risk-fixtures';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { NAIVE_SUBJECTS } from './naive-hospital-subjects';

const SIZES = (process.env.BENCH_SIZES || '1000,100000,1000000').split(',').map(Number);
const NAIVE_SIZES = (process.env.BENCH_NAIVE_SIZES ?? '1000,20000').split(',').filter(Boolean).map(Number);
const SAVES = Number(process.env.BENCH_SAVES || 100);
const NOW = '2026-11-22T03:00:00Z';
const FILE_ROWS = 200_000;
const SUPPLIERS = 5_000;
const IMPORT_URL = '/api/records/hospital-procurement/procurement-project/import';
const CATEGORY_LABELS = ['药品', '医疗器械', '医用耗材', '设备', '工程', '服务'];
const ITEMS = ['输液器', '留置针', '医用手套', '纱布', '注射器', '导尿管', '血压计', '监护仪', '试剂盒', '口罩'];

/**
 * The kernel's high-water mark of this process's RSS (VmHWM), reset per size through /proc/self/clear_refs: a timer
 * sampling memoryUsage() misses the peaks while SQLite or a rules pass holds the event loop (by 100-200 MB at 1,000,000).
 */
const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
const resetPeakRss = () => fs.writeFileSync('/proc/self/clear_refs', '5');
const mb = (n: number) => Math.round(n / 1024 / 1024);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (n: number) => Math.round(n * 10) / 10;
const day = (i: number) => new Date(Date.UTC(2017, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const SPAN_DAYS = 3_610; // 2017-01-01 to 2026-11-18: about ten years of awards

const csv = (rows: (string | number)[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');

/**
 * Projects spread evenly over ten years; 30% small inquiries (5,000-60,000 元) and 70% public tenders (200,000-480,000 元).
 * Streamed to a file, 10,000 lines at a time, and uploaded from disk: the measured RSS is the server's, not the client's copies.
 */
async function writeProjectCsv(file: string, from: number, to: number, rand: () => number): Promise<void> {
  const out = fs.createWriteStream(file);
  let lines = ['项目编号,项目名称,采购类别,采购金额（元）,申请科室,采购方式,定标日期,公告日期,中标供应商'];
  const flush = async () => {
    if (!out.write(lines.join('\r\n') + '\r\n')) await once(out, 'drain');
    lines = [];
  };
  for (let i = from; i < to; i++) {
    const on = day(Math.floor((i * SPAN_DAYS) / SIZE_NOW));
    const small = rand() < 0.3;
    const yuan = small ? 5_000 + Math.floor(rand() * 55_000) : 200_000 + Math.floor(rand() * 280_000);
    lines.push(`BN${String(i).padStart(7, '0')},基准采购项目${i},${CATEGORY_LABELS[i % 6]},${yuan},设备科,${small ? '询价' : '公开招标'},${on},${small ? '' : on},基准供应商${1 + Math.floor(rand() * SUPPLIERS)}`);
    if (lines.length >= 10_000) await flush();
  }
  if (lines.length) await flush();
  out.end();
  await finished(out);
}
let SIZE_NOW = 1;

/** The backtested model: one supplier awarded more than 3 projects within 30 days (about 1.7 a month each at 1,000,000). */
const SUPPLIER_MODEL = {
  id: 'supplier-awards-30d',
  name: { zh: '同一供应商30天内中标超过3次', en: 'More than 3 awards to one supplier in 30 days' },
  pluginId: 'hospital-procurement',
  recordType: 'procurement-project',
  filters: [],
  groupBy: ['supplier'],
  window: { field: 'awardedOn', days: 30 },
  measure: { kind: 'count' },
  threshold: 3,
  level: 'blue',
  message: { zh: '该供应商{windowDays}天内中标{count}次，超过{threshold}次', en: '{count} awards in {windowDays} days, more than {threshold}' },
};

interface Figures {
  size: number;
  engine: string;
  importRowsPerSec?: number;
  saveP50: number;
  saveP99: number;
  saveToClueMs: number;
  scanSec: number;
  backtestSec?: number;
  backtestHits?: number;
  importPeakRssMb: number;
  peakRssMb: number;
}

async function measure(size: number, engine: 'sql' | 'naive'): Promise<Figures> {
  SIZE_NOW = size;
  resetPeakRss();
  const plugins = engine === 'naive' ? [...INSTALLED_PLUGINS.filter((p) => p.id !== hospitalProcurementPlugin.id), { ...hospitalProcurementPlugin, subjects: NAIVE_SUBJECTS, aggregateSubjects: [] }] : INSTALLED_PLUGINS;
  const t: TestApp = await startTestApp({ dataDir: process.env.BENCH_DATA_DIR, configDir: path.join(__dirname, '..', '..', '..', 'config'), now: NOW, seed: 'demo', plugins });
  try {
    const hospital = await t.institutionId('county-hospital');
    const buyer = await t.login('hosp-buyer', DEMO_PASSWORD);
    const officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    const rand = seededRandom(size);
    const send = async (url: string, bytes: Buffer | Blob, name: string) => {
      const res = await upload(`${t.url}${url}`, buyer.cookies, buyer.csrf, bytes, name, 'text/csv');
      if (res.status !== 201) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
      return res.body as { imported: number; newHits: number };
    };
    const suppliers: (string | number)[][] = [['供应商名称', '统一社会信用代码']];
    for (let i = 1; i <= SUPPLIERS; i++) suppliers.push([`基准供应商${i}`, demoCreditCode(rand, '330000')]);
    await send('/api/records/hospital-procurement/supplier/import', csv(suppliers), 'suppliers.csv');

    const started = performance.now();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rules-'));
    try {
      for (let at = 0; at < size; at += FILE_ROWS) {
        const file = path.join(tmp, `projects-${at}.csv`);
        await writeProjectCsv(file, at, Math.min(size, at + FILE_ROWS), rand);
        await send(IMPORT_URL, await fs.openAsBlob(file, { type: 'text/csv' }), `projects-${at}.csv`);
        fs.rmSync(file);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    const importSec = (performance.now() - started) / 1000;
    const importPeakRss = peakRss();
    const importRowsPerSec = Math.round(size / importSec);

    // Single saves: a small purchase with items, through the API, each evaluated by every model on save.
    const supplierId = (await buyer.get('/api/plugins/hospital-procurement/records/supplier?pageSize=1')).body.items[0].id as number;
    const save = (no: string, on: string, yuan: number, supplier = supplierId) =>
      buyer.post(
        '/api/plugins/hospital-procurement/records/procurement-project',
        { projectNo: no, name: `单笔保存${no}`, category: 'consumables', items: [{ itemName: ITEMS[Number(no.slice(-1))], quantity: 10, unitPriceFen: yuan * 10 }], totalFen: yuan * 100, department: '设备科', method: 'inquiry', awardedOn: on, supplier },
        { 'x-csrf-token': buyer.csrf },
      );
    const times: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const t0 = performance.now();
      const res = await save(`SV${size}-${i}`, day(Math.floor(rand() * SPAN_DAYS)), 1_000 + Math.floor(rand() * 4_000));
      times.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`save ${i}: ${res.status} ${res.text.slice(0, 300)}`);
    }

    // Save to clue: two purchases of 120,000 元 from a supplier with no other purchase, four days apart (together over the 200,000 元 threshold).
    const fresh = (await buyer.post('/api/plugins/hospital-procurement/records/supplier', { name: `拆分测试供应商${size}`, creditCode: demoCreditCode(rand, '330000') }, { 'x-csrf-token': buyer.csrf })).body.id as number;
    const cluesBefore = (await officer.get('/api/warning/clues?pageSize=1')).body.total as number;
    await save(`SPLIT${size}-1`, '2026-11-14', 120_000, fresh);
    const t0 = performance.now();
    await save(`SPLIT${size}-2`, '2026-11-18', 120_000, fresh);
    while ((await officer.get('/api/warning/clues?pageSize=1')).body.total === cluesBefore) {
      if (performance.now() - t0 > 60_000) throw new Error('no clue within 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const saveToClueMs = performance.now() - t0;

    const s0 = performance.now();
    await t.app.get(RulesService).scan(hospital);
    const scanSec = (performance.now() - s0) / 1000;

    const backtest = engine === 'sql' ? (await officer.post('/api/models/backtest', { institutionId: hospital, budgetMs: 60_000, definition: SUPPLIER_MODEL }, { 'x-csrf-token': officer.csrf })).body : null;
    if (backtest && !backtest.complete) throw new Error(`backtest incomplete: ${JSON.stringify(backtest).slice(0, 300)}`);
    return {
      ...(backtest ? { backtestSec: Math.round(backtest.elapsedMs / 10) / 100, backtestHits: backtest.total } : {}), size, engine, importRowsPerSec: engine === 'sql' ? importRowsPerSec : undefined, saveP50: ms(pct(times, 50)), saveP99: ms(pct(times, 99)), saveToClueMs: ms(saveToClueMs), scanSec: Math.round(scanSec * 100) / 100, importPeakRssMb: mb(importPeakRss), peakRssMb: mb(peakRss()) };
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  const rows: Figures[] = [];
  for (const size of SIZES) {
    const f = await measure(size, 'sql');
    rows.push(f);
    console.log(JSON.stringify(f));
  }
  for (const size of NAIVE_SIZES) {
    const f = await measure(size, 'naive');
    rows.push(f);
    console.log(JSON.stringify(f));
  }
  console.log(`\nbench:rules on ${db}, ${SAVES} single saves per size`);
  console.log('| projects | engine | import rows/s | save p50 ms | save p99 ms | save → clue ms | full scan s | backtest s (hits) | peak RSS MB import / run |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.size.toLocaleString('en-US')} | ${r.engine === 'sql' ? 'indexed SQL, incremental' : 'naive (load all, JS)'} | ${r.importRowsPerSec?.toLocaleString('en-US') ?? '–'} | ${r.saveP50} | ${r.saveP99} | ${r.saveToClueMs} | ${r.scanSec} | ${r.backtestSec === undefined ? '–' : `${r.backtestSec} (${r.backtestHits})`} | ${r.importPeakRssMb} / ${r.peakRssMb} |`);
  const small = rows.find((r) => r.engine === 'sql' && r.size === 1000);
  const naive = rows.filter((r) => r.engine === 'naive').pop();
  const sqlAtNaive = rows.find((r) => r.engine === 'sql' && naive && r.size >= naive.size);
  if (small) for (const r of rows.filter((x) => x.engine === 'sql' && x.size > 1000)) console.log(`save p99 at ${r.size.toLocaleString('en-US')} / at 1,000: ${(r.saveP99 / small.saveP99).toFixed(2)}×`);
  if (naive && sqlAtNaive) console.log(`naive save p99 at ${naive.size.toLocaleString('en-US')} / indexed at ${sqlAtNaive.size.toLocaleString('en-US')}: ${(naive.saveP99 / sqlAtNaive.saveP99).toFixed(1)}×`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
