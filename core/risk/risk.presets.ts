import type { LocalizedText, Role } from '../plugin-api';
import type { InstitutionConfig } from '../plugin-host/institution-config';

/** Which source document a taxonomy or step list comes from; institutions pick one in config. */
export type CategoryPreset = '000' | '001' | '002' | '003';
export type StepPreset = '001' | '002' | '003';
export type RiskLevel = 'post' | 'department' | 'institution';
export type Grade = 1 | 2 | 3;
export type StepKind = 'self' | 'colleague' | 'leader' | 'collective' | 'organisation';

export interface CategoryDef {
  key: string;
  label: LocalizedText;
}

const c = (key: string, zh: string, en: string): CategoryDef => ({ key, label: { zh, en } });

/** 002 (hospital), 003 篇6/篇8 (platform), 000 (commerce bureau), 001 by link (family-planning commission). */
export const CATEGORY_PRESETS: Record<CategoryPreset, CategoryDef[]> = {
  '002': [c('post-duty', '岗位职责', 'Post duties'), c('business-process', '业务流程', 'Business process'), c('system-mechanism', '制度机制', 'Rules and mechanisms'), c('external-environment', '外部环境', 'External environment')],
  '003': [c('ideology-morality', '思想道德', 'Ideology and morality'), c('system-mechanism', '制度机制', 'Rules and mechanisms'), c('post-duty', '岗位职责', 'Post duties')],
  '000': [c('decision', '决策', 'Decision'), c('personal', '个人', 'Personal'), c('personnel', '用人', 'Personnel'), c('dereliction', '失职', 'Dereliction')],
  '001': [c('decision', '决策', 'Decision'), c('acceptance', '受理', 'Acceptance'), c('execution', '执行', 'Execution'), c('performance', '履职', 'Performance of duty'), c('supervision', '监督', 'Supervision')],
};

export interface StepDef {
  key: string;
  kind: StepKind;
  label: LocalizedText;
}

const s = (key: string, kind: StepKind, zh: string, en: string): StepDef => ({ key, kind, label: { zh, en } });

/** 003 篇1 is the default; 001 and 002 order the same kinds of step differently. */
export const STEP_PRESETS: Record<StepPreset, StepDef[]> = {
  '003': [s('self-find', 'self', '自己找', 'Find it yourself'), s('colleague-help', 'colleague', '同事帮', 'Colleagues help'), s('leader-point', 'leader', '领导点', 'Leader points out'), s('collective-decide', 'collective', '集体定', 'Collective decision'), s('organisation-review', 'organisation', '组织审', 'Organisation review')],
  '001': [s('self-check', 'self', '自己查', 'Check yourself'), s('leader-point', 'leader', '领导点', 'Leader points out'), s('masses-raise', 'colleague', '群众提', 'Staff raise'), s('mutual-find', 'colleague', '互相找', 'Find for each other'), s('collective-decide', 'collective', '集体定', 'Collective decision')],
  '002': [s('self-check', 'self', '自己查', 'Check yourself'), s('masses-raise', 'colleague', '群众提', 'Staff raise'), s('mutual-find', 'colleague', '互相找', 'Find for each other'), s('leader-point', 'leader', '领导点', 'Leader points out'), s('organisation-evaluate', 'organisation', '组织评', 'Organisation evaluation')],
};

/** Who may act on a step of each kind (self is checked against the point's owner instead). */
export const STEP_ROLES: Record<StepKind, Role[]> = {
  self: [],
  colleague: ['staff', 'department-head', 'deputy-in-charge', 'head', 'discipline-officer'],
  leader: ['head', 'deputy-in-charge', 'department-head'],
  collective: ['head'],
  organisation: ['discipline-officer'],
};

/** 003 篇1: self black, colleagues blue, leaders red; the collective and organisation steps are the leadership's. */
export const STEP_COLOUR: Record<StepKind, 'black' | 'blue' | 'red'> = {
  self: 'black',
  colleague: 'blue',
  leader: 'red',
  collective: 'red',
  organisation: 'red',
};

export const GRADE_LABELS: Record<'abc' | 'level', Record<Grade, LocalizedText>> = {
  abc: { 1: { zh: 'A级', en: 'Grade A' }, 2: { zh: 'B级', en: 'Grade B' }, 3: { zh: 'C级', en: 'Grade C' } },
  level: { 1: { zh: '一级', en: 'Level 1' }, 2: { zh: '二级', en: 'Level 2' }, 3: { zh: '三级', en: 'Level 3' } },
};

/** 001/002's meanings, shown as help text next to the grade. */
export const GRADE_HELP: Record<Grade, LocalizedText> = {
  1: { zh: '发生机率高或后果严重：可能触犯国家法律、构成犯罪', en: 'Likely or severe: may break the law or be a crime' },
  2: { zh: '发生机率较高或后果较重：可能违反法规、受到纪律处分', en: 'Fairly likely or serious: may breach rules and lead to discipline' },
  3: { zh: '发生机率较小：可能造成不良影响或一定经济损失', en: 'Less likely: may cause adverse effect or some economic loss' },
};

export const LIKELIHOOD_LABELS: Record<number, LocalizedText> = { 1: { zh: '低', en: 'Low' }, 2: { zh: '中', en: 'Medium' }, 3: { zh: '高', en: 'High' } };
export const HARM_LABELS: Record<number, LocalizedText> = { 1: { zh: '一般', en: 'Minor' }, 2: { zh: '较重', en: 'Serious' }, 3: { zh: '严重', en: 'Severe' } };

/**
 * Rows are likelihood 1..3, columns harm 1..3. 002: 一级 is a high probability OR a severe harm,
 * so the default grade is decided by the larger of the two.
 */
