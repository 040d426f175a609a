import { z } from 'zod';
import { ratings } from '@stationdesk/core';
import {
  assignItem,
  chaseItem,
  convertToAgency,
  createWorkItem,
  decideExtension,
  deleteCannedReply,
  getWorkItem,
  listAssignees,
  listCannedReplies,
  listWorkItems,
  rateWorkItem,
  recordFirstContact,
  recordVisit,
  replyToItem,
  requestExtension,
  saveCannedReply,
  applyTransition,
  runOnce,
  idempotencyKey,
  line,
  text,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';
import { outputOnce } from '../../output.ts';
import { createInput, detailOutput, listInput, portalDetailOutput, portalPageOutput, summaryOutput, transitionActions } from './schemas.ts';

const ok = z.object({ ok: z.literal(true) });
const done = { ok: true as const };
const note = text(5000).nullable().optional();
const itemRef = { id: z.uuid() };
/**
 * The version the person saw, on dispatch: two people dispatching the same item at once — the
 * second gets a conflict instead of silently overwriting the first. Optional for batch dispatch
 * from lists that do not carry versions.
 */
const optionalVersion = z.number().int().min(1).optional();
const state = z.object({ status: z.string(), version: z.number().int() });

const cannedReplyRouter = router({
  list: staffProcedure
    .output(z.array(z.object({ id: z.uuid(), title: z.string(), body: z.string() })))
    .query(({ ctx }) => listCannedReplies(ctx.tenant)),
  save: managerProcedure
    .input(z.object({ id: z.uuid().optional(), title: line(60, { min: 1 }), body: text(5000, { min: 1 }) }).strict())
    .output(z.object({ id: z.uuid(), title: z.string(), body: z.string() }))
    .mutation(({ ctx, input }) => saveCannedReply(ctx.tenant, input)),
  delete: managerProcedure
    .input(z.object({ id: z.uuid() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await deleteCannedReply(ctx.tenant, input);
      return done;
    }),
});

export const workItemRouter = router({
  create: tenantProcedure
    .input(createInput)
    .output(z.object({ id: z.uuid(), number: z.string() }))
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'workItem.create', idempotencyKey, input, () => createWorkItem(ctx.tenant, input))),
  // Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal').
  get: tenantProcedure
    .input(z.object(itemRef).strict())
    .output(z.union([portalDetailOutput, detailOutput]))
    .query(({ ctx, input }) => getWorkItem(ctx.tenant, input.id)),
  list: tenantProcedure
    .input(listInput)
    .output(outputOnce(z.union([portalPageOutput, z.object({ items: z.array(summaryOutput), nextCursor: z.string().nullable() })])))
    .query(({ ctx, input }) => listWorkItems(ctx.tenant, input)),
  transition: tenantProcedure
    .input(
      z
        .object({
          ...itemRef,
          action: z.enum(transitionActions as [string, ...string[]]),
          note,
          // The version the person saw: moving an item someone else just moved is a conflict.
          version: z.number().int().min(1),
          stationId: z.uuid().nullable().optional(),
          resolvedOk: z.boolean().optional(),
        })
        .strict(),
    )
    .output(state)
    .mutation(async ({ ctx, input }) => {
      const { id, action, ...rest } = input;
      const item = await applyTransition(ctx.tenant, id, { action: action as never, ...rest });
      return { status: item.status, version: item.version };
    }),
  assign: staffProcedure
    .input(
      z.union([
        z.object({ ...itemRef, assigneeId: z.uuid(), note, version: optionalVersion }).strict(),
        z.object({ ...itemRef, roundRobin: z.literal(true), note, version: optionalVersion }).strict(),
      ]),
    )
    .output(state.extend({ assigneeId: z.uuid().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const to = 'roundRobin' in input ? { roundRobin: true as const } : { userId: input.assigneeId };
      const item = await assignItem(ctx.tenant, input.id, to, { note: input.note ?? null, version: input.version });
      return { status: item.status, version: item.version, assigneeId: item.assignee_id };
    }),
  assignees: staffProcedure
    .input(z.object(itemRef).strict())
    .output(
      z.array(
        z.object({ userId: z.uuid(), name: z.string(), role: z.enum(['staff', 'manager']), onDuty: z.boolean(), openItems: z.number().int(), maxOpenItems: z.number().int() }),
      ),
    )
    .query(({ ctx, input }) => listAssignees(ctx.tenant, input.id)),
  reply: tenantProcedure
    .input(
      z
        .object({
          ...itemRef,
          body: text(10_000, { min: 1 }),
          visibility: z.enum(['public', 'internal']),
          attachmentIds: z.array(z.uuid()).max(10).optional(),
          idempotencyKey: idempotencyKey.optional(),
        })
        .strict(),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) =>
      runOnce(ctx.tenant, 'workItem.reply', idempotencyKey, input, () =>
        replyToItem(ctx.tenant, { itemId: input.id, body: input.body, visibility: input.visibility, ...(input.attachmentIds ? { attachmentIds: input.attachmentIds } : {}) }),
      ),
    ),
  recordContact: staffProcedure
    .input(z.object({ ...itemRef, note }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await recordFirstContact(ctx.tenant, { itemId: input.id, note: input.note ?? null });
      return done;
    }),
  rate: enterpriseAdminProcedure
    .input(z.object({ ...itemRef, rating: z.enum(ratings), comment: text(2000).nullable().optional() }).strict())
    .output(z.object({ status: z.string(), rectificationDueAt: z.string().nullable() }))
    .mutation(({ ctx, input }) => rateWorkItem(ctx.tenant, { itemId: input.id, rating: input.rating, comment: input.comment ?? null })),
  recordVisit: staffProcedure
    .input(z.object({ ...itemRef, rating: z.enum(ratings), comment: text(2000).nullable().optional() }).strict())
    .output(z.object({ status: z.string(), rectificationDueAt: z.string().nullable() }))
    .mutation(({ ctx, input }) => recordVisit(ctx.tenant, { itemId: input.id, rating: input.rating, comment: input.comment ?? null })),
  chase: managerProcedure
    .input(z.object({ ...itemRef, level: z.enum(['chased', 'supervised']), note }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await chaseItem(ctx.tenant, { itemId: input.id, level: input.level, note: input.note ?? null });
      return done;
    }),
  requestExtension: staffProcedure
    .input(z.object({ ...itemRef, dueAt: z.iso.datetime({ offset: true }), reason: text(1000, { min: 1 }) }).strict())
    .output(z.object({ requestedDueAt: z.string() }))
    .mutation(({ ctx, input }) => requestExtension(ctx.tenant, { itemId: input.id, dueAt: input.dueAt, reason: input.reason })),
  decideExtension: managerProcedure
    .input(z.object({ ...itemRef, approve: z.boolean(), note }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await decideExtension(ctx.tenant, { itemId: input.id, approve: input.approve, note: input.note ?? null });
      return done;
    }),
  convertToAgency: staffProcedure
    .input(z.object({ ...itemRef, typeId: z.uuid().nullable().optional(), note }).strict())
    .output(z.object({ id: z.uuid(), number: z.string() }))
    .mutation(({ ctx, input }) => convertToAgency(ctx.tenant, { itemId: input.id, typeId: input.typeId ?? null, note: input.note ?? null })),
  cannedReply: cannedReplyRouter,
});
