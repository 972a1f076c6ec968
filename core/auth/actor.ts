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
  roles: RoleGrant[];
  sessionHash: string;
  csrfToken: string;
  currentInstitutionId: number | null;
  visibleInstitutionIds: number[];
}

export function actorLabel(actor: Actor | null | undefined): string {
  return actor ? `user:${actor.userId}:${actor.username}` : 'anonymous';
}
