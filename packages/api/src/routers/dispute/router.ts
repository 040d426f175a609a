import { z } from 'zod';
import { agreementPerformances, disputeOutcomes, disputeSessionKinds, disputeSources, disputeTypes, isRealDate, portalView, priorities, ratings, riskLevels, staffView } from '@stationdesk/core';
import {
  acknowledgeWarnings,
  addEvidence,
  attachSignedAgreement,
  addSession,
  createDispute,
  disputeCountGroups,
  disputeCounts,
  enterpriseDisputeRisk,
  exportDisputeCounts,
  generateAgreementDocument,
  getDispute,
  getDisputeSettings,
  listDisputes,
  listWarnings,
  maxWarningsPerAcknowledgement,
  openWarningCount,
  recordDisputeVisit,
  recordOutcome,
  revealParty,
  updateDisputeFacts,
  updateDisputeSettings,
  runOnce,
  idempotencyKey,
  line,
  text,
} from '@stationdesk/services';
import { enterpriseAdminProcedure, managerProcedure, router, staffProcedure, tenantProcedure } from '../../trpc.ts';

const ok = z.object({ ok: z.literal(true) });
const done = { ok: true as const };

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });
const amount = z.number().finite().max(1e11).nullable();

const party = z
  .object({
    side: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'organisation']),
    name: line(200, { min: 1 }),
    phone: line(40).nullable().optional(),
    idNumber: line(30).nullable().optional(),
    enterpriseId: z.uuid().nullable().optional(),
  })
  .strict();

const period = {
  from: localDay,
  to: localDay,
  stationId: z.uuid().nullable().optional(),
};

