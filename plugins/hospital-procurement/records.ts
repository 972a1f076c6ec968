import type { FieldDef, FieldOption, RecordTypeDef } from '../../core/plugin-api';
import { checkCreditCode, fieldMaker } from '../../core/plugin-api';

export const PLUGIN_ID = 'hospital-procurement';

export const CATEGORIES: FieldOption[] = [
  { value: 'drugs', label: { zh: '药品', en: 'Drugs' } },
  { value: 'devices', label: { zh: '医疗器械', en: 'Medical devices' } },
  { value: 'consumables', label: { zh: '医用耗材', en: 'Consumables' } },
  { value: 'equipment', label: { zh: '设备', en: 'Equipment' } },
  { value: 'works', label: { zh: '工程', en: 'Works' } },
  { value: 'services', label: { zh: '服务', en: 'Services' } },
];

export const METHODS: FieldOption[] = [
  { value: 'public-tender', label: { zh: '公开招标', en: 'Public tender' } },
  { value: 'invitation-tender', label: { zh: '邀请招标', en: 'Invitation tender' } },
  { value: 'competitive-negotiation', label: { zh: '竞争性谈判', en: 'Competitive negotiation' } },
  { value: 'inquiry', label: { zh: '询价', en: 'Inquiry' } },
  { value: 'single-source', label: { zh: '单一来源', en: 'Single source' } },
  { value: 'emergency', label: { zh: '应急采购', en: 'Emergency' } },
];

/** Methods that skip competition: they need a written reason and are watched as a share of spend. */
export const NON_COMPETITIVE = ['single-source', 'emergency'];

export const REPORT_KINDS: FieldOption[] = [
  { value: 'monthly-finance', label: { zh: '月度采购情况报财务部门', en: 'Monthly report to finance' } },
  { value: 'quarterly-supervision', label: { zh: '季度采购情况报纪检监察', en: 'Quarterly report to supervision' } },
];

export const STAGES: FieldOption[] = [
  { value: 'planning', label: { zh: '需求与计划', en: 'Needs and planning' } },
  { value: 'specification', label: { zh: '技术参数制定', en: 'Specification' } },
  { value: 'announcement', label: { zh: '公告与资格预审', en: 'Announcement and qualification' } },
  { value: 'evaluation', label: { zh: '评标', en: 'Bid evaluation' } },
  { value: 'award', label: { zh: '定标与合同', en: 'Award and contract' } },
  { value: 'acceptance', label: { zh: '验收与付款', en: 'Acceptance and payment' } },
  { value: 'use', label: { zh: '使用与处方', en: 'Use and prescribing' } },
];

const f = fieldMaker('hp');

/**
 * Written only by the hospital's discipline officer and its leaders, never by the buyer or the buying department: who is
 * blacklisted, and who reviewed, evaluated, decided and approved a purchase (the three-separation and 三重一大 facts).
 */
const OVERSIGHT: Partial<FieldDef> = { write: { by: ['discipline-officer', 'head', 'deputy-in-charge'] } };

export const SUPPLIER: RecordTypeDef = {
  id: 'supplier',
  label: { zh: '供应商', en: 'Supplier' },
  titleField: 'name',
  fields: [
    f('name', 'string', '供应商名称', 'Name', { required: true, maxLength: 100, list: true }),
    f('creditCode', 'string', '统一社会信用代码', 'Unified social credit code', { required: true, list: true, validate: (v) => checkCreditCode(v), help: { zh: '18位，GB 32100-2015', en: '18 characters, GB 32100-2015' } }),
    f('contactName', 'string', '联系人', 'Contact', { maxLength: 40 }),
    f('contactPhone', 'string', '联系电话', 'Phone', { maxLength: 30, pattern: '^[0-9+\\- ]{5,30}$' }),
    f('categories', 'multi-enum', '供应类别', 'Categories supplied', { options: CATEGORIES, list: true }),
    f('blacklisted', 'boolean', '列入黑名单', 'Blacklisted', { default: false, list: true, ...OVERSIGHT }),
    f('blacklistReason', 'text', '黑名单原因', 'Blacklist reason', { maxLength: 1000, ...OVERSIGHT }),
    f('blacklistFrom', 'date', '黑名单起始日', 'Blacklisted from', OVERSIGHT),
    f('blacklistTo', 'date', '黑名单截止日', 'Blacklisted until', { help: { zh: '空表示长期', en: 'Empty means indefinitely' }, ...OVERSIGHT }),
  ],
  constraints: [
    {
      id: 'blacklist-reason',
      field: 'blacklistReason',
      when: { field: 'blacklisted', op: 'equal', value: true },
      then: { all: [{ field: 'blacklistReason', op: 'present' }, { field: 'blacklistFrom', op: 'present' }] },
      message: { zh: '列入黑名单须填写原因和起始日', en: 'A blacklisting needs a reason and a start date' },
    },
  ],
};

const ITEM_COLUMNS: FieldDef[] = [
  f('itemName', 'string', '品名', 'Item', { required: true, maxLength: 100 }),
  f('spec', 'string', '规格型号', 'Specification', { maxLength: 100 }),
  f('quantity', 'integer', '数量', 'Quantity', { required: true, min: 1 }),
  f('unitPriceFen', 'money', '单价（元）', 'Unit price (yuan)', { required: true }),
  f('referencePriceFen', 'money', '参考价（元）', 'Reference price (yuan)'),
];

