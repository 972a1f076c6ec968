import type { FieldDef, FieldOption, LocalizedText, RecordTypeDef } from '../../core/plugin-api';
import { fieldMaker, option } from '../../core/plugin-api';

export const PLUGIN_ID = 'power-supply-marketing';
/** 业扩报装: a customer's application for a new or larger supply. */
export const APPLICATION = 'application';
/** 用电稽查: a finding of 违约用电 or 窃电 and what was recovered. */
export const INSPECTION = 'inspection';
/** 三指定: who designed, built or supplied a customer's project (用户受电工程), and who chose them. */
export const DESIGNATION = 'designation';

/**
 * Working-day limits (供电营业规则 and the 办电 time limits): the supply plan answered within 3 working days of acceptance
 * for a low-voltage customer, 15 for a high-voltage one; a low-voltage meter installed and connected within 5.
 * Each is an institution option, so a company whose provincial rules are stricter sets its own.
 */
export const DEFAULT_PLAN_REPLY_LOW_DAYS = 3;
export const DEFAULT_PLAN_REPLY_HIGH_DAYS = 15;
export const DEFAULT_CONNECT_LOW_DAYS = 5;
/** Default of unrecoveredThresholdFen: 10 000 元 left unrecovered on a closed finding, in fen like every amount. */
export const DEFAULT_UNRECOVERED_THRESHOLD_FEN = 1_000_000;

export const VOLTAGE_CLASSES: FieldOption[] = [
  option('220v', '交流220伏', 'AC 220 V'),
  option('380v', '交流380伏', 'AC 380 V'),
  option('10kv', '交流10千伏', 'AC 10 kV'),
  option('35kv', '交流35千伏', 'AC 35 kV'),
  option('110kv', '交流110千伏', 'AC 110 kV'),
];
export const LOW_VOLTAGE = ['220v', '380v'];
export const HIGH_VOLTAGE = ['10kv', '35kv', '110kv'];

export const CUSTOMER_KINDS: FieldOption[] = [
  option('resident', '居民客户', 'Residential'),
  option('business', '非居民客户', 'Non-residential'),
  option('industrial', '工业客户', 'Industrial'),
];

export const APPLICATION_KINDS: FieldOption[] = [
  option('new', '新装', 'New connection'),
  option('increase', '增容', 'Capacity increase'),
  option('temporary', '临时用电', 'Temporary supply'),
];

export const FINDING_KINDS: FieldOption[] = [option('violation', '违约用电', 'Breach of supply contract'), option('theft', '窃电', 'Electricity theft')];

export const FINDING_STATUSES: FieldOption[] = [
  option('open', '处理中', 'Open'),
  option('closed', '已结案', 'Closed'),
  option('referred', '已移送公安机关', 'Referred to the police'),
];

export const SUPPLIER_ROLES: FieldOption[] = [option('design', '设计单位', 'Designer'), option('construction', '施工单位', 'Builder'), option('equipment', '设备供应单位', 'Equipment supplier')];

export const CHOSEN_BY: FieldOption[] = [
  option('customer', '客户自主选择', "The customer's own choice"),
  option('staff', '供电企业员工推荐或指定', 'Recommended or designated by utility staff'),
  option('unstated', '未说明', 'Not stated'),
];

// Stable field ids are 'power-supply-marketing-<key>': never change them once data is stored (values are keyed by id).
const f = fieldMaker(PLUGIN_ID);

/** A date field that may not come before another of the same record. */
const notBefore =
  (otherKey: string, other: LocalizedText) =>
  (value: unknown, values: Record<string, unknown>): LocalizedText | null => {
    const from = values[otherKey];
    if (typeof value !== 'string' || typeof from !== 'string' || value >= from) return null;
    return { zh: `不得早于${other.zh}`, en: `must not be before the ${other.en}` };
  };

const ACCEPTED: LocalizedText = { zh: '受理日期', en: 'date of acceptance' };

/** Options an institution sets under plugins: in its config/institutions/<code>.yaml, validated at boot. */
export const OPTIONS: FieldDef[] = [
  f('planReplyLowVoltageDays', 'integer', '低压供电方案答复时限（工作日）', 'Supply plan reply, low voltage (working days)', {
    help: { zh: '自受理之日起计算，国庆、春节等法定节假日不计，调休上班日计入', en: 'Counted from acceptance; public holidays excluded, make-up working days included' },
    min: 1,
    max: 60,
    default: DEFAULT_PLAN_REPLY_LOW_DAYS,
  }),
  f('planReplyHighVoltageDays', 'integer', '高压供电方案答复时限（工作日）', 'Supply plan reply, high voltage (working days)', { min: 1, max: 90, default: DEFAULT_PLAN_REPLY_HIGH_DAYS }),
  f('connectLowVoltageDays', 'integer', '低压装表接电时限（工作日）', 'Meter and connection, low voltage (working days)', {
    help: { zh: '自受理之日起至装表接电之日', en: 'From acceptance to connection' },
    min: 1,
    max: 60,
    default: DEFAULT_CONNECT_LOW_DAYS,
  }),
  f('unrecoveredThresholdFen', 'money', '稽查结案未追补电费预警标准（元）', 'Unrecovered amount on a closed finding (yuan)', {
    help: { zh: '违约用电、窃电案件结案时应追补而未追补的电费超过该标准即预警', en: 'A closed finding leaving more than this unrecovered raises a hit' },
    min: 0,
    default: DEFAULT_UNRECOVERED_THRESHOLD_FEN,
  }),
];

