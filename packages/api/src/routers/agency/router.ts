import { z } from 'zod';
import { agencyResults, agencySteps, priorities } from '@stationdesk/core';
import {
  advanceAgencyCase,
  agencyHandover,
  agencyQueue,
  batchSubmit,
  createAgencyCase,
  createAgencyType,
  getAgencyCase,
  listAgencyTypes,
  listPortalAgencyTypes,
  markPickedUp,
  reviewMaterial,
  updateAgencyType,
  uploadMaterial,
  runOnce,
  channels,
  idempotencyKey,
  line,
  text,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

const ok = z.object({ ok: z.literal(true) });
const done = { ok: true as const };

const checklistItem = z
  .object({
    key: z.string().regex(/^[a-z0-9_]{1,40}$/),
    name: line(60, { min: 1 }),
    nameEn: line(100).nullable().optional(),
    required: z.boolean(),
    templateFileId: z.uuid().nullable().optional(),
    notes: text(300).nullable().optional(),
  })
  .strict();

const typeOutput = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  department: z.string(),
  statutoryDays: z.number().int(),
  promisedDays: z.number().int(),
  active: z.boolean(),
  checklistId: z.uuid(),
  checklistVersion: z.number().int(),
  checklist: z.array(
    z.object({ key: z.string(), name: z.string(), nameEn: z.string().nullable().optional(), required: z.boolean(), templateFileId: z.uuid().nullable().optional(), notes: z.string().nullable().optional() }),
  ),
});

/**
 * What an enterprise admin receives (services' portal views): its own allow-lists, strict so a
 * field the view did not name is an error rather than passed on.
 */
const portalChecklistEntry = z
  .object({ key: z.string(), name: z.string(), nameEn: z.string().nullable(), required: z.boolean(), templateFileId: z.uuid().nullable(), notes: z.string().nullable() })
  .strict();

const portalTypesOutput = z
  .object({
    audience: z.literal('portal'),
    types: z.array(
      z
        .object({
          id: z.uuid(),
          name: z.string(),
          nameEn: z.string().nullable(),
          department: z.string(),
          statutoryDays: z.number().int(),
          promisedDays: z.number().int(),
          checklist: z.array(portalChecklistEntry),
        })
        .strict(),
    ),
  })
  .strict();

const typeFields = {
  name: line(60, { min: 1 }),
  nameEn: line(100).nullable(),
  department: line(100, { min: 1 }),
  statutoryDays: z.number().int().min(1).max(365),
  promisedDays: z.number().int().min(1).max(365),
  checklist: z.array(checklistItem).min(1).max(40),
};

export const agencyTypeRouter = router({
  list: staffProcedure
    .input(z.object({ includeInactive: z.boolean().optional() }).strict().optional())
    .output(z.array(typeOutput))
    .query(({ ctx, input }) => listAgencyTypes(ctx.tenant, input ?? {})),
  /** The catalogue an enterprise admin reads: the active types, what each takes and how long. */
  portalList: enterpriseAdminProcedure.output(portalTypesOutput).query(({ ctx }) => listPortalAgencyTypes(ctx.tenant)),
  create: managerProcedure
    .input(z.object({ code: z.string().regex(/^[a-z0-9_-]{2,40}$/), ...typeFields }).strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => createAgencyType(ctx.tenant, input)),
  update: managerProcedure
    .input(
      z
        .object({
          id: z.uuid(),
          name: typeFields.name.optional(),
          nameEn: typeFields.nameEn.optional(),
          department: typeFields.department.optional(),
          statutoryDays: typeFields.statutoryDays.optional(),
          promisedDays: typeFields.promisedDays.optional(),
          checklist: typeFields.checklist.optional(),
          active: z.boolean().optional(),
        })
        .strict(),
    )
    .output(z.object({ checklistVersion: z.number().int() }))
    .mutation(({ ctx, input }) => updateAgencyType(ctx.tenant, input)),
});

