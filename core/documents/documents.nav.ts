import type { NavItem } from '../web/nav';

/** Menu entries of the documents module's screens. */
export const DOCUMENTS_NAV: NavItem[] = [];
