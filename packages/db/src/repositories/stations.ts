import type { Tx } from '../tenant.ts';

/** Stations by code; deactivated ones only when asked for (issue 21: they leave the pickers). */
export function listStations(trx: Tx, opts: { ids?: readonly string[]; includeInactive?: boolean } = {}) {
  let q = trx
    .selectFrom('stations as s')
    .select(['s.id', 's.code', 's.name', 's.name_en', 's.address', 's.phone', 's.active', 's.version'])
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
  if (!opts.includeInactive) q = q.where('s.active', '=', true);
  return q.execute();
}
