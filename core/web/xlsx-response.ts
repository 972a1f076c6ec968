import type { Writable } from 'node:stream';
import type { Response } from 'express';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Streams a workbook as a download named `filename` (`fallback` for clients without RFC 5987). A failure once bytes
 * have left cuts the connection, so a truncated file is never taken for a whole one; the error still reaches the log.
 */
export async function sendWorkbook(res: Response, filename: string, fallback: string, write: (out: Writable) => Promise<void>): Promise<void> {
  res.type(XLSX_TYPE).setHeader('Content-Disposition', `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  try {
    await write(res);
  } catch (err) {
    if (res.headersSent) res.destroy();
    throw err;
  }
}
