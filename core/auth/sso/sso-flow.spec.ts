import type { Request, Response } from 'express';
import { SSO_FLOW_COOKIE, takeFlow } from './sso-flow';

describe('takeFlow', () => {
  const flow = { method: 'oidc', state: 'abc123', nonce: 'n', verifier: 'v' };
  const cookie = Buffer.from(JSON.stringify(flow)).toString('base64url');
  const req = (value: unknown) => ({ cookies: { [SSO_FLOW_COOKIE]: value }, secure: false }) as unknown as Request;
  const res = () => ({ clearCookie: jest.fn() }) as unknown as Response & { clearCookie: jest.Mock };

  it('answers the flow when the returned state matches and clears the cookie', () => {
    const r = res();
    expect(takeFlow(req(cookie), r, 'oidc', 'abc123')).toEqual(flow);
    expect(r.clearCookie).toHaveBeenCalledWith(SSO_FLOW_COOKIE, expect.objectContaining({ path: '/login' }));
  });

  it('refuses another state, another method, no cookie or a garbled one', () => {
    expect(takeFlow(req(cookie), res(), 'oidc', 'abc124')).toBeNull();
    expect(takeFlow(req(cookie), res(), 'oidc', ['abc123'])).toBeNull();
    expect(takeFlow(req(cookie), res(), 'cas', 'abc123')).toBeNull();
    expect(takeFlow(req(undefined), res(), 'oidc', 'abc123')).toBeNull();
    expect(takeFlow(req('%%%'), res(), 'oidc', 'abc123')).toBeNull();
  });
});
