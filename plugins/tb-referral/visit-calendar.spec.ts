import type { PluginRecordView } from '../../core/plugin-api';
import { visitDue } from './visit-calendar';

const patient = (values: Record<string, unknown>): PluginRecordView => ({ id: 1, institutionId: 1, pluginId: 'tb-referral', recordType: 'tb-referral', title: 'TB-X-0001', values: { treatmentType: 'new', ...values }, createdAt: '', updatedAt: '' });

describe('visitDue: the next township and village visit of a patient under treatment', () => {
  it('intensive phase: the township visit is due by the end of the current month', () => {
    const v = visitDue(patient({ treatmentStart: '2026-03-10', townshipVisits: [{ date: '2026-03-12' }] }), '2026-04-05');
    expect(v).toMatchObject({ phase: 'intensive', townshipDue: '2026-04-30', townshipDone: '', townshipMissed: '' });
    expect(visitDue(patient({ treatmentStart: '2026-03-10', townshipVisits: [{ date: '2026-04-02' }] }), '2026-04-05').townshipDone).toBe('2026-04-02');
  });

  it('a month that ended with no township visit is overdue from its last day', () => {
    expect(visitDue(patient({ treatmentStart: '2026-03-10', townshipVisits: [{ date: '2026-03-12' }] }), '2026-05-01').townshipMissed).toBe('2026-04-30');
    expect(visitDue(patient({ treatmentStart: '2026-03-10', townshipVisits: [{ date: '2026-03-12' }] }), '2026-04-30').townshipMissed).toBe('');
  });

  it('continuation phase (after 2 months, 3 for retreatment): 2-month windows from the phase start', () => {
    expect(visitDue(patient({ treatmentStart: '2026-03-10' }), '2026-05-09')).toMatchObject({ phase: 'intensive', townshipDue: '2026-05-31' });
    expect(visitDue(patient({ treatmentStart: '2026-03-10' }), '2026-05-10')).toMatchObject({ phase: 'continuation', townshipDue: '2026-07-09' });
    expect(visitDue(patient({ treatmentStart: '2026-03-10' }), '2026-07-10')).toMatchObject({ phase: 'continuation', townshipDue: '2026-09-09' });
    expect(visitDue(patient({ treatmentStart: '2026-03-10', treatmentType: 'retreatment' }), '2026-05-10').phase).toBe('intensive');
  });

  it('the village visit is due 14 days after the last one (or the treatment start); later visits are ignored', () => {
    expect(visitDue(patient({ treatmentStart: '2026-03-10' }), '2026-03-11')).toMatchObject({ villageDue: '2026-03-24', lastVillage: '' });
    expect(visitDue(patient({ treatmentStart: '2026-03-10', villageVisits: [{ date: '2026-03-20' }, { date: '2026-04-01' }] }), '2026-03-25')).toMatchObject({ villageDue: '2026-04-03', lastVillage: '2026-03-20' });
  });
});
