import type { NavItem } from '../web/nav';
import { AUDIT_ROLES } from './audit-roles';

/** Menu entry of the audit log screen. */
export const AUDIT_NAV: NavItem[] = [{ href: '/audit', label: { zh: '审计日志', en: 'Audit log' }, roles: AUDIT_ROLES, group: { zh: '系统管理', en: 'Administration' } }];
