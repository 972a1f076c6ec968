import type { DomainModuleDefinition } from '../platform/domain-module';
import { SOURCE_LABELS } from './calendar-notice';
import { CALENDAR_ENTITIES } from './calendar.entities';
import { CALENDAR_MIGRATIONS } from './migrations';

/** What the holiday calendar registers with the platform: its notices table and the admin's menu entry. */
export const CALENDAR_MODULE: DomainModuleDefinition = {
  id: 'calendar',
  entities: CALENDAR_ENTITIES,
  migrations: CALENDAR_MIGRATIONS,
  nav: [{ href: '/admin/calendar', label: { zh: '节假日安排', en: 'Holiday calendar' }, roles: ['system-admin'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditTransitions: [{ actionPrefix: 'calendar.', label: { zh: '依据', en: 'Source' }, values: SOURCE_LABELS }],
  auditActions: {
    'calendar.notice': { zh: '录入节假日安排通知', en: 'Holiday notice entered' },
  },
};
