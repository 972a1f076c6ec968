#!/usr/bin/env node
'use strict';
// Scaffolds a small, working plugin (record type, rule, template, screens, demo seed, tests) and a demo institution
// enabling it. `npm run new-plugin -- <id> [--name-zh 中文名] [--name-en "English name"] [--root <dir>]`; see docs/plugins.md.
const fs = require('fs');
const path = require('path');

// The repo this script belongs to: generated imports always reach ITS core/plugin-api and test/support, whatever --root is.
const REPO = path.resolve(__dirname, '..', '..');
const ID = /^[a-z][a-z0-9-]*$/;
const EXIT_REFUSED = 2;

class Refusal extends Error {}

function refuse(zh, en) {
  throw new Refusal(`${zh} / ${en}`);
}

function parseArgs(argv) {
  const out = { id: undefined, nameZh: undefined, nameEn: undefined, root: REPO };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) refuse(`${a} 缺少取值`, `${a} needs a value`);
      return v;
    };
    if (a === '--name-zh') out.nameZh = value();
    else if (a === '--name-en') out.nameEn = value();
    else if (a === '--root') out.root = path.resolve(value());
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--')) refuse(`未知选项 ${a}`, `unknown option ${a}`);
    else if (out.id === undefined) out.id = a;
    else refuse(`多余的参数 ${a}`, `unexpected argument ${a}`);
  }
  return out;
}

function checkId(id) {
  if (id === undefined) refuse('缺少插件标识，用法：npm run new-plugin -- <id>', 'missing plugin id, usage: npm run new-plugin -- <id>');
  if (!ID.test(id) || id.length < 3 || id.length > 40 || id.endsWith('-') || id.includes('--')) {
    refuse(`插件标识“${id}”无效：须为3至40个字符的小写短横线格式（如 gift-register）`, `invalid plugin id "${id}": kebab-case, 3-40 characters, e.g. gift-register`);
  }
}

function checkName(name, flag) {
  // Names land in TypeScript and YAML strings: one plain line, no control characters.
  if (!name.trim() || name.length > 40 || /[\u0000-\u001f\u007f\\]/.test(name)) refuse(`${flag} 须为不超过40个字符的单行文字`, `${flag} must be one line of at most 40 characters`);
}

const camel = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const titleCase = (id) => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
// A TypeScript single-quoted string literal.
const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
/** A relative import specifier from the directory `fromDir` to `target` (always starting with ./ or ../, with /). */
function rel(fromDir, target) {
  const r = path.relative(fromDir, target).split(path.sep).join('/');
  return r.startsWith('.') ? r : `./${r}`;
}

/** The docNumberPrefix values already used under `<root>/config/institutions`. */
function usedPrefixes(institutionsDir) {
  if (!fs.existsSync(institutionsDir)) return new Set();
  const used = new Set();
  for (const f of fs.readdirSync(institutionsDir)) {
    if (!/\.ya?ml$/.test(f)) continue;
    const m = /^docNumberPrefix:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(fs.readFileSync(path.join(institutionsDir, f), 'utf8'));
    if (m) used.add(m[1]);
  }
  return used;
}

