import { z } from 'zod';
import { isRealDate, patrolAssignmentModes, patrolFrequencies } from '@stationdesk/core';
import { idempotencyKey, line } from '../schema.ts';

const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });
const weekdays = z.array(z.number().int().min(0).max(6)).max(7);
/** Which floors of which of the station's buildings the plan walks: floor labels (B1, 3F, RF; "3" reads as 3F). */
const planBuildings = z
  .array(z.object({ buildingId: z.uuid(), floors: z.array(line(10, { min: 1 })).min(1).max(300) }).strict())
  .min(1)
  .max(30);
const staffIds = z.array(z.uuid()).min(1).max(50);
const pointLabel = line(100, { min: 1 });

/** patrolPlan.list: the tenant's plans, or one station's. */
export const listPatrolPlansInput = z.object({ stationId: z.uuid().optional() }).strict().optional();
export type ListPatrolPlansInput = z.infer<typeof listPatrolPlansInput>;

export const patrolPlanView = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationNameEn: z.string().nullable(),
  name: z.string(),
  frequency: z.enum(patrolFrequencies),
  weekdays: z.array(z.number().int()),
  assignment: z.enum(patrolAssignmentModes),
  active: z.boolean(),
  startsOn: z.string(),
  generatedThrough: z.string().nullable(),
  buildings: z.array(z.object({ buildingId: z.uuid(), name: z.string(), nameEn: z.string().nullable(), floors: z.array(z.string()) })),
  staff: z.array(z.object({ userId: z.uuid(), name: z.string() })),
  checklist: z.array(z.object({ id: z.uuid(), label: z.string() })),
});
export type PatrolPlanView = z.infer<typeof patrolPlanView>;
export const listPatrolPlansOutput = z.array(patrolPlanView);

/**
 * patrolPlan.create: a manager's new plan. Without a checklist it starts with the default one;
 * its first round is on `startsOn` (default today) if that day is due.
 */
export const createPatrolPlanInput = z
  .object({
    stationId: z.uuid(),
    name: line(100, { min: 1 }),
    frequency: z.enum(patrolFrequencies),
    weekdays: weekdays.optional(),
    assignment: z.enum(patrolAssignmentModes),
    staffIds,
    buildings: planBuildings,
    checklist: z.array(pointLabel).min(1).max(30).optional(),
    startsOn: localDay.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreatePatrolPlanInput = z.infer<typeof createPatrolPlanInput>;
export const createPatrolPlanOutput = z.object({ id: z.uuid() });

/**
 * patrolPlan.update: what is given is replaced. The checklist is the whole list in order: a point
 * with its id is kept (renamed if its label changed), one without is added, one left out is
 * archived. Today's round, if nobody has started it, is planned again from the plan as saved.
 */
export const updatePatrolPlanInput = z
  .object({
    id: z.uuid(),
    name: line(100, { min: 1 }).optional(),
    frequency: z.enum(patrolFrequencies).optional(),
    weekdays: weekdays.optional(),
    assignment: z.enum(patrolAssignmentModes).optional(),
    staffIds: staffIds.optional(),
    buildings: planBuildings.optional(),
    checklist: z
      .array(z.object({ id: z.uuid().optional(), label: pointLabel }).strict())
      .min(1)
      .max(30)
      .optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdatePatrolPlanInput = z.infer<typeof updatePatrolPlanInput>;
export const updatePatrolPlanOutput = patrolPlanView;

/** patrolPlan.options: what a plan can name — per station its buildings (with floors) and staff. */
export const patrolPlanOptionsOutput = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string().nullable(),
    /** The building's floor labels in order; null when it records none (any well-formed label is taken). */
    buildings: z.array(z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable(), floors: z.array(z.string()).nullable() })),
    staff: z.array(z.object({ userId: z.uuid(), name: z.string() })),
  }),
);
export type PatrolPlanOptions = z.infer<typeof patrolPlanOptionsOutput>;
