import { definePlugin } from '../../core/plugin-api';
import { dashboard } from './dashboard';
import { seedDemo } from './demo-seed';
import { APPLICATION, DESIGNATION, INSPECTION, OPTIONS, RECORD_TYPES } from './records';
import { RISK_PRESETS } from './risk-presets';
import { FACTS, RULES } from './rules';
import { TEMPLATES } from './templates';

const OVERSIGHT = ['discipline-officer', 'head', 'deputy-in-charge', 'system-admin'] as const;

// Discovered from its folder (plugins/installed.ts): the id must stay equal to the folder's name.
export const powerSupplyMarketingPlugin = definePlugin({
  id: 'power-supply-marketing',
  version: '0.1.0',
  name: { zh: '供电营销', en: 'Power supply marketing' },
  description: { zh: '县级供电企业业扩报装、用电稽查和“三指定”的廉政风险防控', en: 'Integrity controls over supply applications, inspections and designated suppliers at a county utility' },
  coreCompatibility: '^1.0.0',
  declaresInstitutionTypes: [{ id: 'power-supply-company', label: { zh: '供电公司', en: 'power-supply company' } }],
  institutionTypes: ['power-supply-company'],
  options: OPTIONS,
  recordTypes: RECORD_TYPES,
  facts: FACTS,
  rules: RULES,
  templates: TEMPLATES,
  screens: [
    { id: 'applications', label: { zh: '业扩报装台账', en: 'Applications' }, kind: 'list', recordType: APPLICATION, filters: ['voltageClass', 'applicationKind'] },
    { id: 'new-application', label: { zh: '登记业扩报装', en: 'New application' }, kind: 'form', recordType: APPLICATION },
    { id: 'inspections', label: { zh: '用电稽查台账', en: 'Inspection findings' }, kind: 'list', recordType: INSPECTION, filters: ['kind', 'status'] },
    { id: 'new-inspection', label: { zh: '登记用电稽查', en: 'New finding' }, kind: 'form', recordType: INSPECTION },
    { id: 'designations', label: { zh: '“三指定”核查台账', en: 'Project suppliers' }, kind: 'list', recordType: DESIGNATION, filters: ['role', 'chosenBy'] },
    { id: 'new-designation', label: { zh: '登记“三指定”核查', en: 'New supplier check' }, kind: 'form', recordType: DESIGNATION },
    { id: 'dashboard', label: { zh: '营销监督看板', en: 'Marketing dashboard' }, kind: 'dashboard', recordType: APPLICATION, roles: [...OVERSIGHT], dashboard },
  ],
  riskPresets: RISK_PRESETS,
  demoSeed: seedDemo,
});
