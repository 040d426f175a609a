import { portalView, staffView } from '@stationdesk/core';
import {
  acknowledgeWarnings,
  acknowledgeWarningsInput,
  acknowledgeWarningsOutput,
  addEvidence,
  addEvidenceInput,
  addEvidenceOutput,
  addSession,
  addSessionInput,
  addSessionOutput,
  attachSignedAgreement,
  attachSignedAgreementInput,
  createDispute,
  createDisputeInput,
  createDisputeOutput,
  disputeCounts,
  disputeCountsInput,
  disputeCountsOutput,
  disputeOutput,
  enterpriseDisputeRisk,
  enterpriseDisputeRiskInput,
  enterpriseDisputeRiskOutput,
  exportDisputeCounts,
  exportDisputeCountsInput,
  exportDisputeCountsOutput,
  generateAgreementDocument,
  generateAgreementDocumentInput,
  generateAgreementDocumentOutput,
  getDispute,
  getDisputeInput,
  getDisputeSettings,
  getDisputeSettingsOutput,
  listDisputes,
  listDisputesInput,
  listDisputesOutput,
  listWarnings,
  listWarningsInput,
  listWarningsOutput,
  okOutput,
  openWarningCount,
  openWarningCountOutput,
  portalDisputeOutput,
  portalListDisputesOutput,
  recordDisputeVisit,
  recordDisputeVisitInput,
  recordDisputeVisitOutput,
  recordOutcome,
  recordOutcomeInput,
  revealParty,
  revealPartyInput,
  revealPartyOutput,
  runOnce,
  updateDisputeFacts,
  updateDisputeFactsInput,
  updateDisputeFactsOutput,
  updateDisputeSettings,
  updateDisputeSettingsInput,
  updateDisputeSettingsOutput,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

export const disputeRouter = router({
  create: staffProcedure
    .input(createDisputeInput)
    .output(createDisputeOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'dispute.create', idempotencyKey, input, () => createDispute(ctx.tenant, input))),
  // The station's case file; an enterprise admin that is a party reads the portal's view below.
  get: staffProcedure.input(getDisputeInput).output(disputeOutput).query(async ({ ctx, input }) => staffView(await getDispute(ctx.tenant, input))),
  list: staffProcedure.input(listDisputesInput).output(listDisputesOutput).query(async ({ ctx, input }) => staffView(await listDisputes(ctx.tenant, input))),
  portalGet: enterpriseAdminProcedure.input(getDisputeInput).output(portalDisputeOutput).query(async ({ ctx, input }) => portalView(await getDispute(ctx.tenant, input))),
  portalList: enterpriseAdminProcedure.input(listDisputesInput).output(portalListDisputesOutput).query(async ({ ctx, input }) => portalView(await listDisputes(ctx.tenant, input))),
  updateFacts: staffProcedure.input(updateDisputeFactsInput).output(updateDisputeFactsOutput).mutation(({ ctx, input }) => updateDisputeFacts(ctx.tenant, input)),
  addSession: staffProcedure.input(addSessionInput).output(addSessionOutput).mutation(({ ctx, input }) => addSession(ctx.tenant, input)),
  addEvidence: staffProcedure.input(addEvidenceInput).output(addEvidenceOutput).mutation(({ ctx, input }) => addEvidence(ctx.tenant, input)),
  recordOutcome: staffProcedure.input(recordOutcomeInput).output(okOutput).mutation(({ ctx, input }) => recordOutcome(ctx.tenant, input)),
  attachSignedAgreement: staffProcedure.input(attachSignedAgreementInput).output(okOutput).mutation(({ ctx, input }) => attachSignedAgreement(ctx.tenant, input)),
  recordVisit: staffProcedure.input(recordDisputeVisitInput).output(recordDisputeVisitOutput).mutation(({ ctx, input }) => recordDisputeVisit(ctx.tenant, input)),
  revealParty: tenantProcedure.input(revealPartyInput).output(revealPartyOutput).mutation(({ ctx, input }) => revealParty(ctx.tenant, input)),
  counts: staffProcedure.input(disputeCountsInput).output(disputeCountsOutput).query(({ ctx, input }) => disputeCounts(ctx.tenant, input)),
  exportCounts: staffProcedure
    .input(exportDisputeCountsInput)
    .output(exportDisputeCountsOutput)
    .mutation(({ ctx, input }) => exportDisputeCounts(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
  agreementDocument: staffProcedure
    .input(generateAgreementDocumentInput)
    .output(generateAgreementDocumentOutput)
    .mutation(({ ctx, input }) => generateAgreementDocument(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
  enterpriseRisk: staffProcedure.input(enterpriseDisputeRiskInput).output(enterpriseDisputeRiskOutput).query(({ ctx, input }) => enterpriseDisputeRisk(ctx.tenant, input)),
  settings: staffProcedure.output(getDisputeSettingsOutput).query(({ ctx }) => getDisputeSettings(ctx.tenant)),
  updateSettings: managerProcedure.input(updateDisputeSettingsInput).output(updateDisputeSettingsOutput).mutation(({ ctx, input }) => updateDisputeSettings(ctx.tenant, input)),
});

export const warningRouter = router({
  list: staffProcedure.input(listWarningsInput).output(listWarningsOutput).query(({ ctx, input }) => listWarnings(ctx.tenant, input)),
  openCount: staffProcedure.output(openWarningCountOutput).query(({ ctx }) => openWarningCount(ctx.tenant)),
  /** 签收 one or several warnings with one note, all or none. */
  acknowledge: managerProcedure.input(acknowledgeWarningsInput).output(acknowledgeWarningsOutput).mutation(({ ctx, input }) => acknowledgeWarnings(ctx.tenant, input)),
});
