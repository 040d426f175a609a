import { tenantRoles } from '@stationdesk/core';
import { z } from 'zod';
import { emailInput } from '../auth/sign-in.schema.ts';
import { creditCodeInput } from '../enterprises/fields.schema.ts';
import { idempotencyKey, line } from '../schema.ts';

const stationIds = z.array(z.uuid()).max(50);

/**
 * member.invite (managers): an e-mail, a role and what the role needs — stations for staff (and,
 * optionally, managers), an enterprise of 一企一档 by its credit code for an enterprise admin.
 */
export const inviteMemberInput = z
  .object({
    email: emailInput,
    displayName: line(100, { min: 1 }).optional(),
    role: z.enum(tenantRoles),
    stationIds: stationIds.default([]),
    creditCode: creditCodeInput.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type InviteMemberInput = z.input<typeof inviteMemberInput>;
/** link: the invitation's link when no SMTP is configured (the manager copies it); null when e-mailed or awaiting approval. */
export const inviteMemberOutput = z.object({ invitationId: z.uuid(), link: z.string().nullable() });
export type InviteMemberOutput = z.infer<typeof inviteMemberOutput>;

/** member.inviteColleague (enterprise admins): a second admin of their own company, pending a manager's approval. */
export const inviteColleagueInput = z
  .object({ email: emailInput, displayName: line(100, { min: 1 }).optional(), idempotencyKey: idempotencyKey.optional() })
  .strict();
export type InviteColleagueInput = z.infer<typeof inviteColleagueInput>;
export const inviteColleagueOutput = z.object({ invitationId: z.uuid() });

/** member.resendInvite / revokeInvite / approveInvite (managers). */
export const invitationIdInput = z.object({ invitationId: z.uuid() }).strict();
export type InvitationIdInput = z.infer<typeof invitationIdInput>;

/** member.update (managers): the person's role and stations (an enterprise admin's enterprise stays). */
export const updateMemberInput = z.object({ id: z.uuid(), role: z.enum(tenantRoles), stationIds }).strict();
export type UpdateMemberInput = z.infer<typeof updateMemberInput>;

/** member.deactivate (managers). */
export const deactivateMemberInput = z.object({ id: z.uuid() }).strict();
export type DeactivateMemberInput = z.infer<typeof deactivateMemberInput>;
/** returnedItems: the person's open items (every stage short of 办结) sent back to dispatch unassigned. */
export const deactivateMemberOutput = z.object({ ok: z.literal(true), endedSessions: z.number().int(), returnedItems: z.number().int() });
export type DeactivateMemberOutput = z.infer<typeof deactivateMemberOutput>;

export const memberOutput = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(tenantRoles),
  stationIds: z.array(z.uuid()),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  active: z.boolean(),
  deactivatedAt: z.string().nullable(),
  joinedAt: z.string(),
  /** Open items they hold (short of 办结): what a deactivation sends back to dispatch. */
  openItems: z.number().int(),
});
export type MemberView = z.infer<typeof memberOutput>;

export const invitationStateOutput = z.enum(['awaiting_approval', 'open', 'accepted', 'revoked', 'expired']);
export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(tenantRoles),
  stationIds: z.array(z.uuid()),
  enterpriseId: z.uuid().nullable(),
  enterpriseName: z.string().nullable(),
  state: invitationStateOutput,
  expiresAt: z.string(),
  createdAt: z.string(),
  invitedByName: z.string().nullable(),
  requestedByName: z.string().nullable(),
});
export type InvitationView = z.infer<typeof invitationOutput>;

/** member.list (managers): everyone, active first, and the invitations not yet accepted. */
export const listMembersInput = z.object({ includeInactive: z.boolean().optional() }).strict().optional();
export type ListMembersInput = z.infer<typeof listMembersInput>;
export const listMembersOutput = z.object({ members: z.array(memberOutput), invitations: z.array(invitationOutput), smtp: z.boolean() });
export type ListMembersOutput = z.infer<typeof listMembersOutput>;

/** member.resendInvite: a fresh link (the old one stops working) — e-mailed, or answered when there is no SMTP. */
export const resendInviteOutput = z.object({ link: z.string().nullable() });