const fileRef = z.object({ id: z.uuid(), name: z.string() });

const materialState = z.enum(['missing', 'pending', 'accepted', 'rejected']);

const caseOutput = z.object({
  itemId: z.uuid(),
  typeId: z.uuid(),
  typeName: z.string(),
  typeNameEn: z.string().nullable(),
  step: z.enum(agencySteps),
  department: z.string(),
  departmentRef: z.string().nullable(),
  submittedOn: z.string().nullable(),
  statutoryDueAt: z.string(),
  promisedDueAt: z.string(),
  workingDaysLeft: z.number(),
  atRisk: z.boolean(),
  result: z.enum(agencyResults).nullable(),
  resultFile: fileRef.nullable(),
  doneAt: z.string().nullable(),
  pickedUpAt: z.string().nullable(),
  checklistVersion: z.number().int(),
  checklist: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      nameEn: z.string().nullable().optional(),
      required: z.boolean(),
      templateFileId: z.uuid().nullable().optional(),
      notes: z.string().nullable().optional(),
      state: materialState,
      files: z.array(
        z.object({
          id: z.uuid(),
          fileId: z.uuid(),
          name: z.string(),
          size: z.number(),
          status: z.string(),
          reviewReason: z.string().nullable(),
          uploadedAt: z.string(),
          uploadedBy: z.string().nullable(),
        }),
      ),
    }),
  ),
  missingRequired: z.array(z.string()),
});

const portalCaseOutput = z
  .object({
    audience: z.literal('portal'),
    itemId: z.uuid(),
    typeName: z.string(),
    typeNameEn: z.string().nullable(),
    step: z.enum(agencySteps),
    department: z.string(),
    departmentRef: z.string().nullable(),
    submittedOn: z.string().nullable(),
    statutoryDueAt: z.string(),
    promisedDueAt: z.string(),
    workingDaysLeft: z.number(),
    result: z.enum(agencyResults).nullable(),
    resultFile: fileRef.strict().nullable(),
    doneAt: z.string().nullable(),
    pickedUpAt: z.string().nullable(),
    checklist: z.array(
      portalChecklistEntry.extend({
        state: materialState,
        files: z.array(
          z
            .object({
              id: z.uuid(),
              fileId: z.uuid(),
              name: z.string(),
              size: z.number(),
              status: z.string(),
              reviewReason: z.string().nullable(),
              uploadedAt: z.string(),
              uploadedBy: z.string().nullable(),
            })
            .strict(),
        ),
      }),
    ),
  })
  .strict();

const queueRow = z.object({
  itemId: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  stationId: z.uuid(),
  typeId: z.uuid(),
  typeName: z.string(),
  step: z.enum(agencySteps),
  department: z.string(),
  departmentRef: z.string().nullable(),
  statutoryDueAt: z.string(),
  promisedDueAt: z.string(),
  dueAt: z.string(),
  workingDaysLeft: z.number(),
  atRisk: z.boolean(),
  doneAt: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
});

const handoverRow = queueRow.extend({ materialsAccepted: z.number().int(), checklistEntries: z.number().int() });

const queueCounts = z.object({ byStep: z.record(z.string(), z.number()), byType: z.record(z.string(), z.number()) });

const portalQueueOutput = z
  .object({
    audience: z.literal('portal'),
    items: z.array(
      z
        .object({
          itemId: z.uuid(),
          number: z.string(),
          title: z.string(),
          status: z.string(),
          typeId: z.uuid(),
          typeName: z.string(),
          step: z.enum(agencySteps),
          department: z.string(),
          departmentRef: z.string().nullable(),
          statutoryDueAt: z.string(),
          promisedDueAt: z.string(),
          dueAt: z.string(),
          workingDaysLeft: z.number(),
          doneAt: z.string().nullable(),
        })
        .strict(),
    ),
    nextCursor: z.string().nullable(),
    counts: queueCounts.strict(),
  })
  .strict();

