import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../http/api-docs';
import type { Role } from '../plugin-api';
import type { Actor } from './actor';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';
export const CSRF_EXEMPT_KEY = 'auth:csrf-exempt';
export const PENDING_PASSWORD_KEY = 'auth:pending-password';

/** No sign-in needed (health, login, public tip-off and verification pages). The extension tells the API document (core/http/api-docs.ts). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(PUBLIC_EXTENSION, true));

/** The caller needs one of these roles at their current institution. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Logout and login carry no CSRF token: forging them harms nobody's data. */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT_KEY, true);

/** Open to an account whose temporary password is still to be changed (the change itself, sign-out). */
export const OpenWithTemporaryPassword = () => SetMetadata(PENDING_PASSWORD_KEY, true);

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});

export const OptionalActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest().actor ?? null;
});
