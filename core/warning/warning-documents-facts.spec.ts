import { noticeDocument } from './warning-documents';
import { PALETTES } from './warning-levels';
import type { WarningClueEntity, WarningEntity } from './warning.entities';

const FACTS = '化整为零、拆分采购（YY-CG-2026-T01、YY-CG-2026-T02）：30天内同一供应商或同一品目的多笔采购均低于招标限额，合计达到限额。低于限额的采购笔数：2 笔；合计金额：19,800.00 元。';
const warning = { title: '化整为零规避招标', reason: '经初步核实，两笔采购为同一批敷料包。', subjectType: 'person', subjectLabel: '陈思远' } as WarningEntity;
const ruleClue = { channel: 'rule', content: FACTS, tipsterName: null, tipsterContact: null } as WarningClueEntity;

describe('notice documents state a rule clue’s facts', () => {
  const levels = Object.values(PALETTES).flatMap((p) => p.levels);

  it.each(levels.map((l) => [l.document.kind, l.code, l]))('%s (%s): the facts in Chinese sentences, once, never turned into a question', (_kind, _code, level) => {
    const { templateId, data } = noticeDocument(warning, ruleClue, level, '2026-07-01');
    const text = JSON.stringify(data);
    expect(text.split(FACTS)).toHaveLength(2);
    expect(text).not.toMatch(/关于“化整为零、拆分采购/);
    if (templateId === 'core/inquiry-letter') {
      expect(String(data.background).startsWith(FACTS)).toBe(true);
      expect(data.questions).toEqual(['关于“化整为零规避招标”的问题，请说明具体情况。', '关于“经初步核实，两笔采购为同一批敷料包。”的问题，请说明具体情况。']);
    }
  });

  it('keeps a staff clue’s content as a question and a risk, as before', () => {
    const staffClue = { channel: 'staff', content: '群众反映其多次接受宴请。', tipsterName: null, tipsterContact: null } as WarningClueEntity;
    const inquiry = levels.find((l) => l.document.kind === 'warning-inquiry')!;
    expect(noticeDocument(warning, staffClue, inquiry, '2026-07-01').data.questions).toContain('关于“群众反映其多次接受宴请。”的问题，请说明具体情况。');
    const notice = levels.find((l) => l.document.kind === 'warning-notice')!;
    expect(noticeDocument(warning, staffClue, notice, '2026-07-01').data.risks).toEqual(['化整为零规避招标', '群众反映其多次接受宴请。', '经初步核实，两笔采购为同一批敷料包。']);
  });
});
