import type { FieldDef, FieldOption, RecordTypeDef } from '../../core/plugin-api';
import { fieldMaker, option as o } from '../../core/plugin-api';

export const PLUGIN_ID = 'tax-collection';
export const TAXPAYER = 'taxpayer';
export const COLLECTION = 'collection';
export const REDUCTION = 'reduction';
export const ARREARS = 'arrears';
export const INSPECTION = 'inspection';
export const REMINDER = 'reminder';
export const INTEGRITY_REPORT = 'integrity-report';

const f = fieldMaker('tc');

export const INDUSTRIES: FieldOption[] = [
  o('manufacturing', '制造业', 'Manufacturing'),
  o('construction', '建筑业', 'Construction'),
  o('wholesale-retail', '批发和零售业', 'Wholesale and retail'),
  o('catering', '住宿和餐饮业', 'Hotels and catering'),
  o('real-estate', '房地产业', 'Real estate'),
  o('transport', '交通运输业', 'Transport'),
  o('services', '居民服务业', 'Household services'),
  o('agriculture', '农林牧渔业', 'Agriculture'),
];

export const TAX_TYPES: FieldOption[] = [
  o('vat', '增值税', 'VAT'),
  o('corporate-income', '企业所得税', 'Corporate income tax'),
  o('individual-income', '个人所得税', 'Individual income tax'),
  o('property', '房产税', 'Property tax'),
  o('land-use', '城镇土地使用税', 'Land use tax'),
  o('stamp', '印花税', 'Stamp duty'),
];

/** Violation types with a discretion band (自由裁量基准) in the bureau's options. */
export const VIOLATION_TYPES: FieldOption[] = [
  o('late-filing', '未按期申报', 'Late filing'),
  o('registration', '未按规定办理税务登记', 'Registration failure'),
  o('invoice', '违反发票管理规定', 'Invoice violation'),
  o('withholding', '应扣未扣、应收未收税款', 'Failure to withhold'),
  o('evasion', '偷税（逃避缴纳税款）', 'Tax evasion'),
];

/** Each band: penalty in fen (fixed fines) or in percent of the tax involved (multiples of the tax). */
export const DEFAULT_BANDS = [
  { violationType: 'late-filing', unit: 'fen', min: 0, max: 200_000 },
  { violationType: 'registration', unit: 'fen', min: 0, max: 200_000 },
  { violationType: 'invoice', unit: 'fen', min: 0, max: 1_000_000 },
  { violationType: 'withholding', unit: 'percent', min: 50, max: 300 },
  { violationType: 'evasion', unit: 'percent', min: 50, max: 500 },
];

export const BAND_COLUMNS: FieldDef[] = [
  { key: 'violationType', id: 'tc-band-type', type: 'enum', label: { zh: '违法行为', en: 'Violation' }, options: VIOLATION_TYPES, required: true },
  { key: 'unit', id: 'tc-band-unit', type: 'enum', label: { zh: '计罚方式', en: 'Unit' }, options: [o('fen', '罚款金额（分）', 'Fine (fen)'), o('percent', '占涉及税款的百分比', 'Percent of the tax involved')], required: true },
  { key: 'min', id: 'tc-band-min', type: 'integer', label: { zh: '下限', en: 'Minimum' }, required: true, min: 0 },
  { key: 'max', id: 'tc-band-max', type: 'integer', label: { zh: '上限', en: 'Maximum' }, required: true, min: 0 },
];

const YES_NO: FieldOption[] = [o('no', '没有', 'No'), o('yes', '有', 'Yes')];

/** The taxpayer's integrity receipt answers: written only through the receipt's public form, read-only for every account. */
const FROM_TAXPAYER: Partial<FieldDef> = { write: { by: 'public-form' } };

/** The receipt's questions (吃拿卡要, 宴请, 收礼, 态度) and the answers that count as negative. */
export const RECEIPT_QUESTIONS: { key: string; negative: string; zh: string; en: string }[] = [
  { key: 'receiptDemands', negative: 'yes', zh: '吃拿卡要', en: 'Demands for favours' },
  { key: 'receiptBanquet', negative: 'yes', zh: '接受宴请', en: 'Accepted a banquet' },
  { key: 'receiptGifts', negative: 'yes', zh: '收受礼品礼金', en: 'Accepted gifts or money' },
  { key: 'receiptAttitude', negative: 'poor', zh: '工作态度差', en: 'Poor attitude' },
];

