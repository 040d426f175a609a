import { z } from 'zod';
import { listOutbox, line } from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** The tenant's e-mail outbox (no SMTP configured: development and the demo), for managers. */
export const outboxRouter = router({
  list: managerProcedure
    .input(z.object({ cursor: line(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict().optional())
    .output(
      z.object({
        items: z.array(z.object({ id: z.uuid(), to: z.string(), subject: z.string(), body: z.string(), createdAt: z.string() })),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => listOutbox(ctx.tenant, input ?? {})),
});
