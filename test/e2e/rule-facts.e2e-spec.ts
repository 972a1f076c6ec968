/**
 * Rule hits speak to people (issue #18 point 2): every rule of every installed plugin is described in Chinese with
 * labels and units, on demo hits of the shipped configuration and, for rules the demo never trips, on inputs the
 * real engine computes for a subject; the clue made from a hit, its page and the notice issued from it say the same.
 */
import * as path from 'node:path';
import { DEMO_PASSWORD } from '../../apps/cli/demo-seed';
import { PersonEntity } from '../../core/org/org.entities';
import type { Condition, FactContext, PluginDefinition, RuleDef, RuleSubject, ValueDescription } from '../../core/plugin-api';
import { isOptionRef, isThresholdRef, yuan } from '../../core/plugin-api';
import { PluginRecordEntity, RuleHitEntity } from '../../core/records/record.entities';
import { evaluateRule } from '../../core/rules/rule-engine';
import { describeHitInputs, fillMessage, hitSpecOf, HitSpec, hitText, RuleCatalogue, withNamedThresholds } from '../../core/rules/rule-facts';
import { WarningClueEntity } from '../../core/warning/warning.entities';
import { INSTALLED_PLUGINS } from '../../plugins/installed';
import { pdfText, pdfToPng } from '../support/pdf-tools';
import { ApiClient, startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const CONFIG = path.join(__dirname, '..', '..', 'config');
const NOW = '2026-07-01T03:00:00Z';
const LEVEL_WORDS = ['red', 'yellow', 'blue', 'orange', 'green'];
const RAW_WORDS = ['true', 'false', 'null', 'undefined', 'NaN'];

/** Subjects the demo never makes hits for: as their sources would list them, run through the real engine. */
const SYNTHETIC: Record<string, RuleSubject> = {
  'tb-referral/sputum-overdue': { key: '1:m5', label: 'TB-DX-0007', recordId: 1, values: { month: 5, overdue: true } },
  'tb-referral/township-visits-under-4': { key: '1', label: 'TB-DX-0007', recordId: 1, values: { townshipVisits: 2 } },
  'tb-referral/self-paid-over-limit': { key: '1:2026-03', label: 'TB-DX-0007', recordId: 1, values: { month: '2026-03', selfPaidFen: 18_650 } },
  'village-joint-meeting/no-daily-joint-meeting': { key: 'day:2026-03-02', label: '2026年3月2日', values: { meetings: 0, from: '2026-03-02', to: '2026-03-02' } },
  'village-joint-meeting/no-monthly-briefing': { key: 'month:2026-03', label: '2026年3月', values: { meetings: 0, from: '2026-03-01', to: '2026-03-31' } },
};

const catalogue = (institutions: { code: string; name: string; nameEn?: string }[]): RuleCatalogue => {
  const byId = new Map(INSTALLED_PLUGINS.map((p) => [p.id, p]));
  return {
    rules: (id) => byId.get(id)?.rules ?? [],
    facts: (id) => new Map((byId.get(id)?.facts ?? []).map((f) => [f.id, f])),
    subjectSources: (id) => new Map((byId.get(id)?.subjects ?? []).map((s) => [s.id, s])),
    institutions,
  };
};

/** The facts, thresholds and options a condition compares. */
function compared(c: Condition, out = { facts: new Set<string>(), limits: new Set<string>() }) {
  if ('all' in c) c.all.forEach((x) => compared(x, out));
  else if ('any' in c) c.any.forEach((x) => compared(x, out));
  else if ('not' in c) compared(c.not, out);
  else {
    out.facts.add(c.fact);
    if (isThresholdRef(c.value)) out.limits.add(c.value.threshold);
    if (isOptionRef(c.value)) out.limits.add(c.value.option);
  }
  return out;
}

/** Every key anywhere in a JSON value (fact ids, threshold names, subject value fields, nested fields). */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) keysOf(x, out.add(k));
  return out;
}

