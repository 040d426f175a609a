import { listTenants, listTenantsOutput } from '@stationdesk/services';
import { platformProcedure, router } from '../../trpc.ts';

export const platformRouter = router({
  tenants: platformProcedure.output(listTenantsOutput).query(({ ctx }) => listTenants(ctx.platform.trx)),
});
