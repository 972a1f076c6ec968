import 'reflect-metadata';
import { loadEnv } from '../config/env.config';
import { Clock, fakeNowFromEnv } from './clock';

describe('LZ_FAKE_NOW: a test clock for a server run as a child process', () => {
  const test = (LZ_FAKE_NOW?: string) => ({ NODE_ENV: 'test', LZ_FAKE_NOW });

  it('is off when unset or empty', () => {
    expect(fakeNowFromEnv({ NODE_ENV: 'test' })).toBeNull();
    expect(fakeNowFromEnv(test(''))).toBeNull();
    expect(fakeNowFromEnv({ NODE_ENV: 'production', LZ_FAKE_NOW: '' })).toBeNull();
  });

  it.each([
    ['2026-10-12T02:00:00Z', '2026-10-12T02:00:00.000Z'],
    ['2026-10-12T02:00Z', '2026-10-12T02:00:00.000Z'],
    ['2026-10-12T10:00:00.250+08:00', '2026-10-12T02:00:00.250Z'],
    ['2028-02-29T23:59:59-05:00', '2028-03-01T04:59:59.000Z'],
  ])('reads %s as the instant %s', (raw, iso) => {
    expect(fakeNowFromEnv(test(raw))!.toISOString()).toBe(iso);
  });

  it.each(['2026-10-12', '2026-10-12T02:00:00', '2026-02-30T00:00:00Z', '2027-02-29T00:00:00Z', '2026-10-12T24:00:00Z', '2026-10-12T02:60:00Z', '1760234400000', 'tomorrow', ' 2026-10-12T02:00:00Z'])(
    'refuses %j with the variable, the expected form and the value',
    (raw) => {
      expect(() => fakeNowFromEnv(test(raw))).toThrow(`LZ_FAKE_NOW must be an ISO instant with a zone, e.g. 2026-10-12T02:00:00Z; got '${raw}'`);
    },
  );

  it.each([undefined, 'production', 'development', 'TEST'])('is refused outside NODE_ENV=test (NODE_ENV=%s), even when well formed', (NODE_ENV) => {
    expect(() => fakeNowFromEnv({ NODE_ENV, LZ_FAKE_NOW: '2026-10-12T02:00:00Z' })).toThrow(/LZ_FAKE_NOW is set but NODE_ENV is .*only allowed with NODE_ENV=test/);
  });

  it('stops loadEnv (the boot) with a clear line instead of silently running on the real time', () => {
    expect(() => loadEnv({ NODE_ENV: 'test', LZ_FAKE_NOW: '2026-13-01T00:00:00Z' })).toThrow(/^Invalid environment:\n {2}LZ_FAKE_NOW: LZ_FAKE_NOW must be an ISO instant/);
    expect(() => loadEnv({ LZ_FAKE_NOW: '2026-10-12T02:00:00Z' })).toThrow(/LZ_FAKE_NOW: LZ_FAKE_NOW is set but NODE_ENV is unset/);
    expect(() => loadEnv({ NODE_ENV: 'test', LZ_FAKE_NOW: '2026-10-12T02:00:00Z' })).not.toThrow();
  });

  describe('Clock built with LZ_FAKE_NOW in the environment', () => {
    const saved = process.env.LZ_FAKE_NOW;
    afterEach(() => {
      if (saved === undefined) delete process.env.LZ_FAKE_NOW;
      else process.env.LZ_FAKE_NOW = saved;
    });

    it('starts at the fake instant and lets time flow from there; reset returns to it, set still pins', async () => {
      process.env.LZ_FAKE_NOW = '2026-10-12T02:00:00Z';
      const clock = new Clock();
      const first = clock.now().getTime();
      expect(first - Date.parse('2026-10-12T02:00:00Z')).toBeGreaterThanOrEqual(0);
      expect(first - Date.parse('2026-10-12T02:00:00Z')).toBeLessThan(1_000);
      expect(clock.today()).toBe('2026-10-12');
      await new Promise((r) => setTimeout(r, 30));
      expect(clock.now().getTime()).toBeGreaterThan(first);
      clock.advance(86_400_000);
      expect(clock.today()).toBe('2026-10-13');
      clock.set('2027-01-01T00:00:00Z');
      expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
      clock.reset();
      expect(clock.today()).toBe('2026-10-12');
    });

    it('refuses to be built with a bad value (never falls back to the real time)', () => {
      process.env.LZ_FAKE_NOW = '12/10/2026';
      expect(() => new Clock()).toThrow(/LZ_FAKE_NOW must be an ISO instant/);
    });

    it('is the real time without it', () => {
      delete process.env.LZ_FAKE_NOW;
      expect(Math.abs(new Clock().now().getTime() - Date.now())).toBeLessThan(1_000);
    });
  });
});
