import { labelsIn } from '../i18n/labels';
import { Lang, pick } from '../i18n/i18n';
import type { LocalizedText } from '../plugin-api';
import { RISK_INDEX_WEIGHTS as W } from './risk.presets';

/** Screen labels of the risk module, kept here so the module's pages do not crowd the shared dictionary. */
const LABELS = {
  powers: { zh: '职权目录', en: 'Power catalogue' },
  points: { zh: '廉政风险点', en: 'Risk points' },
  newPoint: { zh: '登记风险点', en: 'New risk point' },
  newPower: { zh: '新增职权', en: 'New power' },
  editPower: { zh: '修改职权', en: 'Edit power' },
  number: { zh: '职权编号', en: 'Number' },
  powerCategory: { zh: '职权类别', en: 'Category' },
  powerName: { zh: '职权名称', en: 'Name' },
  legalBasisDocument: { zh: '行使依据（文件名称）', en: 'Legal basis (document)' },
  legalBasisArticle: { zh: '行使依据（条款）', en: 'Legal basis (article)' },
  processDescription: { zh: '运行流程描述', en: 'Process description' },
  flowChart: { zh: '流程图', en: 'Flow chart' },
  flowChartHelp: { zh: 'PNG、JPEG 或 PDF，不超过 5 MB', en: 'PNG, JPEG or PDF, at most 5 MB' },
  upload: { zh: '上传', en: 'Upload' },
  responsibleDepartment: { zh: '责任科室', en: 'Responsible department' },
  responsiblePost: { zh: '责任岗位', en: 'Responsible post' },
  keyLinks: { zh: '关键环节', en: 'Key links' },
  weakLinks: { zh: '薄弱环节', en: 'Weak links' },
  workRules: { zh: '工作规则', en: 'Work rules' },
  relatedRegulations: { zh: '现有相关配套制度', en: 'Related regulations' },
  version: { zh: '版本', en: 'Version' },
  versions: { zh: '版本历史', en: 'Version history' },
  action: { zh: '操作', en: 'Action' },
  actor: { zh: '操作人', en: 'By' },
  at: { zh: '时间', en: 'When' },
  remove: { zh: '撤销该职权', en: 'Remove this power' },
  removed: { zh: '已撤销', en: 'Removed' },
  noPowers: { zh: '尚未登记职权。请先新增职权事项。', en: 'No powers yet. Add the first one.' },
  noPoints: { zh: '没有符合条件的风险点。', en: 'No risk points match.' },
  level: { zh: '层级', en: 'Level' },
  department: { zh: '科室', en: 'Department' },
  post: { zh: '岗位', en: 'Post' },
  title: { zh: '风险点', en: 'Risk point' },
  category: { zh: '风险类别', en: 'Category' },
  description: { zh: '风险描述', en: 'Description' },
  manifestation: { zh: '表现形式', en: 'How it shows' },
  likelihood: { zh: '发生概率', en: 'Likelihood' },
  harm: { zh: '危害程度', en: 'Harm' },
  scope: { zh: '影响范围', en: 'Scope' },
  frequency: { zh: '发生频度', en: 'Frequency' },
  variability: { zh: '变化幅度', en: 'Variability' },
  distribution: { zh: '分布情况', en: 'Distribution' },
  duration: { zh: '持续时间', en: 'Duration' },
  factors: { zh: '风险评估因素', en: 'Risk factors' },
  notAssessed: { zh: '未评估', en: 'Not assessed' },
  riskIndexHelp: {
    zh: `风险指数 = 已评估因素（各 1–3 级）的加权平均 ÷ 3 × 100，取值 33–100。权重：发生概率、危害程度各 ${W.likelihood}（定级矩阵的两个维度），影响范围、发生频度各 ${W.scope}，变化幅度、分布情况、持续时间各 ${W.variability}；未评估的因素不计入，其余因素按权重折算。`,
    en: `Risk index = weighted mean of the assessed factors (each 1–3) ÷ 3 × 100, from 33 to 100. Weights: likelihood and harm ${W.likelihood} each (the grading matrix's axes), scope and frequency ${W.scope} each, variability, distribution and duration ${W.variability} each; a factor not assessed is left out and the others are reweighted.`,
  },
  grade: { zh: '风险等级', en: 'Grade' },
  riskIndex: { zh: '风险指数', en: 'Risk index' },
  status: { zh: '状态', en: 'Status' },
  responsible: { zh: '责任人', en: 'Responsible' },
  supervisor: { zh: '监督人', en: 'Supervisor' },
  overridden: { zh: '（已手工调整）', en: '(set by hand)' },
  measures: { zh: '防控措施', en: 'Measures' },
  measuresPrevention: { zh: '前期预防', en: 'Prevention' },
  measuresMonitoring: { zh: '中期监控', en: 'Monitoring' },
  measuresDisposal: { zh: '后期处置', en: 'Disposal' },
  powersConcerned: { zh: '涉及职权', en: 'Powers concerned' },
  steps: { zh: '查找步骤', en: 'Identification steps' },
  contributions: { zh: '查找记录', en: 'Contributions' },
  noContributions: { zh: '尚无查找记录。', en: 'No contributions yet.' },
  legend: { zh: '黑色：本人填报；蓝色：同事帮助；红色：领导点评', en: 'Black: self; blue: colleagues; red: leaders' },
  contribute: { zh: '提交本步骤意见', en: 'Submit this step' },
  content: { zh: '意见内容', en: 'Content' },
  sendBack: { zh: '退回', en: 'Send back' },
  sendBackTo: { zh: '退回到步骤', en: 'Back to step' },
  reason: { zh: '理由', en: 'Reason' },
  regrade: { zh: '重新定级', en: 'Regrade' },
  gradeLog: { zh: '定级调整记录', en: 'Regrading log' },
  filter: { zh: '筛选', en: 'Filter' },
  all: { zh: '全部', en: 'All' },
  search: { zh: '关键词', en: 'Text' },
  top10: { zh: '风险指数前十', en: 'Top ten by risk index' },
  save: { zh: '保存', en: 'Save' },
  cannotAct: { zh: '您不能办理当前步骤：', en: 'You cannot do the current step: ' },
  export: { zh: '导出 Excel', en: 'Export Excel' },
  catalogueExport: { zh: '权力廉政风险等级目录', en: 'Risk grade catalogue' },
  summaryExport: { zh: '廉政风险点汇总表', en: 'Risk point summary' },
  form1: { zh: '附表1 个人', en: 'Form 1 (person)' },
  form2: { zh: '附表2 科室', en: 'Form 2 (department)' },
  form3: { zh: '附表3 单位', en: 'Form 3 (institution)' },
  import: { zh: '导入 Excel（附表1-3 格式）', en: 'Import Excel (forms 1-3)' },
  publications: { zh: '风险点公示', en: 'Publications' },
  commitments: { zh: '廉政承诺书', en: 'Commitments' },
  selfChecks: { zh: '风险自查', en: 'Self-checks' },
  messages: { zh: '提醒消息', en: 'Reminders' },
  dueDate: { zh: '截止日期', en: 'Due' },
  owner: { zh: '本人', en: 'Owner' },
  detail: { zh: '详情', en: 'Details' },
  edit: { zh: '修改', en: 'Edit' },
  grades: { zh: '等级说明', en: 'Grades' },
  type: { zh: '类型', en: 'Type' },
  issuePdf: { zh: '出具 PDF（编号、可核验）', en: 'Issue as PDF (numbered, verifiable)' },
  issuePdfHelp: { zh: '按风险点现状生成正式文书，由文书系统编号、存档并记录日志；仅纪检监察人员和单位负责人可出具。', en: 'Renders the current risk points as a numbered, archived and audited document; discipline officers and heads only.' },
  issue: { zh: '出具', en: 'Issue' },
  person: { zh: '人员', en: 'Person' },
  choose: { zh: '请选择', en: 'Choose' },
  presets: { zh: '从插件预置导入风险点', en: 'Import plugin presets' },
  presetsHelp: { zh: '选择本单位已启用插件提供的预置风险点，预览后导入为“查找中”的草稿（第1步），再按查找步骤逐级确认。全部通过校验才会导入。', en: 'Pick the preset risk points of a plugin enabled here, preview, and import them as drafts at step 1. Nothing is imported unless every chosen preset passes.' },
  presetSet: { zh: '预置集', en: 'Preset set' },
  noPresets: { zh: '本单位启用的插件没有提供预置风险点。', en: 'No enabled plugin offers preset risk points.' },
  preview: { zh: '预览', en: 'Preview' },
  fallbackCategory: { zh: '无对应分类时归入', en: 'Category when none matches' },
  holder: { zh: '岗位人员', en: 'Post holder' },
  problems: { zh: '问题', en: 'Problems' },
  importChosen: { zh: '导入所选', en: 'Import the chosen' },
  imported: { zh: '已导入风险点', en: 'Risk points imported' },
  noHolder: { zh: '（无人）', en: '(nobody)' },
} satisfies Record<string, LocalizedText>;

