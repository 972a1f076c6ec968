import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** Cookie carrying one sign-in round trip's secrets (state, nonce, PKCE verifier) from the start to the callback. */
export const SSO_FLOW_COOKIE = 'sso_flow';
const FLOW_MINUTES = 10;

export interface SsoFlow {
  method: 'oidc' | 'cas';
  state: string;
  nonce?: string;
  verifier?: string;
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Lax so the provider's top-level redirect back carries it; httpOnly so page scripts never see the verifier. */
export function saveFlow(req: Request, res: Response, flow: SsoFlow): void {
  res.cookie(SSO_FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/login',
    maxAge: FLOW_MINUTES * 60_000,
  });
}

/**
 * The flow this browser started, if its state equals the one returned; the cookie is cleared either way so a state
 * is used once.
 */
export function takeFlow(req: Request, res: Response, method: SsoFlow['method'], returnedState: unknown): SsoFlow | null {
  const raw = req.cookies?.[SSO_FLOW_COOKIE];
  res.clearCookie(SSO_FLOW_COOKIE, { path: '/login', httpOnly: true, sameSite: 'lax', secure: req.secure });
  if (typeof raw !== 'string' || raw.length > 2000 || typeof returnedState !== 'string') return null;
  let flow: SsoFlow;
  try {
    flow = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as SsoFlow;
  } catch {
    return null;
  }
  if (flow?.method !== method || typeof flow.state !== 'string') return null;
  const a = Buffer.from(flow.state);
  const b = Buffer.from(returnedState);
  return a.length === b.length && timingSafeEqual(a, b) ? flow : null;
}
