import { agreementPerformances, disputeOutcomes, disputeSources, disputeTypes, riskLevels } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';
import { localDay } from './cases.schema.ts';
import { disputePeriodInput } from './counts.schema.ts';

/** dispute.list, dispute.portalList: the drill-down filters, each one matching a cell of the counts. */
export const listDisputesInput = z
  .object({
    from: localDay.optional(),
    to: localDay.optional(),
    stationId: z.uuid().nullable().optional(),
    /** 'YYYY-MM' (with station, a station × month cell). */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable().optional(),
    type: z.enum(disputeTypes).nullable().optional(),
    source: z.enum(disputeSources).nullable().optional(),
    outcome: z.enum([...disputeOutcomes, 'pending']).nullable().optional(),
    riskLevel: z.enum(riskLevels).nullable().optional(),
    state: z.enum(['open', 'closed']).nullable().optional(),
    performed: z.enum(agreementPerformances).nullable().optional(),
    /** Cases with a warning raised in the period; 'acknowledged' only those acknowledged. */
    warning: z.enum(['raised', 'acknowledged']).nullable().optional(),
    enterpriseId: z.uuid().nullable().optional(),
    cursor: line(500).nullable().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export type ListDisputesInput = z.infer<typeof listDisputesInput>;

const disputeRow = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  stationId: z.uuid(),
  stationName: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  disputeType: z.string(),
  source: z.string(),
  peopleInvolved: z.number().int(),
  amountYuan: z.number().nullable(),
  riskLevel: z.enum(riskLevels),
  outcome: z.string().nullable(),
  performed: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  outcomeAt: z.string().nullable(),
});
export type DisputeListRow = z.infer<typeof disputeRow>;
export const listDisputesOutput = z.object({ items: z.array(disputeRow), nextCursor: z.string().nullable() });
export type ListDisputesOutput = z.infer<typeof listDisputesOutput>;

/** An enterprise admin's list: the disputes its enterprise is a party to, without risk. */
const portalDisputeRow = z
  .object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    disputeType: z.string(),
    outcome: z.string().nullable(),
    createdAt: z.string(),
    outcomeAt: z.string().nullable(),
  })
  .strict();
export type PortalDisputeRow = z.infer<typeof portalDisputeRow>;
export const portalListDisputesOutput = z.object({ audience: z.literal('portal'), items: z.array(portalDisputeRow), nextCursor: z.string().nullable() }).strict();
export type PortalListDisputesOutput = z.infer<typeof portalListDisputesOutput>;

/** dispute.enterpriseRisk */
export const enterpriseDisputeRiskInput = z.object({ stationId: z.uuid().nullable().optional(), minOpen: z.number().int().min(1).max(100).optional() }).strict().optional();
export type EnterpriseDisputeRiskInput = z.infer<typeof enterpriseDisputeRiskInput>;
export const enterpriseDisputeRiskOutput = z.array(
  z.object({
    enterpriseId: z.uuid(),
    name: z.string(),
    status: z.string(),
    stationId: z.uuid(),
    open: z.number().int(),
    red: z.number().int(),
    yellow: z.number().int(),
    people: z.number().int(),
    last90Days: z.number().int(),
    maxScore: z.number().int(),
    reasons: z.array(z.enum(['severalOpen', 'movingWithOpen'])),
  }),
);
export type EnterpriseDisputeRiskOutput = z.infer<typeof enterpriseDisputeRiskOutput>;

/** dispute.exportCounts: the counts of a period as .xlsx. */
export const exportDisputeCountsInput = disputePeriodInput;
export type ExportDisputeCountsInput = z.infer<typeof exportDisputeCountsInput>;
export const exportDisputeCountsOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });
