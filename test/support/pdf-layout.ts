import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A greyscale bitmap of part of one page: pixel rows top to bottom, 0 = black. */
interface Gray {
  width: number;
  height: number;
  px: Buffer;
  /** Millimetres per pixel. */
  mm: number;
  /** The crop's top and left edges, millimetres from the page's. */
  top: number;
  left: number;
}

/** Renders a rectangle (millimetres from the page's top-left) of one page to greyscale with pdftoppm. */
export async function grayCrop(pdf: Buffer, page: number, rect: { left: number; top: number; width: number; height: number }, dpi = 1200): Promise<Gray> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lz-crop-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const px = (mm: number) => String(Math.round((mm / 25.4) * dpi));
    await run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-x', px(rect.left), '-y', px(rect.top), '-W', px(rect.width), '-H', px(rect.height), '-singlefile', file, path.join(dir, 'p')]);
    const pgm = fs.readFileSync(path.join(dir, 'p.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    return { width: Number(header[1]), height: Number(header[2]), px: pgm.subarray(header[0].length), mm: 25.4 / dpi, top: rect.top, left: rect.left };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface HorizontalRule {
  /** Top and bottom edges, millimetres from the page top. */
  top: number;
  bottom: number;
  thickness: number;
}

/** Runs of rows that are dark across at least `share` of the crop's width: the horizontal rules, text never fills a row. */
export function horizontalRules(img: Gray, share = 0.95): HorizontalRule[] {
  const rules: HorizontalRule[] = [];
  let start = -1;
  for (let y = 0; y <= img.height; y++) {
    let dark = 0;
    if (y < img.height) for (let x = 0; x < img.width; x++) if (img.px[y * img.width + x] < 128) dark++;
    const isRule = y < img.height && dark >= share * img.width;
    if (isRule && start < 0) start = y;
    if (!isRule && start >= 0) {
      rules.push({ top: img.top + start * img.mm, bottom: img.top + y * img.mm, thickness: (y - start) * img.mm });
      start = -1;
    }
  }
  return rules;
}

/** The longest horizontal run of dark pixels in the crop (a table's top border on a form page), in millimetres from the page's left edge. */
export function widestDarkRun(img: Gray): { xMin: number; xMax: number } {
  let best = { from: 0, to: 0 };
  for (let y = 0; y < img.height; y++) {
    let start = -1;
    for (let x = 0; x <= img.width; x++) {
      const dark = x < img.width && img.px[y * img.width + x] < 128;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        if (x - start > best.to - best.from) best = { from: start, to: x };
        start = -1;
      }
    }
  }
  return { xMin: img.left + best.from * img.mm, xMax: img.left + best.to * img.mm };
}