export const TAXPAYER_TYPE: RecordTypeDef = {
  id: TAXPAYER,
  label: { zh: '纳税人', en: 'Taxpayer' },
  titleField: 'name',
  fields: [
    f('name', 'string', '纳税人名称', 'Name', { required: true, maxLength: 100, list: true }),
    f('kind', 'enum', '纳税人类型', 'Kind', { required: true, options: [o('enterprise', '单位', 'Organisation'), o('individual', '个体/自然人', 'Individual')] }),
    f('creditCode', 'string', '统一社会信用代码', 'Unified social credit code', { format: 'uscc', list: true, help: { zh: '单位纳税人填写，18位，GB 32100-2015', en: 'Organisations: 18 characters, GB 32100-2015' } }),
    f('idNumber', 'string', '身份证号码', 'ID number', {
      format: 'prc-id',
      list: true,
      sensitive: { encrypt: true, mask: 'id-number', visibleTo: ['discipline-officer', 'department-head'] },
      help: { zh: '个人纳税人填写，18位，加密保存，仅纪检和科室负责人可见全号', en: 'Individuals: 18 digits, stored encrypted, shown in full only to discipline officers and department heads' },
    }),
    f('industry', 'enum', '行业', 'Industry', { required: true, options: INDUSTRIES, list: true }),
    f('district', 'string', '所属税务分局/片区', 'District', { required: true, maxLength: 40, list: true }),
    f('officer', 'string', '税收管理员（专管员）', 'Officer in charge', { required: true, maxLength: 40, list: true, namesPerson: true }),
  ],
  constraints: [
    { id: 'enterprise-code', field: 'creditCode', when: { field: 'kind', op: 'equal', value: 'enterprise' }, then: { field: 'creditCode', op: 'present' }, message: { zh: '单位纳税人须填写统一社会信用代码', en: 'An organisation needs its credit code' } },
    { id: 'individual-id', field: 'idNumber', when: { field: 'kind', op: 'equal', value: 'individual' }, then: { field: 'idNumber', op: 'present' }, message: { zh: '个人纳税人须填写身份证号码', en: 'An individual needs an ID number' } },
  ],
};

