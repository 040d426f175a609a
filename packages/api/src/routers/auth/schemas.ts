import { tenantRoles } from '@stationdesk/core';
import { languages } from '@stationdesk/i18n';
import { z } from 'zod';
import { secret } from '@stationdesk/services';

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
export const passwordInput = secret(256, { min: 1 });
export const newPasswordInput = secret(256, { min: 10 });
export const languageInput = z.enum(languages);
