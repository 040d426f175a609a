import { scopeFor } from '@stationdesk/core';
import type { RequestScope } from '@stationdesk/db';
import type { TenantActor } from './context.ts';

/** The tenant actor of an opened request, or null when the session has no active membership. */
export function actorFromScope(scope: RequestScope, ip: string | null): TenantActor | null {
  if (!scope.tenantId || !scope.role) return null;
  // A platform operator under a manager's grant (support access) reads what a manager reads; the
  // API audits every such request and makes it read-only (packages/api/src/trpc.ts).
  if (scope.role === 'support') return { userId: scope.userId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip };
  if (!scope.membershipId) return null;
  return {
    userId: scope.userId,
    role: scope.role,
    membershipId: scope.membershipId,
    scope: scopeFor(scope.role, scope.stationIds, scope.enterpriseId),
    ip,
  };
}
