import type { DomainModuleDefinition } from '../platform/domain-module';

/** The county board: no tables of its own, it reads the risk, warning and assessment modules; only its menu entry. */
export const OVERSIGHT_MODULE: DomainModuleDefinition = {
  id: 'oversight',
  entities: [],
  migrations: [],
  nav: [{ href: '/county', label: { zh: '县级监督看板', en: 'County board' }, roles: ['discipline-officer', 'head', 'deputy-in-charge'], unitsBelow: true, group: { zh: '预警处置', en: 'Warnings' } }],
  templateFields: {},
  templateDemoData: {},
};
