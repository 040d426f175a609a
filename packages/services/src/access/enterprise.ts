import { notFound } from '@stationdesk/core';
import type { Tx } from '@stationdesk/db';
import type { TenantActor, TenantContext } from '../context.ts';

/**
 * Who may see which enterprise: managers all of the tenant, staff those of their stations, an
 * enterprise admin its own. Anything else is NOT_FOUND — the caller learns nothing about it.
 */
export function canSeeEnterprise(actor: TenantActor, enterprise: { id: string; station_id: string }): boolean {
  switch (actor.scope.kind) {
    case 'tenant':
      return true;
    case 'stations':
      return actor.scope.stationIds.includes(enterprise.station_id);
    case 'enterprise':
      return actor.scope.enterpriseId === enterprise.id;
  }
}

/** Loads the enterprise's station and checks the actor may see it; optionally locks the row. */
export async function requireVisibleEnterprise(
  ctx: TenantContext,
  enterpriseId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ id: string; station_id: string; building_id: string; version: number }> {
  const row = await enterpriseRef(ctx.trx, enterpriseId, opts.forUpdate ?? false);
  if (!row || !canSeeEnterprise(ctx.actor, row)) throw notFound('errors.enterprise.notFound');
  return row;
}

function enterpriseRef(trx: Tx, id: string, forUpdate: boolean) {
  let q = trx.selectFrom('enterprises').select(['id', 'station_id', 'building_id', 'version']).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Staff and managers edit the file; an enterprise admin only proposes changes. */
export function canEditEnterprise(actor: TenantActor): boolean {
  return actor.role === 'manager' || actor.role === 'staff';
}
