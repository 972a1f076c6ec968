import type { TemplateFields } from '../documents/template-data';

/** 廉政档案 (integrity dossier) of one person; each list holds ready-written lines, an empty list prints 无. */
export interface IntegrityDossierData {
  title: string;
  person: { name: string; post: string; institution: string };
  riskPoints: string[];
  commitments: string[];
  warnings: string[];
  assessments: string[];
  evaluations: string[];
  vetoes: string[];
  timeline: string[];
}

/** One subject's line in a scheme's results notice; `note` is '' when nothing capped or barred it. */
export interface AssessmentResultRow {
  rank: string;
  subject: string;
  /** e.g. 97.00分. */
  score: string;
  grade: string;
  /** The caps and vetoes as the result screen words them, one a line. */
  note: string;
}

/** 考核结果通报: a finalised or published scheme's results, issued by the scheme's institution. */
export interface AssessmentResultsData {
  title: string;
  addressee: string;
  /** Paragraphs before the table. */
  intro: string[];
  rows: AssessmentResultRow[];
  /** Paragraphs after the table: who is barred or excluded, pointing to 说明. */
  notes: string[];
  /** The last paragraph, kept with the signature. */
  closing: string;
}

/** The data each of the module's document templates takes. */
export interface AssessmentTemplateDataMap {
  'core/integrity-dossier': IntegrityDossierData;
  'core/assessment-results': AssessmentResultsData;
}

/** Runtime shape of the module's templates' data: the HTTP API receives plain JSON. */
export const ASSESSMENT_TEMPLATE_FIELDS: Record<keyof AssessmentTemplateDataMap, TemplateFields> = {
  'core/integrity-dossier': {
    title: { kind: 'string', required: true },
    person: { kind: { name: 'string', post: 'string', institution: 'string' }, required: true },
    riskPoints: { kind: 'string[]', required: true },
    commitments: { kind: 'string[]', required: true },
    warnings: { kind: 'string[]', required: true },
    assessments: { kind: 'string[]', required: true },
    evaluations: { kind: 'string[]', required: true },
    vetoes: { kind: 'string[]', required: true },
    timeline: { kind: 'string[]', required: true },
  },
  'core/assessment-results': {
    title: { kind: 'string', required: true },
    addressee: { kind: 'string', required: true },
    intro: { kind: 'string[]', required: true },
    rows: { kind: 'records', required: true, columns: ['rank', 'subject', 'score', 'grade', 'note'] },
    notes: { kind: 'string[]', required: true },
    closing: { kind: 'string', required: true },
  },
};

/** Demo data for each of the module's templates: tests, the bench and the demo render them. */
export const ASSESSMENT_TEMPLATE_DEMO_DATA: AssessmentTemplateDataMap = {
  'core/integrity-dossier': {
    title: '廉政档案（张三）',
    person: { name: '张三', post: '药剂科主任', institution: '甲医院' },
    riskPoints: ['2026-03-01 药品采购计划审核（风险等级：高）', '2026-03-01 供应商遴选（风险等级：中）'],
    commitments: ['2026-02-15 2026年度廉洁从业承诺书'],
    warnings: ['2026-05-20 药品采购单次金额超限（黄色预警）'],
    assessments: ['2026年度党风廉政建设责任制考核（2026）：82.40分，一般（黄牌科室负责人不得评为好）；不列入提拔推荐'],
    evaluations: ['2026年度党风廉政建设责任制考核（2026）：民主测评85.26分'],
    vetoes: ['2026年度：因违反廉洁纪律受党内警告处分（院纪委 2026-11-02 记载）'],
    timeline: ['2026-12-20 考核定稿：82.40分，一般', '2026-11-02 一票否决（2026年度）', '2026-05-20 黄色预警：药品采购单次金额超限', '2026-03-01 确定廉政风险点：药品采购计划审核'],
  },
  'core/assessment-results': {
    title: '关于2026年度党风廉政建设责任制考核结果的通报',
    addressee: '各有关单位',
    intro: ['根据《2026年度党风廉政建设责任制考核》方案，甲县纪委监委对所属3个单位进行了2026年度考核（满分100分），考核结果已于2026年12月20日定稿。现将考核结果通报如下：'],
    rows: [
      {
        rank: '1',
        subject: '甲县人民医院',
        score: '97.00分',
        grade: '优秀',
        note: '单位一年内受到两次及以上一级预警的，当年不得评为先进单位（003篇5 七（二））。本单位本年度受到一级（红色）预警次数：2（规则：≥ 2）；当年不得评为先进单位；一级预警：#11「药品集中采购未执行三分离」（甲县人民医院，2026-06-30）、#12「药剂科违规接受供应商宴请」（药剂科，2026-06-30）',
      },
      { rank: '2', subject: '甲县乙镇', score: '93.00分', grade: '良好', note: '' },
      { rank: '3', subject: '甲县税务局', score: '85.00分', grade: '良好', note: '' },
    ],
    notes: ['甲县人民医院当年不得评为先进单位，原因见上表“说明”栏。'],
    closing: '特此通报。',
  },
};
