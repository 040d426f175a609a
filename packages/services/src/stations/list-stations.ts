import { repo } from '@stationdesk/db';
import { stationScope, type TenantContext } from '../context.ts';
import type { StationView } from './list-stations.schema.ts';

/**
 * Managers and staff see every station of the tenant (staff need them to return an item to the
 * right one), flagged with whether it is theirs; an enterprise admin sees its own station only.
 */
export async function listStations({ trx, actor }: TenantContext): Promise<StationView[]> {
  let ids: readonly string[] | undefined;
  if (actor.scope.kind === 'enterprise') {
    const enterprise = await trx
      .selectFrom('enterprises')
      .select('station_id')
      .where('id', '=', actor.scope.enterpriseId)
      .executeTakeFirst();
    ids = enterprise ? [enterprise.station_id] : [];
  }
  const mine = stationScope(actor);
  const rows = await repo.listStations(trx, ids ? { ids } : {});
  return rows.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    nameEn: s.name_en,
    address: s.address,
    phone: s.phone,
    buildingCount: Number(s.building_count ?? 0),
    inScope: mine === null || mine.includes(s.id),
  }));
}
