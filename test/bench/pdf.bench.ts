/**
 * `npm run bench:pdf`: PDF throughput of three ways to drive Chromium, measured in one run on the same notice.
 *   naive     — launch a browser per document;
 *   new page  — one browser, a new page (setContent of the whole document) per document;
 *   pool      — the app's PdfRenderer: one browser, 2 reused pages whose loaded fonts survive between jobs.
 * Prints docs/s, p50, p99, each method's ratio to the pool, and how much of the pool's time is page.pdf().
 * BENCH_DOCS (default 40) sets the pool's document count; the slow methods render a quarter of it (min 4).
 * Then: the cost of putting the 版记 where GB/T 9704 wants it (the app's path: the page paginates the body and lays the
 * 版记 out before its one print, banji-layout.ts) against a single pass of the template as it stands (版记 alone on a
 * last page); BENCH_BANJI_TEMPLATE, default core/interview-notice: 2 body pages; both measured in alternating rounds, and
 * placeBanji alone, the PDF edit still used for bodies with landscape pages), and fonts over the loopback HTTP font
 * server against the same fonts inlined as data: URLs (cold: first two jobs on fresh pages; warm: throughput).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer from 'puppeteer-core';
import { banjiReplans, countPdfPages, DocMeta, renderWithEvenBanji } from '../../core/documents/document-render.service';
import { loadFontAssets } from '../../core/documents/pdf/fonts';
import { placeBanji } from '../../core/documents/pdf/banji-placement';
import { CHROMIUM_ARGS, PdfRenderer } from '../../core/documents/pdf/pdf-renderer';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { TemplateService } from '../../core/documents/template.service';
import { PluginHost } from '../../core/plugin-host/plugin-host';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));
const N = Number(process.env.BENCH_DOCS || 40);
const SLOW_N = Math.max(4, Math.round(N / 4));

interface Run {
  name: string;
  docs: number;
  wallMs: number;
  latencies: number[];
  pdfMs: number[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function timed(name: string, docs: number, concurrency: number, job: (i: number) => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  const pdfMs: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs) {
        const i = next++;
        const s = performance.now();
        pdfMs.push(await job(i));
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { name, docs, wallMs: performance.now() - t0, latencies, pdfMs };
}

async function main(): Promise<void> {
  const templates = new TemplateService(new PluginHost([], []), path.join(ROOT, 'templates', 'documents'));
  const assets = loadFontAssets();
  const coldStart = performance.now();
  const pool = new PdfRenderer(assets, { executablePath: CHROMIUM, poolSize: 2, printCss: templates.printCss() });
  const shell = await pool.shellHtml();
  const doc = (i: number): DocMeta => ({ number: `甲纪〔2026〕${i + 1}号`, dateText: '2026年6月20日', letterhead: '甲医院纪委', signature: '甲医院纪委', printer: '甲医院纪委办公室', qr: '', verifyUrl: '' });
  const templateId = process.env.BENCH_TEMPLATE || 'core/warning-notice';
  const data = DEMO_TEMPLATE_DATA[templateId as keyof typeof DEMO_TEMPLATE_DATA] as unknown as Record<string, unknown>;
  const body = (i: number) => templates.render(templateId, { ...data, doc: doc(i) });
  const fullHtml = (i: number) => shell.replace('<body></body>', `<body>${body(i)}</body>`);
  const pagesPerDoc = countPdfPages((await pool.render(body(0))).pdf);
  const httpColdMs = performance.now() - coldStart;

  const launchArgs = () => ({ executablePath: CHROMIUM, headless: true, pipe: true, args: [...CHROMIUM_ARGS, `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'lz-bench-'))}`] });
  const onPage = async (page: import('puppeteer-core').Page, i: number) => {
    await page.setContent(fullHtml(i), { waitUntil: 'load' });
    const s = performance.now();
    await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return performance.now() - s;
  };

  const runs: Run[] = [];
  runs.push(
    await timed('naive: browser per document', SLOW_N, 1, async (i) => {
      const b = await puppeteer.launch(launchArgs());
      try {
        return await onPage(await b.newPage(), i);
      } finally {
        await b.close();
      }
    }),
  );
  const browser = await puppeteer.launch(launchArgs());
  runs.push(
    await timed('one browser, new page per document', SLOW_N, 1, async (i) => {
      const page = await browser.newPage();
      try {
        return await onPage(page, i);
      } finally {
        await page.close();
      }
    }),
  );
  await browser.close();
  // Warm the pool's second page too, as a running server would be.
  await Promise.all([pool.render(body(0)), pool.render(body(1))]);
  runs.push(
    await timed('pool: 1 browser, 2 reused pages', N, 2, async (i) => {
      const html = body(i);
      return (await pool.render(html)).pdfMs;
    }),
  );
  // 版记 placement: the same pool, a bare single pass against the app's path (render, then placeBanji).
  const banjiId = process.env.BENCH_BANJI_TEMPLATE || 'core/interview-notice';
  const banjiData = DEMO_TEMPLATE_DATA[banjiId as keyof typeof DEMO_TEMPLATE_DATA] as unknown as Record<string, unknown>;
  const banjiBody = (i: number) => templates.render(banjiId, { ...banjiData, doc: doc(i) });
  const halfN = Math.max(4, Math.round(N / 2));
  let padded = 0;
  let banjiPages = 0;
  // In alternating rounds, so a change in the machine's load (another process) weighs on both alike.
  const rounds = 4;
  const chunk = Math.max(1, Math.round(halfN / rounds));
  const single: Run = { name: `${banjiId}: one pass`, docs: 0, wallMs: 0, latencies: [], pdfMs: [] };
  const even: Run = { name: `${banjiId}: 版记 on even page`, docs: 0, wallMs: 0, latencies: [], pdfMs: [] };
  const add = (total: Run, r: Run) => Object.assign(total, { docs: total.docs + r.docs, wallMs: total.wallMs + r.wallMs, latencies: [...total.latencies, ...r.latencies], pdfMs: [...total.pdfMs, ...r.pdfMs] });
  for (let round = 0; round < rounds; round++) {
    add(single, await timed(single.name, chunk, 2, async (i) => (await pool.render(banjiBody(i))).pdfMs));
    add(
      even,
      await timed(even.name, chunk, 2, async (i) => {
        const r = await renderWithEvenBanji(pool, banjiBody(i));
        if (r.blankBeforeBanji) padded++;
        banjiPages = r.pages;
        return r.pdfMs;
      }),
    );
  }
  // placeBanji alone on one rendered PDF (warm): its own share of the real path.
  const sample = (await pool.render(banjiBody(0))).pdf;
  const placeMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const s = performance.now();
    await placeBanji(sample);
    placeMs.push(performance.now() - s);
  }
  await pool.close();

  // Fonts inlined as data: URLs in each page's shell instead of fetched from the loopback server.
  const inlineStart = performance.now();
  // Its 22 MB shell page can take longer than the app's 25 s job budget to load on a busy machine.
  const inlinePool = new PdfRenderer(assets, { executablePath: CHROMIUM, poolSize: 2, printCss: templates.printCss(), fontMode: 'inline', jobTimeoutMs: 120_000 });
  await inlinePool.render(body(0));
  const inlineColdMs = performance.now() - inlineStart;
  await Promise.all([inlinePool.render(body(0)), inlinePool.render(body(1))]);
  const inlineRun = await timed('pool, fonts inline (data: URLs)', N, 2, async (i) => (await inlinePool.render(body(i))).pdfMs);
  const shellMb = (await inlinePool.shellHtml()).length / 1e6;
  await inlinePool.close();

  const poolRun = runs[runs.length - 1];
  const rate = (r: Run) => (r.docs / r.wallMs) * 1000;
  console.log(`\nPDF bench: ${templateId}, ${pagesPerDoc} pages a document, ${os.cpus().length} CPUs, Chromium at ${CHROMIUM}\n`);
  console.log('method                                 docs   docs/s    p50 ms    p99 ms   vs pool');
  for (const r of runs) {
    console.log(
      `${r.name.padEnd(38)} ${String(r.docs).padStart(4)} ${rate(r).toFixed(2).padStart(8)} ${pct(r.latencies, 50).toFixed(0).padStart(9)} ${pct(r.latencies, 99).toFixed(0).padStart(9)}   ${(rate(r) / rate(poolRun)).toFixed(2)}×`,
    );
  }
  const pdfTotal = poolRun.pdfMs.reduce((a, b) => a + b, 0);
  const allTotal = poolRun.latencies.reduce((a, b) => a + b, 0);
  console.log(`\npool: page.pdf() p50 ${pct(poolRun.pdfMs, 50).toFixed(0)} ms; page.pdf() is ${((pdfTotal / allTotal) * 100).toFixed(0)}% of job time, our pipeline (template, body swap, font wait, queue) ${(((allTotal - pdfTotal) / pdfTotal) * 100).toFixed(0)}% on top of page.pdf()`);
  console.log(`pool: ${(rate(poolRun) * pagesPerDoc).toFixed(1)} pages/s\n`);
  console.log(`版记 placement (${banjiId}: ${banjiPages} pages after placement, ${padded}/${even.docs} with a blank page before the 版记, ${banjiReplans.count} rendered twice because the print contradicted the page's plan):`);
  for (const r of [single, even]) console.log(`  ${r.name.padEnd(50)} ${rate(r).toFixed(2).padStart(6)} docs/s  p50 ${pct(r.latencies, 50).toFixed(0).padStart(5)} ms  p99 ${pct(r.latencies, 99).toFixed(0).padStart(5)} ms`);
  console.log(`  real path / single pass: ${(rate(even) / rate(single)).toFixed(2)}× throughput (${rounds} alternating rounds); placeBanji alone p50 ${pct(placeMs.slice(5), 50).toFixed(1)} ms a document\n`);
  console.log('fonts: loopback HTTP font server vs inline data: URLs (same pool of 2 pages):');
  console.log(`  cold (launch + shell + first document): http ${httpColdMs.toFixed(0)} ms, inline ${inlineColdMs.toFixed(0)} ms (shell ${shellMb.toFixed(1)} MB)`);
  for (const r of [poolRun, inlineRun]) console.log(`  ${r.name.padEnd(50)} ${rate(r).toFixed(2).padStart(6)} docs/s  p50 ${pct(r.latencies, 50).toFixed(0).padStart(5)} ms  p99 ${pct(r.latencies, 99).toFixed(0).padStart(5)} ms`);
  console.log(`  inline / http throughput: ${(rate(inlineRun) / rate(poolRun)).toFixed(2)}×\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
