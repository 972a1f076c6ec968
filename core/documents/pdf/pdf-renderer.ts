import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { loadPuppeteer } from '../../lazy-modules';
import { FontServer } from './font-server';
import type { FontAssets } from './fonts';
import { NUMBER_RUN, wordGroups } from './word-breaks';
import { processTreeRssMb } from './process-tree-rss';

/** Headless flags for this closed network (no background connections); browser tests share them. */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export const CHROMIUM_ARGS = [...HEADLESS_CHROMIUM_ARGS, '--font-render-hinting=none'];

export interface PdfRendererOptions {
  executablePath: string;
  poolSize?: number;
  /** A job's whole budget once it holds a page, retry included (default 25 s: with a batch's own database work an item ends within 30 s). */
  jobTimeoutMs?: number;
  /** Replace a reused page after this many jobs (it grew ≈ 0.1 MB a document over 800 notices; a replacement costs ≈ 1 s of CPU decoding fonts). */
  pageMaxJobs?: number;
  browserMaxJobs?: number;
  /** Resident memory of the whole Chromium process tree that triggers a browser recycle. */
  browserMaxRssMb?: number;
  /** Print CSS loaded once into every page's shell document. */
  printCss?: string;
  /** 'http' (default): fonts from the loopback font server; 'inline': data: URLs in the shell (measured in bench:pdf). */
  fontMode?: 'http' | 'inline';
}

export interface RenderResult {
  pdf: Buffer;
  /** Whole job, queue wait excluded. */
  ms: number;
  /** The page.pdf() call alone. */
  pdfMs: number;
  /** What the job's PageStep measured before printing. */
  measured?: unknown;
}

/** Page functions (as source) around the fill: `wrap` puts the HTML into the body instead, `measure` runs last and its answer comes back. */
export interface PageStep {
  wrap: string;
  measure: string;
}

/**
 * Runs in the page: replace the body, keep words and numbers whole, lay it out, wait for the fonts it needs and its data:
 * images, then condense each .gbt-fit line (a long 发文机关标志) to its block's width: anything wider would make Chromium
 * shrink the whole page. Titles break only between word groups (keep-all with <wbr> between them; narrow table cells keep
 * ordinary CJK breaking, since a word wider than its cell would be broken at a worse place), and a
 * run of digits never breaks (nowrap).
 */
const FILL_BODY = async (html: string, groups: typeof wordGroups, numberRun: string, step?: { wrap: (html: string) => void; measure: () => unknown }): Promise<unknown> => {
  if (step) step.wrap(html);
  else document.body.innerHTML = html;
  const textNodes = (root: Node): Text[] => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found: Text[] = [];
    while (walker.nextNode()) found.push(walker.currentNode as Text);
    return found;
  };
  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.gbt-title:not(.gbt-title-keep), .gbt-annex-title'))) {
    el.classList.add('gbt-words');
    for (const node of textNodes(el)) {
      const parts = groups(node.data, segmenter);
      if (parts.length > 1) node.replaceWith(...parts.flatMap((part, i) => (i ? [document.createElement('wbr'), part] : [part])));
    }
  }
  for (const node of textNodes(document.body)) {
    // Only printed text: a <style> or <script> is code (a span would cut it), SVG text (charts) cannot hold an HTML span.
    if (node.parentElement?.closest('.gbt-keep, .gbt-fit, svg, style, script, textarea, title')) continue;
    const pieces: (string | Node)[] = [];
    let at = 0;
    for (const m of node.data.matchAll(new RegExp(numberRun, 'g'))) {
      if (m[0].length < 2) continue;
      const keep = document.createElement('span');
      keep.className = 'gbt-keep';
      keep.textContent = m[0];
      pieces.push(node.data.slice(at, m.index), keep);
      at = m.index + m[0].length;
    }
    if (pieces.length) node.replaceWith(...pieces, node.data.slice(at));
  }
  void document.body.offsetHeight;
  await document.fonts.ready;
  const pending = Array.from(document.images).filter((img) => !img.complete);
  await Promise.all(pending.map((img) => new Promise((done) => ['load', 'error'].forEach((e) => img.addEventListener(e, done, { once: true })))));
  for (const box of Array.from(document.querySelectorAll<HTMLElement>('.gbt-fit'))) {
    const line = box.firstElementChild as HTMLElement | null;
    const room = box.getBoundingClientRect().width;
    const natural = line?.getBoundingClientRect().width ?? 0;
    if (line && natural > room) line.style.transform = `scaleX(${room / natural})`;
  }
  return step?.measure();
};

