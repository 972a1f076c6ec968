import type { NavItem } from '../web/nav';

/** Menu entries of the documents module's screens. */
export const DOCUMENTS_NAV: NavItem[] = [{ href: '/documents', label: { zh: '公文', en: 'Documents' }, group: { zh: '公文管理', en: 'Documents' } }];
