import type { FieldDef, FieldOption, LocalizedText, RecordTypeDef } from '../../core/plugin-api';
import { fieldMaker, option as o } from '../../core/plugin-api';

export const PLUGIN_ID = 'village-joint-meeting';
export const MEMBER = 'member';
export const MEETING = 'meeting';
export const DECISION = 'decision';
export const EXPENDITURE = 'expenditure';
export const PUBLICATION = 'publication';

/** The parties at the table (第四篇 一; 第二篇 adds the armed work team in the four-in-one variant). */
export const PARTIES: FieldOption[] = [
  o('party-branch', '村党支部', 'Party branch'),
  o('village-committee', '村委会', 'Village committee'),
  o('work-team', '住村工作组', 'Resident work team'),
  o('police-office', '警务室', 'Police office'),
  o('armed-team', '武工队（四位一体）', 'Armed work team (four-in-one)'),
];

/** The three parties whose agreement makes a decision (第四篇 四): the branch speaks for the two committees. */
export const AGREEING_PARTIES = [
  { key: 'branchAgreement', parties: ['party-branch', 'village-committee'], label: '村党支部' },
  { key: 'teamAgreement', parties: ['work-team'], label: '住村工作组' },
  { key: 'policeAgreement', parties: ['police-office'], label: '警务室' },
] as const;

export const MEMBER_ROLES: FieldOption[] = [
  o('branch-secretary', '村党支部书记（召集人）', 'Branch secretary (convener)'),
  o('branch-member', '村党支部委员', 'Branch member'),
  o('committee-director', '村委会主任', 'Committee director'),
  o('committee-member', '村委会委员', 'Committee member'),
  o('team-leader', '工作组组长（召集人）', 'Team leader (convener)'),
  o('team-member', '工作组队员', 'Team member'),
  o('village-police', '村警', 'Village police officer'),
  o('auxiliary-police', '协警', 'Auxiliary police officer'),
  o('armed-team-member', '武工队队员', 'Armed work team member'),
];

export const MEETING_KINDS: FieldOption[] = [
  o('weekly-regular', '每周例会', 'Weekly regular meeting'),
  o('ad-hoc', '重大事项临时会议', 'Ad-hoc meeting on a major matter'),
  o('daily-joint', '每日联席会（四位一体）', 'Daily joint meeting (four-in-one)'),
  o('weekly-analysis', '每周分析研判会（四位一体）', 'Weekly analysis meeting (four-in-one)'),
  o('monthly-briefing', '每月群众通报会（四位一体）', 'Monthly briefing to villagers (four-in-one)'),
];

/** The eight kinds of agenda item of 第四篇 三. */
export const AGENDA_KINDS: FieldOption[] = [
  o('development-plan', '本村经济社会发展规划和目标', 'Development plans and goals'),
  o('township-task', '落实镇党委安排的工作任务', 'Tasks from the township'),
  o('village-rules', '村规民约、工作计划、精神文明建设、宣传教育', 'Village rules, plans, civility, education'),
  o('funds', '“一事一议”资金、项目资金和大额经济支出', '“One matter, one discussion” funds, project funds, large expenditures'),
  o('stability', '分析研判稳定形势', 'Stability analysis'),
  o('last-week-review', '总结上周工作', "Last week's review"),
  o('week-plan', '本周工作计划', "This week's plan"),
  o('villager-interest', '涉及村民利益的其他重要事项', "Other matters of villagers' interest"),
];

export const AGREEMENT: FieldOption[] = [o('agree', '同意', 'Agrees'), o('object', '不同意', 'Objects'), o('abstain', '未表态', 'No position')];

export const PUBLICATION_ITEMS: FieldOption[] = [o('decision', '联席会议决议', 'Decision'), o('expenditure', '村级支出', 'Expenditure')];

const f = fieldMaker('vjm');

/** A signature stands once given: nobody rewrites who signed the minutes, or when. */
const SIGNATURE: Partial<FieldDef> = { write: { until: 'set' } };
/** What the meeting was and said is fixed once the branch secretary has signed the minutes. */
const UNTIL_SIGNED: Partial<FieldDef> = { write: { until: { before: 'signedBranchOn' } } };
/** Each party's position on a decision is what was said at the table: recorded with the decision, never rewritten. */
const AS_DECIDED: Partial<FieldDef> = { write: { until: 'created' } };

