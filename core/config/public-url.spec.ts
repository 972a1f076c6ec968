import 'reflect-metadata';
import * as os from 'node:os';
import { loadEnv } from './env.config';
import { publicBaseUrl, requirePublicUrl } from './public-url';

describe('PUBLIC_URL setting', () => {
  it('accepts an http(s) URL and drops trailing slashes', () => {
    expect(loadEnv({ PUBLIC_URL: 'https://lianzheng.example.gov.cn/' }).PUBLIC_URL).toBe('https://lianzheng.example.gov.cn');
    expect(loadEnv({ PUBLIC_URL: 'http://10.0.0.5:8080/lz//' }).PUBLIC_URL).toBe('http://10.0.0.5:8080/lz');
    expect(loadEnv({ PUBLIC_URL: 'http://localhost:3000' }).PUBLIC_URL).toBe('http://localhost:3000');
  });

  it.each(['ftp://example.com', 'example.com', 'javascript:alert(1)', 'https://example.com/?a=1', 'https://example.com/#top', 'not a url'])('rejects %s naming the variable', (value) => {
    expect(() => loadEnv({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/);
  });

  it('is used as given when set, whatever the port', () => {
    expect(publicBaseUrl({ PUBLIC_URL: 'https://lz.example.cn', HOST: '0.0.0.0', PORT: 0 }, 41234)).toBe('https://lz.example.cn');
  });

  it('defaults to HOST and the listening port, never port 0', () => {
    expect(publicBaseUrl({ PORT: 0 }, 41234)).toBe('http://127.0.0.1:41234');
    expect(publicBaseUrl({ PORT: 3000 })).toBe('http://127.0.0.1:3000');
    expect(publicBaseUrl({ HOST: 'lz.intranet', PORT: 3000 }, 3000)).toBe('http://lz.intranet:3000');
    expect(publicBaseUrl({ HOST: '0.0.0.0', PORT: 8080 }, 8080)).toBe(`http://${os.hostname()}:8080`);
    expect(publicBaseUrl({ HOST: '::1', PORT: 8080 }, 8080)).toBe('http://[::1]:8080');
    expect(() => publicBaseUrl({ PORT: 0 })).toThrow(/PUBLIC_URL/);
  });

  it('is required outside demo mode, with a message in both languages', () => {
    expect(() => requirePublicUrl({}, false)).toThrow(/PUBLIC_URL 未设置[\s\S]*PUBLIC_URL is not set/);
    expect(() => requirePublicUrl(loadEnv({ DEMO_MODE: '1' }), loadEnv({ DEMO_MODE: '1' }).DEMO_MODE)).not.toThrow();
    expect(() => requirePublicUrl({ PUBLIC_URL: 'https://lz.example.cn' }, false)).not.toThrow();
  });
});
