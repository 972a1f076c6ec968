// The module object itself (not an import namespace), so the font server's createServer call can be wrapped.
import http = require('node:http');
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import JSZip from 'jszip';
import { DocumentBatchService } from '../../core/documents/document-batch.service';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import type { RenderJob } from '../../core/documents/document-queue';
import { loadFontAssets } from '../../core/documents/pdf/fonts';
import { pdfText } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';
import { descendants, isChromium, listProcs, userDataDir, vmRssMb } from './support/procs';

// Issue #11 point 9: renderer faults over 100 queued jobs, then memory over 1,000 one-page jobs (inline queue, in this process).
jest.setTimeout(8 * 60_000);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const TEMPLATE = 'test-plugin/note';
// RENDER_SOAK_JOBS (a multiple of 10) shortens the run in npm test; test:full runs 100.
const SOAK_JOBS = Number(process.env.RENDER_SOAK_JOBS ?? 100);
// The last job, which is also a 10th job: Chromium is killed under it, its retry gets a page that never loads and
// nothing else is running, so it must end by the timeout (an earlier slot would see several kills during its 25 s).
const HANG_IDX = SOAK_JOBS - 1;
// RENDER_MEMORY_BATCHES shortens the run locally; CI runs all 10 (1,000 jobs).
const MEMORY_BATCHES = Number(process.env.RENDER_MEMORY_BATCHES ?? 10);
const BATCH = 100;
/** The issue's bound on a job, from the moment it starts to its recorded end. */
const JOB_LIMIT_MS = 30_000;

const item = (i: number, subject = `第${i + 1}份检查记录`) => ({ institution: { name: '甲医院' }, record: { subject, amountFen: i, inspectedOn: '2026-04-01' } });

/** The body font's unicode-range slices: file → ranges. */
function bodySlices(): { file: string; ranges: [number, number][] }[] {
  const css = loadFontAssets().css('');
  return [...css.matchAll(/font-family:'lz-fs'[^}]*?url\(\/fonts\/([^)]+)\)[^}]*?unicode-range:([^;]+);/g)].map(([, file, range]) => ({
    file,
    ranges: range.split(',').map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(a, 16), parseInt(b ?? a, 16)] as [number, number];
    }),
  }));
}

/**
 * A character whose body-font slice no ordinary job needs: the font server is made to hold that one file forever,
 * so the job that uses it gets a page that never finishes loading (document.fonts.ready never settles).
 */
function hangingCharacter(ordinaryText: string): { char: string; file: string } {
  const slices = bodySlices();
  const sliceOf = (ch: string) => slices.find((s) => s.ranges.some(([a, b]) => ch.codePointAt(0)! >= a && ch.codePointAt(0)! <= b))?.file;
  const used = new Set([...ordinaryText].map(sliceOf));
  for (const char of [...'龘齉爨饕鬻鼗麤籲讟']) {
    const file = sliceOf(char);
    if (file && !used.has(file)) return { char, file };
  }
  throw new Error('no body-font slice left for the hanging job');
}