export const COLLECTION_TYPE: RecordTypeDef = {
  id: COLLECTION,
  label: { zh: '税款征收', en: 'Collection' },
  titleField: 'collectionNo',
  fields: [
    f('collectionNo', 'string', '征收凭证号', 'Collection no.', { required: true, maxLength: 40, list: true, unique: true }),
    f('taxpayer', 'reference', '纳税人', 'Taxpayer', { required: true, ref: { recordType: TAXPAYER }, list: true }),
    f('taxType', 'enum', '税种', 'Tax type', { required: true, options: TAX_TYPES, list: true }),
    f('period', 'string', '所属期', 'Period', { required: true, pattern: '^\\d{4}-(0[1-9]|1[0-2])$', help: { zh: '如 2026-03', en: 'e.g. 2026-03' }, list: true }),
    f('assessedFen', 'money', '应征税额', 'Assessed', { required: true, list: true, help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('assessedOn', 'date', '核定日期', 'Assessed on', { required: true, list: true }),
    f('collectedFen', 'money', '已征税额', 'Collected', { default: 0, list: true, help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('collectedOn', 'date', '入库日期', 'Collected on', { list: true }),
    f('officer', 'string', '征收人员', 'Officer', { required: true, maxLength: 40, namesPerson: true }),
    f('deferralApproved', 'boolean', '已批准延期缴纳', 'Deferral approved', { default: false }),
    f('deferralApprover', 'string', '延期缴纳批准人', 'Deferral approved by', { maxLength: 40, namesPerson: true }),
    f('deferralUntil', 'date', '延期至', 'Deferred until'),
  ],
  constraints: [
    { id: 'deferral-approver', field: 'deferralApprover', when: { field: 'deferralApproved', op: 'equal', value: true }, then: { all: [{ field: 'deferralApprover', op: 'present' }, { field: 'deferralUntil', op: 'present' }] }, message: { zh: '批准延期缴纳须填写批准人和延期期限', en: 'A deferral needs its approver and end date' } },
    { id: 'collected-date', field: 'collectedOn', when: { field: 'collectedFen', op: 'greaterThan', value: 0 }, then: { field: 'collectedOn', op: 'present' }, message: { zh: '已征税额大于0时须填写入库日期', en: 'Collected tax needs its date' } },
  ],
};

export const REDUCTION_TYPE: RecordTypeDef = {
  id: REDUCTION,
  label: { zh: '减免税', en: 'Reduction or exemption' },
  titleField: 'reductionNo',
  fields: [
    f('reductionNo', 'string', '减免文书号', 'Reduction no.', { required: true, maxLength: 40, list: true, unique: true }),
    f('taxpayer', 'reference', '纳税人', 'Taxpayer', { required: true, ref: { recordType: TAXPAYER }, list: true }),
    f('taxType', 'enum', '税种', 'Tax type', { required: true, options: TAX_TYPES }),
    f('legalBasis', 'text', '减免依据', 'Legal basis', { required: true, maxLength: 1000 }),
    f('amountFen', 'money', '减免税额', 'Amount', { required: true, list: true, help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('applicant', 'string', '申请人', 'Applicant', { required: true, maxLength: 60 }),
    f('reviewer', 'string', '审核人', 'Reviewed by', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('approver', 'string', '审批人', 'Approved by', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('approvedOn', 'date', '审批日期', 'Approved on', { required: true, list: true }),
  ],
  // One officer's reductions for one taxpayer (the repeated-reductions model), and the unique number.
  indexes: [['taxpayer', 'approver'], ['taxpayer', 'reviewer'], ['reductionNo']],
};

export const ARREARS_TYPE: RecordTypeDef = {
  id: ARREARS,
  label: { zh: '欠税', en: 'Arrears' },
  titleField: 'arrearsNo',
  fields: [
    f('arrearsNo', 'string', '欠税登记号', 'Arrears no.', { required: true, maxLength: 40, list: true, unique: true }),
    f('taxpayer', 'reference', '纳税人', 'Taxpayer', { required: true, ref: { recordType: TAXPAYER }, list: true }),
    f('taxType', 'enum', '税种', 'Tax type', { required: true, options: TAX_TYPES }),
    f('amountFen', 'money', '欠税金额', 'Amount', { required: true, list: true, help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('arisenOn', 'date', '欠税发生日期', 'Arisen on', { required: true }),
    f('decision', 'enum', '处理决定', 'Decision', { required: true, default: 'pending', options: [o('pending', '追缴中', 'Being pursued'), o('deferral', '延期缴纳', 'Deferral'), o('write-off', '核销', 'Write-off')], list: true }),
    f('decisionReason', 'text', '决定理由', 'Reason', { maxLength: 2000 }),
    f('decidedOn', 'date', '决定日期', 'Decided on', { list: true }),
    f('approver', 'string', '批准人', 'Approved by', { maxLength: 40, list: true, namesPerson: true }),
    f('collectiveDecisionDate', 'date', '集体决策（局务会）日期', 'Collective decision date'),
    f('minutesRef', 'string', '会议纪要编号', 'Minutes reference', { maxLength: 60 }),
  ],
  constraints: [
    { id: 'decision-approved', field: 'approver', when: { field: 'decision', op: 'in', value: ['deferral', 'write-off'] }, then: { all: [{ field: 'approver', op: 'present' }, { field: 'decidedOn', op: 'present' }, { field: 'decisionReason', op: 'present' }] }, message: { zh: '延期缴纳或核销须填写理由、决定日期和批准人', en: 'A deferral or write-off needs its reason, date and approver' } },
  ],
};

export const INSPECTION_TYPE: RecordTypeDef = {
  id: INSPECTION,
  label: { zh: '税务检查', en: 'Tax inspection' },
  titleField: 'inspectionNo',
  fields: [
    f('inspectionNo', 'string', '检查通知书号', 'Inspection no.', { required: true, maxLength: 40, list: true, unique: true }),
    f('taxpayer', 'reference', '被查纳税人', 'Taxpayer', { required: true, ref: { recordType: TAXPAYER }, list: true }),
    f('inspectors', 'string-list', '检查人员', 'Inspectors', { required: true, list: true, namesPerson: true, help: { zh: '不少于2人，用逗号分隔', en: 'At least two, separated by commas' } }),
    f('startedOn', 'date', '检查开始日期', 'Started on', { required: true }),
    f('endedOn', 'date', '检查结束日期', 'Ended on', { required: true, list: true }),
    f('findings', 'text', '检查发现', 'Findings', { maxLength: 5000 }),
    f('violationType', 'enum', '违法行为类型', 'Violation type', { options: VIOLATION_TYPES }),
    f('taxInvolvedFen', 'money', '涉及税款', 'Tax involved', { help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('penaltyFen', 'money', '罚款金额', 'Penalty', { list: true, help: { zh: '以元为单位，最多两位小数', en: 'In yuan, at most two decimals' } }),
    f('receiptIssuedOn', 'date', '廉政回执发放日期', 'Integrity receipt issued on'),
    f('receiptReturnedOn', 'date', '廉政回执反馈日期', 'Integrity receipt returned on', { list: true, ...FROM_TAXPAYER }),
    f('receiptDemands', 'enum', '检查人员有无吃拿卡要行为', 'Did the inspectors demand favours?', { options: YES_NO, ...FROM_TAXPAYER }),
    f('receiptBanquet', 'enum', '检查人员有无接受宴请', 'Did they accept banquets?', { options: YES_NO, ...FROM_TAXPAYER }),
    f('receiptGifts', 'enum', '检查人员有无收受礼品礼金', 'Did they accept gifts or money?', { options: YES_NO, ...FROM_TAXPAYER }),
    f('receiptAttitude', 'enum', '检查人员工作态度', 'Their conduct', { options: [o('good', '满意', 'Good'), o('fair', '基本满意', 'Fair'), o('poor', '不满意', 'Poor')], ...FROM_TAXPAYER }),
    f('receiptComment', 'text', '其他意见和建议', 'Other comments', { maxLength: 1000, ...FROM_TAXPAYER }),
  ],
  constraints: [
    { id: 'penalty-type', field: 'violationType', when: { field: 'penaltyFen', op: 'greaterThan', value: 0 }, then: { field: 'violationType', op: 'present' }, message: { zh: '有罚款时须选择违法行为类型', en: 'A penalty needs its violation type' } },
    { id: 'dates-order', field: 'endedOn', when: { field: 'endedOn', op: 'present' }, then: { field: 'startedOn', op: 'present' }, message: { zh: '须填写检查开始日期', en: 'The start date is required' } },
  ],
};

export const REMINDER_OCCASIONS: FieldOption[] = [
  o('promotion', '提拔任用前', 'Before a promotion'),
  o('transfer', '岗位调整前', 'Before a transfer'),
  o('moving', '乔迁新居前', 'Before moving house'),
  o('wedding', '婚嫁事宜前', 'Before a wedding'),
  o('funeral', '丧葬事宜前', 'Before a funeral'),
  o('holiday', '重要节假日前', 'Before public holidays'),
  o('groundless-clue', '问题线索查无实据后', 'After a clue found groundless'),
];

export const REMINDER_TYPE: RecordTypeDef = {
  id: REMINDER,
  label: { zh: '提醒书/提示卡', en: 'Reminder letter or card' },
  titleField: 'staffName',
  fields: [
    f('reminderNo', 'string', '编号', 'No.', { required: true, maxLength: 40, list: true, unique: true }),
    f('kind', 'enum', '类别', 'Kind', { required: true, options: [o('letter', '提醒书', 'Reminder letter'), o('card', '提示卡', 'Reminder card')], list: true, help: { zh: '提示卡：提拔、上岗、乔迁、婚丧、节日前发放；提醒书：反映问题经调查无实据或问题轻微时发放', en: 'Card before an occasion; letter after a groundless or minor complaint' } }),
    f('occasion', 'enum', '事由', 'Occasion', { required: true, options: REMINDER_OCCASIONS, list: true }),
    f('staffName', 'string', '提醒对象', 'Issued to', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('post', 'string', '职务/岗位', 'Post', { maxLength: 60 }),
    f('content', 'text', '提醒内容', 'Content', { maxLength: 3000 }),
    f('issuedBy', 'string', '提醒人', 'Issued by', { required: true, maxLength: 40, namesPerson: true }),
    f('issuedOn', 'date', '发放日期', 'Issued on', { required: true, list: true }),
    f('acknowledgedOn', 'date', '签收日期', 'Acknowledged on', { list: true }),
  ],
};

/** 季度廉政报告: the record names the quarter; the figures come from the quarter's records when it is issued. */
export const INTEGRITY_REPORT_TYPE: RecordTypeDef = {
  id: INTEGRITY_REPORT,
  label: { zh: '季度廉政报告', en: 'Quarterly integrity report' },
  titleField: 'period',
  fields: [
    f('period', 'string', '报告季度', 'Quarter', { required: true, pattern: '^\\d{4}-Q[1-4]$', patternMessage: { zh: '格式如 2026-Q2', en: 'Like 2026-Q2' }, help: { zh: '如 2026-Q2', en: 'e.g. 2026-Q2' }, list: true }),
    f('recipient', 'string', '主送机关', 'Addressed to', { maxLength: 60, help: { zh: '默认为局党组', en: 'Defaults to the bureau party group' }, list: true }),
    f('preparedBy', 'string', '起草人', 'Prepared by', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('nextSteps', 'text', '下一步工作打算', 'Next steps', { maxLength: 3000 }),
  ],
};

export const RECORD_TYPES = [TAXPAYER_TYPE, COLLECTION_TYPE, REDUCTION_TYPE, ARREARS_TYPE, INSPECTION_TYPE, REMINDER_TYPE, INTEGRITY_REPORT_TYPE];
