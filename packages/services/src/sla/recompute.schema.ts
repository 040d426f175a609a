import { z } from 'zod';

/** How many open items a settings change recomputed, and how many of them moved. */
export const recomputeOutput = z.object({
  /** Open items whose due times were computed again. */
  checked: z.int().min(0),
  /** Those whose first-contact or resolution due time actually moved (and were written). */
  updated: z.int().min(0),
});
export type RecomputeResult = z.infer<typeof recomputeOutput>;
