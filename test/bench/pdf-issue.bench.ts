/**
 * Second half of `npm run bench:pdf`: numbered issues through the real DocumentsService (number reserved in a short
 * write, render outside the numbering lock, row stored with the reservation consumed), on the booted platform with
 * SQLite in a temporary data directory, the demo's county hospital issuing.
 * BENCH_ISSUE_DOCS (default 40) issues of one template (BENCH_TEMPLATE, default core/warning-notice) one at a time,
 * then as many two at a time; prints docs/s of each and their ratio (target ≥ 1.6×: the pool has two pages).
 */
import * as path from 'node:path';
import type { Actor } from '../../core/auth/actor';
import { UserEntity } from '../../core/auth/auth.entities';
import { AuthService } from '../../core/auth/auth.service';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { DocumentsService } from '../../core/documents/documents.service';
import { DEMO_TEMPLATE_DATA } from '../../core/domain-modules';
import { AccessService } from '../../core/org/access.service';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { startTestApp } from '../support/test-app';

const N = Number(process.env.BENCH_ISSUE_DOCS || 40);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main(): Promise<void> {
  // SQLite always: an inherited DATABASE_URL would make the test app wipe that database.
  delete process.env.DATABASE_URL;
  const t = await startTestApp({ configDir: path.join(__dirname, '..', '..', '..', 'config'), now: '2026-06-20T02:00:00Z', seed: 'demo', plugins: INSTALLED_PLUGINS });
  try {
    const user = await t.db.read((m) => m.getRepository(UserEntity).findOneByOrFail({ username: 'hosp-jijian' }));
    const roles = await t.app.get(AuthService).rolesOf(user.id);
    const hospital = await t.institutionId('county-hospital');
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      personId: user.personId,
      isSystemAdmin: false,
      roles,
      sessionHash: '',
      csrfToken: '',
      currentInstitutionId: hospital,
      visibleInstitutionIds: await t.app.get(AccessService).visibleInstitutionIds({ isSystemAdmin: false, roles }),
    };
    const documents = t.app.get(DocumentsService);
    const templateId = process.env.BENCH_TEMPLATE || 'core/warning-notice';
    const data = DEMO_TEMPLATE_DATA[templateId as keyof typeof DEMO_TEMPLATE_DATA] as unknown as Record<string, unknown>;
    let k = 0;
    const seqs: number[] = [];
    const one = async () => {
      const s = performance.now();
      const doc = await documents.issue(actor, { templateId, institutionId: hospital, data: { ...data, title: `基准发文${++k}` } });
      seqs.push(doc.seq);
      return performance.now() - s;
    };
    // Control: the same renders without numbering or storing, on the same pool (what two at a time can gain at most here).
    const renderer = t.app.get(DocumentRenderService);
    // BENCH_PAGE_MAX_JOBS: replace pool pages less often, so no run takes a replacement and the two halves compare as they are.
    if (process.env.BENCH_PAGE_MAX_JOBS) (renderer.pdf.opts as { pageMaxJobs: number }).pageMaxJobs = Number(process.env.BENCH_PAGE_MAX_JOBS);
    const doc = { number: '示医纪〔2026〕1号', dateText: '2026年6月20日', letterhead: '示范县人民医院纪委', signature: '示范县人民医院纪委', printer: '示范县人民医院纪委办公室', qr: '', verifyUrl: '' };
    const renderOnly = async () => {
      const s = performance.now();
      await renderer.render(templateId, { ...data, title: `基准渲染${++k}` }, doc, 'county-hospital');
      return performance.now() - s;
    };
    const run = async (concurrency: number, job: () => Promise<number> = one) => {
      // A page replaced (every 50 jobs: its fonts decoded again, ≈ 1 s) inside a run weighs on that run only: counted.
      const recycles = renderer.pdf.stats.pageRecycles;
      const latencies: number[] = [];
      let left = N;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left > 0) {
            left--;
            latencies.push(await job());
          }
        }),
      );
      return { rate: (N / (performance.now() - t0)) * 1000, p50: pct(latencies, 50), p99: pct(latencies, 99), recycled: renderer.pdf.stats.pageRecycles - recycles };
    };
    // Chromium starts, both pool pages load their shell and fonts, as in a running server.
    for (let i = 0; i < 2; i++) await Promise.all([one(), one()]);
    const serial = await run(1);
    const paired = await run(2);
    const renderSerial = await run(1, renderOnly);
    const renderPaired = await run(2, renderOnly);
    const sorted = [...seqs].sort((a, b) => a - b);
    const gapFree = sorted.every((s, i) => s === sorted[0] + i) && new Set(sorted).size === sorted.length;
    console.log(`\nIssues through DocumentsService (${templateId}, SQLite, one institution, ${N} each):`);
    console.log(`  one at a time   ${serial.rate.toFixed(2).padStart(6)} docs/s  p50 ${serial.p50.toFixed(0).padStart(5)} ms  p99 ${serial.p99.toFixed(0).padStart(5)} ms  (${serial.recycled} page replaced)`);
    console.log(`  two at a time   ${paired.rate.toFixed(2).padStart(6)} docs/s  p50 ${paired.p50.toFixed(0).padStart(5)} ms  p99 ${paired.p99.toFixed(0).padStart(5)} ms  (${paired.recycled} page replaced)`);
    console.log(`  two / one: ${(paired.rate / serial.rate).toFixed(2)}× (target ≥ 1.6×); numbers ${sorted[0]}..${sorted[sorted.length - 1]} ${gapFree ? 'without gap or repeat' : 'NOT gap-free'}`);
    console.log(`  control, renders alone on the same pool: one at a time ${renderSerial.rate.toFixed(2)} docs/s (${renderSerial.recycled} page replaced), two at a time ${renderPaired.rate.toFixed(2)} docs/s (${renderPaired.recycled} replaced; ${(renderPaired.rate / renderSerial.rate).toFixed(2)}×)\n`);
    if (!gapFree) process.exitCode = 1;
  } finally {
    await t.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
