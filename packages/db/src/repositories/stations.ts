import type { Tx } from '../tenant.ts';

export function listStations(trx: Tx, opts: { ids?: readonly string[] } = {}) {
  let q = trx
    .selectFrom('stations as s')
    .select(['s.id', 's.code', 's.name', 's.name_en', 's.address', 's.phone'])
    .select((eb) =>
      eb
        .selectFrom('buildings as b')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('b.tenant_id', '=', 's.tenant_id')
        .whereRef('b.station_id', '=', 's.id')
        .as('building_count'),
    )
    .orderBy('s.code');
  if (opts.ids) q = q.where('s.id', 'in', opts.ids.length ? [...opts.ids] : ['00000000-0000-0000-0000-000000000000']);
  return q.execute();
}
