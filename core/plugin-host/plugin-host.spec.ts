import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORE_API_VERSION, PluginDefinition } from '../plugin-api';
import { ConfigError, InstitutionConfig, loadInstitutionConfigs, parseInstitutionConfig } from './institution-config';
import { PluginError, PluginHost, sortPlugins } from './plugin-host';

const TEMPLATE = path.join(__dirname, '..', '..', 'test', 'fixtures', 'test-plugin', 'templates', 'note.hbs');

function plugin(id: string, extra: Partial<PluginDefinition> = {}): PluginDefinition {
  return { id, version: '1.0.0', name: { zh: id, en: id }, coreCompatibility: '^1.0.0', ...extra };
}

/** A plugin with one record type, one fact, one rule with a threshold, one template and one option. */
function fullPlugin(extra: Partial<PluginDefinition> = {}): PluginDefinition {
  return plugin('demo', {
    options: [
      { key: 'limit', id: 'd-opt-limit', type: 'integer', label: { zh: '上限', en: 'Limit' }, min: 1, max: 10 },
      { key: 'mode', id: 'd-opt-mode', type: 'enum', label: { zh: '模式', en: 'Mode' }, options: [{ value: 'a', label: { zh: 'A', en: 'A' } }] },
    ],
    recordTypes: [
      {
        id: 'note',
        label: { zh: '记录', en: 'Note' },
        titleField: 'subject',
        fields: [
          { key: 'subject', id: 'd-subject', type: 'string', label: { zh: '事项', en: 'Subject' } },
          { key: 'amount', id: 'd-amount', type: 'money', label: { zh: '金额', en: 'Amount' } },
        ],
      },
    ],
    facts: [{ id: 'amount', label: { zh: '金额', en: 'Amount' }, compute: (ctx) => ctx.record?.values.amount }],
    rules: [
      {
        id: 'big',
        version: 1,
        label: { zh: '大额', en: 'Big' },
        recordType: 'note',
        level: 'yellow',
        when: { fact: 'amount', operator: 'greaterThan', value: { threshold: 'maxFen' } },
        thresholds: { maxFen: 100 },
        message: { zh: '大额', en: 'Big' },
      },
    ],
    templates: [{ id: 'note', label: { zh: '记录单', en: 'Note' }, kind: 'form', file: TEMPLATE }],
    screens: [{ id: 'notes', label: { zh: '记录', en: 'Notes' }, kind: 'list', recordType: 'note' }],
    ...extra,
  });
}

function inst(yaml: string, file = 'config/institutions/unit-a.yaml'): InstitutionConfig {
  return parseInstitutionConfig(file, yaml);
}

const BASE_YAML = `code: unit-a
name: 甲单位
type: hospital
letterhead: 甲单位纪委
docNumberPrefix: 甲纪
`;

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('sortPlugins', () => {
  it('refuses two plugins with the same id', () => {
    const err = catchError(() => sortPlugins([plugin('aa'), plugin('bb'), plugin('aa')]));
    expect(err).toBeInstanceOf(PluginError);
    expect(err.message).toBe('plugin "aa": id is used by two plugins');
  });

  it('refuses a dependency that is not installed, naming both plugins', () => {
    const err = catchError(() => sortPlugins([plugin('aa', { dependsOn: ['zz'] })]));
    expect(err.message).toBe('plugin "aa": depends on "zz", which is not installed');
  });

  it('refuses a dependency cycle and shows the cycle path', () => {
    const err = catchError(() => sortPlugins([plugin('aa', { dependsOn: ['bb'] }), plugin('bb', { dependsOn: ['cc'] }), plugin('cc', { dependsOn: ['aa'] })]));
    expect(err).toBeInstanceOf(PluginError);
    expect(err.message).toBe('plugin "aa": dependency cycle: aa → bb → cc → aa');
  });

  it('refuses a plugin that depends on itself', () => {
    expect(catchError(() => sortPlugins([plugin('aa', { dependsOn: ['aa'] })])).message).toBe('plugin "aa": dependency cycle: aa → aa');
  });

  it('orders dependencies first, then by id, whatever the input order', () => {
    const defs = [plugin('zeta'), plugin('alpha', { dependsOn: ['zeta', 'mid'] }), plugin('mid'), plugin('beta')];
    const expected = ['mid', 'zeta', 'alpha', 'beta'];
    expect(sortPlugins(defs).map((p) => p.id)).toEqual(expected);
    expect(sortPlugins([...defs].reverse()).map((p) => p.id)).toEqual(expected);
    expect(sortPlugins([defs[2], defs[0], defs[3], defs[1]]).map((p) => p.id)).toEqual(expected);
  });
});

