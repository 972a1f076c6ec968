import type { NavItem } from '../web/nav';

const GROUP = { zh: '预警处置', en: 'Warnings' };

/** Menu entries of the warning module's screens. */
export const WARNING_NAV: NavItem[] = [
  { href: '/warning/board', label: { zh: '预警工作台', en: 'Warning board' }, roles: ['discipline-officer', 'head', 'deputy-in-charge'], group: GROUP },
  { href: '/warning/rule-hits', label: { zh: '模型命中', en: 'Model hits' }, roles: ['discipline-officer', 'head', 'deputy-in-charge'], group: GROUP },
  { href: '/warning/models', label: { zh: '监督模型', en: 'Warning models' }, roles: ['discipline-officer'], group: GROUP },
  { href: '/warning/assignments', label: { zh: '交办督办', en: 'Assignments' }, roles: ['discipline-officer', 'head', 'deputy-in-charge'], group: GROUP },
  { href: '/warning/clues/new', label: { zh: '登记预警信息', en: 'Enter a clue' }, group: GROUP },
  { href: '/warning/mine', label: { zh: '我的预警', en: 'My warnings' }, group: GROUP },
  { href: '/warning/messages', label: { zh: '站内消息', en: 'Messages' }, group: GROUP },
  { href: '/warning/report', label: { zh: '预警专报', en: 'Quarterly report' }, roles: ['discipline-officer', 'head', 'deputy-in-charge'], group: GROUP },
];
