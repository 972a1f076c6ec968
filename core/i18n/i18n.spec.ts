import { pick, resolveLang, t } from './i18n';

const req = (opts: { query?: Record<string, unknown>; cookie?: string; accept?: string } = {}) => ({
  headers: opts.accept === undefined ? {} : { 'accept-language': opts.accept },
  query: opts.query,
  cookies: opts.cookie === undefined ? undefined : { lang: opts.cookie },
});

describe('resolveLang', () => {
  it('is Chinese by default', () => {
    expect(resolveLang(req())).toBe('zh');
    expect(resolveLang(req({ accept: '' }))).toBe('zh');
    expect(resolveLang(req({ accept: 'fr-FR,fr;q=0.9' }))).toBe('zh');
    expect(resolveLang(req({ accept: 'zh-CN,zh;q=0.9,en;q=0.8' }))).toBe('zh');
  });

  it('follows Accept-Language when it starts with English', () => {
    expect(resolveLang(req({ accept: 'en-US,en;q=0.9' }))).toBe('en');
    expect(resolveLang(req({ accept: '  EN-gb' }))).toBe('en');
  });

  it('prefers the lang cookie over Accept-Language', () => {
    expect(resolveLang(req({ cookie: 'en', accept: 'zh-CN' }))).toBe('en');
    expect(resolveLang(req({ cookie: 'zh', accept: 'en-US' }))).toBe('zh');
  });

  it('prefers ?lang= over the cookie', () => {
    expect(resolveLang(req({ query: { lang: 'zh' }, cookie: 'en', accept: 'en' }))).toBe('zh');
    expect(resolveLang(req({ query: { lang: 'en' }, cookie: 'zh' }))).toBe('en');
  });

  it('ignores values that are not zh or en, whatever their shape', () => {
    expect(resolveLang(req({ query: { lang: 'de' }, cookie: 'xx', accept: 'en' }))).toBe('en');
    expect(resolveLang(req({ query: { lang: ['en'] } }))).toBe('zh');
    expect(resolveLang({ headers: { 'accept-language': ['en'] as unknown as string } })).toBe('en');
  });
});

describe('t and pick', () => {
  it('fills parameters, localises nested texts and leaves unknown ones visible', () => {
    expect(t('zh', 'validation.max', { field: '金额', max: 10 })).toBe('金额：不能大于 10');
    expect(t('en', 'validation.max', { field: 'amount', max: 10 })).toBe('amount: must be at most 10');
    expect(t('en', 'validation.custom', { field: 'end', message: { zh: '早于开始', en: 'before start' } })).toBe('end: before start');
    expect(t('zh', 'validation.max', {})).toBe('{field}：不能大于 {max}');
  });

  it('answers an unknown key with the key itself', () => {
    expect(t('zh', 'no.such.key')).toBe('no.such.key');
  });

  it('falls back to Chinese when the English text is empty', () => {
    expect(pick({ zh: '中文', en: '' }, 'en')).toBe('中文');
    expect(pick(undefined, 'zh')).toBe('');
  });

  it('has the malformed-JSON message in both languages', () => {
    expect(t('zh', 'error.malformed_json')).toBe('请求体不是合法的 JSON');
    expect(t('en', 'error.malformed_json')).toBe('The request body is not valid JSON');
  });
});