export const DEFAULT_GRADE_MATRIX: Grade[][] = [
  [3, 2, 1],
  [2, 2, 1],
  [1, 1, 1],
];

export interface Responsibility {
  responsible: Role | 'post-holder';
  supervisor: Role | null;
}

/** 000: A head, B deputy, C department head. 002: managed one level down from its supervisor. */
export const RESPONSIBILITY_PRESETS: Record<'000' | '002', Record<Grade, Responsibility>> = {
  '000': {
    1: { responsible: 'head', supervisor: 'discipline-officer' },
    2: { responsible: 'deputy-in-charge', supervisor: 'head' },
    3: { responsible: 'department-head', supervisor: 'deputy-in-charge' },
  },
  '002': {
    1: { responsible: 'deputy-in-charge', supervisor: 'head' },
    2: { responsible: 'department-head', supervisor: 'deputy-in-charge' },
    3: { responsible: 'post-holder', supervisor: 'department-head' },
  },
};

export interface RiskSettings {
  categoryPreset: CategoryPreset;
  categories: CategoryDef[];
  stepPreset: StepPreset;
  steps: StepDef[];
  gradeScale: 'abc' | 'level';
  gradeMatrix: Grade[][];
  responsibility: Record<Grade, Responsibility>;
  /** MM-DD: the first is the half-year date (A only), the second the yearly one. */
  selfCheckDueDates: [string, string];
  /** Days before a due date when the responsible person is reminded. */
  reminderDays: number;
  rotationYears: number;
}

export function riskSettingsFor(inst: Pick<InstitutionConfig, 'gradingPreset' | 'risk'>): RiskSettings {
  const preset = inst.gradingPreset;
  const categoryPreset = inst.risk?.categories ?? (preset as CategoryPreset);
  const stepPreset = inst.risk?.identification ?? '003';
  return {
    categoryPreset,
    categories: CATEGORY_PRESETS[categoryPreset],
    stepPreset,
    steps: STEP_PRESETS[stepPreset],
    gradeScale: preset === '000' ? 'abc' : 'level',
    gradeMatrix: inst.risk?.gradeMatrix ?? DEFAULT_GRADE_MATRIX,
    responsibility: RESPONSIBILITY_PRESETS[preset === '000' ? '000' : '002'],
    selfCheckDueDates: inst.risk?.selfCheckDueDates ?? ['06-20', '11-20'],
    reminderDays: 30,
    rotationYears: 5,
  };
}

export function gradeOf(settings: Pick<RiskSettings, 'gradeMatrix'>, likelihood: number, harm: number): Grade {
  return settings.gradeMatrix[likelihood - 1][harm - 1];
}

/** The seven 003 篇1 factors of the risk index, each rated 1..3; the last three are optional (null = not assessed). */
export interface RiskFactors {
  likelihood: number;
  harm: number;
  scope: number;
  frequency: number;
  variability?: number | null;
  distribution?: number | null;
  duration?: number | null;
}

/** Relative weights: probability and severity are the grading matrix's own axes, scope and frequency refine, variability/distribution/duration only nudge. */
export const RISK_INDEX_WEIGHTS: Record<keyof RiskFactors, number> = { likelihood: 8, harm: 8, scope: 2, frequency: 2, variability: 1, distribution: 1, duration: 1 };

/** 1..3 level names of the optional factors, for forms, details and exports. */
export const FACTOR_LABELS: Record<'scope' | 'frequency' | 'variability' | 'distribution' | 'duration', Record<number, LocalizedText>> = {
  scope: { 1: { zh: '个别岗位', en: 'One post' }, 2: { zh: '本科室', en: 'Department' }, 3: { zh: '全单位', en: 'Whole institution' } },
  frequency: { 1: { zh: '偶尔', en: 'Rare' }, 2: { zh: '有时', en: 'Occasional' }, 3: { zh: '经常', en: 'Frequent' } },
  variability: { 1: { zh: '平稳', en: 'Stable' }, 2: { zh: '有波动', en: 'Fluctuating' }, 3: { zh: '变化剧烈', en: 'Volatile' } },
  distribution: { 1: { zh: '个别环节', en: 'One link' }, 2: { zh: '多个环节', en: 'Several links' }, 3: { zh: '普遍存在', en: 'Widespread' } },
  duration: { 1: { zh: '短暂', en: 'Short' }, 2: { zh: '阶段性', en: 'For a period' }, 3: { zh: '长期持续', en: 'Long-lasting' } },
};

// Weighted mean of the assessed factors scaled to 33..100; an unassessed factor drops out (weights renormalised), so rows from before the last three existed keep their index exactly.
export function riskIndex(f: RiskFactors): number {
  let sum = 0;
  let weight = 0;
  for (const [k, w] of Object.entries(RISK_INDEX_WEIGHTS) as [keyof RiskFactors, number][]) {
    const v = f[k];
    if (v === null || v === undefined) continue;
    sum += w * v;
    weight += w;
  }
  return Math.round((100 * sum) / (3 * weight));
}

export function gradeLabel(settings: Pick<RiskSettings, 'gradeScale'>, grade: number): LocalizedText {
  return GRADE_LABELS[settings.gradeScale][grade as Grade] ?? { zh: String(grade), en: String(grade) };
}

/** Parses a grade written either way (A/B/C, 一级/二级/三级, 1/2/3). */
export function parseGrade(text: string): Grade | null {
  const v = text.trim().toUpperCase().replace(/[级\s]/g, '');
  const map: Record<string, Grade> = { A: 1, B: 2, C: 3, 一: 1, 二: 2, 三: 3, '1': 1, '2': 2, '3': 3 };
  return map[v] ?? null;
}
