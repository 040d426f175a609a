import { z } from 'zod';
import { listBuildings } from '@stationdesk/services';
import { permissionProcedure, router } from '../../trpc.ts';

const buildingOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string().nullable(),
  floors: z.number().int().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
});

export const buildingRouter = router({
  list: permissionProcedure('building:read')
    .input(z.object({ stationId: z.uuid().optional() }).strict().optional())
    .output(z.array(buildingOutput))
    .query(({ ctx, input }) => listBuildings(ctx.tenant, input ?? {})),
});
