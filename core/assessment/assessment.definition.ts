import type { DomainModuleDefinition } from '../platform/domain-module';
import { ASSESSMENT_TEMPLATE_DEMO_DATA, ASSESSMENT_TEMPLATE_FIELDS } from './assessment-document-data';
import { ASSESSMENT_ENTITIES } from './assessment.entities';
import { ASSESSMENT_MIGRATIONS } from './migrations';
import { ASSESSMENT_NAV } from './assessment.nav';
import { PRESET_PARTS } from './scoring';

/** What the assessment module registers with the platform (entities, migrations, menu, document data shapes). */
export const ASSESSMENT_MODULE: DomainModuleDefinition = {
  id: 'assessment',
  entities: ASSESSMENT_ENTITIES,
  migrations: ASSESSMENT_MIGRATIONS,
  nav: ASSESSMENT_NAV,
  templateFields: ASSESSMENT_TEMPLATE_FIELDS,
  templateDemoData: ASSESSMENT_TEMPLATE_DEMO_DATA,
  institutionChoices: [{ field: 'assessmentPreset', label: { zh: '考核评分预设', en: 'Assessment scoring' }, options: Object.entries(PRESET_PARTS).map(([value, p]) => ({ value, label: p.label })) }],
  auditActions: {
    'assessment.scheme.create': { zh: '新建考核方案', en: 'Scheme created' },
    'assessment.items.replace': { zh: '修改考核项目', en: 'Items changed' },
    'assessment.veto-rules.replace': { zh: '修改否决规则', en: 'Veto rules changed' },
    'assessment.item.score': { zh: '考核评分', en: 'Item scored' },
    'assessment.self-report.submit': { zh: '提交述职述廉', en: 'Self-report submitted' },
    'assessment.scheme.finalise': { zh: '考核定稿', en: 'Scheme finalised' },
    'assessment.scheme.publish': { zh: '公布考核结果', en: 'Results published' },
    'assessment.reassessment.schedule': { zh: '安排复评', en: 'Reassessment scheduled' },
    'evaluation.round.create': { zh: '发起民主测评', en: 'Evaluation opened' },
    'evaluation.vote': { zh: '测评投票', en: 'Ballot cast' },
    'evaluation.paper-tally': { zh: '录入纸质测评', en: 'Paper tally entered' },
    'evaluation.round.close': { zh: '结束民主测评', en: 'Evaluation closed' },
    'dossier.view': { zh: '查阅廉政档案', en: 'Dossier viewed' },
    'dossier.veto.record': { zh: '登记一票否决', en: 'Veto recorded' },
  },
};
