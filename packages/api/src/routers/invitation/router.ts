import { sessionCookie } from '@stationdesk/auth';
import { acceptInvitation, acceptInvitationInput, acceptInvitationOutput, getInvitation, getInvitationInput, getInvitationOutput } from '@stationdesk/services';
import { publicProcedure, router } from '../../trpc.ts';

/** An invitation link (public: the token is the key): what it is for, and accepting it — which signs the person in. */
export const invitationRouter = router({
  get: publicProcedure.input(getInvitationInput).output(getInvitationOutput).query(({ ctx, input }) => getInvitation(ctx.db, input, ctx.ip)),
  accept: publicProcedure
    .input(acceptInvitationInput)
    .output(acceptInvitationOutput)
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, ...answer } = await acceptInvitation(ctx.db, input, { ip: ctx.ip, userAgent: ctx.headers.get('user-agent') });
      ctx.resHeaders.append('set-cookie', sessionCookie(token, expiresAt, ctx.secureCookies));
      return answer;
    }),
});
