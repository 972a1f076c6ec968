import type { NavItem } from '../web/nav';

/** Menu entries of the risk module's screens. */
export const RISK_NAV: NavItem[] = [];
