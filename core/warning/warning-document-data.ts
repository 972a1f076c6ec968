import type { BodyBlock, TemplateFields } from '../documents/template-data';

/** 预警事项档案 (一事一档): the matter's facts, then its steps as body blocks. */
export interface WarningArchiveData {
  title: string;
  facts: string[];
  body: BodyBlock[];
}

/** 廉政风险信息预警专报 (quarterly): figures, tables and the four-quarter bar chart (inline SVG, 560×240 box). */
export interface WarningReportData {
  title: string;
  /** e.g. 2026年4月1日至2026年6月30日 */
  period: string;
  summary: string[];
  byLevel: { label: string; count: string }[];
  bySource: { label: string; count: string }[];
  byDepartment: { label: string; count: string }[];
  byStatus: { label: string; count: string }[];
  /** Oldest quarter first. */
  trend: { label: string; clues: string; warnings: string; top: string }[];
  /** Bar geometry computed by the caller; kind is clues or warnings. */
  chartBars: { kind: string; x: string; y: string; h: string; n: string; tx: string; ty: string }[];
  chartLabels: { x: string; text: string }[];
  /** The county's 专报: each unit below (clues, warnings by tier: level3 = 三级 … level1 = 一级); absent for one institution. */
  byUnit?: { unit: string; clues: string; level3: string; level2: string; level1: string; warnings: string }[];
  /** The day overdue matters are counted on, e.g. 2026年7月1日. */
  asOf?: string;
  overdueUnits?: { unit: string; warnings: string; clues: string }[];
  /** Rule models with most hits in the quarter. */
  topModels?: { label: string; hits: string }[];
}

/** 解除预警通知书: what was done since the notice, and the decision to release. */
export interface WarningReleaseData {
  title: string;
  addressee: string;
  /** 你 or 你单位. */
  you: string;
  /** The matter, named when no notice is on file. */
  matter: string;
  /** The notice it closes (its number is kept on one line). */
  notice?: { title: string; number: string; date: string };
  /** What the follow-up visit found, one point each. */
  findings: string[];
  /** Who approved and from when the warning is released. */
  decision: string;
}

/** The data each of the module's document templates takes. */
export interface WarningTemplateDataMap {
  'core/warning-archive': WarningArchiveData;
  'core/warning-report': WarningReportData;
  'core/warning-release': WarningReleaseData;
}

/** Runtime shape of the module's templates' data: the HTTP API receives plain JSON. */
export const WARNING_TEMPLATE_FIELDS: Record<keyof WarningTemplateDataMap, TemplateFields> = {
  'core/warning-release': {
    title: { kind: 'string', required: true },
    addressee: { kind: 'string', required: true },
    you: { kind: 'string', required: true },
    matter: { kind: 'string', required: true },
    notice: { kind: { title: 'string', number: 'string', date: 'string' } },
    findings: { kind: 'string[]', required: true },
    decision: { kind: 'string', required: true },
  },
  'core/warning-archive': {
    title: { kind: 'string', required: true },
    facts: { kind: 'string[]', required: true },
    body: { kind: 'blocks', required: true },
  },
  'core/warning-report': {
    title: { kind: 'string', required: true },
    period: { kind: 'string', required: true },
    summary: { kind: 'string[]', required: true },
    byLevel: { kind: 'records', required: true, columns: ['label', 'count'] },
    bySource: { kind: 'records', required: true, columns: ['label', 'count'] },
    byDepartment: { kind: 'records', required: true, columns: ['label', 'count'] },
    byStatus: { kind: 'records', required: true, columns: ['label', 'count'] },
    trend: { kind: 'records', required: true, columns: ['label', 'clues', 'warnings', 'top'] },
    chartBars: { kind: 'records', required: true, columns: ['kind', 'x', 'y', 'h', 'n', 'tx', 'ty'] },
    chartLabels: { kind: 'records', required: true, columns: ['x', 'text'] },
    byUnit: { kind: 'records', columns: ['unit', 'clues', 'level3', 'level2', 'level1', 'warnings'] },
    asOf: { kind: 'string' },
    overdueUnits: { kind: 'records', columns: ['unit', 'warnings', 'clues'] },
    topModels: { kind: 'records', columns: ['label', 'hits'] },
  },
};

/** Demo data for each of the module's templates: tests, the bench and the demo render them. */
export const WARNING_TEMPLATE_DEMO_DATA: WarningTemplateDataMap = {
  'core/warning-release': {
    title: '关于解除接受供应商宴请二级（黄色）预警的通知',
    addressee: '李某某同志',
    you: '你',
    matter: '接受供应商宴请',
    notice: { title: '预警通知书', number: '预测纪〔2026〕1号', date: '2026年9月28日' },
    findings: ['已退回宴请费用并作出书面检讨。', '科室已建立医药代表接待登记制度。'],
    decision: '经单位领导批准，决定自2026年10月20日起解除对你的二级（黄色）预警（诫勉纠错）。望引以为戒，严格遵守廉洁从业规定。',
  },
  'core/warning-archive': {
    title: '预警事项档案（接受供应商宴请）',
    facts: ['预警对象：李某某', '事项：接受供应商宴请', '预警等级：二级（黄色）预警（诫勉纠错）', '状态：已解除预警', '答复期限：2026年10月16日'],
    body: [
      { kind: 'h2', text: '作出预警决定' },
      { text: '2026-09-28 纪委办公室，预警等级：黄色（二级）。' },
      { kind: 'h2', text: '发出预警通知书' },
      { text: '2026-09-28 纪委办公室，文书：预测纪〔2026〕1号。' },
    ],
  },
  'core/warning-report': {
    title: '2026年第二季度廉政风险信息预警专报',
    period: '2026年4月1日至2026年6月30日',
    summary: ['本季度共受理预警信息6条，作出预警3件，其中升级预警1件，已解除预警1件。', '药品采购、医用耗材采购环节预警较为集中，需持续跟踪整改。'],
    byLevel: [{ label: '三级（蓝色）预警', count: '1' }, { label: '二级（黄色）预警', count: '1' }, { label: '一级（红色）预警', count: '1' }],
    bySource: [{ label: '信访举报', count: '3' }, { label: '审计', count: '2' }, { label: '规则命中', count: '1' }],
    byDepartment: [{ label: '药剂科', count: '2' }, { label: '设备科', count: '1' }],
    byStatus: [{ label: '已发通知，待答复', count: '2' }, { label: '已解除预警', count: '1' }],
    trend: [
      { label: '2025Q3', clues: '3', warnings: '1', top: '0' },
      { label: '2025Q4', clues: '5', warnings: '2', top: '1' },
      { label: '2026Q1', clues: '4', warnings: '2', top: '0' },
      { label: '2026Q2', clues: '6', warnings: '3', top: '1' },
    ],
    chartBars: [
      { kind: 'clues', x: '40', y: '125', h: '75', n: '3', tx: '53', ty: '119' },
      { kind: 'warnings', x: '72', y: '175', h: '25', n: '1', tx: '85', ty: '169' },
      { kind: 'clues', x: '180', y: '75', h: '125', n: '5', tx: '193', ty: '69' },
      { kind: 'warnings', x: '212', y: '150', h: '50', n: '2', tx: '225', ty: '144' },
      { kind: 'clues', x: '320', y: '100', h: '100', n: '4', tx: '333', ty: '94' },
      { kind: 'warnings', x: '352', y: '150', h: '50', n: '2', tx: '365', ty: '144' },
      { kind: 'clues', x: '460', y: '50', h: '150', n: '6', tx: '473', ty: '44' },
      { kind: 'warnings', x: '492', y: '125', h: '75', n: '3', tx: '505', ty: '119' },
    ],
    chartLabels: [{ x: '70', text: '2025Q3' }, { x: '210', text: '2025Q4' }, { x: '350', text: '2026Q1' }, { x: '490', text: '2026Q2' }],
    byUnit: [
      { unit: '示范县纪委监委', clues: '0', level3: '0', level2: '0', level1: '0', warnings: '0' },
      { unit: '示范县人民医院', clues: '3', level3: '1', level2: '1', level1: '0', warnings: '2' },
      { unit: '示范县税务局', clues: '2', level3: '0', level2: '0', level1: '1', warnings: '1' },
      { unit: '示范县东溪镇', clues: '1', level3: '0', level2: '0', level1: '0', warnings: '0' },
    ],
    asOf: '2026年7月1日',
    overdueUnits: [{ unit: '示范县人民医院', warnings: '1', clues: '2' }],
    topModels: [{ label: '单笔采购超出限额', hits: '4' }, { label: '减免税重复申请', hits: '2' }],
  },
};
