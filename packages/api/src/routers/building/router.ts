import { listBuildings, listBuildingsInput, listBuildingsOutput } from '@stationdesk/services';
import { permissionProcedure, router } from '../../trpc.ts';

export const buildingRouter = router({
  list: permissionProcedure('building:read').input(listBuildingsInput).output(listBuildingsOutput).query(({ ctx, input }) => listBuildings(ctx.tenant, input)),
});
