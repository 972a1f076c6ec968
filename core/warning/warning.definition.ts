import type { DomainModuleDefinition } from '../platform/domain-module';
import { WARNING_TEMPLATE_DEMO_DATA, WARNING_TEMPLATE_FIELDS } from './warning-document-data';
import { WARNING_ENTITIES } from './warning.entities';
import { WARNING_MIGRATIONS } from './migrations';
import { WARNING_NAV } from './warning.nav';
import { STATE_LABELS } from './warning-state';
import { ASSIGNMENT_STATE_LABELS, ASSIGNMENT_STEP_LABELS } from './clue-assignment-labels';
import { PALETTES } from './warning-levels';

/** What the warning module registers with the platform (entities, migrations, menu, document data shapes). */
export const WARNING_MODULE: DomainModuleDefinition = {
  id: 'warning',
  entities: WARNING_ENTITIES,
  migrations: WARNING_MIGRATIONS,
  nav: WARNING_NAV,
  templateFields: WARNING_TEMPLATE_FIELDS,
  templateDemoData: WARNING_TEMPLATE_DEMO_DATA,
  institutionChoices: [{ field: 'warningPalette', label: { zh: '预警等级预设', en: 'Warning levels' }, options: Object.values(PALETTES).map((p) => ({ value: p.id, label: p.name })) }],
  auditTransitions: [
    { actionPrefix: 'warning.assignment.', label: { zh: '交办状态', en: 'Assignment status' }, values: ASSIGNMENT_STATE_LABELS },
    { actionPrefix: 'warning.', label: { zh: '状态', en: 'Status' }, values: STATE_LABELS },
  ],
  auditActions: {
    'warning.clue.intake': { zh: '登记预警信息', en: 'Clue recorded' },
    'warning.decide': { zh: '作出预警决定', en: 'Warning decided' },
    'warning.issue': { zh: '发出预警通知书', en: 'Notice issued' },
    'warning.interview': { zh: '约谈', en: 'Interview' },
    'warning.schedule-interview': { zh: '安排约谈', en: 'Interview scheduled' },
    'warning.answer': { zh: '答复预警', en: 'Answer' },
    'warning.accept': { zh: '采纳答复', en: 'Answer accepted' },
    'warning.reject': { zh: '退回答复', en: 'Answer rejected' },
    'warning.request-extension': { zh: '申请延期', en: 'Extension requested' },
    'warning.decide-extension': { zh: '延期审批', en: 'Extension decided' },
    'warning.follow-up': { zh: '回访登记', en: 'Follow-up visit' },
    'warning.release': { zh: '解除预警', en: 'Released' },
    'warning.appeal': { zh: '申诉', en: 'Appeal' },
    'warning.answer-appeal': { zh: '申诉答复', en: 'Appeal answered' },
    'warning.archive': { zh: '归档', en: 'Archived' },
    'warning.escalate': { zh: '升级预警', en: 'Escalated' },
    'warning.org-handling': { zh: '转组织处理', en: 'Organisational handling' },
    'warning.evidence': { zh: '上传佐证材料', en: 'Evidence uploaded' },
    'warning.document': { zh: '出具预警文书', en: 'Warning document issued' },
    'warning.evaluation-bottom-three': { zh: '测评后三名预警', en: 'Bottom three of an evaluation' },
    'warning.recompute-deadline': { zh: '按节假日安排重新计算期限', en: 'Deadline recounted on a holiday notice' },
    ...Object.fromEntries(Object.entries(ASSIGNMENT_STEP_LABELS).map(([k, label]) => [`warning.assignment.${k}`, label])),
  },
};
