import * as fs from 'node:fs';
import * as path from 'node:path';
import { Clock } from '../../core/clock/clock';
import { DocumentRenderService } from '../../core/documents/document-render.service';
import { type FieldDef, isOptionRef, type PluginDefinition, type RecordTypeDef, type Role, type ScreenDef } from '../../core/plugin-api';
import { PluginHost } from '../../core/plugin-host/plugin-host';
import { RecordsService } from '../../core/records/records.service';
import { launchBrowser } from './browser';
import { Canary, checkHtml, escaped, MARKER, PackedValue, packSlot, payloadsOf, pdfSquashed, pool, recordsNeeded, roomOf, Slot, slotsOf, squash, startCanary, validValue, valuesFor } from './injection-matrix';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { ApiClient, startTestApp, TestApp } from './test-app';

const TODAY = '2026-05-04';
// Sees identifying fields (health roles) and may issue documents (discipline officer): every field shows in clear.
const ROLES: Role[] = ['staff', 'discipline-officer'];

interface Written {
  id: number;
  rec: number;
  /** Per slot: the values written into it (a marker, then payloads). */
  slots: Map<number, ReturnType<typeof valuesFor>>;
}

// PDFs per template: each is a Chromium render (about a second on a loaded machine); the template's HTML covers the rest.
const PDF_CAP = 8;

interface TypeRun {
  plugin: PluginDefinition;
  type: RecordTypeDef;
  institution: string;
  client: ApiClient;
  slots: Slot[];
  records: Written[];
}

/**
 * Injection into one plugin's records (issue #11 point 8; a spec file per installed plugin, so each stays within
 * minutes). Its record types are read from the PluginHost at run time, and every free-text field of each (string, text, string-list, and such columns of rows;
 * not enums, dates, numbers or patterned codes) receives each of the 272 payloads at least once, packed several
 * to a value where the field's length allows. Then every output showing them is read back: the JSON as written,
 * the plugin's list, edit and dashboard screens escaped, each record template's HTML escaped, and its PDFs
 * (issued from enough records that every payload is in some printed field) holding each payload as literal text,
 * with no request reaching the loopback canary from the renderer or from Chromium opening the screens.
 */
