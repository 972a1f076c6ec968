/**
 * `node dist/test/bench/pdf-cpu.bench.js`: where a render's CPU goes, to judge how far two renders at once can scale on
 * this machine. Renders BENCH_DOCS (default 40) documents one at a time, then two at a time, on the app's PdfRenderer and
 * reads the CPU time (utime + stime from /proc) of every Chromium process and thread, and of this Node process.
 * If one document costs C ms of CPU and the machine has K cores, no concurrency gives more than K × 1000 / C docs/s.
 * BENCH_TEMPLATE picks the document; BENCH_EXTRA_ARGS adds Chromium flags (space-separated) to compare variants.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { renderWithEvenBanji } from '../../core/documents/document-render.service';
import { loadFontAssets } from '../../core/documents/pdf/fonts';
import { CHROMIUM_ARGS, PdfRenderer } from '../../core/documents/pdf/pdf-renderer';
import { TemplateService } from '../../core/documents/template.service';
import { PluginHost } from '../../core/plugin-host/plugin-host';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
const N = Number(process.env.BENCH_DOCS || 40);
const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** CPU ms by "process type/thread name" for every process under root (root included). */
function cpuByThread(root: number): Map<string, number> {
  const parent = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const under = (pid: number) => {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  const out = new Map<string, number>();
  for (const pid of parent.keys()) {
    if (!under(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (pid === root ? 'browser' : 'other');
      const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1];
      const proc = sub ? `${type}(${sub.split('.').pop()})` : type;
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${proc}/${name}`;
        out.set(key, (out.get(key) ?? 0) + (Number(f[11]) + Number(f[12])) * TICK_MS);
      }
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Idle and total jiffies of the whole machine (/proc/stat), to tell spare cores from cores other processes took. */
function machineTicks(): { idle: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
}

const diff = (a: Map<string, number>, b: Map<string, number>) => new Map([...b].map(([k, v]) => [k, v - (a.get(k) ?? 0)]));
const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);

async function main(): Promise<void> {
  const extra = (process.env.BENCH_EXTRA_ARGS || '').split(' ').filter(Boolean);
  CHROMIUM_ARGS.push(...extra);
  const templates = new TemplateService(new PluginHost([], []), path.join(ROOT, 'templates', 'documents'));
  const templateId = process.env.BENCH_TEMPLATE || 'core/warning-notice';
  const data = DEMO_TEMPLATE_DATA[templateId as keyof typeof DEMO_TEMPLATE_DATA] as unknown as Record<string, unknown>;
  const meta = (i: number) => ({ number: `甲纪〔2026〕${i + 1}号`, dateText: '2026年6月20日', letterhead: '甲医院纪委', signature: '甲医院纪委', printer: '甲医院纪委办公室', qr: '', verifyUrl: '' });
  const body = (i: number) => templates.render(templateId, { ...data, doc: meta(i) });
  // pageMaxJobs high: a page recycle (fonts decoded again) inside a measured run would weigh on one variant only.
  const pool = new PdfRenderer(loadFontAssets(), { executablePath: CHROMIUM, poolSize: 2, printCss: templates.printCss(), pageMaxJobs: 10_000 });
  await Promise.all([pool.render(body(0)), pool.render(body(1))]);
  await Promise.all([pool.render(body(0)), pool.render(body(1))]);
  const root = pool.browserPid()!;
  console.log(`\nPDF CPU: ${templateId}, ${os.cpus().length} CPUs, extra flags: ${extra.join(' ') || '(none)'}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const rows: { label: string; rate: number; wallMs: number; cpu: Map<string, number>; nodeMs: number; idle: number }[] = [];
  for (const concurrency of [1, 2, 1, 2]) {
    const before = cpuByThread(root);
    const nodeBefore = process.cpuUsage();
    const machineBefore = machineTicks();
    let left = N;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) await renderWithEvenBanji(pool, body(left));
      }),
    );
    const wallMs = performance.now() - t0;
    const node = process.cpuUsage(nodeBefore);
    const machine = machineTicks();
    const idle = (machine.idle - machineBefore.idle) / (machine.total - machineBefore.total);
    rows.push({ label: `${concurrency} at a time`, rate: (N / wallMs) * 1000, wallMs, cpu: diff(before, cpuByThread(root)), nodeMs: (node.user + node.system) / 1000, idle });
  }
  for (const r of rows) {
    const chromium = sum(r.cpu);
    const perDoc = (chromium + r.nodeMs) / N;
    console.log(
      `  ${r.label}: ${r.rate.toFixed(2)} docs/s, wall ${(r.wallMs / N).toFixed(0)} ms a doc; CPU a doc ${perDoc.toFixed(0)} ms (Chromium ${(chromium / N).toFixed(0)}, Node ${(r.nodeMs / N).toFixed(0)}); ` +
        `cores busy ${((chromium + r.nodeMs) / r.wallMs).toFixed(2)} (machine idle ${(r.idle * 100).toFixed(0)}%); CPU-bound ceiling ${((os.cpus().length * 1000) / perDoc).toFixed(2)} docs/s`,
    );
  }
  // Where one document's CPU goes (all four runs together), the threads that take ≥ 1 ms a document.
  const total = new Map<string, number>();
  for (const r of rows) for (const [k, v] of r.cpu) total.set(k, (total.get(k) ?? 0) + v);
  const docs = N * rows.length;
  console.log(`  CPU ms a document by process/thread:`);
  for (const [k, v] of [...total].sort((a, b) => b[1] - a[1])) if (v / docs >= 1) console.log(`    ${k.padEnd(40)} ${(v / docs).toFixed(1)}`);
  console.log(`    ${'node (this process)'.padEnd(40)} ${(rows.reduce((a, r) => a + r.nodeMs, 0) / docs).toFixed(1)}\n`);
  await pool.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
