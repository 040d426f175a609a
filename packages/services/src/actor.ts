import { scopeFor } from '@stationdesk/core';
import type { RequestScope } from '@stationdesk/db';
import type { TenantActor } from './context.ts';

/** The tenant actor of an opened request, or null when the session has no active membership. */
export function actorFromScope(scope: RequestScope, ip: string | null): TenantActor | null {
  if (!scope.tenantId || !scope.role || !scope.membershipId) return null;
  return {
    userId: scope.userId,
    role: scope.role,
    membershipId: scope.membershipId,
    scope: scopeFor(scope.role, scope.stationIds, scope.enterpriseId),
    ip,
  };
}
