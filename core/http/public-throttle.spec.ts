import { PublicThrottle, ThrottledError } from './public-throttle';

describe('PublicThrottle', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses the attempt over the limit with its headers, and does not count it', () => {
    const throttle = new PublicThrottle({ submit: { max: 2, windowMs: 60_000 } });
    throttle.take('submit', '192.0.2.1');
    throttle.take('submit', '192.0.2.1');
    let refused: unknown;
    try {
      throttle.take('submit', '192.0.2.1');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ThrottledError);
    expect((refused as ThrottledError).getStatus()).toBe(429);
    expect((refused as ThrottledError).headers).toEqual({ 'Retry-After': '60', 'RateLimit-Limit': '2', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '60', 'RateLimit-Policy': '2;w=60' });
    expect(() => throttle.take('submit', '192.0.2.2')).not.toThrow();
  });

  it('takes back a released attempt and forgets a cleared client', () => {
    const throttle = new PublicThrottle({ account: { max: 1, windowMs: 60_000, refusal: 'error.locked' } });
    throttle.take('account', 'a').release();
    throttle.take('account', 'a');
    expect(() => throttle.take('account', 'a')).toThrow(expect.objectContaining({ key: 'error.locked', params: { minutes: 1 } }));
    throttle.clear('account', 'a');
    expect(() => throttle.take('account', 'a')).not.toThrow();
  });

  it('holds clients only as keyed hashes, gone a minute after their window ends', () => {
    jest.useFakeTimers({ now: new Date('2026-06-01T00:00:00Z') });
    const throttle = new PublicThrottle({ submit: { max: 5, windowMs: 10 * 60_000 } });
    throttle.take('submit', '203.0.113.77');
    const held = Reflect.get(throttle, 'hits') as Map<string, unknown>;
    expect(held.size).toBe(1);
    expect(JSON.stringify([...held.keys()])).not.toContain('203.0.113');
    // Another process (another secret) keys the same address differently: the key is no unsalted hash.
    const other = new PublicThrottle({ submit: { max: 5, windowMs: 10 * 60_000 } });
    other.take('submit', '203.0.113.77');
    expect([...(Reflect.get(other, 'hits') as Map<string, unknown>).keys()]).not.toEqual([...held.keys()]);
    jest.advanceTimersByTime(11 * 60_000);
    expect(held.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