export const agencyCaseRouter = router({
  create: tenantProcedure
    .input(
      z
        .object({
          typeId: z.uuid(),
          enterpriseId: z.uuid(),
          title: line(200).optional(),
          description: text(20_000).optional(),
          priority: z.enum(priorities).optional(),
          channel: z.enum(channels),
          requesterName: line(100).nullable().optional(),
          requesterPhone: line(40).nullable().optional(),
          assign: z.discriminatedUnion('mode', [z.object({ mode: z.literal('self') }), z.object({ mode: z.literal('round_robin') }), z.object({ mode: z.literal('user'), userId: z.uuid() })]).optional(),
          idempotencyKey: idempotencyKey.optional(),
        })
        .strict(),
    )
    .output(z.object({ id: z.uuid(), number: z.string() }))
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'agencyCase.create', idempotencyKey, input, () => createAgencyCase(ctx.tenant, input))),
  // Staff and managers get the staff view; an enterprise admin the portal's (audience: 'portal').
  get: tenantProcedure
    .input(z.object({ itemId: z.uuid() }).strict())
    .output(z.union([portalCaseOutput, caseOutput]))
    .query(({ ctx, input }) => getAgencyCase(ctx.tenant, input.itemId)),
  queue: tenantProcedure
    .input(
      z
        .object({
          stationId: z.uuid().optional(),
          step: z.enum(agencySteps).optional(),
          typeId: z.uuid().optional(),
          department: line(100).optional(),
          cursor: line(500).optional(),
          limit: z.number().int().min(1).max(100).optional(),
        })
        .strict(),
    )
    .output(z.union([portalQueueOutput, z.object({ items: z.array(queueRow), nextCursor: z.string().nullable(), counts: queueCounts })]))
    .query(({ ctx, input }) => agencyQueue(ctx.tenant, input)),
  /** The handover sheet: the cases picked, or the ones ready in 预审, with their documents counted. */
  handover: staffProcedure
    .input(
      z
        .object({
          itemIds: z.array(z.uuid()).min(1).max(100).optional(),
          stationId: z.uuid().optional(),
          department: line(100).optional(),
        })
        .strict(),
    )
    .output(z.object({ items: z.array(handoverRow), more: z.boolean() }))
    .query(({ ctx, input }) => agencyHandover(ctx.tenant, input)),
  uploadMaterial: tenantProcedure
    .input(z.object({ itemId: z.uuid(), checklistKey: line(40), fileId: z.uuid() }).strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => uploadMaterial(ctx.tenant, input)),
  reviewMaterial: staffProcedure
    .input(z.object({ materialId: z.uuid(), decision: z.enum(['accept', 'reject']), reason: text(1000).nullable().optional() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await reviewMaterial(ctx.tenant, input);
      return done;
    }),
  advance: staffProcedure
    .input(
      z
        .object({
          itemId: z.uuid(),
          step: z.enum(agencySteps),
          departmentRef: line(60).nullable().optional(),
          submittedOn: z.iso.date().nullable().optional(),
          result: z.enum(agencyResults).nullable().optional(),
          resultFileId: z.uuid().nullable().optional(),
          note: text(5000).nullable().optional(),
        })
        .strict(),
    )
    .output(z.object({ step: z.enum(agencySteps) }))
    .mutation(({ ctx, input }) => advanceAgencyCase(ctx.tenant, input)),
  batchSubmit: staffProcedure
    .input(z.object({ items: z.array(z.object({ itemId: z.uuid(), departmentRef: line(60, { min: 1 }) }).strict()).min(1).max(50), submittedOn: z.iso.date() }).strict())
    .output(z.object({ submitted: z.number().int() }))
    .mutation(({ ctx, input }) => batchSubmit(ctx.tenant, input)),
  markPickedUp: staffProcedure
    .input(z.object({ itemId: z.uuid() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await markPickedUp(ctx.tenant, input);
      return done;
    }),
});
