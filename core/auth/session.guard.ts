import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppError } from '../http/app-error';
import { AccessService, permits } from '../org/access.service';
import type { Role } from '../plugin-api';
import { CSRF_EXEMPT_KEY, PENDING_PASSWORD_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthService, SESSION_COOKIE } from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Content types a cross-site HTML form or no-cors fetch can send without a CORS preflight.
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

/** Where an account with a temporary password is sent until it has chosen its own. */
export const PASSWORD_CHANGE_PATH = '/account/password';

/**
 * Resolves the session on every request, then enforces sign-in, roles and CSRF.
 * Form posts must carry the session's token; JSON needs a preflight that this server never grants.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { actor?: unknown }>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const actor = await this.auth.resolve(req.cookies?.[SESSION_COOKIE]);
    req.actor = actor ?? undefined;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    if (!actor) {
      if (isPublic) return true;
      throw AppError.unauthenticated();
    }
    if (!SAFE_METHODS.has(req.method) && !this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT_KEY, targets)) {
      const fetchSite = String(req.headers['sec-fetch-site'] ?? '');
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
      const isForm = FORM_TYPES.test(String(req.headers['content-type'] ?? '')) || !req.headers['content-type'];
      const crossSite = fetchSite === 'cross-site' || fetchSite === 'same-site';
      if ((isForm || crossSite) && sent !== actor.csrfToken) throw new AppError(HttpStatus.FORBIDDEN, 'error.csrf');
      if (req.body && typeof req.body === 'object') delete (req.body as Record<string, unknown>)._csrf;
    }
    if (actor.mustChangePassword && !isPublic && !this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_KEY, targets)) {
      if (req.path.startsWith('/api')) throw new AppError(HttpStatus.FORBIDDEN, 'error.must_change_password');
      // A screen leads to the change; returning false after answering leaves the exception filter nothing to send.
      ctx.switchToHttp().getResponse<Response>().redirect(303, PASSWORD_CHANGE_PATH);
      return false;
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length) {
      const at = actor.currentInstitutionId;
      if (!permits(actor, at === null ? [] : await this.access.rolesAt(actor, at), roles)) throw AppError.forbidden();
    }
    return true;
  }
}
