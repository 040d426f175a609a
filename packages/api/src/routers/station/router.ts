import { listStations, listStationsOutput } from '@stationdesk/services';
import { permissionProcedure, router } from '../../trpc.ts';

export const stationRouter = router({
  list: permissionProcedure('station:read').output(listStationsOutput).query(({ ctx }) => listStations(ctx.tenant)),
});
