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
  auditTransitions: [
    { actionPrefix: 'risk.point.regrade', label: { zh: '风险等级', en: 'Grade' } },
    { actionPrefix: 'risk.point.send-back', label: { zh: '环节', en: 'Step' } },
  ],
};