/** The page call: FILL_BODY with the word grouping and the step passed as source (the page cannot import them). */
const fillScript = (html: string, step?: PageStep): string =>
  `(${FILL_BODY.toString()})(${JSON.stringify(html)}, ${wordGroups.toString()}, ${JSON.stringify(NUMBER_RUN.source)}${step ? `, { wrap: ${step.wrap}, measure: ${step.measure} }` : ''})`;

export class RenderTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`PDF rendering took longer than ${ms} ms`);
    this.name = 'RenderTimeoutError';
  }
}

/** Chromium died under the job twice (the first try and its retry). */
export class RendererCrashError extends Error {
  constructor(cause: Error) {
    super(`Chromium exited while rendering, also on the retry: ${cause.message}`, { cause });
    this.name = 'RendererCrashError';
  }
}

/** When the job must be over (set when it first gets a page slot). */
interface Budget {
  deadline?: number;
}

interface Slot {
  page: Page | null;
  jobs: number;
  busy: boolean;
  /** The page that replaces `page` once it has served pageMaxJobs: its shell loads (fonts decoded) while `page` still serves. */
  spare: Page | null;
  preparing: Promise<void> | null;
}

/**
 * One Chromium and a pool of reused pages: pages keep their decoded CJK fonts between jobs, which is most of
 * the speed. Every request except data: URLs and our own font files is blocked and logged.
 */
export class PdfRenderer {
  readonly opts: Required<PdfRendererOptions>;
  private readonly fonts: FontServer;
  private browser: Browser | null = null;
  private launching: Promise<Browser> | null = null;
  private userDataDir: string | null = null;
  private slots: Slot[] = [];
  private waiters: (() => void)[] = [];
  private browserJobs = 0;
  private recycleWanted = false;
  private closed = false;
  /** Requests the pages tried to make and we refused (tests read it). */
  readonly blocked: string[] = [];
  readonly stats = { jobs: 0, launches: 0, pageRecycles: 0, sparesUsed: 0, browserRecycles: 0, crashes: 0, retries: 0, timeouts: 0 };

  constructor(
    private readonly assets: FontAssets,
    opts: PdfRendererOptions,
  ) {
    this.opts = { poolSize: 2, jobTimeoutMs: 25_000, pageMaxJobs: 500, browserMaxJobs: 5000, browserMaxRssMb: 1500, printCss: '', fontMode: 'http', ...opts };
    this.fonts = new FontServer(assets);
    this.slots = Array.from({ length: this.opts.poolSize }, () => ({ page: null, jobs: 0, busy: false, spare: null, preparing: null }));
  }

  /** The @font-face rules, pointing at the loopback font server. */
  async fontCss(): Promise<string> {
    return this.assets.css(await this.fonts.start());
  }

  get fontBase(): string {
    return this.fonts.base;
  }

