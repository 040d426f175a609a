import {
  createPartyService,
  createPartyServiceInput,
  createServicePost,
  createServicePostInput,
  createServicePostOutput,
  issuePostCheckInCode,
  issuePostCheckInCodeInput,
  issuePostCheckInCodeOutput,
  listPartyServices,
  listPartyServicesOutput,
  listServicePosts,
  listServicePostsInput,
  listServicePostsOutput,
  partyServiceView,
  runOnce,
  updatePartyService,
  updatePartyServiceInput,
  updateServicePost,
  updateServicePostInput,
  updateServicePostOutput,
} from '@stationdesk/services';
import { managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

/** 党群服务站: service posts, the kinds of service they offer, and their check-in QR codes (issue 20). */
export const servicePostRouter = router({
  list: tenantProcedure.input(listServicePostsInput).output(listServicePostsOutput).query(({ ctx, input }) => listServicePosts(ctx.tenant, input)),
  create: staffProcedure
    .input(createServicePostInput)
    .output(createServicePostOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'servicePost.create', idempotencyKey, input, () => createServicePost(ctx.tenant, input))),
  update: staffProcedure.input(updateServicePostInput).output(updateServicePostOutput).mutation(({ ctx, input }) => updateServicePost(ctx.tenant, input)),
  /** The token is answered once (only its hash is stored), so no idempotency key would keep it. */
  issueCheckInCode: staffProcedure.input(issuePostCheckInCodeInput).output(issuePostCheckInCodeOutput).mutation(({ ctx, input }) => issuePostCheckInCode(ctx.tenant, input)),
  services: tenantProcedure.output(listPartyServicesOutput).query(({ ctx }) => listPartyServices(ctx.tenant)),
  updateService: managerProcedure.input(updatePartyServiceInput).output(partyServiceView).mutation(({ ctx, input }) => updatePartyService(ctx.tenant, input)),
  createService: managerProcedure.input(createPartyServiceInput).output(partyServiceView).mutation(({ ctx, input }) => createPartyService(ctx.tenant, input)),
});
