import { overdueUnits, tierLabel, topModels, unitCounts } from './warning-report-units';
import type { WarningClueEntity, WarningEntity } from './warning.entities';

const clue = (institutionId: number, x: Partial<WarningClueEntity> = {}) => ({ institutionId, source: 'petition', status: 'new', triageDue: '2026-07-10', ruleId: null, ...x }) as WarningClueEntity;
const warning = (institutionId: number, x: Partial<WarningEntity> = {}) => ({ institutionId, levelIndex: 0, status: 'notified', dueDate: '2026-07-30', ...x }) as WarningEntity;
const UNITS = [
  { id: 1, name: '示范县纪委监委' },
  { id: 2, name: '示范县人民医院' },
  { id: 3, name: '示范县税务局' },
];

describe('the county 专报 per unit', () => {
  it('names tiers so that the top level of any palette is 一级', () => {
    expect([0, 1, 2].map((i) => tierLabel(i, 3).zh)).toEqual(['三级预警', '二级预警', '一级预警']);
    expect(tierLabel(2, 3).en).toBe('Level 1');
  });

  it('counts every unit, zero rows included, warnings by tier', () => {
    const rows = unitCounts(UNITS, [clue(2), clue(2), clue(3)], [warning(2, { levelIndex: 0 }), warning(3, { levelIndex: 2 }), warning(3, { levelIndex: 2 })], 3);
    expect(rows.map((r) => [r.name, r.clues, r.levels, r.warnings])).toEqual([
      ['示范县纪委监委', 0, [0, 0, 0], 0],
      ['示范县人民医院', 2, [1, 0, 0], 1],
      ['示范县税务局', 1, [0, 0, 2], 2],
    ]);
  });

  it('lists only units with warnings past their answer date (still owed) or clues past triage, most first', () => {
    const clues = [clue(2, { triageDue: '2026-07-20' }), clue(3, { triageDue: '2026-07-01' }), clue(3, { triageDue: '2026-07-01', status: 'dismissed' }), clue(1, { triageDue: '2026-07-21' })];
    const warnings = [warning(3, { dueDate: '2026-07-15' }), warning(3, { dueDate: '2026-07-15', status: 'answered' }), warning(2, { dueDate: '2026-07-21' }), warning(1, { dueDate: '2026-07-01', status: 'rejected' })];
    expect(overdueUnits(UNITS, clues, warnings, '2026-07-21').map((u) => [u.name, u.warnings, u.clues])).toEqual([
      ['示范县税务局', 1, 1],
      ['示范县纪委监委', 1, 0],
      ['示范县人民医院', 0, 1],
    ]);
  });

  it('ranks rule models by rule-hit clues, ties by rule id, five at most, named by the rule', () => {
    const hits = (ruleId: string, n: number) => Array.from({ length: n }, () => clue(2, { source: 'rule', ruleId }));
    const clues = [...hits('p/a', 1), ...hits('p/b', 3), ...hits('p/c', 2), ...hits('p/d', 1), ...hits('p/e', 1), ...hits('p/f', 1), clue(2, { ruleId: 'p/x' })];
    expect(topModels(clues, (id) => ({ zh: `模型${id}`, en: id })).map((m) => [m.ruleId, m.hits, m.label.zh])).toEqual([
      ['p/b', 3, '模型p/b'],
      ['p/c', 2, '模型p/c'],
      ['p/a', 1, '模型p/a'],
      ['p/d', 1, '模型p/d'],
      ['p/e', 1, '模型p/e'],
    ]);
  });
});
