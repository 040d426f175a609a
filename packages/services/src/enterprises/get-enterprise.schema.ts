import { z } from 'zod';

/** enterprise.get: the whole file (enterpriseDetailOutput). */
export const getEnterpriseInput = z.object({ id: z.uuid() }).strict();
export type GetEnterpriseInput = z.infer<typeof getEnterpriseInput>;
