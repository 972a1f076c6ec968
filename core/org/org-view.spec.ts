import { isForeignKeyViolation } from '../db/constraint-errors';
import type { DepartmentEntity, InstitutionEntity, PostEntity } from './org.entities';
import { institutionRows, postOptions } from './org-view';

const dept = (id: number, name: string) => ({ id, name, institutionId: 1, code: '' }) as DepartmentEntity;
const post = (id: number, name: string, departmentId: number | null) => ({ id, name, departmentId, institutionId: 1 }) as PostEntity;

describe('organisation screen helpers', () => {
  it('groups posts under their department, posts outside departments last, empty groups dropped, the chosen one selected', () => {
    const groups = postOptions([post(1, '采购员', 2), post(2, '院长', null), post(3, '药师', 2)], [dept(1, '院办公室'), dept(2, '药剂科')], 3, 'zh');
    expect(groups).toEqual([
      { label: '药剂科', posts: [{ id: 1, name: '采购员', selected: false }, { id: 3, name: '药师', selected: true }] },
      { label: '（不属于任何部门）', posts: [{ id: 2, name: '院长', selected: false }] },
    ]);
  });

  it('caps the indentation depth and names institutions and their kind in the screen language', () => {
    const inst = { id: 7, name: '示范县东溪镇青石村', nameEn: 'Qingshi Village', type: 'village' } as InstitutionEntity;
    const kind = (t: string) => (t === 'village' ? { zh: '村', en: 'village' } : { zh: t, en: t });
    expect(institutionRows([{ institution: inst, depth: 6 }], 'en', kind)).toEqual([{ id: 7, name: 'Qingshi Village', type: 'village', depth: 4 }]);
    expect(institutionRows([{ institution: inst, depth: 2 }], 'zh', kind)[0]).toMatchObject({ name: '示范县东溪镇青石村', type: '村' });
  });

  it('tells a foreign-key refusal from other database errors on both databases', () => {
    expect(isForeignKeyViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })).toBe(true);
    expect(isForeignKeyViolation({ driverError: { code: '23503' } })).toBe(true);
    expect(isForeignKeyViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(false);
    expect(isForeignKeyViolation(new Error('x'))).toBe(false);
  });
});
