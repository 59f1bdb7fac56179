import type { Role } from './roles';

/** Who is acting: loaded from the database on every request, so role changes and deactivation apply at once. */
export interface Actor {
  id: string;
  email: string;
  displayName: string;
  department: string | null;
  roles: Role[];
}