/** A Chinese text that names no identifier: no key, fact or rule id, level or boolean word, code, JSON or camelCase. */
function expectPeopleText(text: string, forbidden: Set<string>): void {
  expect(text).not.toMatch(/[{}"[\]]/);
  for (const token of text.match(/[A-Za-z_][A-Za-z0-9_.:-]*/g) ?? []) {
    const what = `${token} in ${text}`;
    expect([what, forbidden.has(token.toLowerCase())]).toEqual([what, false]);
    expect([what, /[a-z][A-Z]|[A-Za-z]\.[A-Za-z]|:/.test(token)]).toEqual([what, false]);
  }
}

describe('rule hits speak to people: every rule described, the clue, its page and the notice', () => {
  let t: TestApp;
  let officer: ApiClient;
  let describe_: RuleCatalogue;
  const forbidden = new Set<string>([...LEVEL_WORDS, ...RAW_WORDS]);

  beforeAll(async () => {
    t = await startTestApp({ configDir: CONFIG, now: NOW, seed: 'demo+plugins' });
    officer = await t.login('hosp-jijian', DEMO_PASSWORD);
    describe_ = catalogue(t.host.institutions);
    for (const p of INSTALLED_PLUGINS) {
      forbidden.add(p.id);
      for (const f of p.facts ?? []) forbidden.add(f.id.toLowerCase());
      for (const r of p.rules ?? []) forbidden.add(r.id.toLowerCase()).add(`${p.id}/${r.id}`.toLowerCase());
    }
    for (const i of t.host.institutions) forbidden.add(i.code.toLowerCase());
  }, 300_000);
  afterAll(() => t?.close());

  it('declares a label and a unit for every fact, threshold and option a rule compares, and no label is an id', () => {
    const missing: string[] = [];
    for (const p of INSTALLED_PLUGINS as PluginDefinition[]) {
      for (const f of p.facts ?? []) {
        if (!f.unit) missing.push(`${p.id} fact ${f.id}: no unit`);
        if (/[A-Za-z]/.test(f.label.zh) || !f.label.en || f.label.en === f.id) missing.push(`${p.id} fact ${f.id}: label ${JSON.stringify(f.label)}`);
      }
      for (const r of p.rules ?? []) {
        const { facts, limits } = compared(r.when);
        for (const id of facts) if (!r.inputs?.[id] && !p.facts?.find((f) => f.id === id)?.unit) missing.push(`${p.id}/${r.id}: fact ${id}`);
        for (const name of limits) if (!r.inputs?.[name]) missing.push(`${p.id}/${r.id}: threshold or option ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('states every rule’s hits in Chinese sentences with labels and units: 元 for money, no id, key, level or raw value', async () => {
    const stored = await t.db.read((m) => m.getRepository(RuleHitEntity).find({ order: { id: 'ASC' } }));
    const byRule = new Map<string, { inputs: unknown; label: string }[]>();
    for (const h of stored) {
      const list = byRule.get(h.ruleId) ?? [];
      // A few of each rule are enough; the demo has 80 of one.
      const inputs = JSON.parse(h.inputs) as { subject?: { label: string } };
      if (list.length < 4) list.push({ inputs, label: inputs.subject?.label ?? '' });
      byRule.set(h.ruleId, list);
    }
    const now = new Date(NOW);
    for (const [ruleId, subject] of Object.entries(SYNTHETIC)) {
      expect([ruleId, byRule.has(ruleId)]).toEqual([ruleId, false]); // the demo now trips it: drop the synthetic subject
      const [pluginId] = ruleId.split('/');
      const plugin = INSTALLED_PLUGINS.find((p) => p.id === pluginId)!;
      const rule = plugin.rules!.find((r) => `${pluginId}/${r.id}` === ruleId)!;
      const ctx: FactContext = { institutionId: 1, options: {}, records: { list: async () => [] }, now, subject, thresholds: rule.thresholds };
      const outcome = await evaluateRule(rule, ctx, describe_.facts(pluginId), new Map());
      expect([ruleId, outcome.hit]).toEqual([ruleId, true]);
      // As the rules service raises it: thresholds the message names are kept with the inputs.
      byRule.set(ruleId, [{ inputs: withNamedThresholds(rule.message, outcome.inputs, rule.thresholds ?? {}), label: subject.label }]);
    }

    const every = INSTALLED_PLUGINS.flatMap((p) => (p.rules ?? []).map((r) => `${p.id}/${r.id}`));
    expect(every.filter((id) => !byRule.has(id))).toEqual([]);
    for (const id of every) {
      const { rule, spec } = hitSpecOf(describe_, id)!;
      for (const hit of byRule.get(id)!) {
        const rows = describeHitInputs(hit.inputs, spec);
        // The message as a hit carries it: placeholders filled from its inputs (none may be left).
        const said = { label: rule.label, message: fillMessage(rule.message, hit.inputs, spec) };
        const zh = hitText(said, hit.label, rows, 'zh');
        const en = hitText(said, hit.label, rows, 'en');
        // Every fact the rule saw is stated.
        expect([id, rows.length >= Object.keys((hit.inputs as { facts: object }).facts).length]).toEqual([id, true]);
        expectPeopleText(zh, new Set([...forbidden, ...[...keysOf(hit.inputs)].map((k) => k.toLowerCase())]));
        for (const r of rows) expect([id, /[\u4e00-\u9fff]/.test(r.label.en)]).toEqual([id, false]);
        expect(en).not.toMatch(/[{}]|\b(true|false|null|undefined|NaN)\b/);
        for (const fen of fenValues(hit.inputs, rule, spec)) {
          expect([id, zh.includes(`${yuan(fen)} 元`)]).toEqual([id, true]);
          if (fen >= 1000) expect([id, zh.includes(String(fen))]).toEqual([id, false]);
        }
      }
    }
  });

  /** The money values a hit's described facts, limits and subject values hold, in fen. */
  function fenValues(inputs: unknown, rule: RuleDef, spec: HitSpec): number[] {
    const i = inputs as { facts: Record<string, unknown>; thresholds: Record<string, unknown>; options?: Record<string, unknown>; subject?: { values: Record<string, unknown> } };
    const fen = (v: unknown, d: ValueDescription | undefined) => (d?.unit === 'fen' && typeof v === 'number' ? [v] : []);
    return [
      ...Object.entries(i.facts).flatMap(([k, v]) => fen(v, rule.inputs?.[k] ?? (spec.facts.get(k) as ValueDescription | undefined))),
      ...Object.entries({ ...i.thresholds, ...i.options }).flatMap(([k, v]) => fen(v, rule.inputs?.[k])),
      ...Object.entries(i.subject?.values ?? {}).flatMap(([k, v]) => fen(v, spec.subject?.values?.[k])),
    ];
  }

  it('makes a rule hit’s clue Chinese sentences, and its page shows the rule by name and the facts as a table in zh and en', async () => {
    const inst = await t.institutionId('county-hospital');
    const clues = await t.db.read((m) => m.getRepository(WarningClueEntity).find({ where: { institutionId: inst, source: 'rule' }, order: { id: 'ASC' } }));
    expect(clues.length).toBeGreaterThanOrEqual(8);
    for (const c of clues) expectPeopleText(c.content, forbidden);
    for (const c of clues) expect(c.content).not.toMatch(/规则 |等级|记录 #|v\d/);
    const split = clues.find((c) => c.ruleId === 'hospital-procurement/split-purchase')!;
    expect(split.content).toMatch(/^化整为零、拆分采购（YY-CG-2026-\d{4}、.+）：30 天内同一供应商或同一品目的多笔采购均低于招标限额，合计达到限额。低于限额的采购笔数：3 笔；合计金额：240,000.00 元；时间窗口：30 天；招标限额：200,000.00 元；所涉项目：YY-CG-2026-\d{4}（定标日期：2026年\d+月\d+日，金额：80,000.00 元）/);

    const zh = await officer.get(`/warning/clues/${split.id}`);
    expect(zh.status).toBe(200);
    const ruleRow = (html: string) => html.slice(html.indexOf('data-testid="clue-rule"'), html.indexOf('</table>', html.indexOf('data-testid="rule-facts"')));
    const rule = ruleRow(zh.text);
    expect(rule).toContain('化整为零、拆分采购');
    expect(rule).toMatch(/<th>低于限额的采购笔数<\/th><td>3 笔<\/td>/);
    expect(rule).toMatch(/<th>合计金额<\/th><td>240,000.00 元<\/td>/);
    expect(zh.text).not.toContain('split-purchase');
    expect(zh.text).not.toContain('cluster.count');
    expect(zh.text).not.toMatch(/<pre>[^<]*\{/);
    const en = await officer.get(`/warning/clues/${split.id}?lang=en`);
    const enRule = ruleRow(en.text);
    expect(enRule).toContain('Split purchases');
    expect(enRule).toMatch(/<th>Purchases under the threshold<\/th><td>3 purchases<\/td>/);
    expect(enRule).toMatch(/<th>Total<\/th><td>CNY 240,000.00<\/td>/);
    expect(enRule).toMatch(/<th>Projects<\/th><td>YY-CG-2026-\d{4} \(Awarded on: 2026-03-28, Amount: CNY 80,000.00\)/);
    // English mode shows no Chinese in the rule's row: the labels and values are English (project numbers are data).
    expect(enRule.replace(/<[^>]+>/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('links a rule clue’s facts to the records it names (by number and title, readable ones only) and merges by picking an open clue', async () => {
    const inst = await t.institutionId('county-hospital');
    const split = await t.db.read((m) => m.getRepository(WarningClueEntity).findOneByOrFail({ institutionId: inst, ruleId: 'hospital-procurement/split-purchase' }));
    const cited = JSON.parse(split.recordIds!) as number[];
    expect(cited.length).toBe(3);
    const page = await officer.get(`/warning/clues/${split.id}`);
    const list = page.text.slice(page.text.indexOf('data-testid="clue-records"'), page.text.indexOf('</ul>', page.text.indexOf('data-testid="clue-records"')));
    const links = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((x) => ({ href: x[1], label: x[2] }));
    expect(links.map((l) => l.href)).toEqual(cited.map((id) => `/p/hospital-procurement/new-project/${id}/edit`));
    for (const l of links) {
      expect(l.label).toMatch(/^YY-CG-2026-\d{4} \S+/);
      // The link opens the record's page, which names the same project.
      const record = await officer.get(l.href);
      expect(record.status).toBe(200);
      expect(record.text).toContain(l.label.split(' ')[0]);
    }
    // A cited record the officer may not read (another institution's) is left out, not linked nor named.
    const outside = await t.db.read((m) => m.getRepository(PluginRecordEntity).findOneByOrFail({ pluginId: 'tax-collection' }));
    await t.db.write((m) => m.getRepository(WarningClueEntity).update(split.id, { recordIds: JSON.stringify([...cited, outside.id]) }));
    try {
      const again = await officer.get(`/warning/clues/${split.id}`);
      expect(again.status).toBe(200);
      expect(again.text).not.toContain(outside.title);
      expect(again.text).not.toContain(`/${outside.id}/edit`);
      expect((again.text.match(/\/p\/hospital-procurement\/new-project\/\d+\/edit/g) ?? []).length).toBe(3);
    } finally {
      await t.db.write((m) => m.getRepository(WarningClueEntity).update(split.id, { recordIds: split.recordIds }));
    }

    // The merge form offers the other clues awaiting triage at the institution by number, date and text, never itself.
    const form = page.text.slice(page.text.indexOf('name="intoClueId"'), page.text.indexOf('</select>', page.text.indexOf('name="intoClueId"')));
    const options = [...form.matchAll(/<option value="(\d+)">([^<]+)<\/option>/g)].map((x) => ({ id: Number(x[1]), label: x[2] }));
    const open = await t.db.read((m) => m.getRepository(WarningClueEntity).find({ where: { institutionId: inst, status: 'new' } }));
    expect(options.map((o) => o.id).sort((a, b) => a - b)).toEqual(open.filter((c) => c.id !== split.id && c.handlerInstitutionId === null).map((c) => c.id).sort((a, b) => a - b));
    for (const o of options) expect(o.label).toMatch(new RegExp(`^#${o.id} · \\d{4}-\\d{2}-\\d{2} · `));
    expect(page.text).not.toMatch(/<input name="intoClueId"/);
  });

  it('issues a notice from a split-purchase clue that states the facts, names the person and prints no rule id or level word', async () => {
    const inst = await t.institutionId('county-hospital');
    const split = await t.db.read((m) => m.getRepository(WarningClueEntity).findOneByOrFail({ institutionId: inst, ruleId: 'hospital-procurement/split-purchase' }));
    const buyer = await t.db.read((m) => m.getRepository(PersonEntity).findOneByOrFail({ institutionId: inst, name: '陈思远' }));
    const w = await officer.post(`/api/warning/clues/${split.id}/warn`, { subjectType: 'person', subjectPersonId: buyer.id, levelCode: 'blue', title: '化整为零规避招标', reason: '经初步核实，三笔采购为同一批敷料包。' });
    expect(w.status).toBe(201);
    const issued = await officer.post(`/api/warning/warnings/${w.body.id}/issue`);
    expect(issued.status).toBe(200);
    const docId = issued.body.steps.at(-1).data.document.id as number;
    const res = await fetch(`${t.url}/api/documents/${docId}/pdf`, { headers: { cookie: [...officer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await res.arrayBuffer());
    // For looking at it: PNGs under $SCREENSHOT_DIR when set.
    if (process.env.SCREENSHOT_DIR) await pdfToPng(pdf, path.join(process.env.SCREENSHOT_DIR, 'rule-hit-notice'));
    const text = (await pdfText(pdf)).join('\n').replace(/[\s\u3000]+/g, '');
    for (const s of ['陈思远同志', '化整为零、拆分采购', '低于限额的采购笔数：3笔', '合计金额：240,000.00元', '招标限额：200,000.00元', '定标日期：2026年']) expect(text).toContain(s);
    expect(text).not.toMatch(/split-purchase|hospital-procurement|cluster\.|totalFen|\b(red|yellow|blue|orange)\b/i);
  });
});
