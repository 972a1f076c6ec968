import { fenFromYuan, num, percentOf, str, trimmedStr, yuan, yuanInput } from './values';

describe('reading record values', () => {
  it('str keeps a string as stored and turns anything else into an empty string', () => {
    expect(str('2026-06-03')).toBe('2026-06-03');
    expect(str(' 张三 ')).toBe(' 张三 ');
    expect(str('')).toBe('');
    for (const other of [null, undefined, 0, 42, true, {}, ['a'], new Date(0)]) expect(str(other)).toBe('');
  });

  it('trimmedStr trims a string and turns anything else into an empty string', () => {
    expect(trimmedStr(' 张三 ')).toBe('张三');
    expect(trimmedStr('\t李四\n')).toBe('李四');
    expect(trimmedStr('   ')).toBe('');
    expect(trimmedStr('王 五')).toBe('王 五');
    for (const other of [null, undefined, 0, 42, false, {}, [' a ']]) expect(trimmedStr(other)).toBe('');
  });

  it('trimmedStr maps over a list of names (no second parameter to trip over)', () => {
    expect([' 甲', '乙 ', 3, null].map(trimmedStr)).toEqual(['甲', '乙', '', '']);
  });

  it('num keeps a number, 0 included, and gives the fallback for anything else', () => {
    expect(num(1_500)).toBe(1_500);
    expect(num(-3)).toBe(-3);
    expect(num(0, 7)).toBe(0);
    expect(num(2.5)).toBe(2.5);
    expect(num(null)).toBe(0);
    expect(num(undefined)).toBe(0);
    expect(num('15')).toBe(0); // a numeric string is not a number: options and values are typed
    expect(num(undefined, 7)).toBe(7);
    expect(num('10', 7)).toBe(7);
    expect(Number.isNaN(num(Number.NaN, 7))).toBe(true); // NaN is a number: passed through as the copies did
  });
});

describe('percentOf', () => {
  it('gives part of whole in percent, to one decimal', () => {
    expect(percentOf(1, 3, 100)).toBe(33.3);
    expect(percentOf(2, 3, 100)).toBe(66.7);
    expect(percentOf(1, 8, 0)).toBe(12.5);
    expect(percentOf(1, 16, 0)).toBe(6.3);
    expect(percentOf(5, 5, 0)).toBe(100);
    expect(percentOf(0, 5, 100)).toBe(0);
    expect(percentOf(7, 4, 0)).toBe(175);
  });

  it('gives `empty` when there is no whole', () => {
    expect(percentOf(0, 0, 100)).toBe(100);
    expect(percentOf(0, 0, 0)).toBe(0);
  });
});

describe('yuan', () => {
  it('prints fen as yuan with two decimals and thousands separators', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(100)).toBe('1.00');
    expect(yuan(1_234_567)).toBe('12,345.67');
    expect(yuan(10_000_000_000)).toBe('100,000,000.00');
    expect(yuan(-150)).toBe('-1.50');
  });
});

describe('money typed in yuan', () => {
  it('reads yuan with at most two decimals (separators allowed) as fen, and nothing else', () => {
    expect([fenFromYuan('12'), fenFromYuan('12.5'), fenFromYuan('12.05'), fenFromYuan('1,234.56'), fenFromYuan('-3.1'), fenFromYuan('0')]).toEqual([1200, 1250, 1205, 123456, -310, 0]);
    expect([fenFromYuan('12.345'), fenFromYuan('一百'), fenFromYuan('1e3'), fenFromYuan(''), fenFromYuan('.5')]).toEqual([null, null, null, null, null]);
  });
  it('shows fen back in yuan with two decimals, as the inputs take it', () => {
    expect([yuanInput(123450), yuanInput(5), yuanInput(0), yuanInput(-310)]).toEqual(['1234.50', '0.05', '0.00', '-3.10']);
  });
});
