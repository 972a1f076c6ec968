import { backoffMs } from './delivery-sender';
import { smsSignature } from './sms-gateway.transport';

describe('delivery', () => {
  it('waits 30 s after the first failure, doubling up to an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });

  it('signs timestamp, nonce and body with HMAC-SHA256, so a changed body fails the check', () => {
    const sig = smsSignature('k', '1700000000000', 'n-1', '{"to":"13800138000"}');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(smsSignature('k', '1700000000000', 'n-1', '{"to":"13800138001"}')).not.toBe(sig);
    expect(smsSignature('other', '1700000000000', 'n-1', '{"to":"13800138000"}')).not.toBe(sig);
  });
});
