import { z } from 'zod';
import { enterpriseFieldsInput, enterprisePatchInput } from './fields.schema.ts';

/** enterprise.create */
export const createEnterpriseInput = enterpriseFieldsInput.strict();
export type CreateEnterpriseInput = z.infer<typeof createEnterpriseInput>;
export const createEnterpriseOutput = z.object({ id: z.uuid() });

/** enterprise.update: the version the editor saw (a newer one means someone else saved first) and what changed. */
export const updateEnterpriseInput = z.object({ id: z.uuid(), version: z.number().int().min(1), patch: enterprisePatchInput }).strict();
export type UpdateEnterpriseInput = z.infer<typeof updateEnterpriseInput>;
export const updateEnterpriseOutput = z.object({ id: z.uuid(), version: z.number().int() });

/** enterprise.setTags: replaces the enterprise's tags. */
export const setEnterpriseTagsInput = z.object({ id: z.uuid(), tagIds: z.array(z.uuid()).max(50) }).strict();
export type SetEnterpriseTagsInput = z.infer<typeof setEnterpriseTagsInput>;
