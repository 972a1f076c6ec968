import type { NavItem } from '../web/nav';

/** Menu entries of the warning module's screens. */
export const WARNING_NAV: NavItem[] = [];
