import type { Role } from '../plugin-api';

/** Who reads the audit log: discipline officers over their institutions (system admins everywhere, as always). */
export const AUDIT_ROLES: Role[] = ['discipline-officer'];
