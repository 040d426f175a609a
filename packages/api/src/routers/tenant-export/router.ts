import {
  createTenantExportLink,
  listTenantExports,
  listTenantExportsInput,
  listTenantExportsOutput,
  requestTenantExport,
  requestTenantExportInput,
  requestTenantExportOutput,
  runOnce,
  tenantExportLinkInput,
  tenantExportLinkOutput,
} from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** tenantExport: the tenant's whole archive, requested by a manager and built by the worker. */
export const tenantExportRouter = router({
  request: managerProcedure
    .input(requestTenantExportInput)
    .output(requestTenantExportOutput)
    .mutation(({ ctx, input }) => runOnce(ctx.tenant, 'tenantExport.request', input?.idempotencyKey, {}, () => requestTenantExport(ctx.tenant, input))),
  list: managerProcedure.input(listTenantExportsInput).output(listTenantExportsOutput).query(({ ctx, input }) => listTenantExports(ctx.tenant, input)),
  link: managerProcedure.input(tenantExportLinkInput).output(tenantExportLinkOutput).mutation(({ ctx, input }) => createTenantExportLink(ctx.tenant, input)),
});
