import { z } from 'zod';
import { itemNote } from '../work-items/transition.schema.ts';

/** workItem.convertToAgency: the type 其他 when none is chosen. */
export const convertToAgencyInput = z.object({ id: z.uuid(), typeId: z.uuid().nullable().optional(), note: itemNote }).strict();
export type ConvertToAgencyInput = z.infer<typeof convertToAgencyInput>;
export const convertToAgencyOutput = z.object({ id: z.uuid(), number: z.string() });
