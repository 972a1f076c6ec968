import { definePlugin } from '../../core/plugin-api';
import { dashboard } from './dashboard';
import { DEFAULT_TENDER_THRESHOLD_FEN, seedDemoYear } from './demo-seed';
import { INDICATORS } from './indicators';
import { PROJECT, REPORT, STAGES, CATEGORIES, SUPPLIER } from './records';
import { RISK_PRESETS } from './risk-presets';
import { AGGREGATE_SUBJECTS, FACTS, RULES, SUBJECTS } from './rules';
import { TEMPLATES } from './templates';

export const hospitalProcurementPlugin = definePlugin({
  id: 'hospital-procurement',
  version: '0.3.0',
  name: { zh: '医院药品耗材采购', en: 'Hospital procurement' },
  description: { zh: '药品、医疗器械与耗材采购的廉政风险防控', en: 'Integrity controls over drug, device and consumable procurement' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['hospital', 'designated-hospital'],
  options: [
    {
      key: 'majorMatterThresholdFen',
      id: 'hp-opt-major-threshold',
      type: 'money',
      label: { zh: '“三重一大”大额资金标准', en: 'Major-matter threshold' },
      default: 50_000_000,
    },
    {
      key: 'tenderThresholdFen',
      id: 'hp-opt-tender-threshold',
      type: 'money',
      label: { zh: '招标限额标准', en: 'Tender threshold' },
      help: { zh: '达到该金额须招标采购，不得询价', en: 'At or above this amount a tender is required' },
      default: DEFAULT_TENDER_THRESHOLD_FEN,
    },
    {
      key: 'monthlyReportDueDay',
      id: 'hp-opt-monthly-due-day',
      type: 'integer',
      label: { zh: '月度采购情况报告报送截止日（次月几日，含当日）', en: 'Monthly report due day (of the next month)' },
      help: { zh: '超过该日未报送即为逾期；大于当月天数时取月末', en: 'Later than this day is late; past the month’s end means its last day' },
      min: 1,
      max: 31,
      default: 10,
    },
    {
      key: 'quarterlyReportDueDay',
      id: 'hp-opt-quarterly-due-day',
      type: 'integer',
      label: { zh: '季度采购情况报告报送截止日（季后首月几日，含当日）', en: 'Quarterly report due day (of the month after the quarter)' },
      min: 1,
      max: 31,
      default: 15,
    },
  ],
  recordTypes: [SUPPLIER, PROJECT, REPORT],
  fieldExtensions: [
    {
      target: 'risk-point',
      fields: [
        { key: 'procurementCategory', id: 'hp-rp-category', type: 'enum', label: { zh: '采购类别', en: 'Procurement category' }, options: CATEGORIES },
        { key: 'procurementStage', id: 'hp-rp-stage', type: 'enum', label: { zh: '采购环节', en: 'Procurement stage' }, options: STAGES },
      ],
    },
  ],
  facts: FACTS,
  subjects: SUBJECTS,
  aggregateSubjects: AGGREGATE_SUBJECTS,
  rules: RULES,
  indicators: INDICATORS,
  templates: TEMPLATES,
  riskPresets: RISK_PRESETS,
  screens: [
    { id: 'register', label: { zh: '采购登记台账', en: 'Procurement register' }, kind: 'list', recordType: 'procurement-project', filters: ['category', 'method', 'supplier'] },
    { id: 'new-project', label: { zh: '登记采购项目', en: 'New procurement project' }, kind: 'form', recordType: 'procurement-project' },
    { id: 'suppliers', label: { zh: '供应商名录', en: 'Supplier registry' }, kind: 'list', recordType: 'supplier', filters: ['blacklisted'] },
    { id: 'new-supplier', label: { zh: '登记供应商', en: 'New supplier' }, kind: 'form', recordType: 'supplier' },
    { id: 'reports', label: { zh: '采购情况报告', en: 'Procurement reports' }, kind: 'list', recordType: 'procurement-report', filters: ['kind'] },
    { id: 'new-report', label: { zh: '报送采购情况报告', en: 'File a report' }, kind: 'form', recordType: 'procurement-report' },
    { id: 'dashboard', label: { zh: '采购监督看板', en: 'Procurement dashboard' }, kind: 'dashboard', recordType: 'procurement-project', roles: ['discipline-officer', 'head', 'deputy-in-charge', 'department-head', 'system-admin'], dashboard },
  ],
  demoSeed: seedDemoYear,
});
