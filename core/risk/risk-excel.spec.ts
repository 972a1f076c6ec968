import { neutraliseCell } from './risk-excel.service';

describe('neutraliseCell', () => {
  it('prefixes a quote to text that a spreadsheet would read as a formula', () => {
    expect(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x'].map(neutraliseCell)).toEqual(["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\t=x"]);
  });
  it('leaves ordinary text and numbers alone', () => {
    expect(['药品采购', 'a=b', '', 12, -5, null].map(neutraliseCell)).toEqual(['药品采购', 'a=b', '', 12, -5, null]);
  });
});