describe('PluginHost plugin checks', () => {
  const load = (p: PluginDefinition) => catchError(() => new PluginHost([p], []));

  it('accepts a complete plugin', () => {
    expect(new PluginHost([fullPlugin()], []).plugin('demo')?.id).toBe('demo');
  });

  it('refuses a plugin built for another core version', () => {
    const err = load(fullPlugin({ coreCompatibility: '^2.0.0' }));
    expect(err).toBeInstanceOf(PluginError);
    expect(err.message).toBe(`plugin "demo": needs core ^2.0.0, but this core is ${CORE_API_VERSION}`);
  });

  it('refuses a version or range that is not semver', () => {
    expect(load(fullPlugin({ version: 'one' })).message).toBe('plugin "demo": version "one" is not semver');
    expect(load(fullPlugin({ coreCompatibility: 'latest' })).message).toBe('plugin "demo": coreCompatibility "latest" is not a semver range');
  });

  it('refuses a rule that uses an unknown fact', () => {
    const p = fullPlugin();
    const rule = { ...p.rules![0], when: { all: [{ fact: 'amount', operator: 'greaterThan', value: 1 }, { not: { fact: 'ghost', operator: 'equal', value: 1 } }] } };
    expect(load({ ...p, rules: [rule] }).message).toBe('plugin "demo": rule "big" uses unknown fact "ghost"');
  });

  it('refuses a message placeholder the hit cannot state in words, or named in one language only; accepts a described one', () => {
    const p = fullPlugin();
    const withMessage = (message: { zh: string; en: string }, inputs?: Record<string, { label: { zh: string; en: string }; unit: 'fen' }>) => ({ ...p, rules: [{ ...p.rules![0], message, ...(inputs ? { inputs } : {}) }] });
    expect(load(withMessage({ zh: '超过{maxFen}', en: 'over {maxFen}' })).message).toBe('plugin "demo": rule "big": message placeholder {maxFen} names no input described in words (add it to the rule\'s inputs)');
    expect(load(withMessage({ zh: '超过{maxFen}', en: 'over the limit' }, { maxFen: { label: { zh: '上限', en: 'Limit' }, unit: 'fen' } })).message).toBe('plugin "demo": rule "big": the zh and en messages name different placeholders ({maxFen} / {})');
    expect(new PluginHost([withMessage({ zh: '超过{maxFen}', en: 'over {maxFen}' }, { maxFen: { label: { zh: '上限', en: 'Limit' }, unit: 'fen' } })], []).plugin('demo')?.id).toBe('demo');
  });

  it('refuses a rule that uses an unknown operator, and accepts a plugin-defined one', () => {
    const p = fullPlugin();
    const rule = { ...p.rules![0], when: { any: [{ fact: 'amount', operator: 'roughly', value: 1 }] } };
    expect(load({ ...p, rules: [rule] }).message).toBe('plugin "demo": rule "big" uses unknown operator "roughly"');
    const withOp = { ...p, rules: [rule], operators: [{ id: 'roughly', label: { zh: '约等于', en: 'roughly' }, test: () => true }] };
    expect(new PluginHost([withOp], []).operators('demo').has('roughly')).toBe(true);
  });

  it('refuses a rule about an unknown record type', () => {
    const p = fullPlugin();
    expect(load({ ...p, rules: [{ ...p.rules![0], recordType: 'nope' }] }).message).toBe('plugin "demo": rule "big" is about unknown record type "nope"');
  });

  it('refuses a duplicate field key and a duplicate field id', () => {
    const p = fullPlugin();
    const rt = p.recordTypes![0];
    const dupKey = { ...rt, fields: [...rt.fields, { ...rt.fields[1], id: 'd-other' }] };
    expect(load({ ...p, recordTypes: [dupKey] }).message).toBe('plugin "demo": record type "note": field key "amount" is declared twice');
    const dupId = { ...rt, fields: [...rt.fields, { ...rt.fields[1], key: 'other' }] };
    expect(load({ ...p, recordTypes: [dupId] }).message).toBe('plugin "demo": record type "note": field id "d-amount" is declared twice');
  });

  it('refuses a record type declared twice, a missing title field and an enum without options', () => {
    const p = fullPlugin();
    const rt = p.recordTypes![0];
    expect(load({ ...p, recordTypes: [rt, rt] }).message).toBe('plugin "demo": record type "note" is declared twice');
    expect(load({ ...p, recordTypes: [{ ...rt, titleField: 'nope' }] }).message).toBe('plugin "demo": record type "note": titleField "nope" is not a field');
    const bare = { ...rt, fields: [...rt.fields, { key: 'kind', id: 'd-kind', type: 'enum' as const, label: { zh: '类', en: 'Kind' } }] };
    expect(load({ ...p, recordTypes: [bare] }).message).toBe('plugin "demo": field "kind" needs options');
  });

  it('refuses a template whose file is missing, naming the file', () => {
    const missing = path.join(os.tmpdir(), 'no-such-template.hbs');
    const err = load(fullPlugin({ templates: [{ id: 'gone', label: { zh: '缺', en: 'Gone' }, kind: 'form', file: missing }] }));
    expect(err.message).toBe(`plugin "demo": template "gone" file not found: ${missing}`);
  });

  it('refuses a screen about an unknown record type', () => {
    const err = load(fullPlugin({ screens: [{ id: 's', label: { zh: '屏', en: 'S' }, kind: 'list', recordType: 'nope' }] }));
    expect(err.message).toBe('plugin "demo": screen "s" shows unknown record type "nope"');
  });

  it('runs every beforeLoad before any load', async () => {
    const calls: string[] = [];
    const life = (id: string) => ({ beforeLoad: () => void calls.push(`before:${id}`), load: () => void calls.push(`load:${id}`) });
    const host = new PluginHost([plugin('bb', { lifecycle: life('bb'), dependsOn: ['aa'] }), plugin('aa', { lifecycle: life('aa') })], []);
    await host.start();
    expect(calls).toEqual(['before:aa', 'before:bb', 'load:aa', 'load:bb']);
  });
});

