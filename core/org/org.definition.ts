import type { DomainModuleDefinition } from '../platform/domain-module';

/** The organisation screens' menu entry; the tables belong to the platform (core/db). */
export const ORG_MODULE: DomainModuleDefinition = {
  id: 'org',
  entities: [],
  migrations: [],
  nav: [{ href: '/admin/org', label: { zh: '组织机构', en: 'Organisation' }, roles: ['system-admin', 'head'], group: { zh: '系统管理', en: 'Administration' } }],
  templateFields: {},
  templateDemoData: {},
  auditActions: {
    'institution.create': { zh: '创建单位', en: 'Institution created' },
    'department.create': { zh: '创建部门', en: 'Department created' },
    'department.rename': { zh: '部门改名', en: 'Department renamed' },
    'department.remove': { zh: '删除部门', en: 'Department removed' },
    'post.create': { zh: '创建岗位', en: 'Post created' },
    'post.update': { zh: '修改岗位', en: 'Post changed' },
    'person.create': { zh: '新增人员', en: 'Person added' },
    'person.update': { zh: '修改人员信息', en: 'Person changed' },
    'people.import': { zh: '导入人员', en: 'People imported' },
    'person.contact': { zh: '修改人员联系方式', en: 'Contact details changed' },
  },
};
