import type { NavItem } from '../web/nav';

/** Menu entries of the assessment module's screens. */
export const ASSESSMENT_NAV: NavItem[] = [];
