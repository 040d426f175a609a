import {
  createStation,
  createStationInput,
  createStationOutput,
  deactivateStation,
  getStation,
  getStationInput,
  getStationOutput,
  listStations,
  listStationsInput,
  listStationsOutput,
  reactivateStation,
  runOnce,
  setStationActiveInput,
  stationAdminOutput,
  updateStation,
  updateStationInput,
} from '@stationdesk/services';
import { managerProcedure, permissionProcedure, router } from '../../trpc.ts';

/** Stations: the directory (every role that works with them) and their upkeep by managers (issue 21). */
export const stationRouter = router({
  list: permissionProcedure('station:read').input(listStationsInput).output(listStationsOutput).query(({ ctx, input }) => listStations(ctx.tenant, input)),
  get: managerProcedure.input(getStationInput).output(getStationOutput).query(({ ctx, input }) => getStation(ctx.tenant, input)),
  create: managerProcedure
    .input(createStationInput)
    .output(createStationOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'station.create', idempotencyKey, input, () => createStation(ctx.tenant, input))),
  update: managerProcedure.input(updateStationInput).output(stationAdminOutput).mutation(({ ctx, input }) => updateStation(ctx.tenant, input)),
  deactivate: managerProcedure.input(setStationActiveInput).output(stationAdminOutput).mutation(({ ctx, input }) => deactivateStation(ctx.tenant, input)),
  reactivate: managerProcedure.input(setStationActiveInput).output(stationAdminOutput).mutation(({ ctx, input }) => reactivateStation(ctx.tenant, input)),
});
