import {
  advanceAgencyCase,
  advanceAgencyCaseInput,
  advanceAgencyCaseOutput,
  agencyHandover,
  agencyHandoverInput,
  agencyHandoverOutput,
  agencyQueue,
  agencyQueueInput,
  agencyQueueOutput,
  batchSubmit,
  batchSubmitInput,
  batchSubmitOutput,
  createAgencyCase,
  createAgencyCaseInput,
  createAgencyCaseOutput,
  createAgencyDraft,
  createAgencyDraftInput,
  createAgencyDraftOutput,
  createAgencyType,
  createAgencyTypeInput,
  createAgencyTypeOutput,
  agencyDraftOutput,
  getAgencyCase,
  getAgencyCaseInput,
  getAgencyCaseOutput,
  getAgencyDraft,
  getAgencyDraftInput,
  listPortalPermits,
  portalPermitListOutput,
  removeDraftMaterial,
  removeDraftMaterialInput,
  saveAgencyDraft,
  saveAgencyDraftInput,
  submitAgencyDraft,
  submitAgencyDraftInput,
  submitAgencyDraftOutput,
  uploadDraftMaterial,
  uploadDraftMaterialInput,
  uploadDraftMaterialOutput,
  listAgencyTypes,
  listAgencyTypesInput,
  listAgencyTypesOutput,
  listPortalAgencyTypes,
  listPortalAgencyTypesOutput,
  markPickedUp,
  markPickedUpInput,
  okOutput,
  reviewMaterial,
  reviewMaterialInput,
  runOnce,
  updateAgencyType,
  updateAgencyTypeInput,
  updateAgencyTypeOutput,
  uploadMaterial,
  uploadMaterialInput,
  uploadMaterialOutput,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

export const agencyTypeRouter = router({
  list: staffProcedure.input(listAgencyTypesInput).output(listAgencyTypesOutput).query(({ ctx, input }) => listAgencyTypes(ctx.tenant, input)),
  /** The catalogue an enterprise admin reads: the active types, what each takes and how long. */
  portalList: enterpriseAdminProcedure.output(listPortalAgencyTypesOutput).query(({ ctx }) => listPortalAgencyTypes(ctx.tenant)),
  create: managerProcedure.input(createAgencyTypeInput).output(createAgencyTypeOutput).mutation(({ ctx, input }) => createAgencyType(ctx.tenant, input)),
  update: managerProcedure.input(updateAgencyTypeInput).output(updateAgencyTypeOutput).mutation(({ ctx, input }) => updateAgencyType(ctx.tenant, input)),
});

export const agencyCaseRouter = router({
  create: tenantProcedure
    .input(createAgencyCaseInput)
    .output(createAgencyCaseOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'agencyCase.create', idempotencyKey, input, () => createAgencyCase(ctx.tenant, input))),
  // Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal').
  get: tenantProcedure.input(getAgencyCaseInput).output(getAgencyCaseOutput).query(({ ctx, input }) => getAgencyCase(ctx.tenant, input)),
  queue: tenantProcedure.input(agencyQueueInput).output(agencyQueueOutput).query(({ ctx, input }) => agencyQueue(ctx.tenant, input)),
  /** The handover sheet: the cases picked, or the ones ready in 预审, with their documents counted. */
  handover: staffProcedure.input(agencyHandoverInput).output(agencyHandoverOutput).query(({ ctx, input }) => agencyHandover(ctx.tenant, input)),
  uploadMaterial: tenantProcedure.input(uploadMaterialInput).output(uploadMaterialOutput).mutation(({ ctx, input }) => uploadMaterial(ctx.tenant, input)),
  reviewMaterial: staffProcedure.input(reviewMaterialInput).output(okOutput).mutation(({ ctx, input }) => reviewMaterial(ctx.tenant, input)),
  advance: staffProcedure.input(advanceAgencyCaseInput).output(advanceAgencyCaseOutput).mutation(({ ctx, input }) => advanceAgencyCase(ctx.tenant, input)),
  batchSubmit: staffProcedure.input(batchSubmitInput).output(batchSubmitOutput).mutation(({ ctx, input }) => batchSubmit(ctx.tenant, input)),
  markPickedUp: staffProcedure.input(markPickedUpInput).output(okOutput).mutation(({ ctx, input }) => markPickedUp(ctx.tenant, input)),
  // Permit requests from the portal (issue 22): the company's drafts, its materials per checklist point, the submission.
  portalList: enterpriseAdminProcedure.output(portalPermitListOutput).query(({ ctx }) => listPortalPermits(ctx.tenant)),
  createDraft: enterpriseAdminProcedure
    .input(createAgencyDraftInput)
    .output(createAgencyDraftOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'agencyCase.createDraft', idempotencyKey, input, () => createAgencyDraft(ctx.tenant, input))),
  getDraft: enterpriseAdminProcedure.input(getAgencyDraftInput).output(agencyDraftOutput).query(({ ctx, input }) => getAgencyDraft(ctx.tenant, input)),
  saveDraft: enterpriseAdminProcedure.input(saveAgencyDraftInput).output(okOutput).mutation(({ ctx, input }) => saveAgencyDraft(ctx.tenant, input)),
  uploadDraftMaterial: enterpriseAdminProcedure.input(uploadDraftMaterialInput).output(uploadDraftMaterialOutput).mutation(({ ctx, input }) => uploadDraftMaterial(ctx.tenant, input)),
  removeDraftMaterial: enterpriseAdminProcedure.input(removeDraftMaterialInput).output(okOutput).mutation(({ ctx, input }) => removeDraftMaterial(ctx.tenant, input)),
  submit: enterpriseAdminProcedure
    .input(submitAgencyDraftInput)
    .output(submitAgencyDraftOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'agencyCase.submit', idempotencyKey, input, () => submitAgencyDraft(ctx.tenant, input))),
});
