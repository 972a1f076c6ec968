import { langSwitchBack } from './shell.service';
import { isLocalPath } from './web.controller';

describe('web shell redirects', () => {
  it('only follows same-site paths after a language or institution switch', () => {
    expect(isLocalPath('/p/test-plugin/notes?q=1')).toBe(true);
    expect(isLocalPath('/')).toBe(true);
    for (const outside of ['//evil.example', '/\\evil.example', 'https://evil.example', 'evil', '']) expect(isLocalPath(outside)).toBe(false);
  });

  it('returns from the language link to the same page without a ?lang= that would override the choice', () => {
    expect(decodeURIComponent(langSwitchBack('/p/x/list?q=a&lang=en'))).toBe('/p/x/list?q=a');
    expect(langSwitchBack('/p/x/list?q=a&b=c')).toBe(encodeURIComponent('/p/x/list?q=a&b=c'));
    expect(decodeURIComponent(langSwitchBack('/'))).toBe('/');
  });
});
