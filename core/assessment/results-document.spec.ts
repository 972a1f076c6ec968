import { periodWords, resultsDocumentData } from './results-document.service';
import type { SubjectResult } from './subject-result';

const label = (zh: string) => ({ zh, en: zh });
const result = (over: Partial<SubjectResult>): SubjectResult =>
  ({ kind: 'person', label: '张三', score: '82.40', scoreHundredths: 8240, rank: 1, baseGradeLabel: label('好'), gradeLabel: label('好'), caps: [], notBinding: [], consequences: [], items: [], excludedFromPromotion: false, ...over }) as SubjectResult;

describe('考核结果通报 data', () => {
  const scheme = { name: '2026年度党风廉政建设责任制考核', period: '2026', status: 'published', finalisedAt: '2026-12-20T02:00:00Z', publishedAt: '2026-12-21T02:00:00Z' };

  it('words the period as the notice does', () => {
    expect(['2026', '2026-H1', '2026-Q3'].map(periodWords)).toEqual(['2026年度', '2026年上半年', '2026年第三季度']);
  });

  it('gives each subject its screen texts in 说明, an empty cell when nothing applies, and names the kind when people and departments mix', () => {
    const capped = result({
      label: '李四',
      score: '88.00',
      gradeLabel: label('一般'),
      excludedFromPromotion: true,
      caps: [{ ruleId: 'yellow', from: 'good', to: 'fair', fromLabel: label('好'), toLabel: label('一般'), reason: label('黄牌科室负责人不得评为好') }],
    });
    const d = resultsDocumentData(scheme, '甲医院', [capped, result({ kind: 'department', label: '药剂科', rank: 1 })]);
    expect(d.title).toBe('关于2026年度党风廉政建设责任制考核结果的通报');
    expect(d.intro[0]).toContain('甲医院对2个考核对象进行了2026年度考核（满分100分），考核结果已于2026年12月20日定稿，2026年12月21日公布。');
    expect(d.rows).toEqual([
      { rank: '1', subject: '李四（个人）', score: '88.00分', grade: '一般', note: '好 → 一般：黄牌科室负责人不得评为好' },
      { rank: '1', subject: '药剂科（科室）', score: '82.40分', grade: '好', note: '' },
    ]);
    expect(d.notes).toEqual(['李四不列入评先评优及提拔名单，原因见上表“说明”栏。']);
  });
});
