import { chinesePeriod } from '../plugin-api';
import type { FactDef, ValueDescription } from '../plugin-api';
import { describeHitInputs, factsSentence, fillMessage, hitSpecOf, hitText, HitSpec, messagePlaceholders, valueText, withNamedThresholds } from './rule-facts';

const fact = (id: string, d: Omit<FactDef, 'id' | 'compute'>): [string, FactDef] => [id, { id, ...d, compute: () => null }];
const spec = (extra: Partial<HitSpec> = {}): HitSpec => ({
  facts: new Map([
    fact('cluster.count', { label: { zh: '采购笔数', en: 'Purchases' }, unit: 'count', counter: { zh: '笔', en: 'purchases' } }),
    fact('cluster.totalFen', { label: { zh: '合计金额', en: 'Total' }, unit: 'fen' }),
    fact('raw.noUnit', { label: { zh: 'raw.noUnit', en: 'raw.noUnit' } }),
  ]),
  ...extra,
});
const zh = (v: unknown, d: ValueDescription, s: HitSpec = spec()) => valueText(v, d, s, 'zh');
const en = (v: unknown, d: ValueDescription, s: HitSpec = spec()) => valueText(v, d, s, 'en');
const L = { zh: '值', en: 'Value' };

describe('rule facts: a hit’s inputs as labelled rows and sentences', () => {
  it('writes money in 元 with two decimals and separators, a whole percent as is and others with one decimal', () => {
    expect(zh(1_980_000, { label: L, unit: 'fen' })).toBe('19,800.00 元');
    expect(en(1_980_000, { label: L, unit: 'fen' })).toBe('CNY 19,800.00');
    expect(zh(5, { label: L, unit: 'fen' })).toBe('0.05 元');
    expect(zh(63.6928032698613, { label: L, unit: 'percent' })).toBe('63.7%');
    expect(zh(20, { label: L, unit: 'percent' })).toBe('20%');
    expect(zh(34.66, { label: L, unit: 'percent' })).toBe('34.7%');
  });

  it('writes counts with their word (one in English drops the s), days, booleans, dates and periods', () => {
    const d: ValueDescription = { label: L, unit: 'count', counter: { zh: '笔', en: 'purchases' } };
    expect(zh(2, d)).toBe('2 笔');
    expect(en(2, d)).toBe('2 purchases');
    expect(en(1, d)).toBe('1 purchase');
    expect(zh(3, { label: L, unit: 'count' })).toBe('3');
    expect(en(1, { label: L, unit: 'count', counter: { zh: '人', en: 'person|people' } })).toBe('1 person');
    expect(en(2, { label: L, unit: 'count', counter: { zh: '人', en: 'person|people' } })).toBe('2 people');
    expect(zh(' 检查结束当晚，接受了宴请。', { label: L, unit: 'text' })).toBe('检查结束当晚，接受了宴请');
    expect(zh(40, { label: L, unit: 'days' })).toBe('40 天');
    expect(zh(true, { label: L, unit: 'boolean' })).toBe('是');
    expect(en(false, { label: L, unit: 'boolean' })).toBe('No');
    expect(zh('2026-07-01', { label: L, unit: 'date' })).toBe('2026年7月1日');
    expect(en('2026-07-01', { label: L, unit: 'date' })).toBe('2026-07-01');
    expect(zh('2025-Q4', { label: L, unit: 'period' })).toBe('2025年第四季度');
    expect(en('2025-Q4', { label: L, unit: 'period' })).toBe('Q4 2025');
    expect(zh('2026-02', { label: L, unit: 'period' })).toBe('2026年2月');
    expect(zh('2026-01-05~2026-03-04', { label: L, unit: 'period' })).toBe('2026年1月5日至2026年3月4日');
    expect(en('2026-W07', { label: L, unit: 'period' })).toBe('week 7 of 2026');
  });

  it('names periods the way people write them, and nothing it does not know', () => {
    expect(chinesePeriod('2026')).toBe('2026年');
    expect(chinesePeriod('2026-W07')).toBe('2026年第7周');
    expect(chinesePeriod('2026-Q1')).toBe('2026年第一季度');
    expect(chinesePeriod('week:2026-W07')).toBeNull();
    expect(chinesePeriod('2026-13')).toBeNull();
    expect(chinesePeriod('2026-02~x')).toBeNull();
  });

  it('states enums by label, institutions by name, lists joined with 、 and objects by their fields', () => {
    const options = [{ value: 'services', label: { zh: '服务', en: 'Services' } }];
    expect(zh('services', { label: L, unit: 'enum', options })).toBe('服务');
    expect(zh('works', { label: L, unit: 'enum', options })).toBeNull();
    const names = spec({ institutionName: (c) => (c === 'district-tb-hospital' ? { zh: '青山区结核病定点医院', en: 'Qingshan TB Hospital' } : undefined) });
    expect(zh('district-tb-hospital', { label: L, unit: 'institution' }, names)).toBe('青山区结核病定点医院');
    expect(en('district-tb-hospital', { label: L, unit: 'institution' }, names)).toBe('Qingshan TB Hospital');
    expect(zh('unknown-code', { label: L, unit: 'institution' }, names)).toBeNull();
    expect(zh(['许文涛', '施国华'], { label: L, unit: 'list' })).toBe('许文涛、施国华');
    expect(en(['a', 'b'], { label: L, unit: 'list' })).toBe('a, b');
    const projects: ValueDescription = {
      label: L,
      unit: 'list',
      fields: {
        projectNo: { label: { zh: '项目编号', en: 'No.' }, unit: 'text', title: true },
        awardedOn: { label: { zh: '定标日期', en: 'Awarded on' }, unit: 'date' },
        totalFen: { label: { zh: '金额', en: 'Amount' }, unit: 'fen' },
      },
    };
    const rows = [
      { id: 1, projectNo: 'YY-CG-2026-T01', awardedOn: '2026-03-28', totalFen: 990_000 },
      { id: 2, projectNo: 'YY-CG-2026-T02', awardedOn: '2026-04-07', totalFen: 990_000 },
    ];
    expect(zh(rows, projects)).toBe('YY-CG-2026-T01（定标日期：2026年3月28日，金额：9,900.00 元）、YY-CG-2026-T02（定标日期：2026年4月7日，金额：9,900.00 元）');
    // A band in the unit its own `unit` field names.
    const band: ValueDescription = { label: L, unit: 'object', fields: { min: { label: { zh: '下限', en: 'min' }, unit: 'fen', unitFrom: 'unit' }, max: { label: { zh: '上限', en: 'max' }, unit: 'fen', unitFrom: 'unit' } } };
    expect(zh({ unit: 'percent', min: 50, max: 500 }, band)).toBe('下限：50%，上限：500%');
    expect(zh({ unit: 'fen', min: 0, max: 200_000 }, band)).toBe('下限：0.00 元，上限：2,000.00 元');
  });

  it('leaves out what it cannot describe: wrong types, nulls without a word for them, lists with an unknown item, objects', () => {
    expect(zh('1980000', { label: L, unit: 'fen' })).toBeNull();
    expect(zh(Number.NaN, { label: L, unit: 'percent' })).toBeNull();
    expect(zh(2.5, { label: L, unit: 'count' })).toBeNull();
    expect(zh('2026/07/01', { label: L, unit: 'date' })).toBeNull();
    expect(zh('true', { label: L, unit: 'boolean' })).toBeNull();
    expect(zh(null, { label: L, unit: 'date' })).toBeNull();
    expect(zh(null, { label: L, unit: 'date', none: { zh: '未报送', en: 'Not filed' } })).toBe('未报送');
    expect(zh(['a', { x: 1 }], { label: L, unit: 'list' })).toBeNull();
    expect(zh({ a: 1 }, { label: L, unit: 'text' })).toBeNull();
    expect(zh({ a: 1 }, { label: L, unit: 'object' })).toBeNull();
  });

  it('turns inputs into rows: facts, then thresholds and options, then subject values; undescribed keys never appear', () => {
    const inputs = {
      facts: { 'cluster.count': 2, 'cluster.totalFen': 1_980_000, 'raw.noUnit': 7, 'unknown.fact': 1 },
      thresholds: { windowDays: 30, secret: 9 },
      options: { tenderThresholdFen: 1_500_000 },
      subject: { key: '1+2', label: 'x', values: { group: 'item:纱布', projects: [{ projectNo: 'YY-CG-2026-T01' }, { projectNo: 'YY-CG-2026-T02' }] } },
    };
    const s = spec({
      rule: { inputs: { windowDays: { label: { zh: '统计期间', en: 'Window' }, unit: 'days' }, tenderThresholdFen: { label: { zh: '招标限额', en: 'Tender threshold' }, unit: 'fen' } } },
      subject: { values: { projects: { label: { zh: '所涉项目', en: 'Projects' }, unit: 'list', fields: { projectNo: { label: { zh: '项目编号', en: 'No.' }, unit: 'text', title: true } } } } },
    });
    const rows = describeHitInputs(inputs, s);
    expect(rows.map((r) => [r.label.zh, r.value.zh])).toEqual([
      ['采购笔数', '2 笔'],
      ['合计金额', '19,800.00 元'],
      ['统计期间', '30 天'],
      ['招标限额', '15,000.00 元'],
      ['所涉项目', 'YY-CG-2026-T01、YY-CG-2026-T02'],
    ]);
    expect(factsSentence(rows, 'zh')).toBe('采购笔数：2 笔；合计金额：19,800.00 元；统计期间：30 天；招标限额：15,000.00 元；所涉项目：YY-CG-2026-T01、YY-CG-2026-T02。');
    expect(factsSentence(rows.slice(0, 2), 'en')).toBe('Purchases: 2 purchases; Total: CNY 19,800.00.');
    expect(factsSentence([], 'zh')).toBe('');
    // A rule may reword one of its facts.
    const reworded = describeHitInputs({ facts: { 'cluster.count': 2 } }, spec({ rule: { inputs: { 'cluster.count': { label: { zh: '本周期笔数', en: 'In the period' }, unit: 'count' } } } }));
    expect(reworded).toEqual([{ label: { zh: '本周期笔数', en: 'In the period' }, value: { zh: '2', en: '2' } }]);
  });

  it('describes nothing from inputs of another shape (an outside engine’s), and never throws on junk', () => {
    for (const junk of [null, 3, 'x', [], { totalFen: 1_980_000, orders: 4 }, { facts: [1, 2] }, { facts: null, subject: 'x' }]) expect(describeHitInputs(junk, spec())).toEqual([]);
  });

  it('writes a hit as the rule’s name, the matter, its message and its facts, with no id, level or record number', () => {
    const rows = describeHitInputs({ facts: { 'cluster.count': 2, 'cluster.totalFen': 1_980_000 } }, spec());
    const rule = { label: { zh: '化整为零、拆分采购', en: 'Split purchases' }, message: { zh: '30天内多笔采购均低于招标限额，合计达到限额', en: 'Purchases together reach the threshold.' } };
    expect(hitText(rule, 'YY-CG-2026-T01、YY-CG-2026-T02', rows, 'zh')).toBe('化整为零、拆分采购（YY-CG-2026-T01、YY-CG-2026-T02）：30天内多笔采购均低于招标限额，合计达到限额。采购笔数：2 笔；合计金额：19,800.00 元。');
    expect(hitText(rule, '', [], 'en')).toBe('Split purchases: Purchases together reach the threshold.');
  });

  it('finds a stored hit’s rule and descriptions by its qualified id, and nothing for an outside rule', () => {
    const rule = { id: 'split', version: 1, label: L, recordType: 'p', subjects: 'clusters', level: 'red' as const, when: { all: [] }, message: L };
    const source = { id: 'clusters', label: L, list: () => [], values: {} };
    const catalogue = {
      rules: (p: string) => (p === 'hp' ? [rule] : []),
      facts: () => new Map<string, FactDef>(),
      subjectSources: () => new Map([['clusters', source]]),
      institutions: [{ code: 'a', name: '甲医院', nameEn: 'Hospital A' }, { code: 'b', name: '乙医院' }],
    };
    const found = hitSpecOf(catalogue, 'hp/split');
    expect(found?.rule).toBe(rule);
    expect(found?.spec.subject).toBe(source);
    expect(found?.spec.institutionName?.('a')).toEqual({ zh: '甲医院', en: 'Hospital A' });
    expect(found?.spec.institutionName?.('b')).toEqual({ zh: '乙医院', en: '乙医院' });
    expect(hitSpecOf(catalogue, 'hp/other')).toBeNull();
    expect(hitSpecOf(catalogue, 'ext-rule')).toBeNull();
  });

  describe('message placeholders', () => {
    const rule = { inputs: { maxDays: { label: { zh: '反馈期限', en: 'Allowed days' }, unit: 'days' as const }, maxSharePercent: { label: { zh: '份额上限', en: 'Share limit' }, unit: 'percent' as const } } };
    const message = { zh: '廉政回执超过{maxDays}未反馈，合计{cluster.totalFen}', en: 'Not returned within {maxDays}, total {cluster.totalFen}' };

    it('lists the names a message uses, per language', () => {
      expect(messagePlaceholders(message)).toEqual({ zh: ['maxDays', 'cluster.totalFen'], en: ['maxDays', 'cluster.totalFen'] });
      expect(messagePlaceholders({ zh: '无占位', en: 'none' })).toEqual({ zh: [], en: [] });
    });

    it('fills each from the hit as applied (an overridden threshold reads as set), in its words', () => {
      const inputs = { facts: { 'cluster.totalFen': 2_400_000 }, thresholds: { maxDays: 20 } };
      expect(fillMessage(message, inputs, spec({ rule }))).toEqual({ zh: '廉政回执超过20 天未反馈，合计24,000.00 元', en: 'Not returned within 20 days, total CNY 24,000.00' });
      // One the hit lacks stays as written rather than printing something wrong.
      expect(fillMessage(message, { thresholds: { maxDays: 15 } }, spec({ rule })).zh).toBe('廉政回执超过15 天未反馈，合计{cluster.totalFen}');
      expect(fillMessage({ zh: '超过{maxSharePercent}', en: 'over {maxSharePercent}' }, { thresholds: { maxSharePercent: 30 } }, spec({ rule }))).toEqual({ zh: '超过30%', en: 'over 30%' });
    });

    it('keeps a named threshold with the inputs when the condition did not use it, and leaves others alone', () => {
      const msg = { zh: '超过{days}未到位', en: 'not within {days}' };
      expect(withNamedThresholds(msg, { facts: { x: 1 } }, { days: 10, windowDays: 30 })).toEqual({ facts: { x: 1 }, thresholds: { days: 10 } });
      expect(withNamedThresholds(msg, { thresholds: { days: 7 } }, { days: 10 })).toEqual({ thresholds: { days: 7 } });
      const plain = { facts: {} };
      expect(withNamedThresholds({ zh: '无', en: 'none' }, plain, { days: 10 })).toBe(plain);
    });
  });
});
