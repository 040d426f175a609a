import type { Tx } from '../tenant.ts';

export function listBuildings(trx: Tx, opts: { stationIds?: readonly string[]; ids?: readonly string[] } = {}) {
  let q = trx
    .selectFrom('buildings as b')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'b.tenant_id').onRef('s.id', '=', 'b.station_id'))
    .select(['b.id', 'b.name', 'b.name_en', 'b.address', 'b.floors', 'b.floor_labels', 'b.version', 'b.station_id', 's.name as station_name', 's.name_en as station_name_en', 's.active as station_active'])
    .orderBy('s.code')
    .orderBy('b.name');
  if (opts.stationIds) q = q.where('b.station_id', 'in', opts.stationIds.length ? [...opts.stationIds] : [NIL]);
  if (opts.ids) q = q.where('b.id', 'in', opts.ids.length ? [...opts.ids] : [NIL]);
  return q.execute();
}

const NIL = '00000000-0000-0000-0000-000000000000';

export function getBuilding(trx: Tx, id: string) {
  return trx.selectFrom('buildings').selectAll().where('id', '=', id).executeTakeFirst();
}
