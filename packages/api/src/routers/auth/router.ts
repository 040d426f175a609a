import { clearedSessionCookie, sessionCookie } from '@stationdesk/auth';
import { languageFromCookie } from '@stationdesk/i18n';
import {
  changePassword,
  changePasswordInput,
  confirmContacts,
  getMe,
  getMeOutput,
  okOutput,
  requestPasswordReset,
  requestPasswordResetInput,
  resetPassword,
  resetPasswordInput,
  setLocale,
  setLocaleInput,
  signIn,
  signInInput,
  signInOutput,
  signOut,
  switchTenant,
  switchTenantInput,
} from '@stationdesk/services';
import { authedProcedure, enterpriseAdminProcedure, publicProcedure, router } from '../../trpc.ts';

// The router adds what the transport holds: the session cookie, the language cookie, the client's address.
export const authRouter = router({
  signIn: publicProcedure
    .input(signInInput)
    .output(signInOutput)
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, ...answer } = await signIn(ctx.db, input, {
        ip: ctx.ip,
        userAgent: ctx.headers.get('user-agent'),
        language: languageFromCookie(ctx.headers.get('cookie')),
      });
      ctx.resHeaders.append('set-cookie', sessionCookie(token, expiresAt, ctx.secureCookies));
      return answer;
    }),
  signOut: authedProcedure.output(okOutput).mutation(async ({ ctx }) => {
    const done = await signOut(ctx.trx, ctx.sessionId);
    ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.secureCookies));
    return done;
  }),
  me: authedProcedure.output(getMeOutput).query(({ ctx }) => getMe(ctx.trx, ctx.scope)),
  switchTenant: authedProcedure.input(switchTenantInput).output(okOutput).mutation(({ ctx, input }) => switchTenant(ctx.trx, ctx.scope, ctx.sessionId, input)),
  setLocale: authedProcedure.input(setLocaleInput).output(okOutput).mutation(({ ctx, input }) => setLocale(ctx.trx, ctx.scope, input)),
  changePassword: authedProcedure
    .input(changePasswordInput)
    .output(okOutput)
    .mutation(({ ctx, input }) => changePassword(ctx.trx, ctx.scope, ctx.sessionId, input, { db: ctx.db, ip: ctx.ip })),
  confirmContacts: enterpriseAdminProcedure.output(okOutput).mutation(({ ctx }) => confirmContacts(ctx.tenant)),
  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(okOutput)
    .mutation(({ ctx, input }) =>
      requestPasswordReset({ db: ctx.db, mailer: ctx.mailer ?? null, publicUrl: ctx.publicUrl ?? null, log: ctx.logger }, input, { ip: ctx.ip }),
    ),
  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      const { userId } = await resetPassword({ db: ctx.db, log: ctx.logger }, input, { ip: ctx.ip });
      // Every session of the user ended: this process's cached scopes forget them now (others hear the NOTIFY).
      ctx.reads?.sessions.feed.changed(`user:${userId}`);
      return { ok: true as const };
    }),
});
