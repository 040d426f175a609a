import { workItemActions } from '@stationdesk/core';
import { z } from 'zod';
import { text } from '../schema.ts';

/** A note on a step (why it was returned, the answer given, …). */
export const itemNote = text(5000).nullable().optional();

/** An item's status and version after a step: the page compares the version it holds. */
export const workItemStateOutput = z.object({ status: z.string(), version: z.number().int() });

/** workItem.transition: steps taken by name; assignment and the follow-up rating have their own procedures. */
export const transitionWorkItemInput = z
  .object({
    id: z.uuid(),
    action: z.enum(workItemActions).exclude(['assign', 'visit']),
    note: itemNote,
    /** The version the person saw: moving an item someone else just moved is a conflict. */
    version: z.number().int().min(1),
    /** return: send the item to another station (wrong station). */
    stationId: z.uuid().nullable().optional(),
    /** resolve: the handler's own verdict, kept apart from the requester's confirmation. */
    resolvedOk: z.boolean().optional(),
  })
  .strict();
export type TransitionWorkItemInput = z.infer<typeof transitionWorkItemInput>;
export const transitionWorkItemOutput = workItemStateOutput;
