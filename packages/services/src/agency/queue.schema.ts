import { agencySteps } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';

/** agencyCase.queue */
export const agencyQueueInput = z
  .object({
    stationId: z.uuid().optional(),
    /** `done`: the cases waiting to be picked up (see AgencyQueueFilter). */
    step: z.enum(agencySteps).optional(),
    typeId: z.uuid().optional(),
    department: line(100).optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type AgencyQueueInput = z.infer<typeof agencyQueueInput>;

const queueRow = z.object({
  id: z.uuid(),
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
const queueCounts = z.object({ byStep: z.record(z.string(), z.number()), byType: z.record(z.string(), z.number()) });

const portalQueueOutput = z
  .object({
    audience: z.literal('portal'),
    items: z.array(
      z
        .object({
          id: z.uuid(),
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

/** Staff get the station's rows; an enterprise admin its own cases in the portal's (no handler, no at-risk mark). */
export const agencyQueueOutput = z.union([portalQueueOutput, z.object({ items: z.array(queueRow), nextCursor: z.string().nullable(), counts: queueCounts })]);

/** agencyCase.handover: the cases picked (ids), or the station's ones ready in 预审. */
export const agencyHandoverInput = z
  .object({
    ids: z.array(z.uuid()).min(1).max(100).optional(),
    stationId: z.uuid().optional(),
    department: line(100).optional(),
  })
  .strict();
export type AgencyHandoverInput = z.infer<typeof agencyHandoverInput>;
export const agencyHandoverOutput = z.object({
  items: z.array(queueRow.extend({ materialsAccepted: z.number().int(), checklistEntries: z.number().int() })),
  more: z.boolean(),
});
