import { NUMBER_RUN, wordGroups } from './word-breaks';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const groups = (text: string) => wordGroups(text, segmenter);

describe('wordGroups: where a title or table cell may break', () => {
  it('never breaks inside the words the issue found split (供应商, 齐全, 及时, 症状者, 技术, 组织)', () => {
    const titles = ['关于追踪肺结核可疑症状者到位就诊的通知', '关于供应商比价记录不齐全的预警通知书', '关于整改不及时的提醒', '关于加强技术组织管理的意见'];
    const words = ['供应商', '齐全', '及时', '症状者', '技术', '组织'];
    for (const title of titles) {
      const parts = groups(title);
      expect(parts.join('')).toBe(title);
      let at = 0;
      const cuts = parts.slice(0, -1).map((p) => (at += p.length));
      for (const word of words) {
        const start = title.indexOf(word);
        if (start < 0) continue;
        for (const cut of cuts) expect(cut <= start || cut >= start + word.length).toBe(true);
      }
    }
  });

  it('keeps punctuation with its word and still leaves break points between words', () => {
    expect(groups('关于“违规采购”问题的报告')).toEqual(['关于', '“违规', '采购”', '问题', '的', '报告']);
    expect(groups('2026年第3季度')).toEqual(['2026年第3季度']);
  });

  it('finds amounts, counts and percentages as whole runs', () => {
    const runs = [...'合计343,273.68元，限额2,000,000.00元，占比12.5%，共3项'.matchAll(NUMBER_RUN)].map((m) => m[0]);
    expect(runs).toEqual(['343,273.68元', '2,000,000.00元', '12.5%', '3']);
  });
});
