import type { FieldRule, TemplateFields } from '../documents/template-data';

/** One risk point as the risk catalogues and 附表 forms print it; every field is text ('' when blank). */
export interface RiskDocRow {
  no: string;
  /** 科室 / 岗位 (or 单位) the point belongs to. */
  place: string;
  /** The power items it concerns: number and name. */
  powers: string;
  title: string;
  category: string;
  grade: string;
  manifestation: string;
  prevention: string;
  monitoring: string;
  disposal: string;
  responsible: string;
  status: string;
}

/** 《权力廉政风险等级目录》 and 《廉政风险点汇总表》 of one institution. */
export interface RiskCatalogueData {
  title: string;
  institution: string;
  /** What each grade means (001/002 help text), one line per grade. */
  gradeHelp: string[];
  rows: RiskDocRow[];
}

/** 附表1: the identification-control form of one person at one post. */
export interface RiskFormPersonData {
  title: string;
  institution: string;
  name: string;
  jobTitle?: string;
  department?: string;
  post?: string;
  integrityDuty: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** 附表2: the form of one department (科室). */
export interface RiskFormDepartmentData {
  title: string;
  institution: string;
  department: string;
  head?: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** 附表3: the form of the institution (单位). */
export interface RiskFormUnitData {
  title: string;
  institution: string;
  head?: string;
  headTitle?: string;
  rows: RiskDocRow[];
  /** The form's 注 (not the GB/T 附注). */
  formNote: string;
}

/** The data each of the module's document templates takes. */
export interface RiskTemplateDataMap {
  'core/risk-catalogue': RiskCatalogueData;
  'core/risk-summary': RiskCatalogueData;
  'core/risk-form-person': RiskFormPersonData;
  'core/risk-form-department': RiskFormDepartmentData;
  'core/risk-form-unit': RiskFormUnitData;
}

const RISK_ROW_COLUMNS = ['no', 'place', 'powers', 'title', 'category', 'grade', 'manifestation', 'prevention', 'monitoring', 'disposal', 'responsible', 'status'] as const;
const RISK_ROWS: FieldRule = { kind: 'records', required: true, columns: RISK_ROW_COLUMNS };
const RISK_CATALOGUE: Record<string, FieldRule> = { title: { kind: 'string', required: true }, institution: { kind: 'string', required: true }, gradeHelp: { kind: 'string[]', required: true }, rows: RISK_ROWS };

/** Runtime shape of the module's templates' data: the HTTP API receives plain JSON. */
export const RISK_TEMPLATE_FIELDS: Record<keyof RiskTemplateDataMap, TemplateFields> = {
  'core/risk-catalogue': RISK_CATALOGUE,
  'core/risk-summary': RISK_CATALOGUE,
  'core/risk-form-person': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    name: { kind: 'string', required: true },
    jobTitle: { kind: 'string' },
    department: { kind: 'string' },
    post: { kind: 'string' },
    integrityDuty: { kind: 'string', required: true },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
  'core/risk-form-department': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    department: { kind: 'string', required: true },
    head: { kind: 'string' },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
  'core/risk-form-unit': {
    title: { kind: 'string', required: true },
    institution: { kind: 'string', required: true },
    head: { kind: 'string' },
    headTitle: { kind: 'string' },
    rows: RISK_ROWS,
    formNote: { kind: 'string', required: true },
  },
};

const DEMO_RISK_ROWS: RiskDocRow[] = [
  { no: '1', place: '药剂科·药品采购岗', powers: 'YY-003 药品采购', title: '药品采购中收受回扣', category: '岗位职责', grade: 'A级', manifestation: '利用采购计划审核权，向特定供应商倾斜并收受回扣', prevention: '采购计划集体审核，供应商遴选三方比价', monitoring: '纪委全程监督采购过程，按月抽查采购台账', disposal: '发现问题立即停止采购，追究相关人员责任', responsible: '李明', status: '已公示' },
  { no: '2', place: '药剂科', powers: '', title: '药品验收把关不严', category: '业务流程', grade: 'B级', manifestation: '验收不按规定核对批号、效期', prevention: '双人验收签字', monitoring: '每季度复核验收记录', disposal: '约谈提醒，限期整改', responsible: '王芳', status: '已审定' },
];
const DEMO_RISK_GRADE_HELP = ['A级：潜在廉政风险大，发生问题危害重', 'B级：潜在廉政风险较大，发生问题危害较重', 'C级：潜在廉政风险较小，发生问题危害较轻'];
const DEMO_RISK_FORM_NOTE = '注：1.岗位职责指个人所在岗位的职权及承担的工作任务；廉政职责指个人立足岗位落实党风廉政建设责任制的责任和义务。2.从岗位职责、业务流程、制度机制、外部环境等方面查找风险点。3.按发生机率大小、可能造成的危害程度评定A级、B级、C级三个风险等级。';

/** Demo data for each of the module's templates: tests, the bench and the demo render them. */
export const RISK_TEMPLATE_DEMO_DATA: RiskTemplateDataMap = {
  'core/risk-catalogue': { title: '甲医院权力廉政风险等级目录', institution: '甲医院', gradeHelp: DEMO_RISK_GRADE_HELP, rows: DEMO_RISK_ROWS },
  'core/risk-summary': { title: '甲医院廉政风险点汇总表', institution: '甲医院', gradeHelp: DEMO_RISK_GRADE_HELP, rows: DEMO_RISK_ROWS },
  'core/risk-form-person': {
    title: '甲医院个人风险岗位廉能识别防控表',
    institution: '甲医院',
    name: '李明',
    jobTitle: '科主任',
    department: '药剂科',
    post: '药品采购岗',
    integrityDuty: '立足岗位落实党风廉政建设责任制，履行“一岗双责”',
    rows: [DEMO_RISK_ROWS[0]],
    formNote: DEMO_RISK_FORM_NOTE,
  },
  'core/risk-form-department': { title: '甲医院科（室）风险岗位廉能识别防控表', institution: '甲医院', department: '药剂科', head: '李明', rows: DEMO_RISK_ROWS.slice(0, 2), formNote: DEMO_RISK_FORM_NOTE },
  'core/risk-form-unit': { title: '甲医院风险岗位廉能识别防控表', institution: '甲医院', head: '陈刚', headTitle: '院长', rows: [DEMO_RISK_ROWS[1]], formNote: DEMO_RISK_FORM_NOTE },
};
