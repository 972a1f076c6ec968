import type { FactContext, PluginRecordView, WorkingDays } from '../../core/plugin-api';
import { addDays } from '../../core/plugin-api';
import { seedDemo } from './demo-seed';
import { powerSupplyMarketingPlugin } from './power-supply-marketing.plugin';
import { APPLICATION, DEFAULT_UNRECOVERED_THRESHOLD_FEN, DESIGNATION, INSPECTION } from './records';
import { closedWithoutRecovery, connectionOverdue, designatedByStaff, FACTS, planReplyOverdue, RULES, workingDaysBetween } from './rules';

/** 2026 as the State Council notice has it (config/calendar/2026.yaml): 中秋 09-25..27, 国庆 10-01..07, make-up 09-20 and 10-10. */
const HOLIDAYS = new Set(['2026-09-25', '2026-09-26', '2026-09-27', ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`)]);
const WORKDAYS = new Set(['2026-09-20', '2026-10-10']);
const calendar: WorkingDays = {
  isWorkingDay: (d) => WORKDAYS.has(d) || (!HOLIDAYS.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())),
  addWorkingDays: (d, n) => {
    let x = d;
    for (let k = 0; k < n; ) if (calendar.isWorkingDay((x = addDays(x, 1)))) k++;
    return x;
  },
  isEstimate: () => false,
};
const NOW = new Date('2026-11-02T03:00:00Z');
const record = (recordType: string, values: Record<string, unknown>): PluginRecordView => ({ id: 1, institutionId: 1, pluginId: 'power-supply-marketing', recordType, title: '', values, createdAt: '', updatedAt: '' });
const ctx = (recordType: string, values: Record<string, unknown>): FactContext => ({ institutionId: 1, options: {}, now: NOW, calendar, record: record(recordType, values), records: { list: async () => [] } });
const fact = (id: string) => FACTS.find((f) => f.id === id)!;

describe('power-supply-marketing: working days across 国庆 2026', () => {
  it('counts the days after acceptance up to the reply, without 国庆 and with the make-up Saturday 10-10', () => {
    expect(workingDaysBetween(calendar, '2026-09-30', '2026-10-09')).toBe(2); // 10-08, 10-09
    expect(workingDaysBetween(calendar, '2026-09-29', '2026-10-12')).toBe(5); // 09-30, 10-08, 10-09, 10-10, 10-12
    expect(workingDaysBetween(calendar, '2026-09-24', '2026-09-28')).toBe(1); // 中秋 09-25..27
    expect(workingDaysBetween(undefined, '2026-09-29', '2026-10-12')).toBeNull();
    expect(workingDaysBetween(calendar, '2026-10-12', '2026-10-09')).toBeNull();
  });

  it.each([
    ['low voltage, 9 calendar days across 国庆 but 2 working days', { voltageClass: '380v', acceptedOn: '2026-09-30', planRepliedOn: '2026-10-09' }, {}, false],
    ['low voltage, 5 working days against 3', { voltageClass: '220v', acceptedOn: '2026-09-29', planRepliedOn: '2026-10-12' }, {}, true],
    ["the same under an institution's own 5 days", { voltageClass: '220v', acceptedOn: '2026-09-29', planRepliedOn: '2026-10-12' }, { planReplyLowVoltageDays: 5 }, false],
    ['high voltage, 5 working days against 15', { voltageClass: '10kv', acceptedOn: '2026-09-29', planRepliedOn: '2026-10-12' }, {}, false],
    ['high voltage, not answered: counted to today (2026-11-02), 22 working days', { voltageClass: '10kv', acceptedOn: '2026-09-29' }, {}, true],
  ])('plan reply: %s', (_name, values, options, hit) => {
    expect(planReplyOverdue(values, options, calendar, NOW)).toBe(hit);
  });

  it('connection: low voltage only, against connectLowVoltageDays (5)', () => {
    expect(connectionOverdue({ voltageClass: '380v', acceptedOn: '2026-09-29', connectedOn: '2026-10-12' }, {}, calendar, NOW)).toBe(false);
    expect(connectionOverdue({ voltageClass: '380v', acceptedOn: '2026-09-29', connectedOn: '2026-10-13' }, {}, calendar, NOW)).toBe(true);
    expect(connectionOverdue({ voltageClass: '10kv', acceptedOn: '2026-09-01', connectedOn: '2026-10-30' }, {}, calendar, NOW)).toBe(false);
  });

  it('the facts read the calendar from the context', async () => {
    expect(await fact('application.planReplyWorkingDays').compute(ctx(APPLICATION, { acceptedOn: '2026-09-29', planRepliedOn: '2026-10-12' }))).toBe(5);
    expect(await fact('inspection.unrecoveredFen').compute(ctx(INSPECTION, { recoveryDueFen: 2_000_000, recoveredFen: 500_000 }))).toBe(1_500_000);
  });
});

describe('power-supply-marketing: inspections and 三指定', () => {
  it.each([
    ['closed, 10 000.01 元 unrecovered', { status: 'closed', recoveryDueFen: DEFAULT_UNRECOVERED_THRESHOLD_FEN + 1, recoveredFen: 0 }, true],
    ['closed, exactly the threshold unrecovered', { status: 'closed', recoveryDueFen: DEFAULT_UNRECOVERED_THRESHOLD_FEN + 500_000, recoveredFen: 500_000 }, false],
    ['open, nothing recovered yet', { status: 'open', recoveryDueFen: 9_000_000 }, false],
    ['closed, more recovered than due', { status: 'closed', recoveryDueFen: 100_000, recoveredFen: 200_000 }, false],
  ])('%s', (_name, values, hit) => {
    expect(closedWithoutRecovery(values, {})).toBe(hit);
  });

  it('flags a supplier designated by staff, not one the customer chose', () => {
    expect(designatedByStaff({ chosenBy: 'staff' })).toBe(true);
    expect(designatedByStaff({ chosenBy: 'customer' })).toBe(false);
    const rule = RULES.find((r) => r.id === 'designated-by-staff')!;
    expect(rule.level).toBe('red');
    expect(rule.message.zh).toContain('{designation.role}');
  });

  it('every limit in a message is a placeholder, never a number', () => {
    for (const r of RULES) expect(`${r.message.zh}${r.message.en}`).not.toMatch(/\d/);
  });
});

describe('power-supply-marketing: declaration and demo seed', () => {
  it('declares its own institution type and one official document', () => {
    expect(powerSupplyMarketingPlugin.declaresInstitutionTypes).toEqual([{ id: 'power-supply-company', label: { zh: '供电公司', en: 'power-supply company' } }]);
    expect(powerSupplyMarketingPlugin.templates!.map((t) => t.id)).toEqual(['supervision-notice']);
    expect(powerSupplyMarketingPlugin.riskPresets!.length).toBeGreaterThanOrEqual(5);
  });

  it('seeds people, an officer account and records, with exactly one planted record per rule kind', async () => {
    const written: { type: string; values: Record<string, unknown> }[] = [];
    const people: { name: string; account?: unknown }[] = [];
    const seedContext = {
      institutionId: 1,
      institutionCode: 'power-supply-marketing-demo',
      options: {},
      today: '2026-11-02',
      createRecord: async (type: string, values: Record<string, unknown>) => {
        written.push({ type, values });
        return { ...record(type, values), id: written.length };
      },
      createPerson: async (p: { name: string; account?: unknown }) => (people.push(p), { personId: people.length }),
    };
    await seedDemo(seedContext);
    expect(people.filter((p) => p.account).length).toBe(2);
    const of = (type: string) => written.filter((w) => w.type === type).map((w) => w.values);
    expect(of(APPLICATION).filter((v) => planReplyOverdue(v, {}, calendar, NOW)).map((v) => v.applicationNo)).toEqual(['YK-2026-0105', 'YK-2026-0106']);
    expect(of(APPLICATION).filter((v) => connectionOverdue(v, {}, calendar, NOW)).map((v) => v.applicationNo)).toEqual(['YK-2026-0105']);
    expect(of(INSPECTION).filter((v) => closedWithoutRecovery(v, {})).map((v) => v.caseNo)).toEqual(['JC-2026-014']);
    expect(of(DESIGNATION).filter(designatedByStaff)).toHaveLength(1);
    expect(written.every((w) => Object.values(w.values).every((x) => typeof x !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(x) || x <= '2026-11-02'))).toBe(true);
  });
});
