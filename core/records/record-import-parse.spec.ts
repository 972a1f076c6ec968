import type { FieldDef } from '../plugin-api';
import { cellToValue, csvRecords, csvTable, fieldForHeader, parseDay } from './record-import-parse';

const field = (key: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key, id: `t-${key}`, type, label: { zh: key, en: key }, ...extra }) as FieldDef;
const noRefs = () => null;
const rows = (text: string | Buffer) => [...csvRecords(Buffer.isBuffer(text) ? text : Buffer.from(text))].map((r) => [r.row, r.cells]);

describe('CSV records', () => {
  it('reads quoted cells with commas, doubled quotes and newlines, CRLF or LF, numbering rows as in the file', () => {
    expect(rows('a,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",z\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['x, y', 'say "hi"']],
      [4, ['two\nlines', 'z']],
    ]);
  });

  it('drops a UTF-8 BOM and reads GBK (Chinese Excel) when the bytes are not UTF-8', () => {
    expect(csvTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('项目编号,金额\nP1,1')])).header).toEqual(['项目编号', '金额']);
    // 项目编号,金额 in GBK
    const gbk = Buffer.from('cfeec4bfb1e0bac52cbdf0b6ee0a50312c31', 'hex');
    expect(csvTable(gbk).header).toEqual(['项目编号', '金额']);
  });

  it('keeps a multi-byte character split across decoding chunks', () => {
    const big = Buffer.from(`h\n${'采'.repeat(400_000)}\n`);
    const [, second] = [...csvRecords(big)];
    expect(second.cells[0]).toBe('采'.repeat(400_000));
  });
});

describe('cells to values', () => {
  it('reads days written the usual ways and Excel date cells, and refuses impossible ones', () => {
    expect(['2026-03-05', '2026/3/5', '2026年3月5日', '2026.3.5'].map(parseDay)).toEqual(Array(4).fill('2026-03-05'));
    expect(parseDay(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05');
    expect([parseDay('2026-02-30'), parseDay('3/5/2026'), parseDay('明天')]).toEqual([null, null, null]);
  });

  it('turns yuan into fen, from text or a number cell, and leaves a negative amount for the field to refuse', () => {
    const money = field('total', 'money');
    expect(cellToValue(money, '1,234.50', '金额', noRefs)).toEqual({ value: 123450 });
    expect(cellToValue(money, '¥12元', '金额', noRefs)).toEqual({ value: 1200 });
    expect(cellToValue(money, 99.9, '金额', noRefs)).toEqual({ value: 9990 });
    expect(cellToValue(money, '-5', '金额', noRefs)).toEqual({ value: -500 });
    expect(cellToValue(money, '12.345', '金额', noRefs).problem).toMatchObject({ field: '金额', key: 'import.money' });
  });

  it('reads an option by its value or its Chinese or English label, and names the choices otherwise', () => {
    const e = field('category', 'enum', { options: [{ value: 'drugs', label: { zh: '药品', en: 'Drugs' } }, { value: 'works', label: { zh: '工程', en: 'Works' } }] });
    expect(['drugs', '药品', 'drugs'.toUpperCase()].map((v) => cellToValue(e, v, '类别', noRefs).value)).toEqual(['drugs', 'drugs', 'drugs']);
    expect(cellToValue(e, '食品', '类别', noRefs).problem).toMatchObject({ key: 'import.enum', params: { values: '药品、工程' } });
  });

  it('reads yes/no, integers, and references by title, refusing an ambiguous one', () => {
    expect(['是', '否', 'TRUE', '0'].map((v) => cellToValue(field('b', 'boolean'), v, 'b', noRefs).value)).toEqual([true, false, true, false]);
    expect(cellToValue(field('n', 'integer'), '1,200', 'n', noRefs).value).toBe(1200);
    expect(cellToValue(field('n', 'integer'), '1.5', 'n', noRefs).problem?.key).toBe('import.integer');
    const ref = field('supplier', 'reference', { ref: { recordType: 'supplier' } });
    const lookup = (_: FieldDef, v: string) => (v === '甲公司' ? 7 : v === '重名' ? 'ambiguous' : null);
    expect(cellToValue(ref, '甲公司', '供应商', lookup).value).toBe(7);
    expect(cellToValue(ref, '重名', '供应商', lookup).problem?.key).toBe('import.reference_ambiguous');
    expect(cellToValue(ref, '乙公司', '供应商', lookup).problem?.key).toBe('import.reference');
  });

  it('leaves an empty cell out, so the field default or its required check applies', () => {
    expect(cellToValue(field('s', 'string'), '  ', 's', noRefs)).toEqual({});
  });
});

describe('headers to fields', () => {
  it('matches a key or a label, however spaced or bracketed', () => {
    const fields = [field('totalFen', 'money', { label: { zh: '采购金额（元）', en: 'Total (yuan)' } }), field('projectNo', 'string', { label: { zh: '项目编号', en: 'Project no.' } })];
    expect(['采购金额(元)', '采购金额', ' Total (yuan) ', 'projectno', '项目 编号'].map((h) => fieldForHeader(h, fields)?.key)).toEqual(['totalFen', 'totalFen', 'totalFen', 'projectNo', 'projectNo']);
    expect(fieldForHeader('备注', fields)).toBeUndefined();
  });
});
