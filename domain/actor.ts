import type { Role } from './roles';

/** Who asks for a change: passed into workflow updates so validators can check ownership and roles. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}
