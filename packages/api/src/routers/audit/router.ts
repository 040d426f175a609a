import { auditPeople, auditPeopleOutput, exportAudit, exportAuditInput, exportAuditOutput, listAudit, listAuditInput, listAuditOutput } from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

/** audit: the tenant's audit log viewer (managers). */
export const auditRouter = router({
  list: managerProcedure.input(listAuditInput).output(listAuditOutput).query(({ ctx, input }) => listAudit(ctx.tenant, input)),
  people: managerProcedure.output(auditPeopleOutput).query(({ ctx }) => auditPeople(ctx.tenant)),
  export: managerProcedure
    .input(exportAuditInput)
    .output(exportAuditOutput)
    .mutation(({ ctx, input }) => exportAudit(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
