import { definePlugin } from '../../core/plugin-api';
import { dashboard, reminderTracker } from './dashboard';
import { seedDemoYear } from './demo-seed';
import { INDICATORS } from './indicators';
import { BAND_COLUMNS, DEFAULT_BANDS, INSPECTION, INTEGRITY_REPORT, RECORD_TYPES, REMINDER } from './records';
import { RISK_PRESETS } from './risk-presets';
import { FACTS, RULES, SUBJECTS } from './rules';
import { TEMPLATES } from './templates';

const STAFF_VIEW = ['discipline-officer', 'head', 'deputy-in-charge', 'department-head', 'system-admin'] as const;

export const taxCollectionPlugin = definePlugin({
  id: 'tax-collection',
  version: '0.3.0',
  name: { zh: '税收征管廉政监督', en: 'Tax collection' },
  description: { zh: '征收、减免、检查与欠税的廉政风险防控', en: 'Integrity controls over collection, reduction, inspection and arrears' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['tax-bureau'],
  options: [
    {
      key: 'writeOffCollectiveThresholdFen',
      id: 'tc-opt-writeoff-threshold',
      type: 'money',
      label: { zh: '欠税核销集体决策标准', en: 'Write-off collective decision threshold' },
      help: { zh: '核销金额超过该标准须经局务会集体决策', en: 'Write-offs above this need a collective decision' },
      default: 10_000_000,
    },
    {
      key: 'discretionBands',
      id: 'tc-opt-discretion-bands',
      type: 'rows',
      label: { zh: '行政处罚自由裁量基准', en: 'Penalty discretion bands' },
      help: { zh: '每种违法行为的罚款下限和上限（分，或占涉及税款的百分比）', en: 'Minimum and maximum per violation type (fen, or percent of the tax involved)' },
      columns: BAND_COLUMNS,
      default: DEFAULT_BANDS,
    },
    {
      key: 'repeatedReductionsOfficer',
      id: 'tc-opt-reductions-officer',
      type: 'enum',
      label: { zh: '“多次减免”规则统计的经办人', en: 'Officer counted by the repeated-reductions rule' },
      help: { zh: '审批人（默认）或审核人：同一人对同一纳税人12个月内办理减免3次以上即预警', en: 'Approver (default) or reviewer' },
      options: [
        { value: 'approver', label: { zh: '审批人', en: 'Approver' } },
        { value: 'reviewer', label: { zh: '审核人', en: 'Reviewer' } },
      ],
      default: 'approver',
    },
    {
      key: 'reminderAcknowledgeDays',
      id: 'tc-opt-reminder-ack-days',
      type: 'integer',
      label: { zh: '提醒书/提示卡签收期限（天）', en: 'Days to acknowledge a reminder' },
      help: { zh: '发放后超过该天数未签收即预警', en: 'A reminder unsigned after this many days raises a hit' },
      min: 1,
      max: 90,
      default: 7,
    },
  ],
  recordTypes: RECORD_TYPES,
  facts: FACTS,
  subjects: SUBJECTS,
  rules: RULES,
  indicators: INDICATORS,
  templates: TEMPLATES,
  riskPresets: RISK_PRESETS,
  publicForms: [
    {
      id: 'receipt',
      label: { zh: '税务检查廉政回执', en: 'Tax inspection integrity receipt' },
      intro: { zh: '请如实反映本次税务检查中检查人员的廉洁执法情况。您的回复只送达纪检监察部门。', en: 'Please tell us how the inspectors behaved during the inspection. Only the discipline office reads your answers.' },
      recordType: INSPECTION,
      fields: ['receiptDemands', 'receiptBanquet', 'receiptGifts', 'receiptAttitude', 'receiptComment'],
      answeredField: 'receiptReturnedOn',
      describe: (r) => ({ zh: `检查通知书：${r.title}（检查结束于 ${String(r.values.endedOn ?? '')}）`, en: `Inspection ${r.title} (ended ${String(r.values.endedOn ?? '')})` }),
      thanks: { zh: '已收到您的回复，感谢您对税务干部廉洁执法的监督。', en: 'Thank you for helping to keep tax inspections clean: your answers have been received.' },
    },
  ],
  screens: [
    { id: 'taxpayers', label: { zh: '纳税人名录', en: 'Taxpayer registry' }, kind: 'list', recordType: 'taxpayer', filters: ['kind', 'industry'] },
    { id: 'new-taxpayer', label: { zh: '登记纳税人', en: 'New taxpayer' }, kind: 'form', recordType: 'taxpayer' },
    { id: 'collections', label: { zh: '税款征收台账', en: 'Collections' }, kind: 'list', recordType: 'collection', filters: ['taxType'] },
    { id: 'new-collection', label: { zh: '登记征收', en: 'New collection' }, kind: 'form', recordType: 'collection' },
    { id: 'inspections', label: { zh: '税务检查登记（含廉政回执）', en: 'Inspection register' }, kind: 'list', recordType: 'inspection', filters: ['violationType'] },
    { id: 'new-inspection', label: { zh: '登记税务检查', en: 'New inspection' }, kind: 'form', recordType: 'inspection' },
    { id: 'reductions', label: { zh: '减免税台账', en: 'Reductions' }, kind: 'list', recordType: 'reduction', filters: ['taxType'] },
    { id: 'new-reduction', label: { zh: '登记减免税', en: 'New reduction' }, kind: 'form', recordType: 'reduction' },
    { id: 'arrears', label: { zh: '欠税延期与核销', en: 'Arrears, deferrals and write-offs' }, kind: 'list', recordType: 'arrears', filters: ['decision'] },
    { id: 'new-arrears', label: { zh: '登记欠税', en: 'New arrears' }, kind: 'form', recordType: 'arrears' },
    { id: 'reminders', label: { zh: '提醒书/提示卡发放登记', en: 'Reminders issued' }, kind: 'list', recordType: 'reminder', filters: ['kind', 'occasion'] },
    { id: 'new-reminder', label: { zh: '发放提醒书/提示卡', en: 'Issue a reminder' }, kind: 'form', recordType: 'reminder' },
    { id: 'reminder-tracker', label: { zh: '提醒书/提示卡签收跟踪', en: 'Reminder acknowledgements' }, kind: 'dashboard', recordType: REMINDER, roles: [...STAFF_VIEW], dashboard: reminderTracker },
    { id: 'integrity-reports', label: { zh: '季度廉政报告', en: 'Quarterly integrity reports' }, kind: 'list', recordType: INTEGRITY_REPORT, roles: [...STAFF_VIEW] },
    { id: 'new-integrity-report', label: { zh: '起草季度廉政报告', en: 'New quarterly report' }, kind: 'form', recordType: INTEGRITY_REPORT, roles: [...STAFF_VIEW] },
    { id: 'dashboard', label: { zh: '税收征管监督看板', en: 'Tax supervision dashboard' }, kind: 'dashboard', recordType: 'inspection', roles: [...STAFF_VIEW], dashboard },
  ],
  demoSeed: seedDemoYear,
});
