import { definePlugin } from '../../core/plugin-api';
import { dashboard } from './dashboard';
import { AWAITING_REGISTRATION, REGISTRATION_FIELDS, sputumScheduleBoard } from './hospital-screens';
import { seedTbYear } from './demo-seed';
import { INDICATORS } from './indicators';
import { PERSON, PERSON_TYPE, QUARTERLY, QUARTERLY_TYPE, REFERRAL, REFERRAL_FIELDS, REFERRAL_TYPE, SUPERVISION, SUPERVISION_TYPE, TASK, TASK_TYPE } from './records';
import { FACTS, RULES, SUBJECTS } from './rules';
import { TEMPLATES } from './templates';
import { visitCalendar } from './visit-calendar';

const CODE = '^[a-z][a-z0-9-]{1,63}$';

export const tbReferralPlugin = definePlugin({
  id: 'tb-referral',
  version: '0.2.0',
  name: { zh: '结核病“三位一体”转诊', en: 'TB three-in-one referral' },
  description: { zh: '疾控中心、定点医院、乡村医疗机构之间的结核病转诊与追踪', en: 'Referral and tracking between the CDC, the designated hospital and township and village clinics' },
  coreCompatibility: '^1.0.0',
  institutionTypes: ['cdc', 'designated-hospital', 'township-health-centre', 'village-clinic', 'hospital'],
  options: [
    {
      key: 'networkRole',
      id: 'tb-opt-network-role',
      type: 'enum',
      label: { zh: '在转诊网络中的角色', en: 'Role in the referral network' },
      required: true,
      options: [
        { value: 'cdc', label: { zh: '疾控中心', en: 'CDC' } },
        { value: 'designated-hospital', label: { zh: '定点医院', en: 'Designated hospital' } },
        { value: 'township', label: { zh: '乡镇卫生院', en: 'Township health centre' } },
        { value: 'village', label: { zh: '村卫生室', en: 'Village clinic' } },
        { value: 'other', label: { zh: '其他医疗机构', en: 'Other medical institution' } },
      ],
    },
    { key: 'designatedHospital', id: 'tb-opt-hospital', type: 'string', pattern: CODE, label: { zh: '转诊去向：结核病定点医院（单位代码）', en: 'Designated hospital referrals go to (code)' } },
    { key: 'managingTownship', id: 'tb-opt-township', type: 'string', pattern: CODE, label: { zh: '负责追踪管理的乡镇卫生院（单位代码）', en: 'Township that tracks and manages (code)' } },
    // 新涂阳病人发现率's denominator (the hospital's expected cases a year); without it the indicator shows 未配置.
    { key: 'expectedNewSmearPositivePerYear', id: 'tb-opt-expected-new-ss-pos', type: 'integer', min: 1, max: 100000, label: { zh: '预计每年新涂阳肺结核病人数（新涂阳病人发现率的分母）', en: 'Expected new smear-positive cases a year (detection rate denominator)' } },
    { key: 'superviseMonthly', id: 'tb-opt-sv-monthly', type: 'string-list', label: { zh: '每月督导的单位', en: 'Supervised monthly' } },
    { key: 'superviseQuarterly', id: 'tb-opt-sv-quarterly', type: 'string-list', label: { zh: '每季度督导的单位', en: 'Supervised quarterly' } },
  ],
  recordTypes: [PERSON_TYPE, REFERRAL_TYPE, SUPERVISION_TYPE, TASK_TYPE, QUARTERLY_TYPE],
  facts: FACTS,
  subjects: SUBJECTS,
  rules: RULES,
  indicators: INDICATORS,
  templates: TEMPLATES,
  screens: [
    { id: 'referrals', label: { zh: '转诊登记台账', en: 'Referral register' }, kind: 'list', recordType: REFERRAL, filters: ['diagnosis', 'outcome'], editScreen: 'referral' },
    { id: 'new-person', label: { zh: '登记可疑者', en: 'Register a suspect' }, kind: 'form', recordType: PERSON },
    { id: 'persons', label: { zh: '患者/可疑者', en: 'Patients and suspects' }, kind: 'list', recordType: PERSON },
    // The referring clinic asks only what it knows; each party then fills in its own part on the whole record, the others' parts read-only.
    { id: 'new-referral', label: { zh: '开具转诊单', en: 'Refer a suspect' }, kind: 'form', recordType: REFERRAL, fields: REFERRAL_FIELDS },
    { id: 'referral', label: { zh: '填写本单位部分', en: 'Fill in our part' }, kind: 'form', recordType: REFERRAL, creates: false },
    { id: 'arrivals', label: { zh: '到位登记', en: 'Arrivals' }, kind: 'check-in', recordType: REFERRAL, institutionTypes: ['designated-hospital'], checkIn: { codeField: 'referralNo', stampField: 'arrivalDate' } },
    { id: 'registration', label: { zh: '诊断登记', en: 'Registration' }, kind: 'list', recordType: REFERRAL, institutionTypes: ['designated-hospital'], show: AWAITING_REGISTRATION, editScreen: 'register' },
    { id: 'register', label: { zh: '登记诊断结果', en: 'Record the diagnosis' }, kind: 'form', recordType: REFERRAL, institutionTypes: ['designated-hospital'], creates: false, fields: REGISTRATION_FIELDS },
    { id: 'sputum-schedule', label: { zh: '复查痰检时间表', en: 'Sputum exam schedule' }, kind: 'dashboard', recordType: REFERRAL, institutionTypes: ['designated-hospital'], dashboard: sputumScheduleBoard },
    { id: 'sputum-result', label: { zh: '登记痰检结果', en: 'Record a sputum result' }, kind: 'form', recordType: REFERRAL, institutionTypes: ['designated-hospital'], creates: false, fields: ['sputumExams'], returnTo: 'sputum-schedule' },
    { id: 'tracking-tasks', label: { zh: '追踪任务', en: 'Tracking tasks' }, kind: 'list', recordType: TASK, institutionTypes: ['township-health-centre'] },
    // The CDC sees its townships' tasks and sends each township its tracking notice from here.
    { id: 'township-tracking-tasks', label: { zh: '乡镇追踪任务', en: 'Townships\' tracking tasks' }, kind: 'list', recordType: TASK, institutionTypes: ['cdc'], scope: 'network' },
    { id: 'supervision', label: { zh: '督导检查记录', en: 'Supervision visits' }, kind: 'list', recordType: SUPERVISION },
    { id: 'new-supervision', label: { zh: '登记督导检查', en: 'Record a supervision visit' }, kind: 'form', recordType: SUPERVISION },
    { id: 'quarterly-reports', label: { zh: '季度指标报告', en: 'Quarterly indicator reports' }, kind: 'list', recordType: QUARTERLY, institutionTypes: ['cdc'] },
    { id: 'new-quarterly-report', label: { zh: '编制季度指标报告', en: 'New quarterly report' }, kind: 'form', recordType: QUARTERLY, institutionTypes: ['cdc'] },
    { id: 'visit-calendar', label: { zh: '访视日历', en: 'Visit calendar' }, kind: 'dashboard', recordType: REFERRAL, institutionTypes: ['township-health-centre', 'village-clinic'], dashboard: visitCalendar },
    { id: 'dashboard', label: { zh: '结核病防治指标看板', en: 'TB indicators dashboard' }, kind: 'dashboard', recordType: REFERRAL, dashboard },
  ],
  demoSeed: seedTbYear,
});
