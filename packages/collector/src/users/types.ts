import type { Role } from '../core/index.js';

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
