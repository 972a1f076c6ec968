import { AppError } from '../http/app-error';
import { ruleHitQuery } from './rule-hit-list.service';

describe('ruleHitQuery: the rule-hit list’s filters from a query string', () => {
  it('takes the county board’s link as it is: unit, period (year or quarter), model, level', () => {
    expect(ruleHitQuery({ institutionId: '12', period: '2026-Q3', rule: 'village-joint-meeting/meeting-below-quorum', level: 'yellow' })).toEqual({
      institutionId: 12,
      period: '2026-Q3',
      rule: 'village-joint-meeting/meeting-below-quorum',
      level: 'yellow',
    });
    expect(ruleHitQuery({ period: '2026' })).toEqual({ institutionId: undefined, period: '2026', rule: undefined, level: undefined });
    // Empty selects of the filter form mean no filter; numbers from the API's DTO are taken too.
    expect(ruleHitQuery({ period: '', rule: '', level: '', institutionId: 7 })).toEqual({ institutionId: 7, period: undefined, rule: undefined, level: undefined });
  });

  it('refuses a malformed filter with a 400 naming each field, never a 5xx or a silent widening', () => {
    const fields = (q: Record<string, unknown>) => {
      try {
        ruleHitQuery(q);
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).getStatus()).toBe(400);
        return (err as AppError).problems.map((p) => p.field).join(',');
      }
    };
    for (const q of [{ period: '2026-Q5' }, { period: '26' }, { period: '2026-07' }, { level: 'purple' }, { rule: 'no-slash' }, { rule: "x/' OR 1=1" }, { institutionId: '0' }, { institutionId: '1e3' }, { institutionId: ['1', '2'] }]) {
      expect(fields(q)).toBe(Object.keys(q)[0]);
    }
  });
});