export type RiskLabels = Record<keyof typeof LABELS, string>;

export function riskLabels(lang: Lang): RiskLabels {
  return labelsIn(LABELS, lang);
}

export const LEVEL_LABELS: Record<string, LocalizedText> = {
  post: { zh: '岗位', en: 'Post' },
  department: { zh: '科室', en: 'Department' },
  institution: { zh: '单位', en: 'Institution' },
};

export const STATUS_LABELS: Record<string, LocalizedText> = {
  identifying: { zh: '查找中', en: 'Identifying' },
  approved: { zh: '已审定', en: 'Approved' },
  published: { zh: '已公示', en: 'Published' },
};

export const POWER_ACTION_LABELS: Record<string, LocalizedText> = {
  create: { zh: '新增', en: 'Added' },
  update: { zh: '修改', en: 'Changed' },
  remove: { zh: '撤销', en: 'Removed' },
  'flow-chart': { zh: '上传流程图', en: 'Flow chart uploaded' },
};

/** Reasons the service records for point versions it makes itself; people's own reasons show as typed. */
export const VERSION_REASONS: Record<string, LocalizedText> = {
  create: { zh: '登记', en: 'Created' },
  update: { zh: '修改', en: 'Changed' },
  revision: { zh: '修订', en: 'Revised' },
  'excel-import': { zh: 'Excel 导入', en: 'Imported from Excel' },
};

/** A version's reason in words: the service's own codes (create, preset:<plugin>:<id>) by label, people's reasons as typed. */
export function versionReason(reason: string, lang: Lang): string {
  if (reason.startsWith('preset:')) return pick({ zh: '从业务插件预置导入', en: 'Imported from a plugin preset' }, lang);
  return VERSION_REASONS[reason] ? pick(VERSION_REASONS[reason], lang) : reason;
}
