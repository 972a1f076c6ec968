import type { LocalizedText, Role } from '../plugin-api';
import { ASSESSMENT_NAV } from '../assessment/assessment.nav';
import { DOCUMENTS_NAV } from '../documents/documents.nav';
import { RISK_NAV } from '../risk/risk.nav';
import { WARNING_NAV } from '../warning/warning.nav';

export interface NavItem {
  href: string;
  label: LocalizedText;
  /** Roles (at the current institution) that see the item; everyone when absent. */
  roles?: Role[];
  group: LocalizedText;
}

/** Screens of the core modules, in menu order. */
export const CORE_NAV: NavItem[] = [...RISK_NAV, ...WARNING_NAV, ...ASSESSMENT_NAV, ...DOCUMENTS_NAV];