const listInput = z
  .object({
    from: localDay.optional(),
    to: localDay.optional(),
    stationId: z.uuid().nullable().optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable().optional(),
    type: z.enum(disputeTypes).nullable().optional(),
    source: z.enum(disputeSources).nullable().optional(),
    outcome: z.enum([...disputeOutcomes, 'pending']).nullable().optional(),
    riskLevel: z.enum(riskLevels).nullable().optional(),
    state: z.enum(['open', 'closed']).nullable().optional(),
    performed: z.enum(agreementPerformances).nullable().optional(),
    warning: z.enum(['raised', 'acknowledged']).nullable().optional(),
    enterpriseId: z.uuid().nullable().optional(),
    cursor: line(500).nullable().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();

const riskSettings = z
  .object({
    points: z
      .object({
        wageArrears: z.number().int().min(0).max(100),
        amountPerTenThousandYuan: z.number().int().min(0).max(100),
        amountMaxPoints: z.number().int().min(0).max(100),
        peoplePerPerson: z.number().int().min(0).max(100),
        peopleMaxPoints: z.number().int().min(0).max(100),
        enterpriseMovingOrClosing: z.number().int().min(0).max(100),
        repeatDisputePerCase: z.number().int().min(0).max(100),
        repeatMaxPoints: z.number().int().min(0).max(100),
        socialInsuranceArrears: z.number().int().min(0).max(100),
        priorEscalation: z.number().int().min(0).max(100),
      })
      .strict(),
    thresholds: z.object({ yellow: z.number().int().min(0).max(1000), red: z.number().int().min(0).max(1000) }).strict(),
    groupDisputePeople: z.number().int().min(2).max(10000),
  })
  .strict();

const countRow = z.object({
  key: z.string(),
  stationId: z.uuid().nullable(),
  stationName: z.string().nullable(),
  month: z.string().nullable(),
  value: z.string().nullable(),
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
});

const summary = z.object({
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  byLevel: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  warningsRaised: z.number().int(),
  warningsAcknowledged: z.number().int(),
  agreements: z.number().int(),
  performed: z.object({ full: z.number().int(), partial: z.number().int(), none: z.number().int(), unknown: z.number().int() }),
  medianDaysToClose: z.number().nullable(),
});

export const disputeRouter = router({
  create: staffProcedure
    .input(
      z
        .object({
          source: z.enum(disputeSources),
          disputeType: z.enum(disputeTypes),
          enterpriseId: z.uuid().nullable().optional(),
          stationId: z.uuid().nullable().optional(),
          title: line(200, { min: 1 }),
          facts: text(20000, { min: 1 }),
          amountYuan: amount.optional(),
          peopleInvolved: z.number().int().max(100000),
          socialInsuranceArrears: z.boolean().optional(),
          priorEscalation: z.boolean().optional(),
          priority: z.enum(priorities).optional(),
          parties: z.array(party).min(2).max(200),
          assign: z.union([z.object({ mode: z.literal('self') }).strict(), z.object({ mode: z.literal('round_robin') }).strict()]).optional(),
          idempotencyKey: idempotencyKey.optional(),
        })
        .strict(),
    )
    .output(z.object({ id: z.uuid(), number: z.string() }))
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'dispute.create', idempotencyKey, input, () => createDispute(ctx.tenant, input))),

  // The station's case file; an enterprise admin that is a party reads the portal's view below.
  get: staffProcedure.input(z.object({ id: z.uuid() }).strict()).query(async ({ ctx, input }) => staffView(await getDispute(ctx.tenant, input.id))),

  list: staffProcedure.input(listInput).query(async ({ ctx, input }) => staffView(await listDisputes(ctx.tenant, input))),
  portalGet: enterpriseAdminProcedure.input(z.object({ id: z.uuid() }).strict()).query(async ({ ctx, input }) => portalView(await getDispute(ctx.tenant, input.id))),
  portalList: enterpriseAdminProcedure.input(listInput).query(async ({ ctx, input }) => portalView(await listDisputes(ctx.tenant, input))),

  updateFacts: staffProcedure
    .input(
      z
        .object({
          itemId: z.uuid(),
          disputeType: z.enum(disputeTypes).optional(),
          facts: text(20000, { min: 1 }).optional(),
          amountYuan: amount.optional(),
          peopleInvolved: z.number().int().max(100000).optional(),
          socialInsuranceArrears: z.boolean().optional(),
          priorEscalation: z.boolean().optional(),
        })
        .strict(),
    )
    .output(z.object({ level: z.enum(riskLevels), warned: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const r = await updateDisputeFacts(ctx.tenant, input);
      return { level: r.level as (typeof riskLevels)[number], warned: r.warned };
    }),

  addSession: staffProcedure
    .input(
      z
        .object({
          itemId: z.uuid(),
          kind: z.enum(disputeSessionKinds),
          heldAt: z.iso.datetime({ offset: true }),
          place: line(200).nullable().optional(),
          mediator: line(100, { min: 1 }),
          attendees: text(1000).nullable().optional(),
          notes: text(20000, { min: 1 }),
        })
        .strict(),
    )
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => addSession(ctx.tenant, input)),

  addEvidence: staffProcedure
    .input(z.object({ itemId: z.uuid(), fileId: z.uuid(), description: text(500).nullable().optional() }).strict())
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => addEvidence(ctx.tenant, input)),

  recordOutcome: staffProcedure
    .input(
      z
        .object({
          itemId: z.uuid(),
          outcome: z.enum(disputeOutcomes),
          note: text(5000).nullable().optional(),
          agreement: z
            .object({
              number: line(60, { min: 1 }),
              terms: text(20000, { min: 1 }),
              amountYuan: amount.optional(),
              method: line(200).nullable().optional(),
              place: line(200).nullable().optional(),
              dueOn: localDay.nullable().optional(),
              signedFileId: z.uuid().nullable().optional(),
            })
            .strict()
            .optional(),
          referredTo: line(200).nullable().optional(),
        })
        .strict(),
    )
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await recordOutcome(ctx.tenant, input);
      return done;
    }),

  attachSignedAgreement: staffProcedure
    .input(z.object({ itemId: z.uuid(), fileId: z.uuid() }).strict())
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await attachSignedAgreement(ctx.tenant, input);
      return done;
    }),

  recordVisit: staffProcedure
    .input(
      z
        .object({
          itemId: z.uuid(),
          visitNo: z.union([z.literal(7), z.literal(30)]),
          visitedOn: localDay,
          visitor: line(100, { min: 1 }),
          performance: z.enum(agreementPerformances),
          satisfaction: z.enum(ratings).nullable().optional(),
          newRisk: z.boolean().optional(),
          notes: text(5000).nullable().optional(),
          reopen: z.boolean().optional(),
        })
        .strict(),
    )
    .output(z.object({ warned: z.boolean() }))
    .mutation(({ ctx, input }) => recordDisputeVisit(ctx.tenant, input)),

  revealParty: tenantProcedure
    .input(z.object({ partyId: z.uuid(), reason: text(500, { min: 2 }) }).strict())
    .output(z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable(), idNumber: z.string().nullable() }))
    .mutation(({ ctx, input }) => revealParty(ctx.tenant, input)),

  counts: staffProcedure
    .input(z.object({ ...period, groupBy: z.enum(disputeCountGroups) }).strict())
    .output(z.object({ groupBy: z.enum(disputeCountGroups), rows: z.array(countRow), summary }))
    .query(({ ctx, input }) => disputeCounts(ctx.tenant, input)),

  exportCounts: staffProcedure
    .input(z.object(period).strict())
    .output(z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() }))
    .mutation(({ ctx, input }) => exportDisputeCounts(ctx.tenant, { storage: ctx.storage }, { ...input, lang: ctx.lang })),

  agreementDocument: staffProcedure
    .input(z.object({ itemId: z.uuid() }).strict())
    .output(z.object({ fileId: z.uuid(), fileName: z.string() }))
    .mutation(({ ctx, input }) => generateAgreementDocument(ctx.tenant, { storage: ctx.storage }, { itemId: input.itemId, lang: ctx.lang })),

  enterpriseRisk: staffProcedure
    .input(z.object({ stationId: z.uuid().nullable().optional(), minOpen: z.number().int().min(1).max(100).optional() }).strict().optional())
    .query(({ ctx, input }) => enterpriseDisputeRisk(ctx.tenant, input ?? {})),

  settings: staffProcedure.query(({ ctx }) => getDisputeSettings(ctx.tenant)),

  updateSettings: managerProcedure
    .input(z.object({ risk: riskSettings }).strict())
    .output(z.object({ rescored: z.number().int() }))
    .mutation(({ ctx, input }) => updateDisputeSettings(ctx.tenant, input)),
});

