import { HttpStatus } from '@nestjs/common';
import { AppError } from '../http/app-error';
import type { Role } from '../plugin-api';

export interface RoleGrant {
  institutionId: number;
  role: Role;
  includeDescendants: boolean;
}

/** Who is calling, resolved from the session on every request. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  personId: number | null;
  isSystemAdmin: boolean;
  /** A temporary password is still in use: only the password change (and sign-out) is open. */
  mustChangePassword?: boolean;
  roles: RoleGrant[];
  sessionHash: string;
  csrfToken: string;
  currentInstitutionId: number | null;
  visibleInstitutionIds: number[];
}

export function actorLabel(actor: Actor | null | undefined): string {
  if (actor && actor.userId === SYSTEM_USER_ID) return actor.username;
  return actor ? `user:${actor.userId}:${actor.username}` : 'anonymous';
}

/** No account has id 0: it marks the platform itself acting (see systemActor). */
/** The institution a screen works on: the caller's current one; 400 when none is chosen. */
export function currentInstitutionOf(actor: Actor): number {
  if (!actor.currentInstitutionId) throw new AppError(HttpStatus.BAD_REQUEST, 'error.no_institution');
  return actor.currentInstitutionId;
}

export const SYSTEM_USER_ID = 0;

/**
 * The platform acting for one institution in scheduled work (a scan issuing a document): full rights there and
 * nowhere else, no session; audit rows and `issuedBy` read `system:<job>`, e.g. `system:warning-scan`.
 */
export function systemActor(job: string, institutionId: number): Actor {
  return { userId: SYSTEM_USER_ID, username: `system:${job}`, displayName: `system:${job}`, personId: null, isSystemAdmin: true, roles: [], sessionHash: '', csrfToken: '', currentInstitutionId: institutionId, visibleInstitutionIds: [institutionId] };
}
