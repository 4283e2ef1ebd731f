import type { Role } from '../auth/route-access.js';

export type { Role };
export const ROLES = ['admin', 'evaluator', 'technician', 'owner'] as const satisfies readonly Role[];

/** A user as the API shows it; never the password hash. */
export interface User {
  id: string;
  username: string;
  role: Role;
  /** Assigned workshops (technician) or own workshop (owner); empty for admin and evaluator. */
  workshopIds: string[];
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
}

/** Who is calling: a signed-in user or an API token's user, with the workshops they may see. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** `all` for admin and evaluator; the assigned/own workshops otherwise. */
  workshopIds: string[] | 'all';
  /** How the caller authenticated; session callers must pass the CSRF check on unsafe methods. */
  via: 'session' | 'api_token';
  /** The session's CSRF token (session callers only). */
  csrfToken?: string;
}
