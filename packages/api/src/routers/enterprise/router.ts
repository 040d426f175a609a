import {
  commitImport,
  commitImportInput,
  commitImportOutput,
  createEnterprise,
  createEnterpriseInput,
  createEnterpriseOutput,
  deleteContact,
  deleteContactInput,
  deleteDocument,
  deleteDocumentInput,
  enterpriseDetailOutput,
  enterpriseTimeline,
  enterpriseTimelineInput,
  enterpriseTimelineOutput,
  exportEnterprises,
  exportEnterprisesInput,
  exportEnterprisesOutput,
  getEnterprise,
  getEnterpriseInput,
  importStatus,
  importStatusInput,
  importStatusOutput,
  listChanges,
  listChangesInput,
  listChangesOutput,
  listEnterprises,
  listEnterprisesInput,
  listEnterprisesOutput,
  okOutput,
  previewImport,
  previewImportInput,
  previewImportOutput,
  proposeChange,
  proposeChangeInput,
  proposeChangeOutput,
  reviewChange,
  reviewChangeInput,
  reviewChangeOutput,
  saveContact,
  saveContactInput,
  saveDocument,
  saveDocumentInput,
  savedOutput,
  searchEnterprises,
  searchEnterprisesInput,
  searchEnterprisesOutput,
  setEnterpriseTags,
  setEnterpriseTagsInput,
  updateEnterprise,
  updateEnterpriseInput,
  updateEnterpriseOutput,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

const contactRouter = router({
  save: staffProcedure.input(saveContactInput).output(savedOutput).mutation(({ ctx, input }) => saveContact(ctx.tenant, input)),
  remove: staffProcedure.input(deleteContactInput).output(okOutput).mutation(({ ctx, input }) => deleteContact(ctx.tenant, input)),
});

const documentRouter = router({
  save: staffProcedure.input(saveDocumentInput).output(savedOutput).mutation(({ ctx, input }) => saveDocument(ctx.tenant, input)),
  remove: staffProcedure.input(deleteDocumentInput).output(okOutput).mutation(({ ctx, input }) => deleteDocument(ctx.tenant, input)),
});

/** A spreadsheet of enterprises: previewed (every row's problems), then committed, its progress polled. */
const importRouter = router({
  preview: staffProcedure
    .input(previewImportInput)
    .output(previewImportOutput)
    .mutation(({ ctx, input }) => previewImport(ctx.tenant, { storage: ctx.storage, db: ctx.db, lang: ctx.lang }, input)),
  commit: staffProcedure.input(commitImportInput).output(commitImportOutput).mutation(({ ctx, input }) => commitImport(ctx.tenant, { storage: ctx.storage, db: ctx.db }, input)),
  status: staffProcedure.input(importStatusInput).output(importStatusOutput).query(({ ctx, input }) => importStatus(ctx.tenant, input)),
});

export const enterpriseRouter = router({
  list: tenantProcedure.input(listEnterprisesInput).output(listEnterprisesOutput).query(({ ctx, input }) => listEnterprises(ctx.tenant, input)),
  search: staffProcedure.input(searchEnterprisesInput).output(searchEnterprisesOutput).query(({ ctx, input }) => searchEnterprises(ctx.tenant, input)),
  get: tenantProcedure.input(getEnterpriseInput).output(enterpriseDetailOutput).query(({ ctx, input }) => getEnterprise(ctx.tenant, input)),
  create: staffProcedure.input(createEnterpriseInput).output(createEnterpriseOutput).mutation(({ ctx, input }) => createEnterprise(ctx.tenant, input)),
  update: staffProcedure.input(updateEnterpriseInput).output(updateEnterpriseOutput).mutation(({ ctx, input }) => updateEnterprise(ctx.tenant, input)),
  setTags: staffProcedure.input(setEnterpriseTagsInput).output(okOutput).mutation(({ ctx, input }) => setEnterpriseTags(ctx.tenant, input)),
  timeline: tenantProcedure.input(enterpriseTimelineInput).output(enterpriseTimelineOutput).query(({ ctx, input }) => enterpriseTimeline(ctx.tenant, input)),
  proposeChange: enterpriseAdminProcedure.input(proposeChangeInput).output(proposeChangeOutput).mutation(({ ctx, input }) => proposeChange(ctx.tenant, input)),
  reviewChange: staffProcedure.input(reviewChangeInput).output(reviewChangeOutput).mutation(({ ctx, input }) => reviewChange(ctx.tenant, input)),
  changes: tenantProcedure.input(listChangesInput).output(listChangesOutput).query(({ ctx, input }) => listChanges(ctx.tenant, input)),
  contact: contactRouter,
  document: documentRouter,
  import: importRouter,
  export: staffProcedure
    .input(exportEnterprisesInput)
    .output(exportEnterprisesOutput)
    .mutation(({ ctx, input }) => exportEnterprises(ctx.tenant, { storage: ctx.storage }, input)),
});
