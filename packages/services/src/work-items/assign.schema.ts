import { z } from 'zod';
import { itemNote, workItemStateOutput } from './transition.schema.ts';

/**
 * The version the person saw, on dispatch: two people dispatching the same item at once — the
 * second gets a conflict instead of silently overwriting the first. Optional for batch dispatch
 * from lists that do not carry versions.
 */
const optionalVersion = z.number().int().min(1).optional();

/** workItem.assign: to a named person, or the station's round robin. */
export const assignWorkItemInput = z.union([
  z.object({ id: z.uuid(), assigneeId: z.uuid(), note: itemNote, version: optionalVersion }).strict(),
  z.object({ id: z.uuid(), roundRobin: z.literal(true), note: itemNote, version: optionalVersion }).strict(),
]);
export type AssignWorkItemInput = z.infer<typeof assignWorkItemInput>;
export const assignWorkItemOutput = workItemStateOutput.extend({ assigneeId: z.uuid().nullable() });
export type AssignWorkItemOutput = z.infer<typeof assignWorkItemOutput>;

/** workItem.assignees */
export const listAssigneesInput = z.object({ id: z.uuid() }).strict();
export type ListAssigneesInput = z.infer<typeof listAssigneesInput>;
export const listAssigneesOutput = z.array(
  z.object({ userId: z.uuid(), name: z.string(), role: z.enum(['staff', 'manager']), onDuty: z.boolean(), openItems: z.number().int(), maxOpenItems: z.number().int() }),
);
export type ListAssigneesOutput = z.infer<typeof listAssigneesOutput>;
