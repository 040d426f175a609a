import { agreementPerformances, disputeOutcomes, disputeSessionKinds, disputeSources, disputeTypes, isRealDate, priorities, ratings, riskLevels, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';

/** An agreement's terms as staff and the enterprise that is a party both read them. */
const agreementTermsOutput = z.object({
  number: z.string().nullable(),
  terms: z.string().nullable(),
  amountYuan: z.number().nullable(),
  method: z.string().nullable(),
  place: z.string().nullable(),
  dueOn: z.string().nullable(),
  performed: z.enum(agreementPerformances).nullable(),
});

/** A local date typed by a person: 'YYYY-MM-DD' that exists on the calendar. */
export const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });
const amount = z.number().finite().max(1e11).nullable();

const partyInput = z
  .object({
    side: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'organisation']),
    name: line(200, { min: 1 }),
    phone: line(40).nullable().optional(),
    idNumber: line(30).nullable().optional(),
    enterpriseId: z.uuid().nullable().optional(),
  })
  .strict();
export type PartyInput = z.infer<typeof partyInput>;

/** dispute.create */
export const createDisputeInput = z
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
    parties: z.array(partyInput).min(2).max(200),
    assign: z.union([z.object({ mode: z.literal('self') }).strict(), z.object({ mode: z.literal('round_robin') }).strict()]).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateDisputeInput = z.infer<typeof createDisputeInput>;
export const createDisputeOutput = z.object({ id: z.uuid(), number: z.string() });

/** dispute.get, dispute.portalGet */
export const getDisputeInput = z.object({ id: z.uuid() }).strict();
export type GetDisputeInput = z.infer<typeof getDisputeInput>;

const partySide = z.enum(['applicant', 'respondent']);
const partyKind = z.enum(['person', 'organisation']);
const riskFactor = z.object({ indicator: z.string(), points: z.number() });

/** Parties for the station: personal data masked (张** / 138****1234 / 3101**********1234) until revealed. */
export const partyOutput = z.object({
  id: z.uuid(),
  side: partySide,
  kind: partyKind,
  name: z.string(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  enterpriseId: z.uuid().nullable(),
  masked: z.boolean(),
});
export type PartyView = z.infer<typeof partyOutput>;

/** The station's case file. */
export const disputeOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(workItemStatuses),
  version: z.number().int(),
  assigneeId: z.uuid().nullable(),
  stationId: z.uuid(),
  enterpriseId: z.uuid().nullable(),
  createdAt: z.string(),
  source: z.string(),
  disputeType: z.string(),
  facts: z.string(),
  amountYuan: z.number().nullable(),
  peopleInvolved: z.number().int(),
  socialInsuranceArrears: z.boolean(),
  priorEscalation: z.boolean(),
  risk: z.object({ score: z.number(), level: z.enum(riskLevels), factors: z.array(riskFactor), groupDispute: z.boolean() }),
  outcome: z.enum(disputeOutcomes).nullable(),
  outcomeAt: z.string().nullable(),
  agreement: agreementTermsOutput.extend({ signedFileId: z.uuid().nullable() }).nullable(),
  referredTo: z.string().nullable(),
  parties: z.array(partyOutput),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(disputeSessionKinds),
      heldAt: z.string(),
      place: z.string().nullable(),
      mediator: z.string(),
      attendees: z.string().nullable(),
      notes: z.string(),
    }),
  ),
  visits: z.array(
    z.object({
      id: z.uuid(),
      visitNo: z.union([z.literal(7), z.literal(30)]),
      visitedOn: z.string(),
      visitor: z.string(),
      performance: z.enum(agreementPerformances),
      satisfaction: z.string().nullable(),
      newRisk: z.boolean(),
      notes: z.string().nullable(),
    }),
  ),
  riskHistory: z.array(z.object({ at: z.string(), score: z.number(), level: z.string(), factors: z.array(riskFactor), reason: z.string() })),
  warnings: z.array(
    z.object({
      id: z.uuid(),
      level: z.enum(['yellow', 'red']),
      score: z.number(),
      reason: z.string(),
      raisedAt: z.string(),
      acknowledgedAt: z.string().nullable(),
      acknowledgement: z.string().nullable(),
    }),
  ),
  evidence: z.array(z.object({ id: z.uuid(), fileId: z.uuid(), name: z.string(), description: z.string().nullable(), createdAt: z.string() })),
});
export type DisputeView = z.infer<typeof disputeOutput>;

