import { patrolCategoryKeyPattern } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';

export const patrolCategoryOutput = z.object({
  key: z.string(),
  /** The tenant's own name; null on a default: its translated name is shown. */
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
  labour: z.boolean(),
  active: z.boolean(),
  position: z.number().int(),
  builtIn: z.boolean(),
});
export type PatrolCategoryView = z.infer<typeof patrolCategoryOutput>;
export const listPatrolCategoriesOutput = z.array(patrolCategoryOutput);

const fields = {
  nameEn: line(60, { min: 1 }).nullable(),
  /** Findings of it may become a dispute case (劳资风险). */
  labour: z.boolean(),
  active: z.boolean(),
  position: z.number().int().min(0).max(100000),
};

/** patrolCategory.update: rename, hide, reorder a category (a default's name null: back to the default's). */
export const updatePatrolCategoryInput = z
  .object({ key: z.string().regex(patrolCategoryKeyPattern), name: line(40, { min: 1 }).nullable(), ...fields })
  .strict();
export type UpdatePatrolCategoryInput = z.infer<typeof updatePatrolCategoryInput>;

/** patrolCategory.create: a category of the tenant's own. */
export const createPatrolCategoryInput = z.object({ name: line(40, { min: 1 }), ...fields }).strict();
export type CreatePatrolCategoryInput = z.infer<typeof createPatrolCategoryInput>;
