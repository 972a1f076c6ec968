import type { FieldDef } from '../plugin-api';
import { coerceFormValues } from './form-coercion';

const fields: FieldDef[] = [
  {
    key: 'reports',
    id: 'r',
    type: 'rows',
    label: { zh: '报告', en: 'Reports' },
    columns: [
      { key: 'reportedOn', id: 'd', type: 'date', label: { zh: '日期', en: 'Date' } },
      { key: 'completed', id: 'c', type: 'boolean', label: { zh: '办结', en: 'Done' } },
    ],
  },
];

describe('form coercion of rows with a boolean column', () => {
  it('a ticked box is true, an unticked one false, and a blank row (no box sent) is dropped', () => {
    const out = coerceFormValues(fields, { 'reports.0.reportedOn': '2026-06-01', 'reports.0.completed': 'on', 'reports.1.reportedOn': '2026-06-02', 'reports.2.reportedOn': '' });
    expect(out).toEqual({ reports: [{ reportedOn: '2026-06-01', completed: true }, { reportedOn: '2026-06-02', completed: false }] });
    expect(coerceFormValues(fields, { 'reports.0.reportedOn': ' ' })).toEqual({});
  });
});
