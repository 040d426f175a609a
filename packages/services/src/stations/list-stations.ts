import { repo } from '@stationdesk/db';
import { stationScope, type TenantContext } from '../context.ts';
import type { ListStationsInput, StationView } from './list-stations.schema.ts';

/**
 * Managers and staff see every station of the tenant (staff need them to return an item to the
 * right one), flagged with whether it is theirs; an enterprise admin sees its own station only.
 * Deactivated stations leave the pickers: they are listed only with includeInactive.
 */
export async function listStations({ trx, actor }: TenantContext, input?: ListStationsInput): Promise<StationView[]> {
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
  const rows = await repo.listStations(trx, { ...(ids ? { ids } : {}), includeInactive: input?.includeInactive ?? false });
  return rows.map(stationView(mine));
}

type StationRow = Awaited<ReturnType<typeof repo.listStations>>[number];

export const stationView =
  (mine: readonly string[] | null) =>
  (s: StationRow): StationView => ({
    id: s.id,
    code: s.code,
    name: s.name,
    nameEn: s.name_en,
    address: s.address,
    phone: s.phone,
    buildingCount: Number(s.building_count ?? 0),
    inScope: mine === null || mine.includes(s.id),
    active: s.active,
    version: s.version,
  });
