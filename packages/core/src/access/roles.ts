/** Roles are per membership; `platform_admin` is a flag on the user, not a tenant membership. */
export const tenantRoles = ['manager', 'staff', 'enterprise_admin'] as const;
export type TenantRole = (typeof tenantRoles)[number];
export type Role = TenantRole | 'platform_admin';

/**
 * Permissions as data, checked in one place (`can`). Later domains add their verbs here so a
 * reviewer sees at a glance who may do what.
 */
export const permissions = {
  'station:read': ['manager', 'staff', 'enterprise_admin'],
  'building:read': ['manager', 'staff', 'enterprise_admin'],
  'audit:read': ['manager'],
  // Dispute parties' names, phones and ID numbers, unmasked (each reveal is audited).
  'dispute:reveal-pii': ['manager'],
  // Party organisations' contact persons and phones, unmasked (each reveal is audited; staff for their stations' organisations).
  'party:reveal-contact': ['manager', 'staff'],
  // Activity participants' phones, unmasked (each reveal is audited); staff see them masked.
  'activity:reveal-phone': ['manager'],
  'tenant:create': ['platform_admin'],
  'tenant:list-all': ['platform_admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** The data a member can reach inside its tenant: all stations, some, or one enterprise. */
export type Scope =
  | { kind: 'tenant' }
  | { kind: 'stations'; stationIds: readonly string[] }
  | { kind: 'enterprise'; enterpriseId: string };

export function scopeFor(role: TenantRole, stationIds: readonly string[], enterpriseId: string | null): Scope {
  switch (role) {
    case 'manager':
      return { kind: 'tenant' };
    case 'staff':
      return { kind: 'stations', stationIds };
    case 'enterprise_admin':
      if (!enterpriseId) throw new Error('enterprise_admin membership without enterprise');
      return { kind: 'enterprise', enterpriseId };
  }
}