describe('institution config', () => {
  const FILE = 'config/institutions/unit-a.yaml';

  /** Every config error names the file, the field and the reason, in that order. */
  function expectConfigError(fn: () => unknown, field: string, reason: string | RegExp) {
    const err = catchError(fn);
    expect(err).toBeInstanceOf(ConfigError);
    const c = err as ConfigError;
    expect(c.file).toBe(FILE);
    expect(c.field).toBe(field);
    if (typeof reason === 'string') expect(c.reason).toBe(reason);
    else expect(c.reason).toMatch(reason);
    expect(c.message).toBe(`${FILE}: ${field}: ${c.reason}`);
  }

  it('parses a complete file with defaults', () => {
    const c = inst(`${BASE_YAML}plugins:\n  - demo\n`);
    expect(c).toMatchObject({ code: 'unit-a', name: '甲单位', type: 'hospital', parent: null, warningPalette: '003-p8', gradingPreset: '002', plugins: [{ id: 'demo', options: {}, ruleThresholds: {} }] });
  });

  it('bad YAML', () => {
    expectConfigError(() => inst('code: [unit-a\nname: x\n'), '(file)', /^is not valid YAML: /);
    expectConfigError(() => inst('- just\n- a list\n'), '(file)', 'must be a YAML mapping');
  });

  it('unknown field', () => {
    expectConfigError(() => inst(`${BASE_YAML}colour: red\n`), 'colour', /^unknown field \(allowed: code, name, /);
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - { id: demo, enabled: true }\n`), 'plugins[0].enabled', 'unknown field (allowed: id, options, ruleThresholds, models)');
  });

  it('wrong type or value', () => {
    expectConfigError(() => inst(BASE_YAML.replace('type: hospital', 'type: spaceship')), 'type', /^must be one of hospital, .* got "spaceship"$/);
    expectConfigError(() => inst(BASE_YAML.replace('name: 甲单位', 'name: 42')), 'name', 'must be a non-empty string, got 42');
    expectConfigError(() => inst(BASE_YAML.replace('letterhead: 甲单位纪委', 'letterhead: ""')), 'letterhead', 'must be a non-empty string, got ""');
    expectConfigError(() => inst(`${BASE_YAML}warningPalette: rainbow\n`), 'warningPalette', /^must be one of 003-p8, 003-p5, 000, 001, got "rainbow"$/);
    expectConfigError(() => inst(`${BASE_YAML}plugins: demo\n`), 'plugins', 'must be a list');
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - { id: demo, options: [1] }\n`), 'plugins[0].options', 'must be a mapping');
    expectConfigError(() => inst(BASE_YAML.replace('docNumberPrefix: 甲纪', '')), 'docNumberPrefix', 'is required');
  });

  it('the code must match the file name', () => {
    expectConfigError(() => inst(BASE_YAML.replace('code: unit-a', 'code: unit-b')), 'code', 'must equal the file name "unit-a"');
  });

  it('a plugin listed twice', () => {
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - demo\n  - demo\n`), 'plugins[1].id', 'plugin "demo" is listed twice');
  });

  it('bad ruleThresholds: not a mapping, not a number, unknown rule, unknown threshold', () => {
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - { id: demo, ruleThresholds: [1] }\n`), 'plugins[0].ruleThresholds', 'must be a mapping of rule id to {name: number}');
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - { id: demo, ruleThresholds: { big: 5 } }\n`), 'plugins[0].ruleThresholds.big', 'must be a mapping of threshold name to number');
    expectConfigError(() => inst(`${BASE_YAML}plugins:\n  - { id: demo, ruleThresholds: { big: { maxFen: lots } } }\n`), 'plugins[0].ruleThresholds.big.maxFen', 'must be a number, got "lots"');
    const host = (yaml: string) => () => new PluginHost([fullPlugin()], [inst(`${BASE_YAML}plugins:\n${yaml}`)]);
    expectConfigError(host('  - { id: demo, ruleThresholds: { small: { maxFen: 1 } } }\n'), 'plugins[0].ruleThresholds.small', 'plugin "demo" has no rule "small"');
    expectConfigError(host('  - { id: demo, ruleThresholds: { big: { minFen: 1 } } }\n'), 'plugins[0].ruleThresholds.big.minFen', 'rule "big" has no threshold "minFen" (has: maxFen)');
    const ok = new PluginHost([fullPlugin()], [inst(`${BASE_YAML}plugins:\n  - { id: demo, ruleThresholds: { big: { maxFen: 5 } } }\n`)]);
    expect(ok.thresholdOverrides('unit-a', 'demo')).toEqual({ big: { maxFen: 5 } });
  });

  it('unknown plugin id', () => {
    const fn = () => new PluginHost([fullPlugin()], [inst(`${BASE_YAML}plugins:\n  - ghost\n`)]);
    expectConfigError(fn, 'plugins[0].id', 'unknown plugin "ghost" (installed: demo)');
  });

  it("options failing the plugin's options schema", () => {
    const host = (opts: string) => () => new PluginHost([fullPlugin()], [inst(`${BASE_YAML}plugins:\n  - { id: demo, options: ${opts} }\n`)]);
    expectConfigError(host('{ limit: 11 }'), 'plugins[0].options.limit', 'must be at most 10');
    expectConfigError(host('{ limit: 0 }'), 'plugins[0].options.limit', 'must be at least 1');
    expectConfigError(host('{ limit: "five" }'), 'plugins[0].options.limit', 'must be an integer');
    expectConfigError(host('{ mode: b }'), 'plugins[0].options.mode', 'must be one of a');
    expectConfigError(host('{ colour: red }'), 'plugins[0].options.colour', 'is not an option of this plugin');
    const ok = new PluginHost([fullPlugin()], [inst(`${BASE_YAML}plugins:\n  - { id: demo, options: { limit: 3 } }\n`)]);
    expect(ok.optionsFor('unit-a', 'demo')).toEqual({ limit: 3 });
  });

  it('a plugin for other institution types, and a missing dependency', () => {
    const typed = () => new PluginHost([fullPlugin({ institutionTypes: ['tax-bureau'] })], [inst(`${BASE_YAML}plugins:\n  - demo\n`)]);
    expectConfigError(typed, 'plugins[0].id', 'plugin "demo" is for institution types tax-bureau, not "hospital"');
    const dep = () => new PluginHost([fullPlugin({ dependsOn: ['base'] }), plugin('base')], [inst(`${BASE_YAML}plugins:\n  - demo\n`)]);
    expectConfigError(dep, 'plugins[0]', 'plugin "demo" needs plugin "base" enabled too');
  });

  describe('references between files', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-config-'));
      fs.mkdirSync(path.join(dir, 'institutions'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const write = (code: string, extra = '') =>
      fs.writeFileSync(path.join(dir, 'institutions', `${code}.yaml`), `code: ${code}\nname: ${code}\ntype: other\nletterhead: ${code}\ndocNumberPrefix: X-${code}\n${extra}`);
    const rel = (code: string) => path.relative(process.cwd(), path.join(dir, 'institutions', `${code}.yaml`));

    it('unknown parent', () => {
      write('unit-a', 'parent: ghost\n');
      const err = catchError(() => loadInstitutionConfigs(dir)) as ConfigError;
      expect(err).toBeInstanceOf(ConfigError);
      expect([err.file, err.field, err.reason]).toEqual([rel('unit-a'), 'parent', 'unknown institution "ghost"']);
    });

    it('parent cycle', () => {
      write('unit-a', 'parent: unit-b\n');
      write('unit-b', 'parent: unit-c\n');
      write('unit-c', 'parent: unit-a\n');
      const err = catchError(() => loadInstitutionConfigs(dir)) as ConfigError;
      expect([err.file, err.field, err.reason]).toEqual([rel('unit-a'), 'parent', 'parents form a cycle']);
    });

    it('own parent and unknown grant target', () => {
      write('unit-a', 'parent: unit-a\n');
      expect((catchError(() => loadInstitutionConfigs(dir)) as ConfigError).reason).toBe('an institution cannot be its own parent');
      write('unit-a', 'grants:\n  - { to: ghost, scope: "*" }\n');
      const err = catchError(() => loadInstitutionConfigs(dir)) as ConfigError;
      expect([err.field, err.reason]).toEqual(['grants[0].to', 'unknown institution "ghost"']);
    });

    it('a missing folder', () => {
      fs.rmSync(path.join(dir, 'institutions'), { recursive: true });
      expect((catchError(() => loadInstitutionConfigs(dir)) as ConfigError).field).toBe('(folder)');
    });

    it('a valid tree loads', () => {
      write('unit-a');
      write('unit-b', 'parent: unit-a\n');
      expect(loadInstitutionConfigs(dir).map((c) => [c.code, c.parent])).toEqual([
        ['unit-a', null],
        ['unit-b', 'unit-a'],
      ]);
    });
  });
});
