import * as fs from 'node:fs';
import * as path from 'node:path';

/** URL prefix of the bundled font files; `fonts.css` points here. */
export const FONT_URL_PREFIX = '/assets/fonts/';
/** Weights the screens use: body text and headings. */
const WEIGHTS = [400, 700];
/** Font files are named `noto-sans-sc-<subset>-<weight>-normal.woff2`; nothing else may be served. */
const FILE_NAME = /^noto-sans-sc-[a-z0-9-]+-(?:400|700)-normal\.woff2?$/;

/**
 * Serves Noto Sans SC from @fontsource so Chinese renders on any client, even one with no CJK font
 * (e.g. a bare Debian server). Its @font-face rules carry unicode-range, so a browser fetches only
 * the ~35 KB subsets a page uses, and only when no local font listed before it in app.css has the glyph.
 */
export class WebFonts {
  private readonly dir = path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  private readonly sheet: string;

  constructor() {
    const pkgDir = path.dirname(this.dir);
    this.sheet = WEIGHTS.map((w) => fs.readFileSync(path.join(pkgDir, `${w}.css`), 'utf8'))
      .join('\n')
      .replace(/url\(\.\/files\//g, `url(${FONT_URL_PREFIX}`);
  }

  css(): string {
    return this.sheet;
  }

  /** Absolute path of an allowed font file, or null (unknown names answer 404). */
  file(name: string): string | null {
    if (!FILE_NAME.test(name)) return null;
    const file = path.join(this.dir, name);
    return fs.existsSync(file) ? file : null;
  }
}
