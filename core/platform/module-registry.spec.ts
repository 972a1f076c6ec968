import { DOMAIN_MODULES } from '../domain-modules';
import type { DomainModuleDefinition } from './domain-module';
import { ModuleRegistry } from './module-registry';

const mod = (id: string, auditActions: DomainModuleDefinition['auditActions']): DomainModuleDefinition => ({ id, entities: [], migrations: [], nav: [], templateFields: {}, templateDemoData: {}, auditActions });

describe('ModuleRegistry audit actions', () => {
  it('names each module’s actions, in module order', () => {
    const r = new ModuleRegistry([mod('a', { 'a.one': { zh: '甲', en: 'A' } }), mod('b', { 'b.one': { zh: '乙', en: 'B' } })]);
    expect(Object.keys(r.auditActions)).toEqual(['a.one', 'b.one']);
  });

  it('refuses an action two modules name', () => {
    expect(() => new ModuleRegistry([mod('a', { 'x.same': { zh: '甲', en: 'A' } }), mod('b', { 'x.same': { zh: '乙', en: 'B' } })])).toThrow('audit action x.same is named by two modules');
  });

  it('the shipped modules name the actions they write: warnings, 交办, risk, assessment, documents, accounts, organisation', () => {
    const names = new ModuleRegistry(DOMAIN_MODULES).auditActions;
    for (const action of ['warning.escalate', 'warning.assignment.take-over', 'risk.point.regrade', 'assessment.scheme.finalise', 'document.batch', 'user.password_reset', 'people.import', 'calendar.notice', 'notification.retry']) expect(names[action]?.zh).toBeTruthy();
    expect(names['warning.assignment.take-over'].zh).toBe('提级办理');
  });
});
