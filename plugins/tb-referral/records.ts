import type { FieldDef, RecordTypeDef, Role } from '../../core/plugin-api';
import { option as o } from '../../core/plugin-api';

export const PERSON = 'tb-person';
export const REFERRAL = 'tb-referral';
export const SUPERVISION = 'tb-supervision';
export const TASK = 'tb-tracking-task';
export const QUARTERLY = 'tb-quarterly-report';

/**
 * Health roles of the institutions involved (the referring clinic, and through the referral's shares the
 * township and the hospital) see identifying fields; discipline officers see stable pseudonyms and may
 * reveal one value with a logged reason (PIPL Art. 28).
 */
const HEALTH_ROLES: Role[] = ['staff', 'department-head', 'deputy-in-charge', 'head'];
const OVERSIGHT: Role[] = ['discipline-officer'];
const CODE = '^[a-z][a-z0-9-]{1,63}$';
/** Institutions are picked by name from those that enable the plugin (stored by code, as rules and shares read them). */
const HOSPITALS = { types: ['designated-hospital'] };
const TOWNSHIPS = { types: ['township-health-centre'] };
const VILLAGE_CLINICS = { types: ['village-clinic'] };

export const SYMPTOMS = [
  o('cough-2w', '咳嗽、咳痰≥2周', 'Cough ≥ 2 weeks'),
  o('haemoptysis', '咯血或血痰', 'Haemoptysis'),
  o('fever', '午后低热', 'Low fever'),
  o('night-sweats', '盗汗', 'Night sweats'),
  o('weight-loss', '消瘦乏力', 'Weight loss'),
  o('chest-pain', '胸痛', 'Chest pain'),
];
export const OUTCOMES = [o('cured', '治愈', 'Cured'), o('completed', '完成疗程', 'Completed'), o('failed', '失败', 'Failed'), o('died', '死亡', 'Died'), o('lost', '失访', 'Lost to follow-up'), o('transferred', '转出', 'Transferred out')];
export const SUPERVISION_ASPECTS = [
  o('registration', '登记报告', 'Registration and reporting'),
  o('referral', '转诊追踪', 'Referral and tracking'),
  o('visits', '访视管理', 'Visits'),
  o('sputum', '痰检复查', 'Sputum exams'),
  o('drugs', '药品管理', 'Drugs'),
  o('other', '其他', 'Other'),
];
/** 是/否 as an explicit choice: an unanswered question stays distinguishable from 否. */
const YES_NO = [o('yes', '是', 'Yes'), o('no', '否', 'No')];
const ADHERENCE = [o('good', '规律服药', 'Regular'), o('missed', '漏服', 'Missed doses'), o('stopped', '中断', 'Stopped')];

const visitColumns = (prefix: string): FieldDef[] => [
  { key: 'date', id: `${prefix}-date`, type: 'date', label: { zh: '访视日期', en: 'Date' }, required: true },
  { key: 'adherence', id: `${prefix}-adherence`, type: 'enum', label: { zh: '服药情况', en: 'Adherence' }, options: ADHERENCE, required: true },
  { key: 'adverse', id: `${prefix}-adverse`, type: 'string', label: { zh: '不良反应', en: 'Adverse reactions' }, maxLength: 200 },
];

export const PERSON_TYPE: RecordTypeDef = {
  id: PERSON,
  label: { zh: '患者/可疑者', en: 'Patient / suspect' },
  titleField: 'name',
  fields: [
    { key: 'name', id: 'tbp-name', type: 'string', label: { zh: '姓名', en: 'Name' }, required: true, maxLength: 50, list: true, sensitive: { encrypt: true, mask: 'name', visibleTo: HEALTH_ROLES, pseudonymFor: OVERSIGHT } },
    { key: 'sex', id: 'tbp-sex', type: 'enum', label: { zh: '性别', en: 'Sex' }, required: true, options: [o('m', '男', 'Male'), o('f', '女', 'Female')], list: true },
    { key: 'birthDate', id: 'tbp-birth', type: 'date', label: { zh: '出生日期', en: 'Date of birth' }, required: true },
    { key: 'idNumber', id: 'tbp-id', type: 'string', format: 'prc-id', label: { zh: '身份证号码', en: 'ID number' }, required: true, list: true, sensitive: { encrypt: true, mask: 'id-number', visibleTo: HEALTH_ROLES, pseudonymFor: OVERSIGHT } },
    { key: 'phone', id: 'tbp-phone', type: 'string', label: { zh: '联系电话', en: 'Phone' }, pattern: '^1[3-9][0-9]{9}$', sensitive: { encrypt: true, mask: 'phone', visibleTo: HEALTH_ROLES, pseudonymFor: OVERSIGHT } },
    { key: 'address', id: 'tbp-address', type: 'string', label: { zh: '住址', en: 'Address' }, maxLength: 200, sensitive: { encrypt: true, mask: 'all', visibleTo: HEALTH_ROLES, pseudonymFor: OVERSIGHT } },
    { key: 'village', id: 'tbp-village', type: 'string', label: { zh: '所在村', en: 'Village' }, maxLength: 50, list: true },
    // The day the suspect was first seen: the referral rate counts suspects found in a period.
    { key: 'firstVisitDate', id: 'tbp-first-visit', type: 'date', label: { zh: '初诊日期', en: 'First seen' } },
  ],
  constraints: [],
};

