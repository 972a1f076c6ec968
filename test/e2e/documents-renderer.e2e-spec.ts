import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { loadFontAssets } from '../../core/documents/pdf/fonts';
import { PdfRenderer, RenderTimeoutError } from '../../core/documents/pdf/pdf-renderer';
import { pdfFonts, pdfText } from '../support/pdf-tools';
import { startTestApp } from '../support/test-app';

const CSS = fs.readFileSync(path.join(__dirname, '..', '..', 'templates', 'documents', 'gbt9704.css'), 'utf8');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitDead = async (pid: number) => {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
};

describe('PDF renderer: pool, recycling, crash recovery, timeouts, shutdown', () => {
  const assets = loadFontAssets();
  const make = (opts: Partial<ConstructorParameters<typeof PdfRenderer>[1]> = {}) => new PdfRenderer(assets, { executablePath: '/usr/bin/chromium', printCss: CSS, ...opts });

  it('relaunches Chromium by itself after it was killed, and retries a job that was running when it died', async () => {
    const r = make({ poolSize: 1 });
    try {
      expect((await pdfText((await r.render('<p>第一份</p>')).pdf)).join('')).toContain('第一份');
      const pid = r.browserPid()!;
      process.kill(pid, 'SIGKILL');
      await waitDead(pid);
      expect((await pdfText((await r.render('<p>第二份</p>')).pdf)).join('')).toContain('第二份');
      expect(r.browserPid()).not.toBe(pid);
      // Kill it while a job is in flight: the job is retried once on a fresh browser and still succeeds.
      const pid2 = r.browserPid()!;
      const job = r.render(`<p>第三份</p>${'<p>填充段落填充段落填充段落</p>'.repeat(400)}`);
      setTimeout(() => process.kill(pid2, 'SIGKILL'), 30);
      expect((await pdfText((await job).pdf)).join('')).toContain('第三份');
      expect(r.stats.launches).toBe(3);
      expect(r.stats.crashes).toBeGreaterThanOrEqual(2);
      expect(r.stats.retries).toBeGreaterThanOrEqual(1);
    } finally {
      await r.close();
    }
  });

  it('gives up a job at its timeout, without a second full try, and serves the next one', async () => {
    const r = make({ poolSize: 1 });
    try {
      // A warm page first, so the short budget below is spent on the render and not on launching Chromium.
      await r.render('<p>预热</p>');
      r.opts.jobTimeoutMs = 150;
      const started = Date.now();
      await expect(r.render(`${'<p>很长的文书内容很长的文书内容很长的文书内容很长的文书内容</p>'.repeat(6000)}`)).rejects.toBeInstanceOf(RenderTimeoutError);
      // The budget covers the whole job: a hung page is not given the timeout twice.
      expect(r.stats).toMatchObject({ jobs: 1, timeouts: 1, retries: 0 });
      expect(Date.now() - started).toBeLessThan(150 + 2500);
      r.opts.jobTimeoutMs = 30_000;
      expect((await pdfText((await r.render('<p>超时之后</p>')).pdf)).join('')).toContain('超时之后');
    } finally {
      await r.close();
    }
  });

  it('replaces a worn page by a spare whose shell loaded while the worn one served: the next job opens no page', async () => {
    const r = make({ poolSize: 1, pageMaxJobs: 2 });
    try {
      await r.render('<p>第一份</p>');
      await r.render('<p>第二份</p>');
      // The page has served pageMaxJobs: its spare is prepared in the background, not by the next job.
      await r.sparesSettled();
      const third = await r.render('<p>第三份</p>');
      expect(r.stats).toMatchObject({ jobs: 3, pageRecycles: 1, sparesUsed: 1, launches: 1 });
      expect((await pdfText(third.pdf)).join('')).toContain('第三份');
    } finally {
      await r.close();
    }
  });

  it('replaces the browser after browserMaxJobs, pages at twice pageMaxJobs at the latest; output stays embedded CID TrueType', async () => {
    const r = make({ poolSize: 2, pageMaxJobs: 2, browserMaxJobs: 10 });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => r.render(`<p>第${i}份文书</p>`)));
      expect(r.stats.jobs).toBe(12);
      expect(r.stats.pageRecycles).toBeGreaterThanOrEqual(2);
      expect(r.stats.browserRecycles).toBe(1);
      expect(r.stats.launches).toBe(2);
      for (const f of await pdfFonts(results[11].pdf)) expect(f.type).toBe('CID TrueType');
    } finally {
      await r.close();
    }
  });

  it('uses one browser for concurrent jobs and reports its memory', async () => {
    const r = make({ poolSize: 2 });
    try {
      await Promise.all([r.render('<p>甲</p>'), r.render('<p>乙</p>'), r.render('<p>丙</p>')]);
      expect(r.stats.launches).toBe(1);
      expect(r.rssMb()).toBeGreaterThan(10);
    } finally {
      await r.close();
    }
  });

  it('closes Chromium and removes its profile when the app shuts down', async () => {
    const t = await startTestApp();
    const render = t.app.get(DocumentRenderService);
    await render.pdf.render('<p>关闭测试</p>');
    const pid = render.pdf.browserPid()!;
    const profile = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length) ?? '';
    expect(alive(pid)).toBe(true);
    await t.close();
    expect(await waitDead(pid)).toBe(true);
    expect(profile).not.toBe('');
    expect(fs.existsSync(profile)).toBe(false);
  });
});
