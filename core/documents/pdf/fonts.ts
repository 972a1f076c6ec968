import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The document faces and their free stand-ins. Installed offices' fonts are tried first through local(); the
 * npm web fonts follow, so every PDF embeds the same CID TrueType subsets on every machine.
 */
export interface FaceSpec {
  /** CSS family name used by the print CSS. */
  family: string;
  /** Role in GB/T 9704 terms. */
  role: string;
  local: string[];
  /** Package providing the CJK stand-in: `@fontsource/<pkg>` unless `npm` names another. */
  pkg: string;
  weight: number;
  /** A non-@fontsource package (its CSS must use unicode-range slices under ./files/). */
  npm?: string;
  /** The CSS file in the package; `<weight>.css` for @fontsource. */
  cssFile?: string;
}

export const DOCUMENT_FACES: FaceSpec[] = [
  { family: 'lz-xbs', role: '小标宋 (marks, titles)', local: ['FZXiaoBiaoSong-B05S', '方正小标宋简体', 'FZXBSJW--GB1-0'], pkg: 'noto-serif-sc', weight: 900 },
  { family: 'lz-fs', role: '仿宋 (body)', local: ['FangSong_GB2312', 'FangSong', '仿宋_GB2312', '仿宋'], pkg: 'noto-serif-sc', weight: 400 },
  { family: 'lz-ht', role: '黑体 (一、 headings, 密级)', local: ['SimHei', '黑体'], pkg: 'noto-sans-sc', weight: 500 },
  // LXGW WenKai (CJK build, ~200 unicode-range slices): only the slices a page uses are fetched and embedded.
  { family: 'lz-kt', role: '楷体 (（一） headings)', local: ['KaiTi_GB2312', 'KaiTi', '楷体_GB2312', '楷体'], pkg: 'lxgw-wenkai-webfont', npm: 'lxgw-wenkai-webfont', cssFile: 'lxgwwenkai-regular.css', weight: 400 },
  { family: 'lz-song', role: '宋体 (page numbers)', local: ['SimSun', '宋体'], pkg: 'noto-serif-sc', weight: 400 },
];

/**
 * Debian's fonts for the rare characters (生僻字) the faces above lack, added to every family and tried after them:
 * HanaMin A and B (fonts-hanazono) cover CJK Extensions A–F and the compatibility ideographs, BabelStone Han
 * (fonts-babelstone-han) most of Extension G. `.ci/run` and `npm start` install both. What no installed font covers
 * is refused before rendering (printable-text.ts), so a box is never printed.
 */
export const RARE_CHARACTER_FACES: { local: string[]; range: string }[] = [
  // Tried in reverse order, like all @font-face rules of one family: HanaMin first, BabelStone Han for what it lacks.
  { local: ['BabelStone Han', 'BabelStoneHan'], range: 'U+2E80-2FDF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+20000-323AF' },
  { local: ['HanaMinB'], range: 'U+20000-2FA1F' },
  { local: ['HanaMinA'], range: 'U+2E80-2FDF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF' },
];

export interface FontAssets {
  /** @font-face rules with url() pointing at `${base}/fonts/<pkg>/<file>`; `inline` embeds data: URLs instead (bench only). */
  css(base: string, inline?: boolean): string;
  /** `<pkg>/<file>` → absolute path, the only files the font route serves. */
  files: Map<string, string>;
  /** The web faces' unicode-range values: the code points they print. */
  ranges: string[];
}

function packageDir(face: FaceSpec): string {
  return path.dirname(require.resolve(`${face.npm ?? `@fontsource/${face.pkg}`}/package.json`));
}

/** Reads each package's weight CSS once and rewrites its unicode-range chunks under our family names. */
export function loadFontAssets(faces: FaceSpec[] = DOCUMENT_FACES): FontAssets {
  const files = new Map<string, string>();
  const rules: { face: FaceSpec; file: string; range: string }[] = [];
  for (const face of faces) {
    const dir = packageDir(face);
    const cssText = fs.readFileSync(path.join(dir, face.cssFile ?? `${face.weight}.css`), 'utf8');
    for (const block of cssText.split('@font-face').slice(1)) {
      const file = /url\(['"]?\.\/files\/([^)'"]+\.woff2)['"]?\)/.exec(block)?.[1];
      if (!file) continue;
      const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1] ?? '';
      files.set(`${face.pkg}/${file}`, path.join(dir, 'files', file));
      rules.push({ face, file, range });
    }
  }
  // Declared first, so each family tries them last (CSS Fonts: the last matching rule is tried first).
  const rare = [...new Set(faces.map((f) => f.family))].flatMap((family) =>
    RARE_CHARACTER_FACES.map((r) => `@font-face{font-family:'${family}';font-style:normal;font-weight:normal;font-display:block;src:${r.local.map((n) => `local('${n}')`).join(', ')};unicode-range:${r.range};}`),
  );
  return {
    files,
    ranges: rules.map((r) => r.range).filter(Boolean),
    css(base: string, inline = false) {
      const web = rules.map(({ face, file, range }) => {
        const local = face.local.map((n) => `local('${n}')`).join(', ');
        const url = inline ? `data:font/woff2;base64,${fs.readFileSync(files.get(`${face.pkg}/${file}`)!).toString('base64')}` : `${base}/fonts/${face.pkg}/${file}`;
        return `@font-face{font-family:'${face.family}';font-style:normal;font-weight:normal;font-display:block;src:${local}, url(${url}) format('woff2');${range ? `unicode-range:${range};` : ''}}`;
      });
      return [...rare, ...web].join('\n');
    },
  };
}
