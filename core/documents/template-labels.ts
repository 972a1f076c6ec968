import type { LocalizedText } from '../plugin-api';

/** Names of the core templates for lists and filters; plugin templates carry their own label. */
export const CORE_TEMPLATE_LABELS: Record<string, LocalizedText> = {
  'core/warning-notice': { zh: '预警通知书', en: 'Warning notice' },
  'core/inquiry-letter': { zh: '质询书', en: 'Inquiry letter' },
  'core/supervision-recommendation': { zh: '监察建议书', en: 'Supervision recommendation' },
  'core/rectification-notice': { zh: '整改通知书', en: 'Rectification notice' },
  'core/interview-notice': { zh: '约谈通知单', en: 'Interview notice' },
  'core/meeting-minutes': { zh: '会议纪要', en: 'Meeting minutes' },
  'core/risk-catalogue': { zh: '廉政风险点目录', en: 'Risk catalogue' },
  'core/risk-summary': { zh: '风险防控汇总', en: 'Risk summary' },
  'core/risk-form-person': { zh: '个人风险点登记表', en: 'Personal risk form' },
  'core/risk-form-department': { zh: '科室风险点登记表', en: 'Department risk form' },
  'core/risk-form-unit': { zh: '单位风险点登记表', en: 'Unit risk form' },
  'core/warning-archive': { zh: '预警事项档案', en: 'Warning archive' },
  'core/warning-release': { zh: '解除预警通知书', en: 'Release notice' },
  'core/warning-report': { zh: '预警工作报告', en: 'Warning report' },
  'core/integrity-dossier': { zh: '廉政档案', en: 'Integrity dossier' },
  'core/assessment-results': { zh: '考核结果通报', en: 'Assessment results notice' },
};
