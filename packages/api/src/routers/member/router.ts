import {
  approveInvite,
  deactivateMember,
  deactivateMemberInput,
  deactivateMemberOutput,
  invitationIdInput,
  inviteColleague,
  inviteColleagueInput,
  inviteColleagueOutput,
  inviteMember,
  inviteMemberInput,
  inviteMemberOutput,
  listMembers,
  listMembersInput,
  listMembersOutput,
  okOutput,
  resendInvite,
  resendInviteOutput,
  revokeInvite,
  runOnce,
  updateMember,
  updateMemberInput,
  type InviteDeps,
} from '@stationdesk/services';
import type { Context } from '../../context.ts';
import { enterpriseAdminProcedure, managerProcedure, router } from '../../trpc.ts';

/**
 * How invitation links leave: the server's SMTP mailer and configured public URL when it has them
 * (ApiDeps.mailer / publicUrl), otherwise the outbox, a link for the manager to copy, and the
 * request's own origin.
 */
function inviteDeps(ctx: Context): InviteDeps {
  return { mailer: ctx.mailer ?? null, publicUrl: ctx.publicUrl ?? ctx.origin, lang: ctx.lang };
}

/** The people of a tenant (issue 21): managers invite, change and deactivate; an enterprise admin asks for a colleague. */
export const memberRouter = router({
  list: managerProcedure
    .input(listMembersInput)
    .output(listMembersOutput)
    .query(({ ctx, input }) => listMembers(ctx.tenant, input, inviteDeps(ctx).mailer !== null)),
  invite: managerProcedure
    .input(inviteMemberInput)
    .output(inviteMemberOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'member.invite', idempotencyKey, input, () => inviteMember(ctx.tenant, inviteDeps(ctx), input))),
  inviteColleague: enterpriseAdminProcedure
    .input(inviteColleagueInput)
    .output(inviteColleagueOutput)
    .mutation(({ ctx, input: { idempotencyKey, ...input } }) => runOnce(ctx.tenant, 'member.inviteColleague', idempotencyKey, input, () => inviteColleague(ctx.tenant, input))),
  resendInvite: managerProcedure.input(invitationIdInput).output(resendInviteOutput).mutation(({ ctx, input }) => resendInvite(ctx.tenant, inviteDeps(ctx), input)),
  approveInvite: managerProcedure.input(invitationIdInput).output(resendInviteOutput).mutation(({ ctx, input }) => approveInvite(ctx.tenant, inviteDeps(ctx), input)),
  revokeInvite: managerProcedure.input(invitationIdInput).output(okOutput).mutation(({ ctx, input }) => revokeInvite(ctx.tenant, input)),
  update: managerProcedure.input(updateMemberInput).output(okOutput).mutation(({ ctx, input }) => updateMember(ctx.tenant, input)),
  deactivate: managerProcedure.input(deactivateMemberInput).output(deactivateMemberOutput).mutation(({ ctx, input }) => deactivateMember(ctx.tenant, ctx.lang, input)),
});
