import { patrolCategoryKeyPattern, patrolTiers } from '@stationdesk/core';
import { z } from 'zod';
import { line, text } from '../schema.ts';

/** The body a sending system posts may be at most this large (1 MB of JSON is refused unread). */
export const INTAKE_MAX_BODY_BYTES = 64 * 1024;

/**
 * POST /api/intake/findings: a finding a sending system (一网统管, a sensor platform) reports.
 * `externalId` is the sender's own id for it: reported again, it is the same finding. Photos are
 * not taken (a URL would have to be fetched from a system we do not know); the description may
 * name where the sender keeps them.
 */
export const intakeFindingInput = z
  .object({
    externalId: line(200, { min: 1 }),
    buildingId: z.uuid(),
    floor: line(20).nullable().optional(),
    location: line(200).optional(),
    category: z.string().regex(patrolCategoryKeyPattern),
    tier: z.enum(patrolTiers),
    title: line(200, { min: 1 }).optional(),
    description: text(2000, { min: 1 }),
    enterpriseId: z.uuid().nullable().optional(),
  })
  .strict();
export type IntakeFindingInput = z.infer<typeof intakeFindingInput>;

export const intakeFindingOutput = z.object({
  id: z.uuid(),
  number: z.string(),
  resolutionDueAt: z.string(),
  /** true: the sender had reported this id before; nothing was written. */
  duplicate: z.boolean(),
});
export type IntakeFindingOutput = z.infer<typeof intakeFindingOutput>;
