import { dueAfter, PALETTES, topLevel } from './warning-levels';
import { loadCalendarDir, shippedCalendarDir } from '../calendar/calendar-notice';
import { WorkingCalendar } from '../calendar/working-days';

describe('warning level presets (numbers from the seeds)', () => {
  const cal = new WorkingCalendar(loadCalendarDir(shippedCalendarDir()));

  it('003 篇8: blue 警示提醒 within one week, yellow 诫勉纠错 and red 责令整改 measures in 10 working days, at most 1 month', () => {
    const [blue, yellow, red] = PALETTES['003-p8'].levels;
    expect([blue.code, yellow.code, red.code]).toEqual(['blue', 'yellow', 'red']);
    expect([blue.disposition.zh, yellow.disposition.zh, red.disposition.zh]).toEqual(['警示提醒', '诫勉纠错', '责令整改']);
    expect(blue.answerDeadline).toMatchObject({ unit: 'calendar-days', n: 7 });
    expect(yellow.answerDeadline).toMatchObject({ unit: 'working-days', n: 10 });
    expect(red.answerDeadline).toMatchObject({ unit: 'working-days', n: 10 });
    expect(yellow.maxPeriod).toMatchObject({ unit: 'months', n: 1 });
    expect(red.maxPeriod).toMatchObject({ unit: 'months', n: 1 });
    expect(red.document.title.zh).toBe('整改通知书');
    expect(blue.document.title.zh).toBe('预警通知书');
  });

  it('003 篇5: 告知 reply and 质询 measures in 7 working days, 监察建议 within 1 month with one leader-approved extension ≤ 1 month', () => {
    const [notify, inquiry, advice] = PALETTES['003-p5'].levels;
    expect(notify.answerDeadline).toMatchObject({ unit: 'working-days', n: 7 });
    expect(inquiry.answerDeadline).toMatchObject({ unit: 'working-days', n: 7 });
    expect(advice.answerDeadline).toMatchObject({ unit: 'months', n: 1 });
    expect(notify.extension.allowed).toBe(false);
    expect(advice.extension).toEqual({ allowed: true, maxMonths: 1, approvers: ['head', 'deputy-in-charge'] });
    expect([notify.document.title.zh, inquiry.document.title.zh, advice.document.title.zh]).toEqual(['廉情预警告知书', '廉情预警质询书', '廉情监察（检查）建议书']);
    // 三级: 纪委主管领导+预警中心; 二级: 纪委书记召集委员; 一级: 党委
    expect(notify.deciders).toEqual(['discipline-officer']);
    expect(inquiry.deciders).toEqual(['deputy-in-charge', 'head']);
    expect(advice.deciders).toEqual(['head']);
  });

  it('names a deciding body only where the seed does: 003 篇5 一级 by the party committee, no other level', () => {
    const bodies = Object.values(PALETTES).flatMap((p) => p.levels.filter((l) => l.decidingBody).map((l) => [p.id, l.code, l.decidingBody!.zh]));
    expect(bodies).toEqual([['003-p5', 'advice', '党委']]);
  });

  it('000 is green/yellow/red and 001 red/orange/blue with the 001 monitoring roles', () => {
    expect(PALETTES['000'].levels.map((l) => l.colour)).toEqual(['green', 'yellow', 'red']);
    expect(PALETTES['001'].levels.map((l) => l.colour)).toEqual(['blue', 'orange', 'red']);
    expect(PALETTES['001'].levels.map((l) => l.deciders[0])).toEqual(['department-head', 'deputy-in-charge', 'head']);
    for (const p of Object.values(PALETTES)) expect(topLevel(p).index).toBe(2);
  });

  it('computes due dates from the working-day calendar', () => {
    const [notify, , advice] = PALETTES['003-p5'].levels;
    expect(dueAfter(cal, '2026-09-28', notify.answerDeadline)).toBe('2026-10-13');
    expect(dueAfter(cal, '2026-09-01', advice.answerDeadline)).toBe('2026-10-08');
    const [blue, yellow] = PALETTES['003-p8'].levels;
    expect(dueAfter(cal, '2026-09-28', blue.answerDeadline)).toBe('2026-10-08'); // 10-05 falls in 国庆
    expect(dueAfter(cal, '2026-09-28', yellow.answerDeadline)).toBe('2026-10-16');
  });
});
