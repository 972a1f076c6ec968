import type { RecordTypeDef } from '../plugin-api';
import { anyWhereSql, whereSql } from './record-where';

const def: RecordTypeDef = {
  id: 'project',
  label: { zh: '项目', en: 'Project' },
  titleField: 'name',
  fields: [
    { key: 'name', id: 'p-name', type: 'string', label: { zh: '名称', en: 'Name' } },
    { key: 'totalFen', id: 'p-total', type: 'money', label: { zh: '金额', en: 'Amount' } },
    { key: 'items', id: 'p-items', type: 'rows', label: { zh: '明细', en: 'Items' }, columns: [{ key: 'refFen', id: 'refFen', type: 'money', label: { zh: '参考价', en: 'Reference' } }] },
  ],
};

describe('record conditions as SQL', () => {
  it('any of several conditions: each group ANDed, the groups ORed, parameters kept apart', () => {
    const { sql, params } = anyWhereSql(false, def, [{ range: { totalFen: { from: 100 } } }, { present: ['name'], equal: { totalFen: 5 } }]);
    expect(sql).toBe(`((json_extract(r.data, '$."p-total"') >= :any0_0) OR (json_extract(r.data, '$."p-total"') = :any1_0 AND COALESCE(json_extract(r.data, '$."p-name"'), '') <> ''))`);
    expect(params).toEqual({ any0_0: 100, any1_0: 5 });
  });

  it('none of no condition; an empty condition matches every record', () => {
    expect(anyWhereSql(false, def, []).sql).toBe('1 = 0');
    expect(anyWhereSql(false, def, [{}, { present: ['name'] }]).sql).toMatch(/^\(1 = 1 OR /);
  });

  it('a row column filled in, without values; with no values at all, nothing', () => {
    expect(whereSql(false, def, { rowHas: { field: 'items', column: 'refFen' } }).sql).toEqual([`EXISTS (SELECT 1 FROM json_each(r.data, '$."p-items"') j WHERE json_extract(j.value, '$."refFen"') IS NOT NULL)`]);
    expect(whereSql(true, def, { rowHas: { field: 'items', column: 'refFen' } }).sql[0]).toMatch(/j ->> 'refFen' IS NOT NULL\)$/);
    expect(whereSql(false, def, { rowHas: { field: 'items', column: 'refFen', values: [] } }).sql).toEqual(['1 = 0']);
  });

  it('the records a bulk import added: ids from a bound integer, anything else refused', () => {
    expect(whereSql(false, def, { idFrom: 42 })).toEqual({ sql: ['r.id >= :q0'], params: { q0: 42 } });
    expect(() => whereSql(false, def, { idFrom: 1.5 })).toThrow('idFrom must be an integer');
  });
});