describe('renderer faults and memory over queued document jobs', () => {
  let t: TestApp;
  let officer: ApiClient;
  let render: DocumentRenderService;
  const stalled: http.ServerResponse[] = [];
  /** Every Chromium profile seen under this process: at the end no process may still carry one. */
  const profiles = new Set<string>();
  const timings = new Map<string, { idx: number; ms: number }[]>();
  let onJobStart: (job: RenderJob) => void = () => undefined;
  let chromiumBefore: number[] = [];
  let hang: { char: string; file: string };

  const noteProfiles = () => {
    for (const p of descendants(process.pid).filter(isChromium)) {
      const dir = userDataDir(p);
      if (dir) profiles.add(dir);
    }
  };

  async function runBatch(items: Record<string, unknown>[]): Promise<{ id: string; status: { done: number; failed: number; errors: { index: number; message: string }[] }; seconds: number }> {
    const started = Date.now();
    const res = await officer.post('/api/documents/batches', { templateId: TEMPLATE, items });
    expect(res.status).toBe(201);
    for (;;) {
      const s = await officer.get(`/api/documents/batches/${res.body.id}`);
      if (s.body.status === 'done') return { id: res.body.id, status: s.body, seconds: (Date.now() - started) / 1000 };
      // Bounded: 100 one-page jobs take well under this even on a loaded machine.
      if (Date.now() - started > 180_000) throw new Error(`batch ${res.body.id} still running after 180 s: ${JSON.stringify(s.body).slice(0, 300)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    chromiumBefore = descendants(process.pid).filter(isChromium).map((p) => p.pid);
    t = await startTestApp();
    await t.createUser('soak-officer', [{ institution: 'alpha-hospital', role: 'discipline-officer' }]);
    officer = await t.login('soak-officer');
    render = t.app.get(DocumentRenderService);

    // The next server created is the renderer's font server (it starts on the first render).
    const realCreate = http.createServer.bind(http) as (l: http.RequestListener) => http.Server;
    hang = hangingCharacter(render.html(TEMPLATE, item(99), { number: '', dateText: '', letterhead: '', signature: '', printer: '', qr: '', verifyUrl: '' }));
    const spy = jest.spyOn(http, 'createServer').mockImplementation(((listener: http.RequestListener) => {
      spy.mockRestore();
      return realCreate((req, res) => {
        if (req.url?.endsWith(`/fonts/${hang.file}`)) stalled.push(res);
        else listener(req, res);
      });
    }) as unknown as typeof http.createServer);

    const real = DocumentBatchService.prototype.processItem;
    jest.spyOn(DocumentBatchService.prototype, 'processItem').mockImplementation(async function (this: DocumentBatchService, job: RenderJob, final: boolean) {
      const started = performance.now();
      onJobStart(job);
      try {
        return await real.call(this, job, final);
      } finally {
        timings.set(job.batch, [...(timings.get(job.batch) ?? []), { idx: job.idx, ms: performance.now() - started }]);
        noteProfiles();
      }
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    for (const res of stalled) res.destroy();
    await t?.close();
  });

  it(`${SOAK_JOBS} queued jobs, Chromium SIGKILLed on every 10th, one page that never loads: each job ends within 30 s with a clear error or a PDF`, async () => {
    const kills: number[] = [];
    onJobStart = (job) => {
      if (job.idx % 10 !== 9) return;
      // Shortly after the 10th, 20th… job starts, while it (and often the other lane's job) is rendering.
      setTimeout(() => {
        noteProfiles();
        const pid = render.pdf.browserPid();
        const mine = descendants(process.pid).filter(isChromium).map((p) => p.pid);
        if (pid && mine.includes(pid)) {
          process.kill(pid, 'SIGKILL');
          kills.push(job.idx);
        }
      }, 80);
    };
    const items = Array.from({ length: SOAK_JOBS }, (_, i) => (i === HANG_IDX ? item(i, `第${i + 1}份检查记录${hang.char}`) : item(i)));
    const { id, status, seconds } = await runBatch(items);
    onJobStart = () => undefined;

    const jobs = timings.get(id)!;
    const slowest = Math.max(...jobs.map((j) => j.ms));
    console.log(
      `renderer soak: ${SOAK_JOBS} jobs in ${seconds.toFixed(1)} s; ${kills.length} SIGKILLs (at jobs ${kills.map((i) => i + 1).join(', ')}); ` +
        `renderer stats ${JSON.stringify(render.pdf.stats)}; slowest job ${(slowest / 1000).toFixed(1)} s (the hanging one: ${((jobs.find((j) => j.idx === HANG_IDX)?.ms ?? 0) / 1000).toFixed(1)} s); ` +
        `hanging font file ${hang.file} held ${stalled.length} time(s)`,
    );
    expect(kills).toHaveLength(SOAK_JOBS / 10);
    expect(stalled.length).toBeGreaterThan(0);
    expect(jobs).toHaveLength(SOAK_JOBS);
    expect(jobs.filter((j) => j.ms >= JOB_LIMIT_MS)).toEqual([]);
    // Only the page that never loads fails, and its item says why in both languages.
    expect({ done: status.done, failed: status.failed }).toEqual({ done: SOAK_JOBS - 1, failed: 1 });
    expect(status.errors).toEqual([{ index: HANG_IDX, message: expect.stringMatching(/^文书生成超时（超过 25 秒）.* \/ Rendering the document took longer than 25 s/) }]);
    expect(render.pdf.stats.crashes).toBeGreaterThanOrEqual(SOAK_JOBS / 10);
    expect(render.pdf.stats.timeouts).toBe(1);

    // Every other job produced its own PDF, the ones in flight when Chromium died included.
    const res = await fetch(`${t.url}/api/documents/batches/${id}/zip`, { headers: { cookie: `sid=${officer.cookies.get('sid')}` } });
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    expect(Object.keys(zip.files)).toHaveLength(SOAK_JOBS - 1);
    for (const i of [...kills.filter((k) => k !== HANG_IDX), 0]) {
      const pdf = await zip.file(`${String(i + 1).padStart(4, '0')}.pdf`)!.async('nodebuffer');
      expect((await pdfText(pdf)).join('')).toContain(`第${i + 1}份检查记录`);
    }
  });

  it(`memory stays bounded over ${MEMORY_BATCHES * BATCH} one-page jobs (node and Chromium RSS sampled every ${BATCH})`, async () => {
    const samples: { jobs: number; nodeMb: number; chromiumMb: number }[] = [];
    const started = Date.now();
    for (let b = 0; b < MEMORY_BATCHES; b++) {
      const { id, status } = await runBatch(Array.from({ length: BATCH }, (_, i) => item(b * BATCH + i)));
      expect({ done: status.done, failed: status.failed }).toEqual({ done: BATCH, failed: 0 });
      expect(timings.get(id)!.filter((j) => j.ms >= JOB_LIMIT_MS)).toEqual([]);
      gc();
      await new Promise((r) => setTimeout(r, 200));
      samples.push({ jobs: (b + 1) * BATCH, nodeMb: vmRssMb(process.pid), chromiumMb: render.pdf.rssMb() });
    }
    const seconds = (Date.now() - started) / 1000;
    const half = samples.length / 2;
    const peak = (xs: number[]) => Math.max(...xs);
    const nodeGrowth = peak(samples.slice(half).map((s) => s.nodeMb)) - peak(samples.slice(0, half).map((s) => s.nodeMb));
    const chromiumGrowth = peak(samples.slice(half).map((s) => s.chromiumMb)) - peak(samples.slice(0, half).map((s) => s.chromiumMb));
    console.log(
      `renderer memory: ${MEMORY_BATCHES * BATCH} jobs in ${seconds.toFixed(1)} s (${((MEMORY_BATCHES * BATCH) / seconds).toFixed(2)} jobs/s); ` +
        `RSS MB per ${BATCH} jobs (node after GC / Chromium tree): ${samples.map((s) => `${s.jobs}: ${s.nodeMb.toFixed(0)}/${s.chromiumMb.toFixed(0)}`).join(', ')}; ` +
        `peak growth, last ${MEMORY_BATCHES * BATCH / 2} vs first ${MEMORY_BATCHES * BATCH / 2} jobs: node ${nodeGrowth.toFixed(1)} MB, Chromium ${chromiumGrowth.toFixed(1)} MB; renderer stats ${JSON.stringify(render.pdf.stats)}`,
    );
    // Node keeps no per-job state once an item is stored: a leak of each job's PDF and HTML (≈ 0.1 MB) over 500 jobs
    // would pass 50 MB; 60 MB leaves room for allocator and JIT noise after a forced GC.
    expect(nodeGrowth).toBeLessThan(60);
    // A reused page grows ≈ 0.1 MB a document (≈ 100 MB over the first jobs as its caches fill) until it is replaced after
    // 500 jobs; 300 MB above the first half's peak means memory that survives recycling.
    expect(chromiumGrowth).toBeLessThan(300);
  });

  it('leaves no Chromium process behind once the app has stopped', async () => {
    noteProfiles();
    expect(profiles.size).toBeGreaterThan(SOAK_JOBS / 10);
    jest.restoreAllMocks();
    for (const res of stalled) res.destroy();
    await t.close();
    t = undefined as unknown as TestApp;
    let left: string[] = [];
    for (let i = 0; i < 100; i++) {
      const procs = listProcs();
      left = [
        ...descendants(process.pid, procs).filter((p) => isChromium(p) && !chromiumBefore.includes(p.pid)),
        // Children of a killed browser are re-parented away from this process: find them by their profile.
        ...procs.filter((p) => profiles.has(userDataDir(p) ?? '')),
      ].map((p) => `${p.pid} ${p.cmdline.slice(0, 120)}`);
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toEqual([]);
  });
});
