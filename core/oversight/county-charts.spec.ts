import { hbarChart } from './county-charts';

describe('hbarChart', () => {
  it('stacks the parts of a bar in proportion to the longest bar and leaves zero parts out', () => {
    const c = hbarChart([
      { label: '示范县人民医院', parts: [{ count: 1, cls: 'bar-yellow' }, { count: 1, cls: 'bar-blue' }, { count: 0, cls: 'bar-red' }] },
      { label: '示范县税务局', parts: [{ count: 1, cls: 'bar-blue' }] },
    ]);
    expect(c.bars.map((b) => b.total)).toEqual([2, 1]);
    expect(c.bars[0].segments.map((s) => s.cls)).toEqual(['bar-yellow', 'bar-blue']);
    const [a, b] = c.bars[0].segments;
    expect(b.x).toBe(a.x + a.width);
    expect(a.width + b.width).toBe(2 * c.bars[1].segments[0].width);
    expect(c.height).toBe(16 + 2 * 28);
  });

  it('cuts a long label to fit left of the bars and keeps the whole one for the tooltip', () => {
    const long = '“一事一议”支出未经联席会议决议或未按期公开';
    const [bar] = hbarChart([{ label: long, parts: [{ count: 3, cls: 'bar-rule' }] }]).bars;
    expect(bar.label).toBe('“一事一议”支出未经联席…');
    expect(bar.full).toBe(long);
  });

  it('draws an empty chart without dividing by zero', () => {
    const [bar] = hbarChart([{ label: '水口村', parts: [{ count: 0, cls: 'bar-green' }] }]).bars;
    expect(bar).toMatchObject({ total: 0, segments: [] });
  });
});
