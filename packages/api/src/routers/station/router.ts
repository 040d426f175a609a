import { z } from 'zod';
import { listStations } from '@stationdesk/services';
import { permissionProcedure, router } from '../../trpc.ts';

const stationOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  buildingCount: z.number().int(),
  inScope: z.boolean(),
});

export const stationRouter = router({
  list: permissionProcedure('station:read')
    .output(z.array(stationOutput))
    .query(({ ctx }) => listStations(ctx.tenant)),
});
