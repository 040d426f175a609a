import { tenantRoles } from '@stationdesk/core';
import { z } from 'zod';
import { membershipOutput, userOutput } from '../auth/memberships.schema.ts';
import { line, secret } from '../schema.ts';

/** The link's token (base32, as the sessions'): anything else is refused unread. */
const token = z.string().regex(/^[a-z2-7]{32,64}$/);

/** invitation.get (public): what the link is for — the tenant's name, the role and the e-mail, nothing else. */
export const getInvitationInput = z.object({ token }).strict();
export type GetInvitationInput = z.infer<typeof getInvitationInput>;
export const getInvitationOutput = z.object({
  tenantName: z.string(),
  tenantNameEn: z.string().nullable(),
  role: z.enum(tenantRoles),
  email: z.string(),
  /** The address already has an account: accepting asks for its password instead of a new one. */
  hasAccount: z.boolean(),
});
export type InvitationPreview = z.infer<typeof getInvitationOutput>;

/**
 * invitation.accept (public): a new person sets their name and password; someone with an account
 * signs in with their password and joins. Either way the answer is a signed-in session in the tenant.
 */
export const acceptInvitationInput = z
  .object({ token, displayName: line(100, { min: 1 }).optional(), password: secret(200, { min: 1 }) })
  .strict();
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInput>;
export const acceptInvitationOutput = z.object({ user: userOutput, memberships: z.array(membershipOutput), activeTenantId: z.uuid() });
