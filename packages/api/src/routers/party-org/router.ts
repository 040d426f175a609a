import {
  createPartyOrg,
  createPartyOrgInput,
  createPartyOrgOutput,
  exportPartyOrgs,
  exportPartyOrgsInput,
  exportPartyOrgsOutput,
  getPartyOrg,
  getPartyOrgInput,
  getPartyOrgOutput,
  listPartyOrgs,
  listPartyOrgsInput,
  listPartyOrgsOutput,
  partyOrgOptions,
  partyOrgOptionsOutput,
  revealPartyOrgContact,
  revealPartyOrgContactInput,
  revealPartyOrgContactOutput,
  runOnce,
  updatePartyOrg,
  updatePartyOrgInput,
  updatePartyOrgOutput,
} from '@stationdesk/services';
import { staffProcedure, router, tenantProcedure } from '../../trpc.ts';

/** 党组织: the registry of party organisations — enterprise branches from 一企一档 and the others (issue 20). */
export const partyOrgRouter = router({
  list: staffProcedure.input(listPartyOrgsInput).output(listPartyOrgsOutput).query(({ ctx, input }) => listPartyOrgs(ctx.tenant, input)),
  get: staffProcedure.input(getPartyOrgInput).output(getPartyOrgOutput).query(({ ctx, input }) => getPartyOrg(ctx.tenant, input)),
  options: staffProcedure.output(partyOrgOptionsOutput).query(({ ctx }) => partyOrgOptions(ctx.tenant)),
  create: staffProcedure
    .input(createPartyOrgInput)
    .output(createPartyOrgOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'partyOrg.create', idempotencyKey, input, () => createPartyOrg(ctx.tenant, input))),
  update: staffProcedure.input(updatePartyOrgInput).output(updatePartyOrgOutput).mutation(({ ctx, input }) => updatePartyOrg(ctx.tenant, input)),
  /** Any member may ask; the use case refuses (and audits) those whose role may not see contacts. */
  revealContact: tenantProcedure.input(revealPartyOrgContactInput).output(revealPartyOrgContactOutput).mutation(({ ctx, input }) => revealPartyOrgContact(ctx.tenant, input)),
  export: staffProcedure.input(exportPartyOrgsInput).output(exportPartyOrgsOutput).mutation(({ ctx, input }) => exportPartyOrgs(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
