import { languages } from '@stationdesk/i18n';
import { z } from 'zod';
import { secret } from '../schema.ts';
import { membershipOutput, userOutput } from './memberships.schema.ts';
import { passwordInput } from './sign-in.schema.ts';

/** auth.me: the signed-in user, the active tenant and every tenant they may switch to. */
export const getMeOutput = z.object({
  user: userOutput,
  activeTenantId: z.uuid().nullable(),
  role: z.string().nullable(),
  stationIds: z.array(z.uuid()),
  enterpriseId: z.uuid().nullable(),
  memberships: z.array(membershipOutput),
  sessionExpiresAt: z.string(),
  /** An enterprise admin who has not yet confirmed their enterprise's contacts (the portal asks first). */
  contactsConfirmationDue: z.boolean(),
  /** role 'support' (a platform operator under a grant): when the grant ends. */
  supportUntil: z.string().nullable(),
});
export type Me = z.infer<typeof getMeOutput>;

/** auth.switchTenant */
export const switchTenantInput = z.object({ tenantId: z.uuid() });
export type SwitchTenantInput = z.infer<typeof switchTenantInput>;

/** auth.setLocale */
export const setLocaleInput = z.object({ locale: z.enum(languages) });
export type SetLocaleInput = z.infer<typeof setLocaleInput>;

/** auth.changePassword: the new password's strength is judged by passwordProblem (its words name the reason). */
export const changePasswordInput = z.object({ currentPassword: passwordInput, newPassword: secret(256, { min: 1 }) });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
