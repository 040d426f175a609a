import { z } from 'zod';
import {
  createEnterprise,
  deleteContact,
  deleteDocument,
  enterpriseTimeline,
  getEnterprise,
  listChanges,
  listEnterprises,
  proposeChange,
  reviewChange,
  saveContact,
  saveDocument,
  searchEnterprises,
  setEnterpriseTags,
  updateEnterprise,
  line,
  text,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';
import { exportProcedure, importRouter } from './import-export.ts';
import {
  changeOutput,
  contactInput,
  detailOutput,
  documentInput,
  enterpriseFieldsInput,
  enterprisePatchInput,
  listFilterInput,
  summaryOutput,
} from './schemas.ts';

const id = z.object({ id: z.uuid() }).strict();
const ok = z.object({ ok: z.literal(true) });

const contactRouter = router({
  save: staffProcedure
    .input(z.object({ enterpriseId: z.uuid(), contactId: z.uuid().optional(), contact: contactInput }).strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => saveContact(ctx.tenant, input)),
  remove: staffProcedure
    .input(z.object({ enterpriseId: z.uuid(), contactId: z.uuid() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteContact(ctx.tenant, input);
      return { ok: true as const };
    }),
});

const documentRouter = router({
  save: staffProcedure
    .input(z.object({ enterpriseId: z.uuid(), documentId: z.uuid().optional(), document: documentInput }).strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => saveDocument(ctx.tenant, input)),
  remove: staffProcedure
    .input(z.object({ enterpriseId: z.uuid(), documentId: z.uuid() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteDocument(ctx.tenant, input);
      return { ok: true as const };
    }),
});

const proposal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('contact_add'), payload: contactInput }),
  z.object({ kind: z.literal('contact_update'), targetId: z.uuid(), payload: contactInput }),
  z.object({ kind: z.literal('contact_remove'), targetId: z.uuid(), payload: z.object({}).strict().default({}) }),
  z.object({ kind: z.literal('document_add'), payload: documentInput }),
  z.object({ kind: z.literal('document_update'), targetId: z.uuid(), payload: documentInput }),
]);

export const enterpriseRouter = router({
  list: tenantProcedure
    .input(listFilterInput.extend({ cursor: line(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict())
    .output(z.object({ items: z.array(summaryOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listEnterprises(ctx.tenant, input)),
  search: staffProcedure
    .input(z.object({ q: line(100, { min: 1 }), limit: z.number().int().min(1).max(20).optional() }).strict())
    .output(z.array(summaryOutput))
    .query(({ ctx, input }) => searchEnterprises(ctx.tenant, input)),
  get: tenantProcedure
    .input(id)
    .output(detailOutput)
    .query(({ ctx, input }) => getEnterprise(ctx.tenant, input.id)),
  create: staffProcedure
    .input(enterpriseFieldsInput.strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createEnterprise(ctx.tenant, input)),
  update: staffProcedure
    .input(z.object({ id: z.uuid(), version: z.number().int().min(1), patch: enterprisePatchInput }).strict())
    .output(z.object({ id: z.uuid(), version: z.number().int() }))
    .mutation(({ ctx, input }) => updateEnterprise(ctx.tenant, input)),
  setTags: staffProcedure
    .input(z.object({ id: z.uuid(), tagIds: z.array(z.uuid()).max(50) }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setEnterpriseTags(ctx.tenant, input);
      return { ok: true as const };
    }),
  timeline: tenantProcedure
    .input(z.object({ enterpriseId: z.uuid(), cursor: line(500).optional(), limit: z.number().int().min(1).max(100).optional() }).strict())
    .output(
      z.object({
        items: z.array(
          z.object({
            at: z.string(),
            kind: z.string(),
            refId: z.uuid(),
            title: z.string(),
            detail: z.record(z.string(), z.unknown()),
            actor: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => enterpriseTimeline(ctx.tenant, input)),
  proposeChange: enterpriseAdminProcedure
    .input(z.intersection(z.object({ enterpriseId: z.uuid() }), proposal))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => proposeChange(ctx.tenant, input)),
  reviewChange: staffProcedure
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'reject']), reason: text(1000).nullable().optional() }).strict())
    .output(z.object({ status: z.enum(['approved', 'rejected']) }))
    .mutation(({ ctx, input }) => reviewChange(ctx.tenant, input)),
  changes: tenantProcedure
    .input(
      z
        .object({ enterpriseId: z.uuid().optional(), status: z.enum(['pending', 'approved', 'rejected']).optional(), limit: z.number().int().min(1).max(200).optional() })
        .strict(),
    )
    .output(z.array(changeOutput))
    .query(({ ctx, input }) => listChanges(ctx.tenant, input)),
  contact: contactRouter,
  document: documentRouter,
  import: importRouter,
  export: exportProcedure,
});
