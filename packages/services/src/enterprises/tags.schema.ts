import { tagColors } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';

export const tagOutput = z.object({ id: z.uuid(), name: z.string(), color: z.string() });
/** tag.list */
export const listTagsOutput = z.array(tagOutput);
/** tag.save: a new one without id. */
export const saveTagInput = z.object({ id: z.uuid().optional(), name: line(40, { min: 1 }), color: z.enum(tagColors) }).strict();
export type SaveTagInput = z.infer<typeof saveTagInput>;
export const saveTagOutput = tagOutput;
/** tag.delete */
export const deleteTagInput = z.object({ id: z.uuid() }).strict();
export type DeleteTagInput = z.infer<typeof deleteTagInput>;
