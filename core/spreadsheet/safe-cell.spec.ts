import { safeCell } from './safe-cell';

describe('safeCell', () => {
  it('prefixes formula-like text with an apostrophe', () => {
    expect(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x', '+86'].map(safeCell)).toEqual(["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\t=x", "'\r=x", "'+86"]);
  });
  it('leaves ordinary text, numbers and empty cells alone', () => {
    expect(['药品采购', 'a=b', '', 12, -5, 86.49, null, undefined].map(safeCell)).toEqual(['药品采购', 'a=b', '', 12, -5, 86.49, null, null]);
  });
});
