import { buildingFloorLabels } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import type { TenantContext } from '../context.ts';
import type { BuildingView, ListBuildingsInput } from './list-buildings.schema.ts';

export async function listBuildings({ trx, actor }: TenantContext, input?: ListBuildingsInput): Promise<BuildingView[]> {
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
    ...(input?.stationId ? { stationIds: [input.stationId] } : {}),
    ...(ids ? { ids } : {}),
  });
  return rows.map(buildingView);
}

export const buildingView = (b: Awaited<ReturnType<typeof repo.listBuildings>>[number]): BuildingView => ({
  id: b.id,
  name: b.name,
  nameEn: b.name_en,
  address: b.address,
  floors: b.floors,
  floorLabels: buildingFloorLabels({ floors: b.floors, floorLabels: b.floor_labels }),
  stationId: b.station_id,
  stationName: b.station_name,
  stationNameEn: b.station_name_en,
  stationActive: b.station_active,
  version: b.version,
});
