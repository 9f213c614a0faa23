/**
 * Roles, key scopes and the permission table, without zod: the admin's first screens import this
 * (through `@crm/schema/permissions`) to hide what a user cannot do. The API enforces the table
 * on every route (each route declares one permission, apps/api/src/lib/route.ts); docs/API.md
 * prints it, and a test keeps the two equal.
 */

/** Fixed roles, from most to least powerful. */
export const roles = ['admin', 'manager', 'sales', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** A key is `read` (GET only) or `write`; never more than its user's role allows. */
export const keyScopes = ['read', 'write'] as const;
export type KeyScope = (typeof keyScopes)[number];

interface PermissionRule {
  /** The roles that may. */
  roles: readonly Role[];
  /** The least key scope it needs: `read` keys do only what needs `read`. */
  scope: KeyScope;
  /** What it covers, for docs/API.md. */
  description: string;
}

const everyone = roles;
const writers = ['admin', 'manager', 'sales'] as const;
const managers = ['admin', 'manager'] as const;
const admins = ['admin'] as const;

export const permissionRules = {
  'account:read': { roles: everyone, scope: 'read', description: 'Who am I, my own keys; log out.' },
  'account:write': {
    roles: everyone,
    scope: 'write',
    description: 'Change my own password, create and revoke my own keys.',
  },
  'customers:read': {
    roles: everyone,
    scope: 'read',
    description:
      'Lists, search, counts, detail, options, the due queue, follow-ups, export, the user directory, the history of one customer. With `VISIBILITY=own`, `sales` sees only the customers it owns.',
  },
  'customers:write': {
    roles: writers,
    scope: 'write',
    description:
      'Create customers and follow-ups; edit and delete them. `sales` edits and deletes only the customers it owns (and their follow-ups), and cannot give a customer to someone else.',
  },
  'customers:manage': {
    roles: managers,
    scope: 'write',
    description: 'Import, restore from the trash.',
  },
  'trash:read': { roles: managers, scope: 'read', description: 'The trash.' },
  'customers:purge': { roles: admins, scope: 'write', description: 'Purge from the trash for good.' },
  'audit:read': {
    roles: everyone,
    scope: 'read',
    description:
      'The change history: of one object or customer for everyone; the whole history and `user=` for `admin`.',
  },
  'users:read': { roles: admins, scope: 'read', description: 'List users.' },
  'users:write': {
    roles: admins,
    scope: 'write',
    description: 'Create users, change their role, display name, disabled state, password.',
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof permissionRules;
export const permissions = Object.keys(permissionRules) as Permission[];

/** Whether a user of `role` holding a key of `scope` may do what `permission` covers. */
export function allows(permission: Permission, role: Role, scope: KeyScope): boolean {
  const rule: PermissionRule = permissionRules[permission];
  return rule.roles.includes(role) && (rule.scope === 'read' || scope === 'write');
}

/** The words of DRF's PermissionDenied. */
export const permissionDenied = 'You do not have permission to perform this action.';

/** DRF's words for a key whose user is disabled (401). */
export const userInactive = 'User inactive or deleted.';
