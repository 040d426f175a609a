import { isRealDate, isStoredFloorLabel, itemActions, labourDisputeTypes, patrolCategoryKeyPattern, patrolSources, patrolTiers, verificationResults, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';

const categoryKey = z.string().regex(patrolCategoryKeyPattern);
/** Photos uploaded first (POST /api/files?purpose=patrol_photo), named here by their file ids. */
const photoFileIds = z.array(z.uuid()).max(9);

/** patrolFinding.create: a finding staff make on site (网格巡查发现). */
export const createPatrolFindingInput = z
  .object({
    buildingId: z.uuid(),
    /** A floor label (12F, B1) or what the person typed ("12楼", "负一层"); it must be one the building has. */
    floor: line(20, { min: 1 }),
    /** Room, stairwell, exit … */
    location: line(200).optional(),
    enterpriseId: z.uuid().nullable().optional(),
    category: categoryKey,
    tier: z.enum(patrolTiers),
    description: text(5000, { min: 2 }),
    /** Defaults to the place: building, floor and location. */
    title: line(200, { min: 2 }).optional(),
    photoFileIds: photoFileIds.optional(),
    /** The finder handles it at once (self), or the station's round robin; else it waits for dispatch. */
    assign: z.discriminatedUnion('mode', [z.object({ mode: z.literal('self') }).strict(), z.object({ mode: z.literal('round_robin') }).strict()]).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreatePatrolFindingInput = z.infer<typeof createPatrolFindingInput>;
export const createPatrolFindingOutput = z.object({ id: z.uuid(), number: z.string(), resolutionDueAt: z.string() });
export type CreatePatrolFindingOutput = z.infer<typeof createPatrolFindingOutput>;

/** patrolFinding.get */
export const getPatrolFindingInput = z.object({ id: z.uuid() }).strict();
export type GetPatrolFindingInput = z.infer<typeof getPatrolFindingInput>;

const photoOutput = z.object({
  fileId: z.uuid(),
  phase: z.enum(['before', 'after']),
  addedAt: z.string(),
  addedByName: z.string().nullable(),
});

export const patrolFindingOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(workItemStatuses),
  version: z.number().int(),
  tier: z.enum(patrolTiers),
  category: z.string(),
  source: z.enum(patrolSources),
  sourceName: z.string().nullable(),
  stationId: z.uuid(),
  stationName: z.string(),
  buildingId: z.uuid(),
  buildingName: z.string(),
  floor: z.string().nullable(),
  location: z.string(),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  resolutionDueAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  clearedAt: z.string().nullable(),
  /** The last 复查; `current`: made since the last resolution (a passed one lets the finding close). */
  verification: z
    .object({ result: z.enum(verificationResults), at: z.string(), byName: z.string().nullable(), note: z.string().nullable(), current: z.boolean() })
    .nullable(),
  dispute: z.object({ itemId: z.uuid(), number: z.string() }).nullable(),
  photos: z.array(photoOutput),
  /** The item's steps and extra actions this member may take now (the patrol rules applied). */
  allowedActions: z.array(z.enum(itemActions)),
  canVerify: z.boolean(),
  canConvertToDispute: z.boolean(),
});
export type PatrolFindingView = z.infer<typeof patrolFindingOutput>;
export const getPatrolFindingOutput = patrolFindingOutput;

/** patrolFinding.list: newest first, keyset-paged; staff see their stations'. */
export const listPatrolFindingsInput = z
  .object({
    stationId: z.uuid().nullable().optional(),
    buildingId: z.uuid().nullable().optional(),
    enterpriseId: z.uuid().nullable().optional(),
    category: categoryKey.nullable().optional(),
    tier: z.enum(patrolTiers).nullable().optional(),
    source: z.enum(patrolSources).nullable().optional(),
    /** A status, or 'open' (not closed), or 'overdue' (open, not finished, past its due time). */
    status: z.enum([...workItemStatuses, 'open', 'overdue']).nullable().optional(),
    /** A floor label of the building (the stats' heat table and repeat locations drill down here). */
    floor: z.string().refine(isStoredFloorLabel).nullable().optional(),
    /** Raised on or after / on or before these local days (the stats' period). */
    from: z.string().refine(isRealDate, { message: 'YYYY-MM-DD' }).nullable().optional(),
    to: z.string().refine(isRealDate, { message: 'YYYY-MM-DD' }).nullable().optional(),
    cursor: line(500).nullable().optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type ListPatrolFindingsInput = z.infer<typeof listPatrolFindingsInput>;

export const patrolFindingRow = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  status: z.enum(workItemStatuses),
  tier: z.enum(patrolTiers),
  category: z.string(),
  source: z.enum(patrolSources),
  sourceName: z.string().nullable(),
  stationName: z.string(),
  buildingName: z.string(),
  floor: z.string().nullable(),
  location: z.string(),
  enterpriseName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  createdAt: z.string(),
  resolutionDueAt: z.string().nullable(),
  /** The first photo as found, for a thumbnail. */
  photoFileId: z.uuid().nullable(),
});
export type PatrolFindingRow = z.infer<typeof patrolFindingRow>;
export const listPatrolFindingsOutput = z.object({ items: z.array(patrolFindingRow), nextCursor: z.string().nullable() });
export type ListPatrolFindingsOutput = z.infer<typeof listPatrolFindingsOutput>;

/** patrolFinding.verify: 复查 on site — passed with an "after" photo, or failed with what is still wrong. */
export const verifyPatrolFindingInput = z
  .object({
    id: z.uuid(),
    result: z.enum(verificationResults),
    note: text(2000).nullable().optional(),
    photoFileIds: photoFileIds.optional(),
    /** The version the person saw. */
    version: z.number().int().min(1),
  })
  .strict();
export type VerifyPatrolFindingInput = z.infer<typeof verifyPatrolFindingInput>;
export const verifyPatrolFindingOutput = z.object({ status: z.enum(workItemStatuses), version: z.number().int() });

/** patrolFinding.convertToDispute: 劳资风险 → 矛盾调解, the enterprise as respondent. */
export const convertFindingToDisputeInput = z
  .object({
    id: z.uuid(),
    disputeType: z.enum(labourDisputeTypes),
    /** The workers' side: a representative's name (and phone). */
    applicantName: line(200, { min: 1 }),
    applicantPhone: line(40).nullable().optional(),
    peopleInvolved: z.number().int().min(1).max(100000),
    amountYuan: z.number().finite().min(0).max(1e11).nullable().optional(),
    note: text(5000).nullable().optional(),
  })
  .strict();
export type ConvertFindingToDisputeInput = z.infer<typeof convertFindingToDisputeInput>;
export const convertFindingToDisputeOutput = z.object({ itemId: z.uuid(), number: z.string() });
export type ConvertFindingToDisputeOutput = z.infer<typeof convertFindingToDisputeOutput>;

/** patrolFinding.suggestEnterprises: the enterprises of a building, those on the floor first. */
export const suggestEnterprisesInput = z.object({ buildingId: z.uuid(), floor: line(20).nullable().optional() }).strict();
export type SuggestEnterprisesInput = z.infer<typeof suggestEnterprisesInput>;
export const suggestEnterprisesOutput = z.array(
  z.object({ id: z.uuid(), name: z.string(), floor: z.string().nullable(), room: z.string().nullable(), onFloor: z.boolean() }),
);
export type SuggestEnterprisesOutput = z.infer<typeof suggestEnterprisesOutput>;

/** patrolFinding.places: the buildings the member patrols, with their floors (the pickers). */
export const patrolPlacesOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string().nullable(),
    stationId: z.uuid(),
    stationName: z.string(),
    /** Null: the building's floors are not recorded (any floor may be typed). */
    floors: z.array(z.string()).nullable(),
  }),
);
export type PatrolPlacesOutput = z.infer<typeof patrolPlacesOutput>;
