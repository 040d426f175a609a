import { z } from 'zod';
import { clearedSessionCookie } from '@stationdesk/auth';
import { changePassword as changePasswordUseCase, getMe, setLocale as setLocaleUseCase, signOut as signOutUseCase, switchTenant as switchTenantUseCase } from '@stationdesk/services';
import { authedProcedure } from '../../trpc.ts';
import { languageInput, membershipOutput, newPasswordInput, passwordInput, userOutput } from './schemas.ts';

const ok = z.object({ ok: z.literal(true) });

export const signOut = authedProcedure.output(ok).mutation(async ({ ctx }) => {
  await signOutUseCase(ctx.trx, ctx.sessionId);
  ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.secureCookies));
  return { ok: true as const };
});

export const me = authedProcedure
  .output(
    z.object({
      user: userOutput,
      activeTenantId: z.uuid().nullable(),
      role: z.string().nullable(),
      stationIds: z.array(z.uuid()),
      enterpriseId: z.uuid().nullable(),
      memberships: z.array(membershipOutput),
      sessionExpiresAt: z.string(),
    }),
  )
  .query(({ ctx }) => getMe(ctx.trx, ctx.scope));

export const switchTenant = authedProcedure
  .input(z.object({ tenantId: z.uuid() }))
  .output(ok)
  .mutation(async ({ ctx, input }) => {
    await switchTenantUseCase(ctx.trx, ctx.scope, ctx.sessionId, input.tenantId);
    return { ok: true as const };
  });

export const setLocale = authedProcedure
  .input(z.object({ locale: languageInput }))
  .output(ok)
  .mutation(async ({ ctx, input }) => {
    await setLocaleUseCase(ctx.trx, ctx.scope, input.locale);
    return { ok: true as const };
  });

export const changePassword = authedProcedure
  .input(z.object({ currentPassword: passwordInput, newPassword: newPasswordInput }))
  .output(ok)
  .mutation(async ({ ctx, input }) => {
    await changePasswordUseCase(ctx.trx, ctx.scope, ctx.sessionId, input, { db: ctx.db, ip: ctx.ip });
    return { ok: true as const };
  });
