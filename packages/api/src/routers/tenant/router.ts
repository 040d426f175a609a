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
  type InviteDeps,
} from '@stationdesk/services';
import type { Context } from '../../context.ts';
import { platformProcedure, router } from '../../trpc.ts';

/** The first manager's invitation goes as member.invite's does: SMTP when configured, the configured public URL. */
function inviteDeps(ctx: Context): InviteDeps {
  return { mailer: ctx.mailer ?? null, publicUrl: ctx.publicUrl ?? ctx.origin, lang: ctx.lang };
}

/** The platform operator's administration of tenants (issue 21); every call is audited in the tenant's log. */
export const tenantRouter = router({
  create: platformProcedure
    .input(createTenantInput)
    .output(createTenantOutput)
    .mutation(({ ctx, input }) => createTenant(ctx.platform, inviteDeps(ctx), input)),
  suspend: platformProcedure.input(tenantIdInput).output(okOutput).mutation(({ ctx, input }) => suspendTenant(ctx.platform, input)),
  resume: platformProcedure.input(tenantIdInput).output(okOutput).mutation(({ ctx, input }) => resumeTenant(ctx.platform, input)),
  usage: platformProcedure.input(tenantIdInput).output(tenantUsageOutput).query(({ ctx, input }) => tenantUsage(ctx.platform, input)),
});
