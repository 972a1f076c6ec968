/** The upload types a flow chart may have, recognised from the file's first bytes, never from its name. */
export type FlowChartType = { mime: 'image/png' | 'image/jpeg' | 'application/pdf'; ext: 'png' | 'jpg' | 'pdf' };

export const MAX_FLOW_CHART_BYTES = 5 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function startsWith(buf: Uint8Array, sig: number[]): boolean {
  return buf.length >= sig.length && sig.every((b, i) => buf[i] === b);
}

export function sniffFlowChartType(buf: Uint8Array): FlowChartType | null {
  if (startsWith(buf, PNG)) return { mime: 'image/png', ext: 'png' };
  if (startsWith(buf, JPEG)) return { mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(buf, PDF)) return { mime: 'application/pdf', ext: 'pdf' };
  return null;
}
