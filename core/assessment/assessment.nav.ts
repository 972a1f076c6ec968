import type { NavItem } from '../web/nav';

const GROUP = { zh: '考核评价', en: 'Assessment' };

/** Menu entries of the assessment module's screens. */
export const ASSESSMENT_NAV: NavItem[] = [
  { href: '/assessment', label: { zh: '考核与民主测评', en: 'Assessment and evaluation' }, group: GROUP },
  { href: '/assessment/units', label: { zh: '下属单位考核排名', en: 'Unit ranking' }, group: GROUP, roles: ['system-admin', 'discipline-officer', 'head', 'deputy-in-charge'] },
  { href: '/assessment/dossiers', label: { zh: '廉政档案', en: 'Integrity dossiers' }, group: GROUP },
];