export const PROJECT: RecordTypeDef = {
  id: 'procurement-project',
  label: { zh: '采购项目', en: 'Procurement project' },
  titleField: 'name',
  fields: [
    f('projectNo', 'string', '项目编号', 'Project no.', { required: true, maxLength: 40, list: true, unique: true }),
    f('name', 'string', '项目名称', 'Project', { required: true, maxLength: 120, list: true }),
    f('category', 'enum', '采购类别', 'Category', { required: true, options: CATEGORIES, list: true }),
    f('items', 'rows', '采购明细', 'Items', { columns: ITEM_COLUMNS, maxRows: 50 }),
    f('totalFen', 'money', '采购金额（元）', 'Total (yuan)', { required: true, list: true }),
    f('budgetSource', 'enum', '资金来源', 'Budget source', {
      options: [
        { value: 'own-funds', label: { zh: '医院自有资金', en: 'Own funds' } },
        { value: 'fiscal', label: { zh: '财政资金', en: 'Fiscal funds' } },
        { value: 'special-grant', label: { zh: '专项资金', en: 'Special grant' } },
      ],
    }),
    f('department', 'string', '申请科室', 'Requesting department', { required: true, maxLength: 60 }),
    f('buyer', 'string', '采购经办人', 'Buyer', { maxLength: 40, namesPerson: true, help: { zh: '办理本次采购的采购员', en: 'The buyer who handled this purchase' } }),
    f('method', 'enum', '采购方式', 'Method', { required: true, options: METHODS, list: true }),
    f('methodReason', 'text', '采用该方式的理由', 'Reason for the method', { maxLength: 2000 }),
    f('announcedOn', 'date', '公告日期', 'Announced on'),
    f('bidOpenedOn', 'date', '开标日期', 'Bids opened on'),
    f('awardedOn', 'date', '定标日期', 'Awarded on', { required: true, list: true }),
    f('contractOn', 'date', '合同签订日期', 'Contract signed on'),
    f('acceptedOn', 'date', '验收日期', 'Accepted on'),
    f('qualificationReviewer', 'string', '资格预审人', 'Qualification reviewer', { maxLength: 40, namesPerson: true, ...OVERSIGHT }),
    f('evaluators', 'string-list', '评标人员', 'Bid evaluators', { help: { zh: '多人用逗号分隔', en: 'Separate names with commas' }, namesPerson: true, ...OVERSIGHT }),
    f('awardDecider', 'string', '定标人', 'Award decided by', { maxLength: 40, namesPerson: true, ...OVERSIGHT }),
    f('approver', 'string', '审批人', 'Approver', { maxLength: 40, namesPerson: true, ...OVERSIGHT }),
    f('decisionMeetingDate', 'date', '“三重一大”集体决策会议日期', 'Collective decision meeting date', OVERSIGHT),
    f('decisionMinutesRef', 'string', '会议纪要编号', 'Minutes reference', { maxLength: 60, ...OVERSIGHT }),
    f('contractNo', 'string', '合同编号', 'Contract no.', { maxLength: 60, unique: true }),
    f('supplier', 'reference', '中标供应商', 'Winning supplier', { ref: { recordType: 'supplier' }, list: true }),
  ],
  // The rules' windows (awards by date, category, supplier, with the amount summed from the index), and the unique numbers.
  // The supplier closes the category's: its share total counts awards with a supplier, else every row in the year is read (0.2 s at 1,000,000).
  indexes: [['awardedOn', 'totalFen', 'method'], ['category', 'awardedOn', 'totalFen', 'supplier'], ['supplier', 'awardedOn', 'totalFen', 'category'], ['projectNo'], ['contractNo']],
  constraints: [
    {
      id: 'non-competitive-reason',
      field: 'methodReason',
      when: { field: 'method', op: 'in', value: NON_COMPETITIVE },
      then: { field: 'methodReason', op: 'present' },
      message: { zh: '单一来源或应急采购必须填写理由', en: 'Single-source and emergency purchases need a reason' },
    },
    {
      id: 'inquiry-below-tender',
      field: 'method',
      when: { field: 'totalFen', op: 'greaterThanInclusive', value: { option: 'tenderThresholdFen' } },
      then: { field: 'method', op: 'notIn', value: ['inquiry'] },
      message: { zh: '达到招标限额的采购不能采用询价方式', en: 'A purchase at or above the tender threshold cannot use inquiry' },
    },
    {
      id: 'tender-announced',
      field: 'announcedOn',
      when: { field: 'method', op: 'in', value: ['public-tender', 'invitation-tender'] },
      then: { field: 'announcedOn', op: 'present' },
      message: { zh: '招标采购须填写公告日期', en: 'A tender needs its announcement date' },
    },
  ],
};

export const REPORT: RecordTypeDef = {
  id: 'procurement-report',
  label: { zh: '采购情况报告', en: 'Procurement report' },
  titleField: 'period',
  fields: [
    f('kind', 'enum', '报告类型', 'Kind', { required: true, options: REPORT_KINDS, list: true }),
    f('period', 'string', '报告期', 'Period', { required: true, pattern: '^\\d{4}-(0[1-9]|1[0-2]|Q[1-4])$', help: { zh: '月报如 2026-03，季报如 2026-Q1', en: 'Monthly 2026-03, quarterly 2026-Q1' }, list: true }),
    f('filedOn', 'date', '报送日期', 'Filed on', { required: true, list: true }),
    f('recipient', 'string', '报送对象', 'Sent to', { maxLength: 60, list: true }),
    f('summary', 'text', '情况摘要', 'Summary', { maxLength: 5000 }),
  ],
  indexes: [['kind', 'period']],
};
