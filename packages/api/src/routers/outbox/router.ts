import { listOutbox, listOutboxInput, listOutboxOutput } from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** The tenant's e-mail outbox (no SMTP configured: development and the demo), for managers. */
export const outboxRouter = router({
  list: managerProcedure.input(listOutboxInput).output(listOutboxOutput).query(({ ctx, input }) => listOutbox(ctx.tenant, input)),
});
