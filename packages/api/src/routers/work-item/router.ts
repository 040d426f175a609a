import {
  assignWorkItem,
  assignWorkItemInput,
  assignWorkItemOutput,
  chaseItem,
  chaseItemInput,
  convertToAgency,
  convertToAgencyInput,
  convertToAgencyOutput,
  createWorkItem,
  createWorkItemInput,
  createWorkItemOutput,
  decideExtension,
  decideExtensionInput,
  deleteCannedReply,
  deleteCannedReplyInput,
  getWorkItem,
  getWorkItemInput,
  getWorkItemOutput,
  listAssignees,
  listAssigneesInput,
  listAssigneesOutput,
  listCannedReplies,
  listCannedRepliesOutput,
  listWorkItems,
  listWorkItemsInput,
  listWorkItemsOutput,
  okOutput,
  rateWorkItem,
  rateWorkItemInput,
  rateWorkItemOutput,
  recordFirstContact,
  recordFirstContactInput,
  recordVisit,
  recordVisitInput,
  recordVisitOutput,
  replyToItem,
  replyToItemInput,
  replyToItemOutput,
  requestExtension,
  requestExtensionInput,
  requestExtensionOutput,
  runOnce,
  saveCannedReply,
  saveCannedReplyInput,
  saveCannedReplyOutput,
  transitionWorkItem,
  transitionWorkItemInput,
  transitionWorkItemOutput,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';
import { outputOnce } from '../../output.ts';

const cannedReplyRouter = router({
  list: staffProcedure.output(listCannedRepliesOutput).query(({ ctx }) => listCannedReplies(ctx.tenant)),
  save: managerProcedure.input(saveCannedReplyInput).output(saveCannedReplyOutput).mutation(({ ctx, input }) => saveCannedReply(ctx.tenant, input)),
  delete: managerProcedure.input(deleteCannedReplyInput).output(okOutput).mutation(({ ctx, input }) => deleteCannedReply(ctx.tenant, input)),
});

export const workItemRouter = router({
  create: tenantProcedure
    .input(createWorkItemInput)
    .output(createWorkItemOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'workItem.create', idempotencyKey, input, () => createWorkItem(ctx.tenant, input))),
  // Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal').
  get: tenantProcedure.input(getWorkItemInput).output(getWorkItemOutput).query(({ ctx, input }) => getWorkItem(ctx.tenant, input)),
  list: tenantProcedure
    .input(listWorkItemsInput)
    .output(outputOnce(listWorkItemsOutput))
    .query(({ ctx, input }) => listWorkItems(ctx.tenant, input)),
  transition: tenantProcedure.input(transitionWorkItemInput).output(transitionWorkItemOutput).mutation(({ ctx, input }) => transitionWorkItem(ctx.tenant, input)),
  assign: staffProcedure.input(assignWorkItemInput).output(assignWorkItemOutput).mutation(({ ctx, input }) => assignWorkItem(ctx.tenant, input)),
  assignees: staffProcedure.input(listAssigneesInput).output(listAssigneesOutput).query(({ ctx, input }) => listAssignees(ctx.tenant, input)),
  reply: tenantProcedure
    .input(replyToItemInput)
    .output(replyToItemOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'workItem.reply', idempotencyKey, input, () => replyToItem(ctx.tenant, input))),
  recordContact: staffProcedure.input(recordFirstContactInput).output(okOutput).mutation(({ ctx, input }) => recordFirstContact(ctx.tenant, input)),
  rate: enterpriseAdminProcedure.input(rateWorkItemInput).output(rateWorkItemOutput).mutation(({ ctx, input }) => rateWorkItem(ctx.tenant, input)),
  recordVisit: staffProcedure.input(recordVisitInput).output(recordVisitOutput).mutation(({ ctx, input }) => recordVisit(ctx.tenant, input)),
  chase: managerProcedure.input(chaseItemInput).output(okOutput).mutation(({ ctx, input }) => chaseItem(ctx.tenant, input)),
  requestExtension: staffProcedure.input(requestExtensionInput).output(requestExtensionOutput).mutation(({ ctx, input }) => requestExtension(ctx.tenant, input)),
  decideExtension: managerProcedure.input(decideExtensionInput).output(okOutput).mutation(({ ctx, input }) => decideExtension(ctx.tenant, input)),
  convertToAgency: staffProcedure.input(convertToAgencyInput).output(convertToAgencyOutput).mutation(({ ctx, input }) => convertToAgency(ctx.tenant, input)),
  cannedReply: cannedReplyRouter,
});
