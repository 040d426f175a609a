import { tenantRoles } from '@stationdesk/core';
import { z } from 'zod';

/** The signed-in person, as sign-in and auth.me answer it. */
export const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  locale: z.string(),
  isPlatformAdmin: z.boolean(),
});
export type UserView = z.infer<typeof userOutput>;

/** A tenant the person belongs to, with their role there. */
export const membershipOutput = z.object({
  tenantId: z.uuid(),
  tenantName: z.string(),
  tenantNameEn: z.string().nullable(),
  tenantSlug: z.string(),
  timezone: z.string(),
  role: z.enum(tenantRoles),
  stationIds: z.array(z.uuid()),
  enterpriseId: z.uuid().nullable(),
});
export type MembershipView = z.infer<typeof membershipOutput>;
