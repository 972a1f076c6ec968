import { loadFontAssets, RARE_CHARACTER_FACES } from './fonts';
import { GlyphCoverage, withoutEmoji } from './printable-text';

describe('withoutEmoji', () => {
  it('leaves emoji, skin tones and keycaps out, keeps text symbols and every Han character', () => {
    expect(withoutEmoji('表情😀👍🏽✅🇨🇳，1️⃣号')).toBe('表情，1号');
    expect(withoutEmoji('©®™☎✓ 𠮷䶮㐂鿏')).toBe('©®™☎✓ 𠮷䶮㐂鿏');
    expect(withoutEmoji({ rows: [{ name: '张三👍' }], n: 3 })).toEqual({ rows: [{ name: '张三' }], n: 3 });
  });
});

describe('GlyphCoverage', () => {
  const coverage = new GlyphCoverage(['U+0000-00FF, U+4E00-9FFF'], [[0x20000, 0x2a6df]]);

  it('names the characters no font prints, once each, and never spaces or joiners', () => {
    expect(coverage.missing('吉𠮷 a\u200d\u3000\ufe0f')).toEqual([]);
    expect(coverage.missing('䶮𮯰䶮')).toEqual(['䶮', '𮯰']);
  });

  it('finds them by field path', () => {
    expect(coverage.unprintableFields({ addressee: '吉', problems: ['好', '䶮'], rows: [{ name: '𮯰' }] })).toEqual([
      { field: 'problems[1]', chars: ['䶮'] },
      { field: 'rows[0].name', chars: ['𮯰'] },
    ]);
  });

  it('counts the web faces’ ranges: the document faces print ordinary Chinese without any installed font', () => {
    const web = new GlyphCoverage(loadFontAssets().ranges, []);
    expect(web.missing('廉政风险预警防控平台，〔2026〕号。')).toEqual([]);
  });
});

describe('the fallback chain for rare characters', () => {
  it('adds HanaMin A/B and BabelStone Han to every document family, before the web faces so they are tried last', () => {
    const css = loadFontAssets().css('http://fonts');
    for (const family of ['lz-xbs', 'lz-fs', 'lz-ht', 'lz-kt', 'lz-song']) {
      const rules = css.split('\n').filter((r) => r.includes(`font-family:'${family}'`));
      expect(rules.slice(0, RARE_CHARACTER_FACES.length).map((r) => /local\('([^']+)'\)/.exec(r)![1])).toEqual(['BabelStone Han', 'HanaMinB', 'HanaMinA']);
      expect(rules.slice(RARE_CHARACTER_FACES.length).every((r) => r.includes('url(http://fonts/fonts/'))).toBe(true);
    }
    // Extension B–F live in plane 2, G in plane 3.
    expect(css).toContain("src:local('HanaMinB');unicode-range:U+20000-2FA1F;");
    expect(css).toMatch(/local\('BabelStone Han'\)[^}]*U\+20000-323AF/);
  });
});
