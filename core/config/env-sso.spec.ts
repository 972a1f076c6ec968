import { loadEnv } from './env.config';

describe('identity platform settings', () => {
  it('reads OIDC and CAS settings, the username claim defaulting to preferred_username', () => {
    const env = loadEnv({ OIDC_ISSUER: 'https://sso.example.gov.cn/oidc', OIDC_CLIENT_ID: 'lz', CAS_BASE_URL: 'https://sso.example.gov.cn/cas/', SSO_ONLY_EXCEPT_ADMINS: 'true' });
    expect(env).toMatchObject({ OIDC_USERNAME_CLAIM: 'preferred_username', CAS_BASE_URL: 'https://sso.example.gov.cn/cas', SSO_ONLY_EXCEPT_ADMINS: true });
    expect(loadEnv({ CAS_BASE_URL: 'http://127.0.0.1:9000/cas', SSO_ONLY_EXCEPT_ADMINS: 'false' }).SSO_ONLY_EXCEPT_ADMINS).toBe(false);
  });

  it('names what is missing or malformed', () => {
    expect(() => loadEnv({ OIDC_ISSUER: 'https://sso.example.gov.cn' })).toThrow('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
    expect(() => loadEnv({ OIDC_CLIENT_ID: 'lz' })).toThrow('OIDC_ISSUER: required');
    expect(() => loadEnv({ SSO_ONLY_EXCEPT_ADMINS: '1' })).toThrow('SSO_ONLY_EXCEPT_ADMINS: needs OIDC_ISSUER or CAS_BASE_URL');
    expect(() => loadEnv({ CAS_BASE_URL: 'ftp://x' })).toThrow('CAS_BASE_URL must be an http(s) URL');
    expect(() => loadEnv({ OIDC_ISSUER: 'https://a.example', OIDC_CLIENT_ID: 'lz', OIDC_USERNAME_CLAIM: 'a b' })).toThrow('OIDC_USERNAME_CLAIM');
  });
});
