import { forbidden, notFound } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { stationScope } from '../context.ts';

/**
 * Who organises party-mass services: managers for the whole tenant, staff for their stations.
 * Enterprise admins only sign their own branch up (shifts.ts) and are refused everything else.
 */
export function requireDesk(ctx: TenantContext): readonly string[] | null {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return stationScope(ctx.actor);
}

/** The station is one the actor works for (any, for a manager); else NOT_FOUND, as if it did not exist. */
export function requireDeskStation(ctx: TenantContext, stationId: string, notFoundKey = 'errors.party.stationNotFound'): void {
  const stations = requireDesk(ctx);
  if (stations && !stations.includes(stationId)) throw notFound(notFoundKey);
}

/** Station names for answers, read once. */
export async function stationNames(ctx: TenantContext): Promise<Map<string, { name: string; nameEn: string | null }>> {
  const rows = await ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en']).orderBy('code').execute();
  return new Map(rows.map((s) => [s.id, { name: s.name, nameEn: s.name_en }]));
}
