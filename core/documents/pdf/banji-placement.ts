import { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFPage, PDFString } from 'pdf-lib';

/** Link targets the gbt/banji partial draws: Chromium turns each into a link annotation whose rectangle says where it landed. */
export const BODY_END_MARK = 'https://lz.invalid/body-end';
export const BANJI_TOP_MARK = 'https://lz.invalid/banji-top';

const MM = 72 / 25.4;
/** The text block's bottom edge, in PDF points from the page bottom (35 mm margin). */
const BLOCK_BOTTOM = 35 * MM;
/** At least one blank line (28.95 pt) between the body and the 版记 on a shared page. */
const GAP = 28.95;

export interface BanjiPlacement {
  pdf: Buffer;
  pages: number;
  /** The 版记 went under the body on the body's last (even) page. */
  sharedPage: boolean;
  /** A blank, unnumbered page went in before the 版记 page. */
  blankBeforeBanji: boolean;
}

interface Mark {
  page: number;
  /** Bottom of the annotation rectangle, PDF points from the page bottom. */
  y: number;
}

/** Finds and removes the marker annotations, so the printed PDF carries no trace of them. */
function takeMarks(pages: PDFPage[]): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  pages.forEach((page, index) => {
    const annots = page.node.Annots();
    if (!annots) return;
    for (let i = annots.size() - 1; i >= 0; i--) {
      const annot = annots.lookupMaybe(i, PDFDict);
      const uri = annot?.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('URI'), PDFString)?.decodeText();
      if (uri !== BODY_END_MARK && uri !== BANJI_TOP_MARK) continue;
      const rect = annot!.lookup(PDFName.of('Rect'), PDFArray).asRectangle();
      marks.set(uri, { page: index, y: rect.y });
      annots.remove(i);
    }
    if (annots.size() === 0) page.node.delete(PDFName.of('Annots'));
  });
  return marks;
}

/**
 * Puts the 版记 (printed alone, bottom-aligned, on the PDF's last page) where GB/T 9704 wants it, in one render: under
 * the body when the body ends on an even page with room for it (that page keeps its number), else on its own even page,
 * with a blank unnumbered page before it when the body ends on an even page without room. A PDF without the markers
 * (a template with no 版记) is returned unchanged.
 */
export async function placeBanji(pdf: Buffer): Promise<BanjiPlacement> {
  // pdf-lib yields a setTimeout tick every 100 objects parsed and 50 written by default: most of its cost on a busy server.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const pages = doc.getPages();
  const marks = takeMarks(pages);
  const end = marks.get(BODY_END_MARK);
  const top = marks.get(BANJI_TOP_MARK);
  const last = pages.length - 1;
  if (!end || !top || top.page !== last || end.page !== last - 1) {
    return { pdf, pages: pages.length, sharedPage: false, blankBeforeBanji: false };
  }
  const bodyPages = end.page + 1;
  let sharedPage = false;
  let blankBeforeBanji = false;
  if (bodyPages % 2 === 0 && end.y - top.y >= GAP) {
    // Copy the 版记's strip (text block width, its top down to the block's bottom edge) onto the body page, then drop its page.
    const banjiPage = pages[last];
    const { width } = banjiPage.getSize();
    const box = { left: 0, right: width, bottom: BLOCK_BOTTOM - 2 * MM, top: top.y + 1 };
    const strip = await doc.embedPage(banjiPage, box);
    pages[end.page].drawPage(strip, { x: box.left, y: box.bottom });
    doc.removePage(last);
    sharedPage = true;
  } else if (bodyPages % 2 === 0) {
    const { width, height } = pages[last].getSize();
    doc.insertPage(last, [width, height]);
    blankBeforeBanji = true;
  }
  const out = Buffer.from(await doc.save({ useObjectStreams: false, objectsPerTick: Infinity }));
  return { pdf: out, pages: doc.getPageCount(), sharedPage, blankBeforeBanji };
}
