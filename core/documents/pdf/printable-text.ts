import { execFileSync } from 'node:child_process';

// Pictographs shown as emoji by default or living in the emoji planes, with the keycap mark and the emoji selector.
const EMOJI = /\u{FE0F}?\u{20E3}|[\p{Emoji_Presentation}\u{1F000}-\u{1FAFF}]\u{FE0F}?/gu;
// Code points that draw nothing (spaces, controls, joiners, selectors), so never a box.
const SILENT = /^[\p{Default_Ignorable_Code_Point}\p{Cc}\s]$/u;

/**
 * Documents leave emoji out: GB/T 9704 prints text in its prescribed faces, and Chromium's emoji fallback prints many
 * as empty boxes (skin tones, ✅). The record keeps them; text symbols (©, ☎, ✓) stay and are checked like any character.
 */
export function withoutEmoji<T>(value: T): T {
  if (typeof value === 'string') return value.replace(EMOJI, '') as T;
  if (Array.isArray(value)) return value.map((v) => withoutEmoji(v)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutEmoji(v)])) as T;
  return value;
}

/** `U+4E00-9FFF, U+3000` (CSS unicode-range) or `4e00-9fff 3000` (fontconfig charset) as code point ranges. */
function parseRanges(text: string): [number, number][] {
  return (text.match(/[0-9a-f]+(?:-[0-9a-f]+)?/gi) ?? []).map((token) => {
    const [a, b = a] = token.split('-');
    return [parseInt(a, 16), parseInt(b, 16)];
  });
}

/** Every installed font's characters: Chromium falls back to them for what the document faces lack. */
function installedFontRanges(): [number, number][] {
  try {
    return parseRanges(execFileSync('fc-list', ['--format', '%{charset}\n'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  } catch {
    return [];
  }
}

/** The characters a document can print: the web faces' ranges (with their `U+` prefixes) and the installed fonts. */
export class GlyphCoverage {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(webRanges: string[], installed: [number, number][] = installedFontRanges()) {
    const all = [...webRanges.flatMap((r) => parseRanges(r.replace(/U\+/gi, ''))), ...installed].sort((x, y) => x[0] - y[0]);
    for (const [a, b] of all) {
      const last = this.ends.length - 1;
      if (last >= 0 && a <= this.ends[last] + 1) {
        this.ends[last] = Math.max(this.ends[last], b);
      } else {
        this.starts.push(a);
        this.ends.push(b);
      }
    }
  }

  covers(cp: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < this.starts[mid]) hi = mid - 1;
      else if (cp > this.ends[mid]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** The distinct characters of `text` that no font prints (each would come out as an empty box). */
  missing(text: string): string[] {
    return [...new Set([...text].filter((ch) => !SILENT.test(ch) && !this.covers(ch.codePointAt(0)!)))];
  }

  /** Each text field of template data holding such characters, by path (`problems[1]`, `rows[0].name`). */
  unprintableFields(data: unknown, path = ''): { field: string; chars: string[] }[] {
    if (typeof data === 'string') {
      const chars = this.missing(data);
      return chars.length ? [{ field: path, chars }] : [];
    }
    if (Array.isArray(data)) return data.flatMap((v, i) => this.unprintableFields(v, `${path}[${i}]`));
    if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => this.unprintableFields(v, path ? `${path}.${k}` : k));
    return [];
  }
}
