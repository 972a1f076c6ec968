import type { DomainModuleDefinition } from '../platform/domain-module';
import { RISK_TEMPLATE_DEMO_DATA, RISK_TEMPLATE_FIELDS } from './risk-document-data';
import { RISK_ENTITIES } from './risk.entities';
import { RISK_MIGRATIONS } from './migrations';
import { RISK_NAV } from './risk.nav';

/** What the risk module registers with the platform (entities, migrations, menu, document data shapes). */
export const RISK_MODULE: DomainModuleDefinition = {
  id: 'risk',
  entities: RISK_ENTITIES,
  migrations: RISK_MIGRATIONS,
  nav: RISK_NAV,
  templateFields: RISK_TEMPLATE_FIELDS,
  templateDemoData: RISK_TEMPLATE_DEMO_DATA,
  // riskSettingsFor: 000 grades A/B/C, the others 一/二/三级; each preset brings its own risk categories.
  institutionChoices: [
    {
      field: 'gradingPreset',
      label: { zh: '风险等级预设', en: 'Risk grading' },
      options: [
        { value: '000', label: { zh: '000：A、B、C 三类（决策、个人、用人、失职）', en: '000: A/B/C (decision, personal, personnel, dereliction)' } },
        { value: '001', label: { zh: '001：一、二、三级（决策、受理、执行、履职、监督）', en: '001: levels 1-3 (decision, acceptance, execution, performance, supervision)' } },
        { value: '002', label: { zh: '002：一、二、三级（岗位职责、业务流程、制度机制、外部环境）', en: '002: levels 1-3 (post duties, process, rules, environment)' } },
      ],
    },
  ],
  auditTransitions: [
    { actionPrefix: 'risk.point.regrade', label: { zh: '风险等级', en: 'Grade' } },
    { actionPrefix: 'risk.point.send-back', label: { zh: '环节', en: 'Step' } },
  ],
  auditActions: {
    'risk.point.create': { zh: '新建风险点', en: 'Risk point created' },
    'risk.point.regrade': { zh: '调整风险等级', en: 'Risk point regraded' },
    'risk.point.send-back': { zh: '退回风险点', en: 'Risk point sent back' },
    'risk.power.create': { zh: '新建职权', en: 'Power created' },
    'risk.power.update': { zh: '修改职权', en: 'Power changed' },
    'risk.power.remove': { zh: '删除职权', en: 'Power removed' },
    'risk.power.flow-chart': { zh: '上传流程图', en: 'Flow chart uploaded' },
    'risk.publication.create': { zh: '发布公示', en: 'Publication started' },
    'risk.publication.revise': { zh: '修订公示', en: 'Publication revised' },
    'risk.publication.comment': { zh: '公示意见', en: 'Publication comment' },
    'risk.publication.objection': { zh: '公示异议', en: 'Publication objection' },
    'risk.commitment.create': { zh: '签订承诺书', en: 'Commitment made' },
    'risk.commitment.acknowledge': { zh: '确认承诺书', en: 'Commitment acknowledged' },
    'risk.self-check.create': { zh: '布置自查', en: 'Self-check set' },
    'risk.self-check.submit': { zh: '提交自查', en: 'Self-check submitted' },
    'risk.self-check.overdue': { zh: '自查逾期', en: 'Self-check overdue' },
    'risk.message.read': { zh: '阅读提醒', en: 'Reminder read' },
    'risk.presets.import': { zh: '导入风险点预设', en: 'Risk presets imported' },
  },
};
