import type { Role, Scope, TenantRole } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';

/** Who is acting, as the use cases see it. */
export interface Actor {
  userId: string;
  role: Role;
  membershipId: string | null;
  scope: Scope;
  ip: string | null;
}

export interface TenantActor extends Actor {
  role: TenantRole;
}

/** What every tenant use case takes: the tenant-scoped transaction and the actor. */
export interface TenantContext {
  trx: Tx;
  actor: TenantActor;
  tenantId: string;
  /** IANA zone of the tenant: local dates (expiry, "today") and working time use it. */
  timezone: string;
}

/** Station ids the actor may act on, or null for the whole tenant. */
export function stationScope(actor: Actor): readonly string[] | null {
  switch (actor.scope.kind) {
    case 'tenant':
      return null;
    case 'stations':
      return actor.scope.stationIds;
    case 'enterprise':
      return [];
  }
}
