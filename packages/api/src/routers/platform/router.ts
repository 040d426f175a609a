import { z } from 'zod';
import { listTenants } from '@stationdesk/services';
import { platformProcedure, router } from '../../trpc.ts';

export const platformRouter = router({
  tenants: platformProcedure
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          slug: z.string(),
          name: z.string(),
          nameEn: z.string().nullable(),
          timezone: z.string(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(({ ctx }) => listTenants(ctx.trx)),
});
