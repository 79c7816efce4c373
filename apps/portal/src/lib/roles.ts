// What each studio role may do (owner > admin > member), as the BFF's schema describes it. The
// UI hides or disables what a role cannot do; core enforces it either way.
import type { Role } from '../generated/graphql';

const RANK: Record<Role, number> = { MEMBER: 0, ADMIN: 1, OWNER: 2 };

export const ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'MEMBER'];

export const ROLE_LABEL: Record<Role, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' };

export const ROLE_HINT: Record<Role, string> = {
  OWNER: 'Everything, including members and deleting the studio',
  ADMIN: 'Manage games, clients, API keys and alert rules',
  MEMBER: 'Read dashboards, games and alerts',
};

export function atLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

/** Admins and owners manage games, clients, keys and alert rules. */
export const canManageGames = (role: Role | undefined): boolean => atLeast(role, 'ADMIN');
/** Owners manage members and the studio itself. */
export const canManageStudio = (role: Role | undefined): boolean => atLeast(role, 'OWNER');