/** `part`: this file covers the record types with index ≡ part (mod parts), so a plugin with many types can span files. */
export function pluginInjectionSuite(pluginId: string, part = 0, parts = 1): void {
  describe(`injection: every payload in every free-text field of every ${pluginId} record type${parts > 1 ? ` (part ${part + 1} of ${parts})` : ''} comes out as literal text`, () => {
    let t: TestApp;
    let canary: Canary;
    let host: PluginHost;
    const runs: TypeRun[] = [];
  /** Every written value by its marker. */
  const written = new Map<string, { run: TypeRun; slot: Slot; value: PackedValue }>();
    const clients = new Map<string, ApiClient>();

    beforeAll(async () => {
      canary = await startCanary();
      t = await startTestApp({ configDir: path.join(__dirname, '..', '..', 'config') });
      t.app.get(Clock).set(`${TODAY}T02:00:00Z`);
      host = t.app.get(PluginHost);
    });
    afterAll(async () => {
      await t?.close();
      await canary?.close();
    });

    // An institution field names an institution of its types that enables the plugin (core refuses any other code).
    const institutionOf = (f: FieldDef) => host.institutions.find((i) => f.institution!.types.includes(i.type) && host.isEnabled(i.code, pluginId))?.code;
    const screensOf = (code: string, pluginId: string, type: string, kind: ScreenDef['kind']) => host.screensFor(code).filter((s) => s.pluginId === pluginId && s.screen.recordType === type && s.screen.kind === kind).map((s) => s.screen);

    async function clientAt(code: string): Promise<ApiClient> {
      if (!clients.has(code)) {
        await t.createUser(`inj-${code}`, ROLES.map((role) => ({ institution: code, role })));
        clients.set(code, await t.login(`inj-${code}`));
      }
      return clients.get(code)!;
    }

    it('writes every payload into every free-text field; the API answers them verbatim', async () => {
      const started = Date.now();
      const plugins = host.plugins.filter((p) => p.id === pluginId);
      expect(plugins[0]?.recordTypes?.length).toBeGreaterThan(0);
      const payloads = canary.payloads;
      const problems: string[] = [];
      for (const plugin of plugins) {
        // Referenced types first, so every reference can name a record.
        const pending = [...plugin.recordTypes!];
        const ordered: RecordTypeDef[] = [];
        while (pending.length) {
          const i = pending.findIndex((rt) => rt.fields.every((f) => f.type !== 'reference' || f.ref!.recordType === rt.id || ordered.some((o) => o.id === f.ref!.recordType)));
          ordered.push(...pending.splice(i < 0 ? 0 : i, 1));
        }
        const refs = new Map<string, number>();
        for (const type of ordered.filter((_, i) => i % parts === part)) {
          // An institution enabling the plugin where the type has a list and a form to look at (else any that enables it).
          // A required field defaulting to a plugin option (the designated hospital) needs an institution that sets it.
          const codes = host.institutionsEnabling(plugin.id).filter((c) => type.fields.every((f) => !f.required || !isOptionRef(f.default) || host.optionsFor(c, plugin.id)[f.default.option] != null));
          const code = codes.find((c) => screensOf(c, plugin.id, type.id, 'list').length && screensOf(c, plugin.id, type.id, 'form').length) ?? codes.find((c) => screensOf(c, plugin.id, type.id, 'list').length) ?? codes[0];
          const client = await clientAt(code);
          const institutionId = await t.institutionId(code);
          // References point at records of the same institution: a referenced type written elsewhere gets one here too.
          for (const f of type.fields.filter((x) => x.type === 'reference' && !refs.has(`${code}/${x.ref!.recordType}`))) {
            const refType = plugin.recordTypes!.find((r) => r.id === f.ref!.recordType)!;
            if (refType.id === type.id) continue;
            const res = await client.post(`/api/plugins/${plugin.id}/records/${refType.id}?institutionId=${institutionId}`, bodyFor(refType, -1, new Map(), code, refs, institutionOf));
            if (res.status !== 201) throw new Error(`${plugin.id}/${refType.id} reference at ${code}: ${res.status} ${res.text.slice(0, 300)}`);
            refs.set(`${code}/${refType.id}`, res.body.id);
          }
          const slots = slotsOf(type);
          const packed = new Map(slots.map((s) => [s.no, packSlot(s, payloads, s.no * 7)]));
          const n = Math.max(1, ...slots.map((s) => recordsNeeded(s, packed.get(s.no)!)));
          const records: Written[] = [];
          await pool([...Array(n).keys()], 4, async (rec) => {
            const written = new Map(slots.map((s) => [s.no, valuesFor(s, packed.get(s.no)!, ordered.indexOf(type), rec)]));
            const body = bodyFor(type, rec, written, code, refs, institutionOf, slots);
            // Fields no account writes (a public form's answers, a receiving institution's part) go in as the system's, as the demo seed's do.
            const res = type.fields.some((f) => f.write?.by === 'public-form' || f.write?.by === 'shares')
              ? { status: 201, text: '', body: await t.app.get(RecordsService).create(null, institutionId, plugin.id, type.id, body) }
              : await client.post(`/api/plugins/${plugin.id}/records/${type.id}?institutionId=${institutionId}`, body);
            if (res.status !== 201) throw new Error(`${plugin.id}/${type.id} #${rec}: ${res.status} ${res.text.slice(0, 300)}`);
            for (const s of slots) {
              const back = s.column ? (res.body.values[s.field.key] as Record<string, unknown>[]).map((r) => r[s.column!.key]) : s.field.type === 'string-list' ? res.body.values[s.field.key] : [res.body.values[s.field.key]];
              written.get(s.no)!.forEach((v, j) => {
                if (back[j] !== v.value) problems.push(`${plugin.id}/${type.id} #${res.body.id} ${s.name}[${j}]: JSON ${JSON.stringify(back[j]).slice(0, 80)} ≠ ${JSON.stringify(v.value).slice(0, 80)}`);
              });
            }
            records.push({ id: res.body.id, rec, slots: written });
          });
          records.sort((a, b) => a.rec - b.rec);
          console.log(`injection/${pluginId}: ${type.id} ${n} records at ${code} in ${Date.now() - started} ms`);
          if (!refs.has(`${code}/${type.id}`)) refs.set(`${code}/${type.id}`, records[0].id);
          const run: TypeRun = { plugin, type, institution: code, client, slots, records };
          runs.push(run);
          for (const w of records) for (const slot of slots) for (const value of w.slots.get(slot.no)!) written.set(value.marker, { run, slot, value });
        }
      }
      expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
      // Coverage: every free-text slot of every type holds every payload (whole, or cut to the field's length).
      for (const r of runs) for (const s of r.slots) {
        const got = new Set(r.records.flatMap((w) => w.slots.get(s.no)!.flatMap((v) => v.units.flatMap(payloadsOf))));
        // A payload cut to the field's length may equal another's cut: it is covered by that one, if the texts agree.
        const cut = new Set(r.records.flatMap((w) => w.slots.get(s.no)!.flatMap((v) => v.units.map((u) => u.text))));
        const covered = payloads.filter((p, k) => got.has(k) && cut.has(p.slice(0, roomOf(s)))).length;
        expect(`${r.plugin.id}/${r.type.id}.${s.name}: ${covered}`).toBe(`${r.plugin.id}/${r.type.id}.${s.name}: ${payloads.length}`);
      }
      const slotCount = runs.reduce((a, r) => a + r.slots.length, 0);
      console.log(`injection/${pluginId}: ${runs.length} record types, ${slotCount} free-text fields × ${payloads.length} payloads → ${runs.reduce((a, r) => a + r.records.length, 0)} records in ${Date.now() - started} ms`);
      for (const r of runs) console.log(`  ${r.plugin.id}/${r.type.id} @${r.institution}: ${r.slots.map((s) => s.name).join(', ') || '(no free text)'} → ${r.records.length} records`);
    });

    it('shows them escaped in the list, edit and dashboard screens', async () => {
      const started = Date.now();
      const problems: string[] = [];
      let pages = 0;
      let checked = 0;
      for (const r of runs) {
        for (const list of screensOf(r.institution, r.plugin.id, r.type.id, 'list')) {
          const listSlots = r.slots.filter((s) => !s.column && s.field.list);
          let seen = 0;
          // Every page of the register (200 rows a page); a work queue shows only what it queues.
          for (let page = 1, more = true; more && page <= 20; page++) {
            const res = await r.client.get(`/p/${r.plugin.id}/${list.id}?pageSize=200&page=${page}`);
            expect(res.status).toBe(200);
            pages++;
            more = res.text.includes('data-testid="page-next"');
            for (const w of r.records) {
              if (!listSlots.some((s) => res.text.includes(w.slots.get(s.no)![0].marker))) continue;
              seen++;
              for (const s of listSlots) for (const v of w.slots.get(s.no)!) checked += check(res.text, v, `${list.id} list #${w.id} ${s.name}`, canary.secret, problems);
            }
          }
          if (listSlots.length && !list.show) expect(seen).toBe(r.records.length);
        }
        const forms = screensOf(r.institution, r.plugin.id, r.type.id, 'form').filter((f) => f.editable !== false);
        await pool(r.records, 4, async (w) => {
          for (const form of forms) {
            const res = await r.client.get(`/p/${r.plugin.id}/${form.id}/${w.id}/edit`);
            if (res.status !== 200) {
              problems.push(`${form.id} edit #${w.id}: ${res.status}`);
              continue;
            }
            pages++;
            for (const s of r.slots.filter((x) => !form.fields || form.fields.includes(x.field.key))) for (const v of w.slots.get(s.no)!) checked += check(res.text, v, `${form.id} edit #${w.id} ${s.name}`, canary.secret, problems);
          }
        });
      }
      // Dashboards draw from the records: whatever they show of them is escaped (no payload's markup comes out raw).
      for (const code of new Set(runs.map((r) => r.institution))) {
        for (const { pluginId, screen } of host.screensFor(code).filter((s) => s.screen.kind === 'dashboard')) {
          const res = await clients.get(code)!.get(`/p/${pluginId}/${screen.id}`);
          expect(res.status).toBe(200);
          pages++;
          for (const p of canary.payloads) if (/<[a-z!]/i.test(p) && res.text.includes(p)) problems.push(`${pluginId}/${screen.id} dashboard: ${JSON.stringify(p).slice(0, 60)} appears raw`);
          if (res.text.includes(canary.secret)) problems.push(`${pluginId}/${screen.id} dashboard shows the canary file`);
        }
      }
      expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
      console.log(`injection/${pluginId}: ${pages} screens, ${checked} field values checked escaped in ${Date.now() - started} ms`);
    });

    it('prints them as literal text in every record template (HTML for every record, PDFs covering every payload) and loads nothing', async () => {
      const started = Date.now();
      const render = t.app.get(DocumentRenderService);
      const blockedBefore = render.pdf.blocked.length;
      const problems: string[] = [];
      const summary: string[] = [];
      let htmls = 0;
      let pdfs = 0;
      for (const r of runs) {
        for (const def of (r.plugin.templates ?? []).filter((d) => d.recordType === r.type.id)) {
          const template = `${r.plugin.id}/${def.id}`;
          // Any written value a document shows carries its marker (the record's own, a referenced record's, an
          // aggregate's rows): each such value must show every payload in it, escaped in HTML, literally in the PDF.
          const valuesIn = (text: string) => [...text.matchAll(MARKER)].map((m) => ({ marker: m[0], found: written.get(m[0]) })).filter((x): x is { marker: string; found: { run: TypeRun; slot: Slot; value: PackedValue } } => !!x.found);
          const printed = new Map<number, Set<number>>();
          const renderHtml = async (w: Written) => {
            const res = await r.client.get(`/api/records/${w.id}/render?template=${encodeURIComponent(template)}`);
            if (res.status !== 200) return void problems.push(`${template} #${w.id}: HTML ${res.status} ${res.text.slice(0, 200)}`);
            htmls++;
            const shown = new Set<number>();
            for (const { found } of valuesIn(res.text)) {
              if (found.run === r && w.slots.get(found.slot.no)!.includes(found.value)) shown.add(found.slot.no);
              for (const u of found.value.units) if (!res.text.includes(escaped(u.text))) problems.push(`${template} #${w.id} HTML ${found.run.type.id}.${found.slot.name}: ${JSON.stringify(u.text).slice(0, 80)} is not shown escaped`);
            }
            if (res.text.includes(canary.secret)) problems.push(`${template} #${w.id}: HTML shows the canary file`);
            printed.set(w.rec, shown);
          };
          // Records of a type differ only in their free text: what the first prints, they all print.
          await renderHtml(r.records[0]);
          for (const w of r.records) printed.set(w.rec, printed.get(r.records[0].rec) ?? new Set());
          // Records chosen greedily until the printed fields of the chosen hold every payload: all get their HTML
          // checked, the first PDF_CAP (the most payloads each) their PDF too.
          const left = new Set(canary.payloads.keys());
          const chosen: Written[] = [];
          while (left.size && chosen.length < r.records.length) {
            let best: Written | null = null;
            let bestGain = 0;
            for (const w of r.records) {
              if (chosen.includes(w)) continue;
              const gain = new Set(r.slots.filter((s) => printed.get(w.rec)?.has(s.no)).flatMap((s) => w.slots.get(s.no)!.flatMap((v) => v.units.flatMap(payloadsOf))).filter((k) => left.has(k))).size;
              if (gain > bestGain) [best, bestGain] = [w, gain];
            }
            if (!best) break;
            chosen.push(best);
            for (const s of r.slots.filter((x) => printed.get(best!.rec)?.has(x.no))) for (const v of best.slots.get(s.no)!) for (const u of v.units) for (const k of payloadsOf(u)) left.delete(k);
          }
          if (!chosen.length) {
            summary.push(`${template}: prints no free-text field of its record`);
            continue;
          }
          await pool(chosen.filter((w) => w !== r.records[0]), 4, renderHtml);
          const inPdf = new Set<number>();
          let pairs = 0;
          await pool(chosen.slice(0, PDF_CAP), 2, async (w) => {
            const res = await r.client.post(`/api/records/${w.id}/issue`, { template });
            if (res.status !== 201) return void problems.push(`${template} #${w.id}: issue ${res.status} ${res.text.slice(0, 200)}`);
            const pdf = Buffer.from(await (await fetch(`${t.url}/api/documents/${res.body.id}/pdf`, { headers: { cookie: `sid=${r.client.cookies.get('sid')}` } })).arrayBuffer());
            pdfs++;
            const text = await pdfSquashed(pdf);
            const found = valuesIn(text);
            if (!found.length) problems.push(`${template} #${w.id}: the PDF shows none of the values its HTML shows`);
            for (const { found: f } of found) for (const u of f.value.units) {
              pairs++;
              if (f.run === r) for (const k of payloadsOf(u)) inPdf.add(k);
              const want = squash(u.text);
              if (!text.includes(want)) problems.push(`${template} #${w.id} PDF ${f.run.type.id}.${f.slot.name}: ${JSON.stringify(u.text).slice(0, 80)} ⟶ ${text.slice(Math.max(0, text.indexOf(want.slice(0, 10)) - 10), text.indexOf(want.slice(0, 10)) + want.length + 10)}`);
            }
            if (text.includes(canary.secret) || /PRETTY_NAME|root:x:0:0/.test(text)) problems.push(`${template} #${w.id}: the PDF shows a file's content`);
          });
          const printedSlots = new Set([...printed.values()].flatMap((s) => [...s]));
          summary.push(`${template}: prints ${[...printedSlots].map((n) => r.slots[n].name).join(', ')}; ${chosen.length} HTML (every payload: ${left.size === 0}), ${Math.min(PDF_CAP, chosen.length)} PDFs (${pairs} field×payload pairs, ${inPdf.size} payloads from its own records)`);
          if (left.size) problems.push(`${template}: ${left.size} payloads never reached a printed field`);
        }
      }
      console.log(`injection/${pluginId}: ${htmls} template HTML, ${pdfs} PDFs in ${Date.now() - started} ms\n  ${summary.join('\n  ')}`);
      expect({ count: problems.length, first: problems.slice(0, 20) }).toEqual({ count: 0, first: [] });
      expect(canary.hits).toEqual([]);
      // Escaped data never even tries a request: the renderer's interception log stays empty.
      expect(render.pdf.blocked.slice(blockedBefore)).toEqual([]);
    });

    it('loads nothing when Chromium opens the screens holding them', async () => {
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        const opened: string[] = [];
        for (const r of runs.filter((x) => x.records.length > 1)) {
          await page.setCookie({ name: 'sid', value: r.client.cookies.get('sid')!, url: t.url });
          const list = screensOf(r.institution, r.plugin.id, r.type.id, 'list')[0];
          const form = screensOf(r.institution, r.plugin.id, r.type.id, 'form').find((f) => f.editable !== false);
          const urls = [list && `/p/${r.plugin.id}/${list.id}`, form && `/p/${r.plugin.id}/${form.id}/${r.records[0].id}/edit`].filter((u): u is string => !!u);
          for (const url of urls) {
            const res = await page.goto(t.url + url, { waitUntil: 'networkidle0' });
            expect(res?.status()).toBe(200);
            expect(await page.evaluate(() => document.querySelectorAll('script:not([src]), iframe, object, embed, img[src^="http"], link[href^="http"]').length)).toBe(0);
            opened.push(url);
          }
        }
        expect(canary.hits).toEqual([]);
        console.log(`injection/${pluginId}: Chromium opened ${opened.length} screens; canary hits ${canary.hits.length}`);
      } finally {
        await browser.close();
      }
    });
  });
}

