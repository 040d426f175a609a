import { z } from 'zod';

/** platform.tenants: names only, never their case data. */
export const tenantOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  timezone: z.string(),
  createdAt: z.string(),
});
export type TenantView = z.infer<typeof tenantOutput>;
export const listTenantsOutput = z.array(tenantOutput);
