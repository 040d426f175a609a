import { z } from 'zod';
import { text } from '../schema.ts';
import { itemNote } from './transition.schema.ts';

/** workItem.chase: 催办 / 督办. */
export const chaseItemInput = z.object({ id: z.uuid(), level: z.enum(['chased', 'supervised']), note: itemNote }).strict();
export type ChaseItemInput = z.infer<typeof chaseItemInput>;

/** workItem.requestExtension */
export const requestExtensionInput = z.object({ id: z.uuid(), dueAt: z.iso.datetime({ offset: true }), reason: text(1000, { min: 1 }) }).strict();
export type RequestExtensionInput = z.infer<typeof requestExtensionInput>;
export const requestExtensionOutput = z.object({ requestedDueAt: z.string() });

/** workItem.decideExtension */
export const decideExtensionInput = z.object({ id: z.uuid(), approve: z.boolean(), note: itemNote }).strict();
export type DecideExtensionInput = z.infer<typeof decideExtensionInput>;
