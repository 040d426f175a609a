import { badRequest, forbidden } from '@stationdesk/core';
import {
  dummyPasswordHash,
  generateSessionToken,
  SESSION_LIFETIME_MS,
  sessionIdFromToken,
  throttledCheck,
  throttleKeys,
  verifyPassword,
} from '@stationdesk/auth';
import { repo, withSignInEmail, withUser, type Db } from '@stationdesk/db';
import type { Language } from '@stationdesk/i18n';
import type { MembershipView, UserView } from './memberships.schema.ts';
import { toMembershipViews } from './memberships.ts';
import type { SignInInput } from './sign-in.schema.ts';
import { auditUserEvent } from './audit-user.ts';

/** The session's token and expiry (for the cookie, never in the answer) and what auth.signIn answers. */
export interface SignInResult {
  token: string;
  expiresAt: string;
  user: UserView;
  memberships: MembershipView[];
  activeTenantId: string | null;
}

/**
 * Checks the password and opens a session. Unknown e-mail and wrong password fail alike (same
 * message, same argon2 work); both count against the account and the IP. A language chosen before
 * signing in (the switch on the sign-in page) becomes the person's, like a switch once signed in
 * (setLocale): their inbox, e-mail and reminders are written in it.
 */
export async function signIn(
  db: Db,
  input: SignInInput,
  meta: { ip: string | null; userAgent: string | null; language: Language | null },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  let wrongPasswordOf: string | null = null;
  const user = await throttledCheck(db.pool, throttleKeys(email, meta.ip), 'errors.rateLimited', async () => {
    const found = await withSignInEmail(db, email, (trx) => repo.findUserByEmail(trx, email));
    const ok = await verifyPassword(found?.password_hash ?? (await dummyPasswordHash()), input.password);
    if (found && !ok) wrongPasswordOf = found.id;
    return found && ok ? found : null;
  });
  if (!user) {
    // A wrong password for a known account is a security event its tenants' managers see (an
    // unknown address names no tenant; the throttle bounds how many rows a guesser writes).
    const userId = wrongPasswordOf as string | null; // set inside the callback above
    if (userId) await withUser(db, userId, (trx) => auditUserEvent(trx, userId, { action: 'auth.signInFailed', ip: meta.ip }));
    throw badRequest('errors.invalidCredentials');
  }

  const token = generateSessionToken();
  return withUser(db, user.id, async (trx) => {
    const all = toMembershipViews(await repo.listMembershipsOfUser(trx, user.id));
    // A suspended tenant (0037) is not entered; someone whose every tenant is suspended is told so.
    const suspended = await repo.suspendedTenantIds(trx, all.map((m) => m.tenantId));
    const memberships = all.filter((m) => !suspended.has(m.tenantId));
    if (all.length > 0 && memberships.length === 0 && !user.is_platform_admin) throw forbidden('errors.tenantSuspended');
    const activeTenantId = memberships[0]?.tenantId ?? null;
    const session = await repo.insertSession(trx, {
      id: sessionIdFromToken(token),
      userId: user.id,
      activeTenantId,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    if (meta.language && meta.language !== user.locale) await repo.updateUserLocale(trx, user.id, meta.language);
    await auditUserEvent(trx, user.id, { action: 'auth.signedIn', data: { userAgent: meta.userAgent?.slice(0, 200) ?? null }, ip: meta.ip }, activeTenantId);
    return {
      token,
      expiresAt: session.expires_at,
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        locale: meta.language ?? user.locale,
        isPlatformAdmin: user.is_platform_admin,
      },
      memberships,
      activeTenantId,
    };
  });
}
