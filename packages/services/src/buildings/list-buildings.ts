import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';

export interface BuildingView {
  id: string;
  name: string;
  nameEn: string | null;
  address: string | null;
  floors: number | null;
  stationId: string;
  stationName: string;
  stationNameEn: string | null;
}

export async function listBuildings({ trx, actor }: TenantContext, input: { stationId?: string }): Promise<BuildingView[]> {
  let ids: string[] | undefined;
  if (actor.scope.kind === 'enterprise') {
    const enterprise = await trx
      .selectFrom('enterprises')
      .select('building_id')
      .where('id', '=', actor.scope.enterpriseId)
      .executeTakeFirst();
    ids = enterprise ? [enterprise.building_id] : [];
  }
  const rows = await repo.listBuildings(trx, {
    ...(input.stationId ? { stationIds: [input.stationId] } : {}),
    ...(ids ? { ids } : {}),
  });
  return rows.map((b) => ({
    id: b.id,
    name: b.name,
    nameEn: b.name_en,
    address: b.address,
    floors: b.floors,
    stationId: b.station_id,
    stationName: b.station_name,
    stationNameEn: b.station_name_en,
  }));
}