  /**
   * The page every job reuses: fonts and print CSS, loaded once with setContent on a blank page. The CSP forbids
   * every script (inline handlers included) and every load except data: images and our fonts.
   */
  async shellHtml(): Promise<string> {
    const base = await this.fonts.start();
    const inline = this.opts.fontMode === 'inline';
    const csp = `default-src 'none'; font-src ${inline ? 'data:' : base}; img-src data:; style-src 'unsafe-inline'`;
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title></title><style>${this.assets.css(base, inline)}\n${this.opts.printCss}</style></head><body></body></html>`;
  }

  /**
   * Renders a body fragment to a PDF, retrying once on a fresh page or browser if the first try failed. Swapping the body of a
   * loaded shell keeps the decoded CJK fonts; a fresh setContent per job decodes them again (≈ 1 s).
   */
  async render(html: string, step?: PageStep): Promise<RenderResult> {
    if (this.closed) throw new Error('PDF renderer is closed');
    // One budget for the whole job, retry included: a hung page fails once, not after two full timeouts.
    const budget: Budget = {};
    const crashes = this.stats.crashes;
    try {
      return await this.attempt(html, budget, step);
    } catch (err) {
      // A crash gets one more try on a fresh page (and a fresh browser if it died), within what is left of the budget.
      if (this.closed || err instanceof RenderTimeoutError) throw err;
      this.stats.retries++;
      try {
        return await this.attempt(html, budget, step);
      } catch (again) {
        const died = this.stats.crashes > crashes || ['TargetCloseError', 'ConnectionClosedError'].includes((again as Error).name);
        throw died && !(again instanceof RenderTimeoutError) ? new RendererCrashError(again as Error) : again;
      }
    }
  }

  private async attempt(html: string, budget: Budget, step?: PageStep): Promise<RenderResult> {
    const slot = await this.acquire();
    const started = performance.now();
    // Queue wait is not counted: the budget starts when the job first holds a page slot.
    budget.deadline ??= started + this.opts.jobTimeoutMs;
    const left = Math.max(0, budget.deadline - started);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    try {
      const work = (async () => {
        const page = await this.pageFor(slot, () => timedOut);
        const measured: unknown = await page.evaluate(fillScript(html, step));
        const t0 = performance.now();
        const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true, timeout: left }));
        return { pdf, pdfMs: performance.now() - t0, measured };
      })();
      work.catch(() => undefined); // after a timeout its late rejection is expected
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new RenderTimeoutError(this.opts.jobTimeoutMs));
        }, left);
      });
      const { pdf, pdfMs, measured } = await Promise.race([work, timeout]);
      slot.jobs++;
      this.stats.jobs++;
      return { pdf, pdfMs, measured, ms: performance.now() - started };
    } catch (err) {
      if (err instanceof RenderTimeoutError) this.stats.timeouts++;
      // A page that failed or hung is not trusted again.
      await this.dropPage(slot);
      throw err;
    } finally {
      clearTimeout(timer);
      await this.release(slot);
    }
  }

  private acquire(): Promise<Slot> {
    const free = !this.recycleWanted && this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.acquire())));
  }

  private async release(slot: Slot): Promise<void> {
    this.browserJobs++;
    if (slot.page && slot.jobs >= this.opts.pageMaxJobs) {
      // Replaced by a spare made ready meanwhile, so no job waits the 1–2 s a new page's fonts take; at twice the limit, now.
      if (slot.jobs >= 2 * this.opts.pageMaxJobs) {
        this.stats.pageRecycles++;
        await this.dropPage(slot);
      } else this.prepareSpare(slot);
    }
    if (!this.recycleWanted && (this.browserJobs >= this.opts.browserMaxJobs || (this.browserJobs % 20 === 0 && this.rssMb() > this.opts.browserMaxRssMb))) {
      this.recycleWanted = true;
    }
    slot.busy = false;
    if (this.recycleWanted && this.slots.every((s) => !s.busy)) {
      this.stats.browserRecycles++;
      await this.closeBrowser();
      this.recycleWanted = false;
    }
    const waiting = this.waiters.splice(0);
    for (const w of waiting) w();
  }

  private async dropPage(slot: Slot): Promise<void> {
    const page = slot.page;
    slot.page = null;
    slot.jobs = 0;
    // A wedged renderer may never answer the close; the browser goes at the next recycle or crash anyway.
    if (page && !page.isClosed()) await Promise.race([page.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** Opens the slot's next page in the background, in the running browser only (a recycle or crash makes its own). */
  private prepareSpare(slot: Slot): void {
    const browser = this.browser;
    if (slot.spare || slot.preparing || !browser?.connected || this.recycleWanted) return;
    slot.preparing = this.openPage(browser)
      .then(
        (page) => {
          if (this.browser === browser && browser.connected && !this.closed && slot.page) slot.spare = page;
          else void page.close().catch(() => undefined);
        },
        () => undefined,
      )
      .finally(() => (slot.preparing = null));
  }

  /** Resolves when no spare page is being prepared (tests wait for it). */
  async sparesSettled(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.preparing));
  }

  /** A new page (a window: a tab behind another is hidden, and Chromium runs a hidden tab's renderer at nice 5) with the shell loaded. */
  private async openPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage({ type: 'window' });
    try {
      await this.fillShell(page);
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
    return page;
  }

  /** The slot's page (its ready spare in place of a worn one), opened and filled with the shell if needed; one that is ready only after its job gave up is closed, not kept. */
  private async pageFor(slot: Slot, abandoned: () => boolean): Promise<Page> {
    const spare = slot.spare;
    if (spare) {
      slot.spare = null;
      if (!spare.isClosed() && this.browser?.connected && spare.browser() === this.browser) {
        const worn = slot.page;
        slot.page = spare;
        slot.jobs = 0;
        this.stats.pageRecycles++;
        this.stats.sparesUsed++;
        if (worn && !worn.isClosed()) void Promise.race([worn.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
        return spare;
      }
    }
    if (slot.page && !slot.page.isClosed()) return slot.page;
    const page = await this.openPage(await this.ensureBrowser());
    if (abandoned()) {
      await page.close().catch(() => undefined);
      throw new RenderTimeoutError(this.opts.jobTimeoutMs);
    }
    slot.page = page;
    slot.jobs = 0;
    return page;
  }

  private async fillShell(page: Page): Promise<void> {
    // Templates never need scripts; escaped data cannot run any either way.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (req: HTTPRequest) => {
      const url = req.url();
      if (url.startsWith('data:') || this.fonts.allows(url)) {
        void req.continue();
      } else {
        this.blocked.push(url);
        void req.abort('blockedbyclient');
      }
    });
    await page.setContent(await this.shellHtml(), { waitUntil: 'load', timeout: this.opts.jobTimeoutMs });
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.connected) return this.browser;
    if (!this.launching) {
      this.launching = this.launch().finally(() => {
        this.launching = null;
      });
    }
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    await this.fonts.start();
    await this.closeBrowser();
    this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-chromium-'));
    const browser = await loadPuppeteer().launch({
      executablePath: this.opts.executablePath,
      headless: true,
      pipe: true,
      args: [...CHROMIUM_ARGS, `--user-data-dir=${this.userDataDir}`],
    });
    this.stats.launches++;
    this.browserJobs = 0;
    browser.on('disconnected', () => {
      if (this.browser !== browser) return;
      // Chromium died under us: forget its pages so the next job relaunches.
      this.stats.crashes++;
      this.browser = null;
      for (const s of this.slots) {
        s.page = null;
        s.spare = null;
        s.jobs = 0;
      }
    });
    this.browser = browser;
    for (const s of this.slots) {
      s.page = null;
      s.spare = null;
      s.jobs = 0;
    }
    return browser;
  }

  private async closeBrowser(): Promise<void> {
    const browser = this.browser;
    const dir = this.userDataDir;
    this.browser = null;
    this.userDataDir = null;
    for (const s of this.slots) {
      s.page = null;
      s.spare = null;
      s.jobs = 0;
    }
    if (browser) await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
    // After a crash, Chromium's children may still be writing into the profile for a moment.
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
  }

  /** The Chromium process id (tests kill it to check the relaunch). */
  browserPid(): number | undefined {
    return this.browser?.process()?.pid ?? undefined;
  }

  /** Resident memory of Chromium and its children, from /proc. */
  rssMb(): number {
    const root = this.browserPid();
    return root ? processTreeRssMb(root) : 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.closeBrowser();
    await this.fonts.close();
  }
}
