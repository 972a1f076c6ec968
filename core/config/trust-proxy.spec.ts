import 'reflect-metadata';
import { loadEnv } from './env.config';
import { trustedProxies } from './trust-proxy';

describe('TRUST_PROXY setting', () => {
  it('trusts no proxy by default', () => {
    expect(trustedProxies(loadEnv({}).TRUST_PROXY)).toBe(false);
    expect(trustedProxies(loadEnv({ TRUST_PROXY: '' }).TRUST_PROXY)).toBe(false);
  });

  it('accepts addresses, subnets and named ranges, comma-separated', () => {
    const env = loadEnv({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1, fd00::/8,loopback' });
    expect(trustedProxies(env.TRUST_PROXY)).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it.each(['true', '*', '1', 'proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '127.0.0.1,', 'loopback;10.0.0.1'])('refuses %s at start-up, naming the variable', (value) => {
    expect(() => loadEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: TRUST_PROXY must list proxy addresses/);
  });
});
