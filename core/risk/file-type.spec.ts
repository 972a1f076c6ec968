import { sniffFlowChartType } from './file-type';

describe('sniffFlowChartType', () => {
  it('recognises PNG, JPEG and PDF by their magic bytes', () => {
    expect(sniffFlowChartType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toEqual({ mime: 'image/png', ext: 'png' });
    expect(sniffFlowChartType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ mime: 'image/jpeg', ext: 'jpg' });
    expect(sniffFlowChartType(Buffer.from('%PDF-1.7\n'))).toEqual({ mime: 'application/pdf', ext: 'pdf' });
  });

  it('refuses anything else, whatever it claims to be', () => {
    expect(sniffFlowChartType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffFlowChartType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffFlowChartType(Buffer.from([0x89, 0x50]))).toBeNull();
    expect(sniffFlowChartType(Buffer.alloc(0))).toBeNull();
  });
});
