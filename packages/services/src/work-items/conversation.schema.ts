import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';
import { itemNote } from './transition.schema.ts';

/** workItem.reply */
export const replyToItemInput = z
  .object({
    id: z.uuid(),
    body: text(10_000, { min: 1 }),
    visibility: z.enum(['public', 'internal']),
    attachmentIds: z.array(z.uuid()).max(10).optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type ReplyToItemInput = z.infer<typeof replyToItemInput>;
export const replyToItemOutput = z.object({ id: z.uuid() });
export type ReplyToItemOutput = z.infer<typeof replyToItemOutput>;

/** workItem.recordContact */
export const recordFirstContactInput = z.object({ id: z.uuid(), note: itemNote }).strict();
export type RecordFirstContactInput = z.infer<typeof recordFirstContactInput>;

export const cannedReplyOutput = z.object({ id: z.uuid(), title: z.string(), body: z.string() });
/** workItem.cannedReply.list */
export const listCannedRepliesOutput = z.array(cannedReplyOutput);
/** workItem.cannedReply.save: a new one without id. */
export const saveCannedReplyInput = z.object({ id: z.uuid().optional(), title: line(60, { min: 1 }), body: text(5000, { min: 1 }) }).strict();
export type SaveCannedReplyInput = z.infer<typeof saveCannedReplyInput>;
export const saveCannedReplyOutput = cannedReplyOutput;
/** workItem.cannedReply.delete */
export const deleteCannedReplyInput = z.object({ id: z.uuid() }).strict();
export type DeleteCannedReplyInput = z.infer<typeof deleteCannedReplyInput>;
