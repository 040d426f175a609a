import { z } from 'zod';
import { listDuty, updateDuty } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';
import { settingsVersion } from '../calendar/router.ts';

const dutyOutput = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  stations: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string().nullable() })),
  onDuty: z.boolean(),
  maxOpenItems: z.int(),
  openItems: z.int(),
  version: settingsVersion,
});

/** Managers see and set everyone's; staff see their own line and may go on or off duty. */
export const dutyRouter = router({
  list: staffProcedure.output(z.array(dutyOutput)).query(({ ctx }) => listDuty(ctx.tenant)),
  update: staffProcedure
    .input(z.object({ userId: z.uuid(), onDuty: z.boolean().optional(), maxOpenItems: z.int().min(1).max(1000).optional(), version: settingsVersion }).strict())
    .output(dutyOutput)
    .mutation(({ ctx, input }) => updateDuty(ctx.tenant, input)),
});