export const MEMBER_TYPE: RecordTypeDef = {
  id: MEMBER,
  label: { zh: '联席会议成员', en: 'Member' },
  titleField: 'name',
  fields: [
    f('name', 'string', '姓名', 'Name', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('party', 'enum', '所属方', 'Party', { required: true, options: PARTIES, list: true }),
    f('role', 'enum', '职务', 'Role', { required: true, options: MEMBER_ROLES, list: true }),
    f('phone', 'string', '联系电话', 'Phone', { maxLength: 30, pattern: '^[0-9+\\- ]{5,30}$' }),
    f('active', 'boolean', '在任', 'Serving', { default: true, list: true }),
  ],
  constraints: [
    {
      id: 'convener-party',
      field: 'role',
      when: { field: 'role', op: 'equal', value: 'branch-secretary' },
      then: { field: 'party', op: 'equal', value: 'party-branch' },
      message: { zh: '村党支部书记应属于村党支部', en: 'The branch secretary belongs to the party branch' },
    },
    {
      id: 'leader-party',
      field: 'role',
      when: { field: 'role', op: 'equal', value: 'team-leader' },
      then: { field: 'party', op: 'equal', value: 'work-team' },
      message: { zh: '工作组组长应属于住村工作组', en: 'The team leader belongs to the work team' },
    },
    {
      id: 'police-party',
      field: 'role',
      when: { field: 'role', op: 'in', value: ['village-police', 'auxiliary-police'] },
      then: { field: 'party', op: 'equal', value: 'police-office' },
      message: { zh: '村警和协警应属于警务室', en: 'Police officers belong to the police office' },
    },
  ],
};

/** The names of those present: a list separated by 、 (the column's pattern), so it counts exactly. */
const attendeesIn = (text: unknown): string[] => String(text ?? '').split('、').filter(Boolean);

/** The names among the absent ("刘桂香、吴德胜（外出）" → 2): reasons in brackets are not names. */
export function namesIn(text: unknown): string[] {
  return String(text ?? '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .split(/[、，,；;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * Why a row's names and counts disagree, or null. Issuing the 纪要 needs a name for each one present and for each
 * one absent (`complete`); a record being typed may leave the names for later, but names given must match the counts.
 */
export function attendanceMismatch(rows: unknown, complete: boolean): LocalizedText | null {
  for (const [i, row] of (Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []).entries()) {
    const expected = Number(row.expected);
    const present = Number(row.present);
    const party = PARTIES.find((x) => x.value === row.party)?.label.zh ?? String(row.party);
    if (present > expected) return { zh: `第${i + 1}行实到人数不能多于应到人数`, en: `Row ${i + 1}: more present than expected` };
    const names = attendeesIn(row.attendees).length;
    if ((complete || names > 0) && names !== present) return { zh: `第${i + 1}行（${party}）实到${present}人，出席人员填了${names}人`, en: `Row ${i + 1} (${party}): ${present} present but ${names} names given` };
    const absent = namesIn(row.absentees).length;
    if ((complete || names > 0) && expected > present && absent !== expected - present) {
      return { zh: `第${i + 1}行（${party}）缺席${expected - present}人，缺席人员填了${absent}人`, en: `Row ${i + 1} (${party}): ${expected - present} absent but ${absent} names given` };
    }
  }
  return null;
}

export const ATTENDANCE_COLUMNS: FieldDef[] = [
  f('party', 'enum', '所属方', 'Party', { required: true, options: PARTIES }),
  f('expected', 'integer', '应到', 'Expected', { required: true, min: 0, max: 99 }),
  f('present', 'integer', '实到', 'Present', { required: true, min: 0, max: 99 }),
  f('attendees', 'string', '出席人员', 'Present (names)', {
    maxLength: 200,
    pattern: '^[^、，,；;\\s]+(、[^、，,；;\\s]+)*$',
    patternMessage: { zh: '填写出席人员姓名，用顿号“、”分隔', en: 'Names of those present, separated by 、' },
  }),
  f('absentees', 'string', '缺席人员及原因', 'Absent (and why)', { maxLength: 200 }),
];

export const AGENDA_COLUMNS: FieldDef[] = [
  f('kind', 'enum', '议题类别', 'Kind', { required: true, options: AGENDA_KINDS }),
  f('topic', 'string', '议题', 'Topic', { required: true, maxLength: 200 }),
  f('notes', 'text', '讨论情况', 'Discussion', { maxLength: 4000 }),
];

export const MEETING_TYPE: RecordTypeDef = {
  id: MEETING,
  label: { zh: '联席会议', en: 'Joint meeting' },
  titleField: 'title',
  fields: [
    f('title', 'string', '会议名称', 'Meeting', { required: true, maxLength: 100, list: true }),
    f('kind', 'enum', '会议类型', 'Kind', { required: true, options: MEETING_KINDS, list: true }),
    f('date', 'date', '会议日期', 'Date', { required: true, list: true, ...UNTIL_SIGNED }),
    f('place', 'string', '会议地点', 'Place', { required: true, maxLength: 100 }),
    f('matter', 'string', '临时会议所议重大事项', 'Major matter (ad-hoc)', { maxLength: 200 }),
    f('convenerBranch', 'reference', '召集人（村党支部书记）', 'Convener (branch secretary)', { ref: { recordType: MEMBER }, required: true }),
    f('convenerTeam', 'reference', '召集人（工作组组长）', 'Convener (team leader)', { ref: { recordType: MEMBER }, required: true }),
    f('attendance', 'rows', '出席情况（按各方）', 'Attendance by party', { columns: ATTENDANCE_COLUMNS, maxRows: 5, required: true, validate: (rows) => attendanceMismatch(rows, false), ...UNTIL_SIGNED }),
    f('recorder', 'reference', '记录人', 'Recorder', { ref: { recordType: MEMBER }, required: true }),
    f('agenda', 'rows', '议题', 'Agenda', { columns: AGENDA_COLUMNS, maxRows: 20, required: true, ...UNTIL_SIGNED }),
    f('discussion', 'text', '讨论记录', 'Discussion notes', { maxLength: 10000, ...UNTIL_SIGNED }),
    f('minutes', 'text', '会议纪要正文', 'Minutes text', { maxLength: 20000, ...UNTIL_SIGNED }),
    f('minutesNo', 'string', '纪要编号', 'Minutes no.', { maxLength: 60, list: true }),
    f('signedBranchOn', 'date', '村党支部书记签字日期', 'Signed by the branch secretary on', SIGNATURE),
    f('signedTeamOn', 'date', '工作组组长签字日期', 'Signed by the team leader on', SIGNATURE),
  ],
  constraints: [
    {
      id: 'ad-hoc-matter',
      field: 'matter',
      when: { field: 'kind', op: 'equal', value: 'ad-hoc' },
      then: { field: 'matter', op: 'present' },
      message: { zh: '临时会议须写明所议重大事项', en: 'An ad-hoc meeting names its major matter' },
    },
    {
      id: 'signed-after-meeting',
      field: 'signedBranchOn',
      when: { field: 'signedBranchOn', op: 'present' },
      then: { field: 'minutes', op: 'present' },
      message: { zh: '纪要正文填写后方可签字', en: 'Sign after the minutes are written' },
    },
  ],
};

const EXECUTION_COLUMNS: FieldDef[] = [
  f('reportedOn', 'date', '报告日期', 'Reported on', { required: true }),
  f('progress', 'text', '执行情况', 'Progress', { required: true, maxLength: 2000 }),
  f('completed', 'boolean', '已办结', 'Completed'),
];

export const DECISION_TYPE: RecordTypeDef = {
  id: DECISION,
  label: { zh: '联席会议决议', en: 'Decision' },
  titleField: 'content',
  fields: [
    f('content', 'string', '决议事项', 'Decision', { required: true, maxLength: 300, list: true }),
    f('meeting', 'reference', '所属会议', 'Meeting', { required: true, ref: { recordType: MEETING }, list: true }),
    f('agendaKind', 'enum', '议题类别', 'Agenda kind', { required: true, options: AGENDA_KINDS }),
    f('branchAgreement', 'enum', '村党支部意见', 'Party branch', { required: true, options: AGREEMENT, list: true, ...AS_DECIDED }),
    f('teamAgreement', 'enum', '住村工作组意见', 'Work team', { required: true, options: AGREEMENT, list: true, ...AS_DECIDED }),
    f('policeAgreement', 'enum', '警务室意见', 'Police office', { required: true, options: AGREEMENT, list: true, ...AS_DECIDED }),
    f('dissent', 'text', '不同意见', 'Dissent', { maxLength: 2000, ...AS_DECIDED }),
    f('amountFen', 'money', '涉及金额（元）', 'Amount involved (yuan)'),
    f('responsible', 'string', '责任人', 'Responsible', { required: true, maxLength: 40, list: true, namesPerson: true }),
    f('deadline', 'date', '完成时限', 'Deadline', { required: true, list: true }),
    f('executionReports', 'rows', '执行情况报告', 'Execution reports', { columns: EXECUTION_COLUMNS, maxRows: 30 }),
  ],
  constraints: [
    {
      id: 'dissent-recorded',
      field: 'dissent',
      when: { any: AGREEING_PARTIES.map((p) => ({ field: p.key, op: 'notEqual' as const, value: 'agree' })) },
      then: { field: 'dissent', op: 'present' },
      message: { zh: '有一方未同意时须记录不同意见', en: 'Record the dissent when a party does not agree' },
    },
  ],
};

export const EXPENDITURE_TYPE: RecordTypeDef = {
  id: EXPENDITURE,
  label: { zh: '村级支出', en: 'Village expenditure' },
  titleField: 'purpose',
  fields: [
    f('voucherNo', 'string', '凭证号', 'Voucher no.', { required: true, maxLength: 40, list: true }),
    f('purpose', 'string', '支出事由', 'Purpose', { required: true, maxLength: 200, list: true }),
    f('amountFen', 'money', '金额（元）', 'Amount (yuan)', { required: true, min: 1, list: true }),
    f('payee', 'string', '收款人', 'Payee', { required: true, maxLength: 100, list: true }),
    f('paidOn', 'date', '支出日期', 'Paid on', { required: true, list: true }),
    f('oneMatter', 'boolean', '“一事一议”事项', '“One matter, one discussion” item', { default: false, list: true }),
    f('decision', 'reference', '授权决议', 'Authorising decision', { ref: { recordType: DECISION }, list: true }),
  ],
};

export const PUBLICATION_TYPE: RecordTypeDef = {
  id: PUBLICATION,
  label: { zh: '村务公开', en: 'Publication' },
  titleField: 'title',
  fields: [
    f('title', 'string', '公开事项', 'Published item', { required: true, maxLength: 200, list: true }),
    f('item', 'enum', '公开内容', 'Kind', { required: true, options: PUBLICATION_ITEMS, list: true }),
    f('decision', 'reference', '决议', 'Decision', { ref: { recordType: DECISION } }),
    f('expenditure', 'reference', '支出', 'Expenditure', { ref: { recordType: EXPENDITURE } }),
    f('publishedOn', 'date', '公开日期', 'Published on', { required: true, list: true }),
    f('place', 'string', '公开地点', 'Where', { required: true, maxLength: 100, list: true }),
    f('days', 'integer', '公开天数', 'Days on display', { required: true, min: 1, max: 365, list: true }),
  ],
  constraints: [
    {
      id: 'decision-named',
      field: 'decision',
      when: { field: 'item', op: 'equal', value: 'decision' },
      then: { field: 'decision', op: 'present' },
      message: { zh: '请选择公开的决议', en: 'Pick the decision published' },
    },
    {
      id: 'expenditure-named',
      field: 'expenditure',
      when: { field: 'item', op: 'equal', value: 'expenditure' },
      then: { field: 'expenditure', op: 'present' },
      message: { zh: '请选择公开的支出', en: 'Pick the expenditure published' },
    },
  ],
};