/**
 * What an enterprise admin that is a party receives of a dispute (an allow-list): where the case
 * stands, its outcome and agreement, the parties — its own side in full, the others' names masked
 * and nothing personal. The facts, risk, sessions, visits, warnings, evidence and the handler are
 * the station's case file (canSeeDisputeRecords).
 */
export const portalDisputeOutput = z
  .object({
    audience: z.literal('portal'),
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    createdAt: z.string(),
    disputeType: z.enum(disputeTypes),
    outcome: z.enum(disputeOutcomes).nullable(),
    outcomeAt: z.string().nullable(),
    agreement: agreementTermsOutput.strict().nullable(),
    referredTo: z.string().nullable(),
    parties: z.array(z.object({ side: partySide, kind: partyKind, name: z.string(), ours: z.boolean() }).strict()),
  })
  .strict();
export type PortalDisputeView = z.infer<typeof portalDisputeOutput>;

/** dispute.revealParty */
export const revealPartyInput = z.object({ partyId: z.uuid(), reason: text(500, { min: 2 }) }).strict();
export type RevealPartyInput = z.infer<typeof revealPartyInput>;
export const revealPartyOutput = z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable(), idNumber: z.string().nullable() });

/** dispute.addSession: a hearing (询问) or a mediation session held. */
export const addSessionInput = z
  .object({
    id: z.uuid(),
    kind: z.enum(disputeSessionKinds),
    heldAt: z.iso.datetime({ offset: true }),
    place: line(200).nullable().optional(),
    mediator: line(100, { min: 1 }),
    attendees: text(1000).nullable().optional(),
    notes: text(20000, { min: 1 }),
  })
  .strict();
export type AddSessionInput = z.infer<typeof addSessionInput>;
export const addSessionOutput = z.object({ id: z.uuid() });

/** dispute.recordOutcome */
export const recordOutcomeInput = z
  .object({
    id: z.uuid(),
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
  .strict();
export type RecordOutcomeInput = z.infer<typeof recordOutcomeInput>;

/** dispute.recordVisit: the +7 or +30 day follow-up of an agreement. */
export const recordDisputeVisitInput = z
  .object({
    id: z.uuid(),
    visitNo: z.union([z.literal(7), z.literal(30)]),
    visitedOn: localDay,
    visitor: line(100, { min: 1 }),
    performance: z.enum(agreementPerformances),
    satisfaction: z.enum(ratings).nullable().optional(),
    newRisk: z.boolean().optional(),
    notes: text(5000).nullable().optional(),
    reopen: z.boolean().optional(),
  })
  .strict();
export type RecordDisputeVisitInput = z.infer<typeof recordDisputeVisitInput>;
export const recordDisputeVisitOutput = z.object({ warned: z.boolean() });

/** dispute.updateFacts: only what is sent changes. */
export const updateDisputeFactsInput = z
  .object({
    id: z.uuid(),
    disputeType: z.enum(disputeTypes).optional(),
    facts: text(20000, { min: 1 }).optional(),
    amountYuan: amount.optional(),
    peopleInvolved: z.number().int().max(100000).optional(),
    socialInsuranceArrears: z.boolean().optional(),
    priorEscalation: z.boolean().optional(),
  })
  .strict();
export type UpdateDisputeFactsInput = z.infer<typeof updateDisputeFactsInput>;
export const updateDisputeFactsOutput = z.object({ level: z.enum(riskLevels), warned: z.boolean() });
export type UpdateDisputeFactsOutput = z.infer<typeof updateDisputeFactsOutput>;

/** dispute.addEvidence */
export const addEvidenceInput = z.object({ id: z.uuid(), fileId: z.uuid(), description: text(500).nullable().optional() }).strict();
export type AddEvidenceInput = z.infer<typeof addEvidenceInput>;
export const addEvidenceOutput = z.object({ id: z.uuid() });

/** dispute.attachSignedAgreement */
export const attachSignedAgreementInput = z.object({ id: z.uuid(), fileId: z.uuid() }).strict();
export type AttachSignedAgreementInput = z.infer<typeof attachSignedAgreementInput>;
