import type { LocalizedText } from './text';

export const ROLES = [
  'system-admin',
  'discipline-officer',
  'head',
  'deputy-in-charge',
  'department-head',
  'staff',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, LocalizedText> = {
  'system-admin': { zh: '系统管理员/实施人员', en: 'System admin / implementer' },
  'discipline-officer': { zh: '纪检监察', en: 'Discipline officer' },
  head: { zh: '主要领导', en: 'Head' },
  'deputy-in-charge': { zh: '分管领导', en: 'Deputy in charge' },
  'department-head': { zh: '科室负责人', en: 'Department head' },
  staff: { zh: '干部职工', en: 'Staff' },
};
