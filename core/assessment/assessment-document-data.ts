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

/** The data each of the module's document templates takes. */
export interface AssessmentTemplateDataMap {
  'core/integrity-dossier': IntegrityDossierData;
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
};
