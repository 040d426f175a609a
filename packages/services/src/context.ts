import type { Role, Scope, TenantRole } from '@stationdesk/core';
import type { Db, ReadCache, Tx } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';

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

/** A transaction inside one tenant, with what background work needs (no acting person). */
export interface ScopedContext {
  trx: Tx;
  tenantId: string;
  /** IANA zone of the tenant: local dates (expiry, "today") and working time use it. */
  timezone: string;
  /** Where reminder jobs go (absent: the reconciler still finds every due reminder within a minute). */
  queue?: QueueProducer | null;
  /** Work to do once the transaction has committed (enqueueing jobs for rows it wrote). */
  afterCommit?: (fn: () => Promise<void>) => void;
  /** For the rare write that must survive the caller's rollback (auditing a refused request). */
  db?: Db;
  /** List pages kept until what they were read from changes (ADR 010); absent: always read. */
  pages?: ReadCache<object> | null;
}

/** What every tenant use case takes: the tenant-scoped transaction and the actor. */
export interface TenantContext extends ScopedContext {
  actor: TenantActor;
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
