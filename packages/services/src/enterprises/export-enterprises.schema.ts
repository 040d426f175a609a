import { z } from 'zod';
import { enterpriseFilterInput } from './list-enterprises.schema.ts';

/** enterprise.export: the filtered registry as .xlsx in the import template's columns. */
export const exportEnterprisesInput = enterpriseFilterInput;
export type ExportEnterprisesInput = z.infer<typeof exportEnterprisesInput>;
export const exportEnterprisesOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });
