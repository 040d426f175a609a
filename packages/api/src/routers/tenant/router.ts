import {
  createTenant,
  createTenantInput,
  createTenantOutput,
  okOutput,
  resumeTenant,
  suspendTenant,
  tenantIdInput,
  tenantUsage,
  tenantUsageOutput,
} from '@stationdesk/services';
import { platformProcedure, router } from '../../trpc.ts';

/** The platform operator's administration of tenants (issue 21); every call is audited in the tenant's log. */
export const tenantRouter = router({
  create: platformProcedure
    .input(createTenantInput)
    .output(createTenantOutput)
    .mutation(({ ctx, input }) => createTenant(ctx.platform, input, null)),
  suspend: platformProcedure.input(tenantIdInput).output(okOutput).mutation(({ ctx, input }) => suspendTenant(ctx.platform, input)),
  resume: platformProcedure.input(tenantIdInput).output(okOutput).mutation(({ ctx, input }) => resumeTenant(ctx.platform, input)),
  usage: platformProcedure.input(tenantIdInput).output(tenantUsageOutput).query(({ ctx, input }) => tenantUsage(ctx.platform, input)),
});