export const APPLICATION_TYPE: RecordTypeDef = {
  id: APPLICATION,
  label: { zh: '业扩报装', en: 'Business-expansion application' },
  titleField: 'applicationNo',
  fields: [
    f('applicationNo', 'string', '申请编号', 'Application number', { required: true, maxLength: 40, unique: true, list: true }),
    f('applicant', 'string', '用电申请人', 'Applicant', { required: true, maxLength: 100, list: true }),
    f('applicationKind', 'enum', '业务类型', 'Kind', { required: true, options: APPLICATION_KINDS, list: true }),
    f('customerKind', 'enum', '客户类别', 'Customer', { required: true, options: CUSTOMER_KINDS }),
    f('voltageClass', 'enum', '供电电压等级', 'Voltage class', { required: true, options: VOLTAGE_CLASSES, list: true }),
    f('capacityKva', 'integer', '申请容量（千伏安）', 'Capacity (kVA)', { required: true, min: 1, max: 1_000_000, list: true }),
    f('acceptedOn', 'date', '受理日期', 'Accepted on', { required: true, notAfterToday: true, list: true }),
    f('planRepliedOn', 'date', '供电方案答复日期', 'Supply plan answered on', { notAfterToday: true, list: true, validate: notBefore('acceptedOn', ACCEPTED) }),
    f('connectedOn', 'date', '装表接电日期', 'Connected on', { notAfterToday: true, list: true, validate: notBefore('acceptedOn', ACCEPTED) }),
    f('handler', 'string', '客户经理（经办人）', 'Account manager', { required: true, maxLength: 40, namesPerson: true, list: true }),
    f('note', 'text', '办理情况说明', 'Note', { maxLength: 2000 }),
  ],
  indexes: [['acceptedOn'], ['voltageClass'], ['handler']],
};

export const INSPECTION_TYPE: RecordTypeDef = {
  id: INSPECTION,
  label: { zh: '用电稽查', en: 'Inspection finding' },
  titleField: 'caseNo',
  fields: [
    f('caseNo', 'string', '稽查编号', 'Case number', { required: true, maxLength: 40, unique: true, list: true }),
    f('customer', 'string', '用电客户', 'Customer', { required: true, maxLength: 100, list: true }),
    f('kind', 'enum', '查处类别', 'Finding', { required: true, options: FINDING_KINDS, list: true }),
    f('foundOn', 'date', '查处日期', 'Found on', { required: true, notAfterToday: true, list: true }),
    f('recoveryDueFen', 'money', '应追补电费（元）', 'Charges to recover (yuan)', { required: true, min: 0, list: true }),
    f('penaltyFen', 'money', '违约使用电费（元）', 'Contract penalty (yuan)', { min: 0 }),
    f('recoveredFen', 'money', '实收追补电费（元）', 'Charges recovered (yuan)', { min: 0, list: true }),
    f('status', 'enum', '处理状态', 'Status', { required: true, options: FINDING_STATUSES, list: true }),
    f('closedOn', 'date', '结案日期', 'Closed on', { notAfterToday: true, validate: notBefore('foundOn', { zh: '查处日期', en: 'date found' }) }),
    f('inspector', 'string', '稽查人员', 'Inspector', { required: true, maxLength: 40, namesPerson: true, list: true }),
    f('approver', 'string', '结案审批人', 'Closure approved by', { maxLength: 40, namesPerson: true }),
    f('note', 'text', '处理情况', 'How it was handled', { maxLength: 2000 }),
  ],
  constraints: [
    {
      id: 'closed-needs-date',
      field: 'closedOn',
      when: { field: 'status', op: 'equal', value: 'closed' },
      then: { field: 'closedOn', op: 'present' },
      message: { zh: '已结案的须填写结案日期', en: 'A closed finding needs its closing date' },
    },
  ],
  indexes: [['foundOn'], ['status'], ['kind']],
};

export const DESIGNATION_TYPE: RecordTypeDef = {
  id: DESIGNATION,
  label: { zh: '用户受电工程“三指定”核查', en: 'Customer project suppliers (three designations)' },
  titleField: 'projectName',
  fields: [
    f('projectName', 'string', '用户受电工程名称', 'Customer project', { required: true, maxLength: 100, list: true }),
    f('application', 'reference', '对应业扩报装', 'Application', { ref: { recordType: APPLICATION } }),
    f('customer', 'string', '客户名称', 'Customer', { required: true, maxLength: 100, list: true }),
    f('role', 'enum', '单位类别', 'Role', { required: true, options: SUPPLIER_ROLES, list: true }),
    f('supplierName', 'string', '设计、施工或设备供应单位', 'Designer, builder or supplier', { required: true, maxLength: 100, list: true }),
    f('chosenBy', 'enum', '选择方式', 'Chosen by', { required: true, options: CHOSEN_BY, list: true }),
    f('recommendedBy', 'string', '推荐或指定的员工', 'Staff who recommended it', { maxLength: 40, namesPerson: true, list: true }),
    f('checkedOn', 'date', '核查日期', 'Checked on', { required: true, notAfterToday: true, list: true }),
    f('note', 'text', '核查情况', 'Findings', { maxLength: 2000 }),
  ],
  constraints: [
    {
      id: 'staff-named',
      field: 'recommendedBy',
      when: { field: 'chosenBy', op: 'equal', value: 'staff' },
      then: { field: 'recommendedBy', op: 'present' },
      message: { zh: '由员工推荐或指定的，须填写该员工姓名', en: 'Name the staff member who recommended or designated it' },
    },
  ],
  indexes: [['chosenBy'], ['checkedOn']],
};

export const RECORD_TYPES = [APPLICATION_TYPE, INSPECTION_TYPE, DESIGNATION_TYPE];

export const labelOf = (options: FieldOption[], value: unknown): string => options.find((o) => o.value === value)?.label.zh ?? '';
