import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

// Async on purpose: the test process also runs the server, and a blocked event loop drops its keep-alive sockets.
const run = promisify(execFile);
async function tool(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { encoding: 'utf8', maxBuffer: 128 * 1024 * 1024 });
  return stdout;
}

/** poppler-utils wrappers: the tests check the PDF itself, not the HTML it came from. */
async function withFile<T>(pdf: Buffer, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function pdfInfo(pdf: Buffer): Promise<{ pages: number; width: number; height: number }> {
  const out = await withFile(pdf, (f) => tool('pdfinfo', [f]));
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)![1]), width: Number(size[1]), height: Number(size[2]) };
}

/** Each page's size in millimetres (a 横排表格 page is 297 × 210). */
export async function pdfPageSizes(pdf: Buffer): Promise<{ width: number; height: number }[]> {
  const out = await withFile(pdf, (f) => tool('pdfinfo', ['-f', '1', '-l', '100000', f]));
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ width: (Number(m[1]) * 25.4) / 72, height: (Number(m[2]) * 25.4) / 72 }));
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export async function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  const out = await withFile(pdf, (f) => tool('pdffonts', [f]));
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(l)!;
      return { name: m[1], type: m[2].trim(), embedded: m[4] === 'yes' };
    });
}

/** Text per page (pdftotext separates pages with form feeds). */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  const out = await withFile(pdf, (f) => tool('pdftotext', ['-layout', f, '-']));
  return out.split('\f').slice(0, -1);
}

/** pdftotext -raw keeps drawing order, so a table cell's wrapped lines stay together; compare without whitespace. */
export async function pdfRawText(pdf: Buffer): Promise<string> {
  const out = await withFile(pdf, (f) => tool('pdftotext', ['-raw', f, '-']));
  return out.replace(/[ \t\n\r\u3000]+/g, '');
}

/**
 * The raw text with page breaks taken out: each page number (—N—) and, after its first time, the table header a page
 * break repeats, so a table row split across pages reads whole.
 */
export async function pdfRawTextAcrossPages(pdf: Buffer, tableHeader: string): Promise<string> {
  const text = await pdfRawText(pdf);
  const first = text.indexOf(tableHeader);
  const cut = first < 0 ? 0 : first + tableHeader.length;
  const strip = (s: string) => s.replace(/\f/g, '').replace(/—\d+—/g, '');
  return strip(text.slice(0, cut)) + strip(text.slice(cut)).split(tableHeader).join('');
}

export interface Word {
  page: number;
  text: string;
  /** Millimetres from the page's left and top edges. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const PT_TO_MM = 25.4 / 72;

export async function pdfWords(pdf: Buffer): Promise<Word[]> {
  const out = await withFile(pdf, (f) => tool('pdftotext', ['-bbox-layout', f, '-']));
  const words: Word[] = [];
  let page = 0;
  for (const line of out.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) {
      const text = m[5].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      words.push({ page, text, xMin: Number(m[1]) * PT_TO_MM, yMin: Number(m[2]) * PT_TO_MM, xMax: Number(m[3]) * PT_TO_MM, yMax: Number(m[4]) * PT_TO_MM });
    }
  }
  return words;
}

/** Writes page PNGs at the given resolution and returns their paths. */
export async function pdfToPng(pdf: Buffer, outPrefix: string, dpi = 60): Promise<string[]> {
  fs.mkdirSync(path.dirname(outPrefix), { recursive: true });
  await withFile(pdf, (f) => tool('pdftoppm', ['-r', String(dpi), '-png', f, outPrefix]));
  const dir = path.dirname(outPrefix);
  return fs
    .readdirSync(dir)
    .filter((x) => x.startsWith(path.basename(outPrefix)) && x.endsWith('.png'))
    .sort()
    .map((x) => path.join(dir, x));
}

export interface InkRow {
  /** Millimetres from the page top. */
  y: number;
  /** Leftmost and rightmost red pixel of the row, millimetres from the left edge. */
  xMin: number;
  xMax: number;
}

/** The rows of page 1 holding red ink (the mark and the red rule), measured on a rendered bitmap. */
export async function redInkRows(pdf: Buffer, dpi = 150): Promise<InkRow[]> {
  const ppm = await withFile(pdf, async (f) => {
    const out = path.join(path.dirname(f), 'p');
    await run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', f, out]);
    return fs.readFileSync(path.join(path.dirname(f), fs.readdirSync(path.dirname(f)).find((x) => x.endsWith('.ppm'))!));
  });
  // Binary PPM: "P6\n<w> <h>\n255\n" then RGB triples.
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const start = header[0].length;
  const rows: InkRow[] = [];
  const mm = (px: number) => (px * 25.4) / dpi;
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      const i = start + (y * w + x) * 3;
      if (ppm[i] > 180 && ppm[i + 1] < 90 && ppm[i + 2] < 90) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first >= 0) rows.push({ y: mm(y), xMin: mm(first), xMax: mm(last + 1) });
  }
  return rows;
}