/**
 * A patient as a picker names them: the masked name and facts a doctor can check with the patient in front of them
 * (sex, year of birth, village, the ID number's last four characters), never the whole ID number.
 */
export function personOptionLabel(title: string, v: Record<string, unknown>): { zh: string; en: string } {
  const sex = PERSON_TYPE.fields.find((f) => f.key === 'sex')!.options!.find((o) => o.value === v.sex)?.label;
  const year = typeof v.birthDate === 'string' ? v.birthDate.slice(0, 4) : '';
  const id = typeof v.idNumber === 'string' && /^[0-9*]{14,17}[0-9X]$/.test(v.idNumber) ? v.idNumber.slice(-4) : '';
  const village = typeof v.village === 'string' ? v.village : '';
  const join = (parts: string[]) => [title, ...parts.filter(Boolean)].join(' · ');
  return {
    zh: join([sex?.zh ?? '', year && `${year}年生`, village, id && `身份证尾号 ${id}`]),
    en: join([sex?.en ?? '', year && `born ${year}`, village, id && `ID ending ${id}`]),
  };
}

/** What the referring clinic knows when it refers a suspect: the referral form asks only this. */
export const REFERRAL_FIELDS = ['referralNo', 'person', 'referralDate', 'symptoms', 'referringDoctor', 'toHospital', 'township'];
/** Hospital-side fields: the designated hospital records arrival, diagnosis, treatment, sputum exams, outcome and costs. */
export const HOSPITAL_FIELDS = ['arrivalDate', 'diagnosis', 'reportDate', 'contacts', 'contactsScreened', 'smear', 'registrationNo', 'treatmentStart', 'regimen', 'freeStandardRegimen', 'mdrSuspected', 'mdrSpecimenSentDate', 'treatmentType', 'phase', 'supervisingVillage', 'sputumExams', 'outcome', 'outcomeDate', 'monthlyCosts'];
/** Township-side fields: tracking a referral that did not arrive, and the township's visits. */
export const TOWNSHIP_FIELDS = ['trackingStartDate', 'trackingRecords', 'townshipVisits'];
/** The hospital's and the township's parts are theirs alone: the referring clinic, measured by what they record, cannot write them. */
const byParty = (fields: FieldDef[]): FieldDef[] => fields.map((f) => ([...HOSPITAL_FIELDS, ...TOWNSHIP_FIELDS].includes(f.key) && !f.write ? { ...f, write: { by: 'shares' } } : f));

