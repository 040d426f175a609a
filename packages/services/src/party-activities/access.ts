import { forbidden, notFound } from '@stationdesk/core';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { stationScope } from '../context.ts';

/**
 * Who may do what with activities: the desk (managers for the tenant, staff for their stations)
 * organises them; an enterprise admin sees the published ones its enterprise is in the audience of
 * and manages its own people only.
 */
export function requireActivityDesk(ctx: TenantContext): readonly string[] | null {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return stationScope(ctx.actor);
}

export interface EnterpriseAudience {
  enterpriseId: string;
  stationId: string;
  tagIds: string[];
  active: boolean;
}

/** An enterprise as an audience sees it: its station, tags and whether it is still in the buildings. */
export async function enterpriseAudience(ctx: TenantContext, enterpriseId: string): Promise<EnterpriseAudience | null> {
  const row = await ctx.trx
    .selectFrom('enterprises as e')
    .select((eb) => [
      'e.id',
      'e.station_id',
      'e.status',
      eb
        .selectFrom('enterprise_tags as t')
        .select(sql<string[]>`coalesce(array_agg(t.tag_id), '{}')`.as('ids'))
        .whereRef('t.enterprise_id', '=', 'e.id')
        .as('tag_ids'),
    ])
    .where('e.id', '=', enterpriseId)
    .executeTakeFirst();
  if (!row) return null;
  return { enterpriseId: row.id, stationId: row.station_id, tagIds: row.tag_ids ?? [], active: row.status === 'active' || row.status === 'moving_out' };
}

/** The enterprise admin's own enterprise, as an audience. */
export async function ownEnterprise(ctx: TenantContext): Promise<EnterpriseAudience> {
  if (ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  const e = await enterpriseAudience(ctx, ctx.actor.scope.enterpriseId);
  if (!e) throw notFound('errors.enterprise.notFound');
  return e;
}
