import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { EnvConfig } from '../config/env.config';
import { AppError } from '../http/app-error';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Whether a request comes from this site's own pages or a non-browser client: JSON (a cross-site page can send it
 * only after a CORS preflight, never granted here), no cross-site Sec-Fetch-Site, and no Origin but our own.
 */
export function isSameOriginJson(req: Request, publicUrl?: string): boolean {
  if (!JSON_TYPE.test(String(req.headers['content-type'] ?? ''))) return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    // req.host honours X-Forwarded-Host only from a TRUST_PROXY proxy; PUBLIC_URL covers a proxy that rewrites Host.
    return url.host === req.host || (!!publicUrl && url.origin === new URL(publicUrl).origin);
  } catch {
    return false; // "null" (sandboxed frames, some redirects) or garbage
  }
}

/** Login CSRF: the JSON sign-in and sign-out answer only same-origin JSON, as the login form only its own token. */
@Injectable()
export class SameOriginJsonGuard implements CanActivate {
  constructor(private readonly env: EnvConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (!isSameOriginJson(ctx.switchToHttp().getRequest<Request>(), this.env.PUBLIC_URL)) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
    return true;
  }
}