export const REFERRAL_TYPE: RecordTypeDef = {
  id: REFERRAL,
  label: { zh: '转诊与治疗管理', en: 'Referral and treatment' },
  titleField: 'referralNo',
  shares: [
    { field: 'toHospital', writable: HOSPITAL_FIELDS },
    { field: 'township', writable: TOWNSHIP_FIELDS },
  ],
  fields: byParty([
    { key: 'referralNo', id: 'tbr-no', type: 'string', label: { zh: '转诊单编号', en: 'Referral code' }, required: true, pattern: '^[A-Z0-9-]{4,30}$', list: true, unique: true },
    { key: 'person', id: 'tbr-person', type: 'reference', ref: { recordType: PERSON, optionLabel: personOptionLabel }, label: { zh: '患者/可疑者', en: 'Person' }, required: true },
    { key: 'referralDate', id: 'tbr-date', type: 'date', label: { zh: '转诊日期', en: 'Referral date' }, required: true, list: true },
    { key: 'symptoms', id: 'tbr-symptoms', type: 'multi-enum', label: { zh: '可疑症状', en: 'Symptoms' }, options: SYMPTOMS, required: true },
    { key: 'referringDoctor', id: 'tbr-doctor', type: 'string', label: { zh: '转诊医生', en: 'Referring doctor' }, required: true, maxLength: 50, namesPerson: true },
    { key: 'toHospital', id: 'tbr-to', type: 'string', pattern: CODE, institution: HOSPITALS, label: { zh: '接诊定点医院', en: 'Designated hospital' }, required: true, default: { option: 'designatedHospital' } },
    { key: 'township', id: 'tbr-township', type: 'string', pattern: CODE, institution: TOWNSHIPS, label: { zh: '负责追踪管理的乡镇卫生院', en: 'Managing township health centre' }, required: true, default: { option: 'managingTownship' } },
    // The arrival is the hospital's fact: the referring clinic, measured by its arrival rate, cannot record or rewrite it.
    { key: 'arrivalDate', id: 'tbr-arrival', type: 'date', label: { zh: '到位日期（定点医院填写）', en: 'Arrival date (hospital)' }, list: true, write: { by: 'shares' } },
    { key: 'trackingStartDate', id: 'tbr-track-start', type: 'date', label: { zh: '开始追踪日期', en: 'Tracking started' } },
    {
      key: 'trackingRecords',
      id: 'tbr-tracking',
      type: 'rows',
      label: { zh: '追踪记录', en: 'Tracking records' },
      columns: [
        { key: 'date', id: 'tbt-date', type: 'date', label: { zh: '追踪日期', en: 'Date' }, required: true },
        { key: 'method', id: 'tbt-method', type: 'enum', label: { zh: '方式', en: 'Method' }, options: [o('phone', '电话', 'Phone'), o('home', '入户', 'Home visit')], required: true },
        { key: 'result', id: 'tbt-result', type: 'string', label: { zh: '结果', en: 'Result' }, maxLength: 200 },
      ],
    },
    { key: 'diagnosis', id: 'tbr-diagnosis', type: 'enum', label: { zh: '诊断结果', en: 'Diagnosis' }, options: [o('confirmed', '确诊', 'Confirmed'), o('excluded', '排除', 'Excluded'), o('suspected', '疑似', 'Suspected')], list: true, write: { by: 'shares' } },
    { key: 'reportDate', id: 'tbr-report', type: 'date', label: { zh: '传染病报告日期', en: 'Case reported on' } },
    { key: 'contacts', id: 'tbr-contacts', type: 'integer', label: { zh: '密切接触者人数', en: 'Close contacts' }, min: 0, max: 200 },
    { key: 'contactsScreened', id: 'tbr-contacts-screened', type: 'integer', label: { zh: '已筛查密切接触者人数', en: 'Close contacts screened' }, min: 0, max: 200 },
    { key: 'smear', id: 'tbr-smear', type: 'enum', label: { zh: '痰涂片', en: 'Smear' }, options: [o('positive', '阳性', 'Positive'), o('negative', '阴性', 'Negative'), o('not-done', '未查', 'Not done')] },
    { key: 'registrationNo', id: 'tbr-reg', type: 'string', label: { zh: '登记号', en: 'Registration number' }, maxLength: 30 },
    { key: 'treatmentStart', id: 'tbr-tx-start', type: 'date', label: { zh: '开始治疗日期', en: 'Treatment start' } },
    { key: 'regimen', id: 'tbr-regimen', type: 'string', label: { zh: '治疗方案', en: 'Regimen' }, maxLength: 50 },
    // 000 第五篇: 实行国家统一方案的免费抗结核治疗，免费标准化疗的患者达到90%以上.
    { key: 'freeStandardRegimen', id: 'tbr-free-regimen', type: 'enum', label: { zh: '是否国家统一方案免费抗结核治疗', en: 'Free national standard regimen' }, options: [o('yes', '是（免费标准化疗）', 'Yes (free standard regimen)'), o('no', '否（其他方案）', 'No (another regimen)')] },
    // 000 第五篇: 疑似耐多药肺结核患者的送检率达100%.
    { key: 'mdrSuspected', id: 'tbr-mdr-suspected', type: 'enum', label: { zh: '是否疑似耐多药肺结核', en: 'Suspected MDR-TB' }, options: YES_NO },
    {
      key: 'mdrSpecimenSentDate',
      id: 'tbr-mdr-sent',
      type: 'date',
      label: { zh: '耐多药检测标本送检日期', en: 'MDR-TB specimen sent on' },
      notAfterToday: true,
      validate: (v, values) => (typeof values.referralDate === 'string' && typeof v === 'string' && v < values.referralDate ? { zh: '送检日期不能早于转诊日期', en: 'The specimen cannot be sent before the referral date' } : null),
    },
    { key: 'treatmentType', id: 'tbr-tx-type', type: 'enum', label: { zh: '初治/复治', en: 'New / retreatment' }, options: [o('new', '初治', 'New'), o('retreatment', '复治', 'Retreatment')] },
    { key: 'phase', id: 'tbr-phase', type: 'enum', label: { zh: '治疗阶段', en: 'Phase' }, options: [o('intensive', '强化期', 'Intensive'), o('continuation', '继续期', 'Continuation')] },
    { key: 'supervisingVillage', id: 'tbr-village', type: 'string', pattern: CODE, institution: VILLAGE_CLINICS, label: { zh: '督导村卫生室', en: 'Supervising village clinic' } },
    {
      key: 'sputumExams',
      id: 'tbr-sputum',
      type: 'rows',
      label: { zh: '复查痰检', en: 'Sputum exams' },
      columns: [
        { key: 'month', id: 'tbs-month', type: 'integer', label: { zh: '治疗月', en: 'Month' }, min: 1, max: 12, required: true },
        { key: 'date', id: 'tbs-date', type: 'date', label: { zh: '检查日期', en: 'Date' }, required: true },
        { key: 'result', id: 'tbs-result', type: 'enum', label: { zh: '结果', en: 'Result' }, options: [o('positive', '阳性', 'Positive'), o('negative', '阴性', 'Negative')], required: true },
      ],
    },
    { key: 'outcome', id: 'tbr-outcome', type: 'enum', label: { zh: '转归', en: 'Outcome' }, options: OUTCOMES, list: true },
    { key: 'outcomeDate', id: 'tbr-outcome-date', type: 'date', label: { zh: '转归日期', en: 'Outcome date' } },
    {
      key: 'monthlyCosts',
      id: 'tbr-costs',
      type: 'rows',
      label: { zh: '门诊月自费费用', en: 'Monthly self-paid outpatient cost' },
      columns: [
        { key: 'month', id: 'tbc-month', type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$', label: { zh: '月份', en: 'Month' }, required: true },
        { key: 'selfPaidFen', id: 'tbc-fen', type: 'money', label: { zh: '自费金额（元）', en: 'Self-paid (yuan)' }, required: true },
      ],
    },
    { key: 'townshipVisits', id: 'tbr-tw-visits', type: 'rows', label: { zh: '乡镇卫生院访视', en: 'Township visits' }, columns: visitColumns('tbvt') },
    { key: 'villageVisits', id: 'tbr-vc-visits', type: 'rows', label: { zh: '村卫生室访视', en: 'Village visits' }, columns: visitColumns('tbvv'), maxRows: 200 },
  ]),
  constraints: [
    { id: 'arrival-after-referral', field: 'arrivalDate', when: { field: 'arrivalDate', op: 'present' }, then: { field: 'referralDate', op: 'present' }, message: { zh: '到位日期须有对应的转诊日期', en: 'An arrival needs a referral date' } },
    { id: 'treatment-needs-diagnosis', field: 'treatmentStart', when: { field: 'treatmentStart', op: 'present' }, then: { field: 'diagnosis', op: 'equal', value: 'confirmed' }, message: { zh: '确诊后方可登记开始治疗', en: 'Treatment starts only after a confirmed diagnosis' } },
    { id: 'registration-needs-confirmed', field: 'registrationNo', when: { field: 'registrationNo', op: 'present' }, then: { field: 'diagnosis', op: 'equal', value: 'confirmed' }, message: { zh: '确诊后方可填写登记号', en: 'A registration number needs a confirmed diagnosis' } },
    { id: 'free-regimen-needs-treatment', field: 'freeStandardRegimen', when: { field: 'freeStandardRegimen', op: 'present' }, then: { field: 'treatmentStart', op: 'present' }, message: { zh: '填写是否免费标准化疗须同时填写开始治疗日期', en: 'The regimen choice needs the treatment start date' } },
    { id: 'mdr-sent-needs-suspicion', field: 'mdrSpecimenSentDate', when: { field: 'mdrSpecimenSentDate', op: 'present' }, then: { field: 'mdrSuspected', op: 'equal', value: 'yes' }, message: { zh: '疑似耐多药肺结核方可填写送检日期', en: 'A specimen sent date needs a suspected MDR-TB patient' } },
    { id: 'mdr-suspected-not-excluded', field: 'mdrSuspected', when: { field: 'mdrSuspected', op: 'equal', value: 'yes' }, then: { field: 'diagnosis', op: 'notEqual', value: 'excluded' }, message: { zh: '已排除肺结核的不能标为疑似耐多药', en: 'An excluded diagnosis cannot be a suspected MDR-TB patient' } },
    { id: 'screened-needs-contacts', field: 'contacts', when: { field: 'contactsScreened', op: 'present' }, then: { field: 'contacts', op: 'present' }, message: { zh: '填写已筛查人数须同时填写密切接触者人数', en: 'Screened contacts need the number of contacts' } },
    { id: 'outcome-needs-date', field: 'outcomeDate', when: { field: 'outcome', op: 'present' }, then: { field: 'outcomeDate', op: 'present' }, message: { zh: '填写转归须同时填写转归日期', en: 'An outcome needs its date' } },
  ],
};

export const SUPERVISION_TYPE: RecordTypeDef = {
  id: SUPERVISION,
  label: { zh: '督导检查记录', en: 'Supervision visit' },
  titleField: 'target',
  fields: [
    { key: 'target', id: 'tbsv-target', type: 'string', pattern: CODE, institution: { types: ['designated-hospital', 'township-health-centre', 'village-clinic'] }, label: { zh: '被督导单位', en: 'Supervised institution' }, required: true, list: true },
    { key: 'date', id: 'tbsv-date', type: 'date', label: { zh: '督导日期', en: 'Date' }, required: true, list: true },
    { key: 'supervisor', id: 'tbsv-by', type: 'string', label: { zh: '督导人员', en: 'Supervisor' }, required: true, maxLength: 100, namesPerson: true },
    { key: 'findings', id: 'tbsv-findings', type: 'text', label: { zh: '发现问题及整改要求', en: 'Findings' }, maxLength: 2000 },
    // The plugin cannot look up another institution's name by code; the report's addressee needs it.
    { key: 'targetName', id: 'tbsv-target-name', type: 'string', label: { zh: '被督导单位名称', en: 'Supervised institution (name)' }, maxLength: 100 },
    {
      key: 'items',
      id: 'tbsv-items',
      type: 'rows',
      label: { zh: '督导发现（逐项）', en: 'What the visit found' },
      columns: [
        { key: 'aspect', id: 'tbsvi-aspect', type: 'enum', label: { zh: '督导内容', en: 'Aspect' }, options: SUPERVISION_ASPECTS, required: true },
        { key: 'finding', id: 'tbsvi-finding', type: 'string', label: { zh: '发现问题', en: 'Finding' }, required: true, maxLength: 300 },
        { key: 'requirement', id: 'tbsvi-requirement', type: 'string', label: { zh: '整改要求', en: 'Required action' }, maxLength: 300 },
        { key: 'deadline', id: 'tbsvi-deadline', type: 'date', label: { zh: '整改期限', en: 'Due by' } },
      ],
    },
  ],
};

/** A quarter's indicator report (季度指标报告), issued from this record: the quarter is the report's period. */
export const QUARTERLY_TYPE: RecordTypeDef = {
  id: QUARTERLY,
  label: { zh: '季度指标报告', en: 'Quarterly indicator report' },
  titleField: 'quarter',
  fields: [
    { key: 'quarter', id: 'tbq-quarter', type: 'string', pattern: '^[0-9]{4}-Q[1-4]$', label: { zh: '报告季度（如2026-Q1）', en: 'Quarter (e.g. 2026-Q1)' }, required: true, list: true },
    { key: 'remarks', id: 'tbq-remarks', type: 'text', label: { zh: '工作小结', en: 'Remarks' }, maxLength: 2000 },
  ],
};

/** The township's tracking task, created by core when a referral has not arrived within 7 days (rule follow-up). */
export const TASK_TYPE: RecordTypeDef = {
  id: TASK,
  label: { zh: '追踪任务', en: 'Tracking task' },
  titleField: 'referralNo',
  fields: [
    { key: 'referralNo', id: 'tbk-no', type: 'string', label: { zh: '转诊单编号', en: 'Referral code' }, required: true, pattern: '^[A-Z0-9-]{4,30}$', list: true },
    { key: 'referralId', id: 'tbk-referral', type: 'integer', label: { zh: '转诊记录号', en: 'Referral record' }, required: true, min: 1 },
    { key: 'referredBy', id: 'tbk-by', type: 'string', label: { zh: '转诊单位', en: 'Referred by' }, required: true, maxLength: 100, list: true },
    { key: 'referralDate', id: 'tbk-ref-date', type: 'date', label: { zh: '转诊日期', en: 'Referral date' }, required: true, list: true },
    { key: 'startDate', id: 'tbk-start', type: 'date', label: { zh: '开始追踪日期', en: 'Tracking started' }, required: true, list: true },
    { key: 'dueDate', id: 'tbk-due', type: 'date', label: { zh: '追踪到位期限', en: 'Arrival due by' }, required: true, list: true },
    { key: 'result', id: 'tbk-result', type: 'string', label: { zh: '追踪结果', en: 'Result' }, maxLength: 200 },
  ],
};
