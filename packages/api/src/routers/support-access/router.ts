import {
  availableSupportAccess,
  availableSupportAccessOutput,
  enterSupportAccess,
  enterSupportAccessInput,
  enterSupportAccessOutput,
  grantSupportAccess,
  grantSupportAccessInput,
  grantSupportAccessOutput,
  leaveSupportAccess,
  listSupportAccess,
  listSupportAccessOutput,
  okOutput,
  revokeSupportAccess,
  revokeSupportAccessInput,
} from '@stationdesk/services';
import { managerProcedure, platformProcedure, router } from '../../trpc.ts';

/**
 * Support access (issue 21): a tenant's managers grant, revoke and list; the platform operators see
 * the tenants granted to them and enter or leave one (their requests there: see tenantProcedure).
 */
export const supportAccessRouter = router({
  grant: managerProcedure.input(grantSupportAccessInput).output(grantSupportAccessOutput).mutation(({ ctx, input }) => grantSupportAccess(ctx.tenant, input)),
  revoke: managerProcedure.input(revokeSupportAccessInput).output(okOutput).mutation(({ ctx, input }) => revokeSupportAccess(ctx.tenant, input)),
  list: managerProcedure.output(listSupportAccessOutput).query(({ ctx }) => listSupportAccess(ctx.tenant)),
  available: platformProcedure.output(availableSupportAccessOutput).query(({ ctx }) => availableSupportAccess(ctx.trx)),
  enter: platformProcedure
    .input(enterSupportAccessInput)
    .output(enterSupportAccessOutput)
    .mutation(({ ctx, input }) => enterSupportAccess({ ...ctx.platform, displayName: ctx.scope.displayName, sessionId: ctx.sessionId }, input)),
  leave: platformProcedure
    .output(okOutput)
    .mutation(({ ctx }) => leaveSupportAccess({ ...ctx.platform, displayName: ctx.scope.displayName, sessionId: ctx.sessionId })),
});