/** One written value on a page: each payload in it shown escaped, none raw. Returns the payloads checked. */
function check(html: string, v: { units: { text: string }[] }, where: string, secret: string, problems: string[]): number {
  checkHtml(html, v.units.map((u) => u.text), where, secret, problems);
  return v.units.length;
}

/**
 * A record body: free-text slots get their packed values, every other field a valid value (rows get as many rows
 * as their slots write). `rec` < 0 = a plain record to refer to.
 */
function bodyFor(type: RecordTypeDef, rec: number, written: Map<number, { value: string }[]>, code: string, refs: Map<string, number>, institutionOf: (f: FieldDef) => string | undefined, slots: Slot[] = []): Record<string, unknown> {
  const local = new Map([...refs].filter(([k]) => k.startsWith(`${code}/`)).map(([k, v]) => [k.slice(code.length + 1), v]));
  const body: Record<string, unknown> = {};
  for (const f of type.fields) {
    const mine = slots.filter((s) => s.field === f);
    if (f.type === 'rows') {
      const n = mine.length ? mine[0].perRecord : 1;
      body[f.key] = Array.from({ length: n }, (_, j) =>
        Object.fromEntries(
          (f.columns ?? []).map((c) => {
            const s = mine.find((x) => x.column === c);
            return [c.key, s ? written.get(s.no)![j].value : validValue(c, TODAY, local, rec + 1)];
          }).filter(([, v]) => v !== undefined),
        ),
      );
    } else if (mine.length) {
      const values = written.get(mine[0].no)!.map((v) => v.value);
      body[f.key] = f.type === 'string-list' ? values : values[0];
    } else {
      const v = f.institution && f.required && !isOptionRef(f.default) ? institutionOf(f) : validValue(f, TODAY, local, rec + 1);
      if (v !== undefined) body[f.key] = v;
    }
  }
  return body;
}

/** Installed plugins with record types and no injection spec file of their own: injection-matrix-plugin-others covers them. */
export function pluginsWithoutInjectionFile(): string[] {
  const files = fs.readdirSync(path.join(__dirname, '..', 'e2e'));
  return INSTALLED_PLUGINS.filter((p) => (p.recordTypes ?? []).length && !files.some((f) => f.startsWith(`injection-matrix-plugin-${p.id}`))).map((p) => p.id);
}
