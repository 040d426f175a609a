import { sql } from 'kysely';
import type { Tx } from '../tenant.ts';

/** A user's memberships in every tenant (RLS: visible to that user only). */
export function listMembershipsOfUser(trx: Tx, userId: string) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('tenants as t', 't.id', 'm.tenant_id')
    .select([
      'm.tenant_id',
      'm.id',
      'm.role',
      'm.enterprise_id',
      't.name as tenant_name',
      't.name_en as tenant_name_en',
      't.slug as tenant_slug',
      't.timezone as tenant_timezone',
    ])
    .select(
      sql<string[]>`coalesce((select array_agg(ms.station_id order by ms.station_id) from membership_stations ms
        where ms.tenant_id = m.tenant_id and ms.membership_id = m.id), '{}')`.as('station_ids'),
    )
    .where('m.user_id', '=', userId)
    .orderBy('t.name')
    .execute();
}
