import type { LocalizedText } from '../plugin-api';
import { FACT_LABELS, RedWarning } from './assessment-facts';
import { CapInput, ScoringPreset } from './scoring';

export const VETO_FACTS = ['red-warnings', 'yellow-card-head', 'dossier-veto'] as const;
export type VetoFact = (typeof VETO_FACTS)[number];

/** A veto or cap as data: when the fact reaches `min`, the grade is at most `capGrade`. */
export interface VetoRule {
  id: string;
  fact: VetoFact;
  min: number;
  /** Highest grade allowed; null = grade untouched (only the promotion exclusion applies). */
  capGrade: string | null;
  /** Not eligible for 先进 / 评优 / promotion lists. */
  excludeFromPromotion: boolean;
  label: LocalizedText;
}

/** The grade just below the top one, and the highest grade that is not "好" (good or better). */
function secondBand(preset: ScoringPreset): string {
  return preset.bands[1].code;
}
function belowGood(preset: ScoringPreset): string {
  const i = preset.bands.findIndex((b) => b.code === 'good');
  return preset.bands[Math.min(i + 1, preset.bands.length - 1)].code;
}

/** The three vetoes the seeds name, as the default rules of every scheme. */
export function defaultVetoRules(preset: ScoringPreset): VetoRule[] {
  return [
    {
      id: 'red-warnings',
      fact: 'red-warnings',
      min: 2,
      capGrade: secondBand(preset),
      excludeFromPromotion: true,
      label: { zh: '本年度两次及以上红色预警：不得评为优秀、先进（003第5篇）', en: 'Two or more red warnings this year: not excellent, not advanced (003 part 5)' },
    },
    {
      id: 'yellow-card-head',
      fact: 'yellow-card-head',
      min: 1,
      capGrade: belowGood(preset),
      excludeFromPromotion: false,
      label: { zh: '科室被亮黄牌：科室负责人当年不得评为“好”（002）', en: 'Yellow card on the department: its head cannot be rated good that year (002)' },
    },
    {
      id: 'dossier-veto',
      fact: 'dossier-veto',
      min: 1,
      capGrade: secondBand(preset),
      excludeFromPromotion: true,
      label: { zh: '廉政档案记载一票否决：不评优评先、不列入提拔名单（004第4篇）', en: 'Veto recorded in the dossier: no awards, off promotion lists (004 part 4)' },
    },
  ];
}

/** 003 篇5 七(二), the default rule of a scheme over units: it bars the unit from 先进 and leaves its grade alone. */
export function defaultUnitVetoRules(): VetoRule[] {
  return [
    {
      id: 'unit-red-warnings',
      fact: 'red-warnings',
      min: 2,
      capGrade: null,
      excludeFromPromotion: true,
      label: { zh: '单位一年内受到两次及以上一级预警的，当年不得评为先进单位（003篇5 七（二））', en: 'A unit with two or more level-1 warnings in a year cannot be rated advanced that year (003 part 5, 7(2))' },
    },
  ];
}

/** Problems with rules as `{field, reason}`; empty when the rules are usable with this preset. */
export function checkVetoRules(rules: VetoRule[], preset: ScoringPreset): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (!/^[a-z][a-z0-9-]{1,40}$/.test(r.id ?? '')) out.push({ field: `vetoRules[${i}].id`, reason: 'must be kebab-case' });
    if (ids.has(r.id)) out.push({ field: `vetoRules[${i}].id`, reason: `duplicate rule id ${r.id}` });
    ids.add(r.id);
    if (!VETO_FACTS.includes(r.fact)) out.push({ field: `vetoRules[${i}].fact`, reason: `must be one of ${VETO_FACTS.join(', ')}` });
    if (!Number.isInteger(r.min) || r.min < 1) out.push({ field: `vetoRules[${i}].min`, reason: 'must be a whole number ≥ 1' });
    if (r.capGrade !== null && !preset.bands.some((b) => b.code === r.capGrade)) {
      out.push({ field: `vetoRules[${i}].capGrade`, reason: `must be one of ${preset.bands.map((b) => b.code).join(', ')} or null` });
    }
    if (r.capGrade === null && !r.excludeFromPromotion) out.push({ field: `vetoRules[${i}]`, reason: 'a rule must cap the grade or exclude from promotion' });
  });
  return out;
}

/** What a unit subject's reasons add: the red warnings counted, by number, title and date. */
export interface UnitFacts {
  redWarnings: RedWarning[];
}

/** The caps that apply to one subject, with a reason naming the rule, the fact and its value (and, for a unit, the warnings). */
export function capsFor(rules: VetoRule[], facts: Record<VetoFact, number>, preset: ScoringPreset, unit?: UnitFacts): CapInput[] {
  const out: CapInput[] = [];
  for (const r of rules) {
    const value = facts[r.fact] ?? 0;
    if (value < r.min) continue;
    const band = r.capGrade ? preset.bands.find((b) => b.code === r.capGrade) : undefined;
    const factLabel = unit && r.fact === 'red-warnings' ? UNIT_RED_WARNINGS : FACT_LABELS[r.fact];
    const zh = [`${r.label.zh}。${factLabel.zh}：${value}（规则：≥ ${r.min}）`];
    const en = [`${r.label.en}. ${factLabel.en}: ${value} (rule: ≥ ${r.min})`];
    if (band) {
      zh.push(`最高评为“${band.label.zh}”`);
      en.push(`highest grade ${band.label.en}`);
    }
    if (r.excludeFromPromotion) {
      zh.push(unit ? '当年不得评为先进单位' : '不列入评先评优及提拔名单');
      en.push(unit ? 'not rated an advanced unit this year' : 'excluded from award and promotion lists');
    }
    if (unit && r.fact === 'red-warnings' && unit.redWarnings.length) {
      zh.push(`一级预警：${unit.redWarnings.map((w) => `#${w.id}「${w.title}」（${w.subjectLabel}，${w.since}）`).join('、')}`);
      en.push(`level-1 warnings: ${unit.redWarnings.map((w) => `#${w.id} "${w.title}" (${w.subjectLabel}, ${w.since})`).join(', ')}`);
    }
    out.push({ ruleId: r.id, capGrade: r.capGrade, excludeFromPromotion: r.excludeFromPromotion, reason: { zh: zh.join('；'), en: en.join('; ') } });
  }
  return out;
}

const UNIT_RED_WARNINGS: LocalizedText = { zh: '本单位本年度受到一级（红色）预警次数', en: 'Level-1 (red) warnings against the unit this year' };
