import { z } from 'zod';
import { sessionCookie } from '@stationdesk/auth';
import { languageFromCookie } from '@stationdesk/i18n';
import { rememberLanguage, signIn as signInUseCase } from '@stationdesk/services';
import { publicProcedure } from '../../trpc.ts';
import { emailInput, membershipOutput, passwordInput, userOutput } from './schemas.ts';

export const signIn = publicProcedure
  .input(z.object({ email: emailInput, password: passwordInput }))
  .output(z.object({ user: userOutput, memberships: z.array(membershipOutput), activeTenantId: z.uuid().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const result = await signInUseCase(ctx.db, input, { ip: ctx.ip, userAgent: ctx.headers.get('user-agent') });
    ctx.resHeaders.append('set-cookie', sessionCookie(result.token, result.expiresAt, ctx.secureCookies));
    const chosen = languageFromCookie(ctx.headers.get('cookie'));
    if (chosen && chosen !== result.user.locale) {
      await rememberLanguage(ctx.db, result.user.id, chosen);
      result.user.locale = chosen;
    }
    return { user: result.user, memberships: result.memberships, activeTenantId: result.activeTenantId };
  });