const warningRow = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  number: z.string(),
  title: z.string(),
  stationId: z.uuid(),
  enterpriseName: z.string().nullable(),
  level: z.string(),
  score: z.number().int(),
  reason: z.string(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgement: z.string().nullable(),
});

export const warningRouter = router({
  list: staffProcedure
    .input(
      z
        .object({
          level: z.enum(['yellow', 'red']).nullable().optional(),
          stationId: z.uuid().nullable().optional(),
          state: z.enum(['open', 'acknowledged']).nullable().optional(),
          cursor: line(500).nullable().optional(),
          limit: z.number().int().min(1).max(100).optional(),
        })
        .strict()
        .optional(),
    )
    .output(z.object({ items: z.array(warningRow), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listWarnings(ctx.tenant, input ?? {})),
  openCount: staffProcedure.output(z.object({ count: z.number().int() })).query(async ({ ctx }) => ({ count: await openWarningCount(ctx.tenant) })),
  /** 签收 one or several warnings with one note, all or none. */
  acknowledge: managerProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(maxWarningsPerAcknowledgement), note: text(2000, { min: 1 }) }).strict())
    .output(z.object({ acknowledged: z.number().int() }))
    .mutation(({ ctx, input }) => acknowledgeWarnings(ctx.tenant, input)),
});
