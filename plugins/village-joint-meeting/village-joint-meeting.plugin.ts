import { definePlugin, type ScreenDef } from '../../core/plugin-api';
import { dashboard, publicBoard } from './dashboard';
import { seedVillageDemo } from './demo-seed';
import { INDICATORS } from './indicators';
import { DECISION, DECISION_TYPE, EXPENDITURE, EXPENDITURE_TYPE, MEETING, MEETING_TYPE, MEMBER, MEMBER_TYPE, PUBLICATION, PUBLICATION_TYPE } from './records';
import { AGGREGATE_SUBJECTS, DEFAULT_LARGE_EXPENDITURE_FEN, DEFAULT_PUBLISH_DAYS, DEFAULT_QUORUM_PERCENT, FACTS, RULES, SUBJECTS } from './rules';
import { TEMPLATES } from './templates';
import { townshipDashboard } from './township';

const OFFICERS = ['discipline-officer', 'head', 'deputy-in-charge', 'system-admin'] as const;
const VILLAGE: ScreenDef['institutionTypes'] = ['village'];

export const villageJointMeetingPlugin = definePlugin({
  id: 'village-joint-meeting',
  version: '0.2.0',
  name: { zh: '村级联席会议', en: 'Village joint meeting' },
  description: { zh: '村两委、住村工作组、警务室联席会议与村级支出监督', en: 'Joint meetings of the two committees, work team and police office; village spending' },
  coreCompatibility: '^1.0.0',
  // A village runs its meetings; a township (government or its discipline commission) oversees its villages.
  institutionTypes: ['village', 'government', 'discipline-commission'],
  options: [
    {
      key: 'variant',
      id: 'vjm-opt-variant',
      type: 'enum',
      label: { zh: '联席会议模式', en: 'Meeting variant' },
      default: 'three-in-one',
      options: [
        { value: 'three-in-one', label: { zh: '三位一体（每周例会）', en: 'Three-in-one (weekly)' } },
        { value: 'four-in-one', label: { zh: '四位一体（每日联席、每周研判、每月通报）', en: 'Four-in-one (daily, weekly, monthly)' } },
      ],
    },
    {
      key: 'largeExpenditureThresholdFen',
      id: 'vjm-opt-large-expenditure',
      type: 'money',
      label: { zh: '大额经济支出标准', en: 'Large expenditure threshold' },
      help: { zh: '达到该金额的支出须经联席会议决议（第四篇 三.4）', en: 'At or above this amount a meeting decision is required' },
      min: 1,
      default: DEFAULT_LARGE_EXPENDITURE_FEN,
    },
    { key: 'quorumPercent', id: 'vjm-opt-quorum', type: 'integer', label: { zh: '会议出席比例下限（%）', en: 'Quorum (% of members)' }, min: 1, max: 100, default: DEFAULT_QUORUM_PERCENT },
    { key: 'publishDays', id: 'vjm-opt-publish-days', type: 'integer', label: { zh: '决议和“一事一议”支出公开时限（天）', en: 'Days to publish decisions and one-matter expenditures' }, min: 1, max: 90, default: DEFAULT_PUBLISH_DAYS },
  ],
  recordTypes: [MEMBER_TYPE, MEETING_TYPE, DECISION_TYPE, EXPENDITURE_TYPE, PUBLICATION_TYPE],
  facts: FACTS,
  subjects: SUBJECTS,
  aggregateSubjects: AGGREGATE_SUBJECTS,
  rules: RULES,
  indicators: INDICATORS,
  templates: TEMPLATES,
  screens: [
    { id: 'meetings', label: { zh: '联席会议台账', en: 'Meeting register' }, kind: 'list', institutionTypes: VILLAGE, recordType: MEETING, filters: ['kind'] },
    { id: 'new-meeting', label: { zh: '登记联席会议', en: 'Record a meeting' }, kind: 'form', institutionTypes: VILLAGE, recordType: MEETING },
    { id: 'decisions', label: { zh: '决议执行跟踪', en: 'Decision tracking' }, kind: 'list', institutionTypes: VILLAGE, recordType: DECISION, filters: ['meeting', 'policeAgreement', 'teamAgreement', 'branchAgreement'] },
    { id: 'new-decision', label: { zh: '登记决议', en: 'Record a decision' }, kind: 'form', institutionTypes: VILLAGE, recordType: DECISION },
    { id: 'expenditures', label: { zh: '村级支出台账', en: 'Expenditure ledger' }, kind: 'list', institutionTypes: VILLAGE, recordType: EXPENDITURE, filters: ['oneMatter', 'decision'] },
    { id: 'new-expenditure', label: { zh: '登记支出', en: 'Record an expenditure' }, kind: 'form', institutionTypes: VILLAGE, recordType: EXPENDITURE },
    { id: 'publications', label: { zh: '村务公开登记', en: 'Publications' }, kind: 'list', institutionTypes: VILLAGE, recordType: PUBLICATION, filters: ['item'] },
    { id: 'new-publication', label: { zh: '登记公开', en: 'Record a publication' }, kind: 'form', institutionTypes: VILLAGE, recordType: PUBLICATION },
    { id: 'members', label: { zh: '联席会议成员', en: 'Members' }, kind: 'list', institutionTypes: VILLAGE, recordType: MEMBER, filters: ['party'] },
    { id: 'new-member', label: { zh: '登记成员', en: 'Add a member' }, kind: 'form', institutionTypes: VILLAGE, recordType: MEMBER },
    { id: 'dashboard', label: { zh: '联席会议监督看板', en: 'Joint meeting dashboard' }, kind: 'dashboard', institutionTypes: VILLAGE, recordType: MEETING, roles: [...OFFICERS], dashboard },
    { id: 'board', label: { zh: '村务公开栏', en: 'Village affairs board' }, kind: 'dashboard', institutionTypes: VILLAGE, recordType: PUBLICATION, public: true, dashboard: publicBoard },
    { id: 'township', label: { zh: '全镇各村联席会议监督', en: 'Villages of the township' }, kind: 'dashboard', institutionTypes: ['government', 'discipline-commission'], recordType: MEETING, roles: [...OFFICERS], dashboard: townshipDashboard },
  ],
  demoSeed: seedVillageDemo,
});
