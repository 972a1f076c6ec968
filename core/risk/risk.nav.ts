import type { NavItem } from '../web/nav';

const group = { zh: '廉政风险防控', en: 'Integrity risks' };

/** Menu entries of the risk module's screens. */
export const RISK_NAV: NavItem[] = [
  { href: '/risk/points', label: { zh: '廉政风险点', en: 'Risk points' }, group },
  { href: '/risk/powers', label: { zh: '职权目录', en: 'Power catalogue' }, group },
  { href: '/risk/publications', label: { zh: '风险点公示', en: 'Publications' }, group },
  { href: '/risk/commitments', label: { zh: '廉政承诺书', en: 'Commitments' }, group },
  { href: '/risk/self-checks', label: { zh: '风险自查', en: 'Self-checks' }, group },
];