/** A document-number prefix of its own: 示 + the first two Han characters of the name + 纪, numbered on a clash. */
function uniquePrefix(nameZh, used) {
  const han = (nameZh.match(/[\u4e00-\u9fff]/g) || []).slice(0, 2).join('') || '新';
  const base = `示${han}纪`;
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

function files(o) {
  const { id, nameZh, nameEn, root } = o;
  const dir = path.join(root, 'plugins', id);
  const api = (fromDir) => rel(fromDir, path.join(REPO, 'core', 'plugin-api'));
  const support = (fromDir, name) => rel(fromDir, path.join(REPO, 'test', 'support', name));
  const pluginConst = `${camel(id)}Plugin`;
  const institution = `${id}-demo`;
  const configDir = rel(path.join(dir, 'test'), path.join(root, 'config'));
  const out = {};

  out[path.join(dir, 'records.ts')] = `import type { FieldDef, FieldOption, RecordTypeDef } from ${q(api(dir))};
import { fieldMaker, option } from ${q(api(dir))};

export const PLUGIN_ID = ${q(id)};
export const MATTER = 'matter';

/** Default of the institution option amountThresholdFen: 50 000 元, in fen like every amount. */
export const DEFAULT_THRESHOLD_FEN = 5_000_000;

export const CATEGORIES: FieldOption[] = [option('goods', '物资采购', 'Goods'), option('service', '服务采购', 'Services'), option('works', '工程项目', 'Works'), option('other', '其他', 'Other')];

// Stable field ids are '${id}-<key>': never change them once data is stored (values are keyed by id).
const f = fieldMaker(PLUGIN_ID);

/** Options an institution sets under plugins: in its config/institutions/<code>.yaml, validated at boot. */
export const OPTIONS: FieldDef[] = [
  f('amountThresholdFen', 'money', '大额事项标准（元）', 'Large-matter threshold (yuan)', { help: { zh: '金额超过该标准的事项须集体决策并报纪检监察部门', en: 'Matters above it need a collective decision and a report' }, min: 0, default: DEFAULT_THRESHOLD_FEN }),
];

export const MATTER_TYPE: RecordTypeDef = {
  id: MATTER,
  label: { zh: '事项登记', en: 'Matter' },
  titleField: 'title',
  fields: [
    f('title', 'string', '事项名称', 'Title', { required: true, maxLength: 100, list: true }),
    f('amountFen', 'money', '金额（元）', 'Amount (yuan)', { required: true, min: 0, list: true }),
    f('occurredOn', 'date', '发生日期', 'Date', { required: true, notAfterToday: true, list: true }),
    f('category', 'enum', '类别', 'Category', { required: true, options: CATEGORIES, list: true }),
    f('handler', 'string', '经办人', 'Handled by', { maxLength: 40, namesPerson: true }),
    f('note', 'text', '说明', 'Note', { maxLength: 2000 }),
  ],
  indexes: [['occurredOn'], ['category']],
};
`;

  out[path.join(dir, 'rules.ts')] = `import type { FactDef, RuleDef } from ${q(api(dir))};
import { num } from ${q(api(dir))};
import { DEFAULT_THRESHOLD_FEN, MATTER } from './records';

/** The institution's large-matter threshold in fen (its option, else the default). */
export const thresholdFen = (options: Record<string, unknown>): number => num(options.amountThresholdFen, DEFAULT_THRESHOLD_FEN);

/** What the rule below decides, as a function: the dashboard counts with it and the unit spec checks it on fixtures. */
export const aboveThreshold = (values: Record<string, unknown>, options: Record<string, unknown>): boolean => num(values.amountFen) > thresholdFen(options);

export const FACTS: FactDef[] = [{ id: 'matter.amountFen', label: { zh: '金额', en: 'Amount' }, unit: 'fen', compute: (ctx) => ctx.record?.values.amountFen }];

export const RULES: RuleDef[] = [
  {
    id: 'amount-above-threshold',
    version: 1,
    label: { zh: '大额事项', en: 'Large matter' },
    recordType: MATTER,
    level: 'yellow',
    // Compared with the institution's option, so each institution sets its own standard in its YAML.
    when: { fact: 'matter.amountFen', operator: 'greaterThan', value: { option: 'amountThresholdFen' } },
    // {amountThresholdFen} is filled from the hit as applied, so an institution's own threshold reads in the message.
    message: { zh: '事项金额超过本单位大额事项标准{amountThresholdFen}，须经集体决策并报纪检监察部门备案', en: 'The amount is above the large-matter threshold of {amountThresholdFen}: it needs a collective decision and a report' },
    inputs: { amountThresholdFen: { label: { zh: '大额事项标准', en: 'Large-matter threshold' }, unit: 'fen' } },
  },
];
`;

  out[path.join(dir, 'templates.ts')] = `import * as path from 'node:path';
import type { FactContext, TemplateDef } from ${q(api(dir))};
import { chineseDateOrEmpty, num, yuan } from ${q(api(dir))};
import { CATEGORIES, MATTER } from './records';

const file = (name: string) => path.join(__dirname, 'templates', \`\${name}.hbs\`);

/** The letter's data: amounts in 元, the category's label, the date in words and each rule hit's message. */
export async function reminderData(ctx: FactContext): Promise<Record<string, unknown>> {
  const v = ctx.record?.values ?? {};
  const hits = ctx.record ? await ctx.records.hits!({ recordId: ctx.record.id }) : [];
  // Each hit's message as raised: its placeholders already hold this institution's threshold.
  const problems = hits.map((h) => h.message.zh);
  return { amount: yuan(num(v.amountFen)), category: CATEGORIES.find((c) => c.value === v.category)?.label.zh ?? '', occurredOn: chineseDateOrEmpty(v.occurredOn), problems };
}

export const TEMPLATES: TemplateDef[] = [{ id: 'reminder-letter', label: { zh: '廉政提醒函', en: 'Integrity reminder letter' }, kind: 'letter', file: file('reminder-letter'), recordType: MATTER, data: reminderData }];
`;

  out[path.join(dir, 'templates', 'reminder-letter.hbs')] = `{{!-- 廉政提醒函（GB/T 9704 公文格式，版头、发文字号和版记由 gbt/head、gbt/closing 生成）：record = matter; data = reminderData. --}}
{{> gbt/head}}
<main class="gbt-body">
<h2 class="gbt-title">廉政提醒函</h2>
<p class="gbt-addressee">{{#if record.handler}}{{record.handler}}同志{{else}}有关经办人员{{/if}}：</p>
<p>你经办的“{{title}}”（{{data.category}}，发生日期{{data.occurredOn}}，金额{{data.amount}}元）已登记在案。</p>
{{#if data.problems.length}}
<p>经平台比对，该事项存在以下情况：</p>
{{#each data.problems}}<p>（{{cnNum @index}}）{{this}}。</p>{{/each}}
<p class="gbt-h1">提醒事项</p>
<p>请严格执行大额事项集体决策和报告制度，于收到本提醒函之日起10个工作日内将决策和办理情况书面报纪检监察部门。</p>
{{else}}
<p>经平台比对，该事项未发现异常。请继续严格执行有关制度规定，发现问题及时报告纪检监察部门。</p>
{{/if}}
{{#> gbt/closing}}<p>特此提醒。</p>{{/gbt/closing}}
</main>
`;

  out[path.join(dir, 'dashboard.ts')] = `import type { DashboardPanel, FactContext } from ${q(api(dir))};
import { wholeYuan } from ${q(api(dir))};
import { CATEGORIES, MATTER } from './records';
import { thresholdFen } from './rules';

/** Counts and sums computed in SQL (RecordQuery.total/groups), so the board costs the same at any volume. */
export async function dashboard(ctx: FactContext): Promise<DashboardPanel[]> {
  const all = await ctx.records.total!(MATTER, {}, 'amountFen');
  const above = await ctx.records.total!(MATTER, { range: { amountFen: { from: thresholdFen(ctx.options) + 1 } } });
  const perCategory = new Map((await ctx.records.groups!(MATTER, {}, ['category'], 'amountFen')).map((g) => [g.by.category, g.sum]));
  const hits = (await ctx.records.hitCounts!({ by: 'rule' })).reduce((n, c) => n + c.count, 0);
  return [
    {
      kind: 'stats',
      title: { zh: '概况', en: 'Overview' },
      stats: [
        { label: { zh: '登记事项（件）', en: 'Matters' }, value: String(all.count) },
        { label: { zh: '金额合计（元）', en: 'Total (yuan)' }, value: wholeYuan(all.sum) },
        { label: { zh: '大额事项（件）', en: 'Large matters' }, value: String(above.count) },
        { label: { zh: '规则命中（次）', en: 'Rule hits' }, value: String(hits) },
      ],
    },
    { kind: 'bars', title: { zh: '各类别金额', en: 'Amount by category' }, unit: 'fen', bars: CATEGORIES.map((c) => ({ label: c.label.zh, value: perCategory.get(c.value) ?? 0 })) },
  ];
}
`;

  out[path.join(dir, 'demo-seed.ts')] = `import type { DemoSeedContext } from ${q(api(dir))};
import { addDays } from ${q(api(dir))};
import { MATTER } from './records';
import { thresholdFen } from './rules';

/** A few matters dated back from the seeding day, so the demo looks the same whenever it runs; one is PLANTED above the threshold. */
export async function seedDemo(ctx: DemoSeedContext): Promise<void> {
  const day = (back: number) => addDays(ctx.today, -back);
  const limit = thresholdFen(ctx.options);
  await ctx.createRecord(MATTER, { title: '办公用品年度采购', amountFen: 1_280_000, occurredOn: day(40), category: 'goods', handler: '李明' });
  await ctx.createRecord(MATTER, { title: '办公楼保洁服务', amountFen: 3_600_000, occurredOn: day(25), category: 'service', handler: '王芳' });
  await ctx.createRecord(MATTER, { title: '会议室改造工程', amountFen: limit + 2_000_000, occurredOn: day(10), category: 'works', handler: '张强', note: '示范数据：超过大额事项标准' }); // PLANTED: amount-above-threshold
}
`;

  out[path.join(dir, `${id}.plugin.ts`)] = `import { definePlugin } from ${q(api(dir))};
import { dashboard } from './dashboard';
import { seedDemo } from './demo-seed';
import { MATTER, MATTER_TYPE, OPTIONS } from './records';
import { FACTS, RULES } from './rules';
import { TEMPLATES } from './templates';

// Discovered from its folder (plugins/installed.ts): the id must stay equal to the folder's name.
export const ${pluginConst} = definePlugin({
  id: ${q(id)},
  version: '0.1.0',
  name: { zh: ${q(nameZh)}, en: ${q(nameEn)} },
  description: { zh: ${q(`${nameZh}的廉政风险防控`)}, en: ${q(`Integrity controls: ${nameEn}`)} },
  coreCompatibility: '^1.0.0',
  options: OPTIONS,
  recordTypes: [MATTER_TYPE],
  facts: FACTS,
  rules: RULES,
  templates: TEMPLATES,
  screens: [
    { id: 'matters', label: { zh: '事项登记台账', en: 'Matters' }, kind: 'list', recordType: MATTER, filters: ['category'] },
    { id: 'new-matter', label: { zh: '登记事项', en: 'New matter' }, kind: 'form', recordType: MATTER },
    { id: 'dashboard', label: { zh: '监督看板', en: 'Dashboard' }, kind: 'dashboard', recordType: MATTER, roles: ['discipline-officer', 'head', 'deputy-in-charge', 'system-admin'], dashboard },
  ],
  riskPresets: [
    {
      id: 'large-matter-alone',
      post: { zh: '经办人员', en: 'Handler' },
      name: { zh: '大额事项未经集体决策，个人说了算', en: 'A large matter decided by one person' },
      category: 'mechanism',
      grade: 2,
      measures: [
        { phase: 'prevention', text: { zh: '明确大额事项标准，超过标准的须集体决策', en: 'Set the threshold; collective decisions above it' } },
        { phase: 'monitoring', text: { zh: '平台对超过标准的事项自动预警', en: 'The platform flags matters above it' } },
        { phase: 'disposal', text: { zh: '对未经集体决策的责任人提醒谈话', en: 'A reminder talk with those responsible' } },
      ],
    },
  ],
  demoSeed: seedDemo,
});
`;

  out[path.join(dir, `${id}.plugin.spec.ts`)] = `import type { FactContext, PluginRecordView } from ${q(api(dir))};
import { ${pluginConst} } from './${id}.plugin';
import { DEFAULT_THRESHOLD_FEN, MATTER } from './records';
import { aboveThreshold, FACTS, RULES } from './rules';

const matter = (values: Record<string, unknown>): PluginRecordView => ({ id: 1, institutionId: 1, pluginId: ${q(id)}, recordType: MATTER, title: String(values.title ?? ''), values, createdAt: '', updatedAt: '' });
const ctx = (values: Record<string, unknown>, options: Record<string, unknown> = {}): FactContext => ({ institutionId: 1, options, now: new Date('2026-06-01T03:00:00Z'), record: matter(values), records: { list: async () => [] } });

describe(${q(`${id} rules`)}, () => {
  it('the rule compares the amount fact with the institution option amountThresholdFen (greater than, so the threshold itself is fine)', async () => {
    const rule = RULES.find((r) => r.id === 'amount-above-threshold')!;
    expect(rule.when).toEqual({ fact: 'matter.amountFen', operator: 'greaterThan', value: { option: 'amountThresholdFen' } });
    expect(rule.message.zh).toContain('大额事项标准');
    const fact = FACTS.find((f) => f.id === 'matter.amountFen')!;
    expect(await fact.compute(ctx({ amountFen: 123_456 }))).toBe(123_456);
  });

  it.each([
    ['below the default', { amountFen: DEFAULT_THRESHOLD_FEN - 1 }, {}, false],
    ['at the default', { amountFen: DEFAULT_THRESHOLD_FEN }, {}, false],
    ['one fen above the default', { amountFen: DEFAULT_THRESHOLD_FEN + 1 }, {}, true],
    ["above the institution's own lower threshold", { amountFen: 200_000 }, { amountThresholdFen: 100_000 }, true],
    ["below the institution's own higher threshold", { amountFen: 6_000_000 }, { amountThresholdFen: 10_000_000 }, false],
    ['no amount', {}, {}, false],
  ])('%s', (_name, values, options, hit) => {
    expect(aboveThreshold(values, options)).toBe(hit);
  });

  it('the demo seed writes a few matters, one of them above the threshold', async () => {
    const written: Record<string, unknown>[] = [];
    const createRecord = async (recordType: string, values: Record<string, unknown>) => {
      written.push(values);
      return { ...matter(values), recordType };
    };
    // A variable, not a literal: a fake with more than the contract asks still type-checks when the contract changes.
    const seedContext = { institutionId: 1, institutionCode: ${q(institution)}, options: {}, today: '2026-06-01', createRecord, createPerson: async () => ({ personId: 1 }) };
    await ${pluginConst}.demoSeed!(seedContext);
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(written.filter((v) => aboveThreshold(v, {}))).toHaveLength(1);
    expect(written.every((v) => typeof v.occurredOn === 'string' && v.occurredOn < '2026-06-01')).toBe(true);
  });
});
`;

  const testDir = path.join(dir, 'test');
  out[path.join(testDir, `${id}.e2e-spec.ts`)] = `/**
 * ${nameZh}: booted with the real config (config/institutions/${institution}.yaml enables it), through the API a matter
 * above the threshold raises the rule hit, the 廉政提醒函 issues as a numbered PDF, and the screens open in Chinese.
 */
import * as path from 'node:path';
import { pdfText } from ${q(support(testDir, 'pdf-tools'))};
import { ApiClient, startTestApp, TestApp } from ${q(support(testDir, 'test-app'))};

jest.setTimeout(180_000);

const API = '/api/plugins/${id}/records/matter';

describe(${q(`${id}: record, rule hit, document and screens`)}, () => {
  let t: TestApp;
  let officer: ApiClient;

  beforeAll(async () => {
    t = await startTestApp({ configDir: path.join(__dirname, ${configDir.split('/').map(q).join(', ')}), now: '2026-06-01T03:00:00Z' });
    await t.createUser('${id}-officer', [{ institution: '${institution}', role: 'discipline-officer' }]);
    officer = await t.login('${id}-officer');
  }, 600_000);
  afterAll(() => t?.close());

  it('a matter above the threshold raises the rule hit; one below does not', async () => {
    const big = await officer.post(API, { title: '食堂设备采购', amountFen: 8_000_000, occurredOn: '2026-05-20', category: 'goods', handler: '赵六' });
    expect([big.status, big.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    const small = await officer.post(API, { title: '办公纸张采购', amountFen: 120_000, occurredOn: '2026-05-21', category: 'goods' });
    expect(small.status).toBe(201);
    const hits = ((await officer.get('/api/rule-hits?pageSize=200')).body.items as { ruleId: string; recordId: number }[]).filter((h) => h.ruleId === '${id}/amount-above-threshold');
    expect(hits.map((h) => h.recordId)).toEqual([big.body.id]);
  });

  it('issues the 廉政提醒函 for the matter as a numbered PDF', async () => {
    const list = (await officer.get(\`\${API}?pageSize=50\`)).body.items as { id: number; title: string }[];
    const record = list.find((r) => r.title === '食堂设备采购')!;
    const issued = await officer.post(\`/api/records/\${record.id}/issue\`, { template: '${id}/reminder-letter' });
    expect([issued.status, issued.text.slice(0, 300)]).toEqual([201, expect.any(String)]);
    const res = await fetch(\`\${t.url}/api/documents/\${issued.body.id}/pdf\`, { headers: { cookie: [...officer.cookies].map(([k, v]) => \`\${k}=\${v}\`).join('; ') } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(Buffer.from(await res.arrayBuffer()))).join('').replace(/\\s+/g, '');
    expect(text).toContain('廉政提醒函');
    expect(text).toContain('食堂设备采购');
    // The hit's message with this institution's threshold filled in (its YAML sets 50 000 元).
    expect(text).toContain('大额事项标准50,000.00元');
    expect(text).toContain(issued.body.number);
  });

  it('the list and form screens open with their Chinese labels', async () => {
    const list = await officer.get('/p/${id}/matters');
    expect(list.status).toBe(200);
    expect(list.text).toContain('事项登记台账');
    expect(list.text).toContain('食堂设备采购');
    const form = await officer.get('/p/${id}/new-matter');
    expect(form.status).toBe(200);
    for (const label of ['事项名称', '金额（元）', '发生日期', '类别']) expect(form.text).toContain(label);
    expect((await officer.get('/p/${id}/dashboard')).status).toBe(200);
  });
});
`;

  out[path.join(root, 'config', 'institutions', `${institution}.yaml`)] = `# ${nameZh}示范单位 — scaffolded by apps/cli/new-plugin.js: an institution under the county discipline commission enabling ${id}.
code: ${institution}
name: ${JSON.stringify(`示范县${nameZh}示范单位`)}
nameEn: ${JSON.stringify(`Demo unit: ${nameEn}`)}
type: other
parent: demo-county
letterhead: ${JSON.stringify(`示范县${nameZh}示范单位纪检组`.slice(0, 60))}
docNumberPrefix: ${JSON.stringify(o.prefix)}
warningPalette: 003-p5
gradingPreset: '002'
plugins:
  - id: ${id}
    options:
      amountThresholdFen: 5000000
`;
  return out;
}

function main(argv) {
  const o = parseArgs(argv);
  if (o.help) {
    console.log('用法 / usage: npm run new-plugin -- <id> [--name-zh 中文名] [--name-en "English name"] [--root <dir>]');
    return 0;
  }
  checkId(o.id);
  o.nameZh = o.nameZh ?? '新业务监督';
  o.nameEn = o.nameEn ?? titleCase(o.id);
  checkName(o.nameZh, '--name-zh');
  checkName(o.nameEn, '--name-en');
  const pluginDir = path.join(o.root, 'plugins', o.id);
  const institutionsDir = path.join(o.root, 'config', 'institutions');
  const yamlFile = path.join(institutionsDir, `${o.id}-demo.yaml`);
  if (fs.existsSync(pluginDir)) refuse(`插件目录已存在：${pluginDir}，未作任何改动`, `plugin folder exists: ${pluginDir}; nothing written`);
  if (fs.existsSync(yamlFile)) refuse(`单位配置文件已存在：${yamlFile}，未作任何改动`, `institution file exists: ${yamlFile}; nothing written`);
  o.prefix = uniquePrefix(o.nameZh, usedPrefixes(institutionsDir));
  const out = files(o);
  for (const [file, text] of Object.entries(out)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { flag: 'wx' }); // wx: never overwrite, even if something appeared meanwhile
  }
  const shown = (f) => path.relative(o.root, f).split(path.sep).join('/');
  console.log(`已生成插件 ${o.id}（${o.nameZh}）/ created plugin ${o.id} (${o.nameEn}) in ${o.root}:`);
  for (const f of Object.keys(out)) console.log(`  ${shown(f)}`);
  console.log(`
下一步 / next steps:
  1. npx jest plugins/${o.id}/${o.id}.plugin.spec.ts --selectProjects unit       单元测试 / unit spec
  2. npx jest plugins/${o.id}/test --selectProjects e2e --maxWorkers=1          端到端测试 / e2e spec
  3. 修改 records.ts、rules.ts、templates/ 为真实业务 / make records.ts, rules.ts and templates/ your own business
  4. 在需要的单位 config/institutions/<code>.yaml 的 plugins: 下启用 / enable it for real institutions; ${o.id}-demo.yaml is a demo unit (prefix ${o.prefix})
  5. 参见 / see docs/plugins.md`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    console.error(e.message);
    process.exitCode = EXIT_REFUSED;
  }
}

module.exports = { main, Refusal };
