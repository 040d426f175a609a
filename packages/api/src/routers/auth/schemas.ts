import { tenantRoles } from '@stationdesk/core';
import { languages } from '@stationdesk/i18n';
import { z } from 'zod';

export const userOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  locale: z.string(),
  isPlatformAdmin: z.boolean(),
});

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

export const emailInput = z.string().trim().toLowerCase().pipe(z.email().max(254));
export const passwordInput = z.string().min(1).max(256);
export const newPasswordInput = z.string().min(10).max(256);
export const languageInput = z.enum(languages);
