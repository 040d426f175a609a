import { badRequest, forbidden } from '@stationdesk/core';
import { repo, withOwnConnection, type Db, type RequestScope, type Tx } from '@stationdesk/db';
import { hashPassword, throttledCheck, throttleKeys, verifyPassword } from '@stationdesk/auth';
import { toMembershipViews, type MembershipView } from './memberships.ts';

export interface Me {
  user: { id: string; email: string; displayName: string; locale: string; isPlatformAdmin: boolean };
  activeTenantId: string | null;
  role: string | null;
  stationIds: string[];
  enterpriseId: string | null;
  memberships: MembershipView[];
  sessionExpiresAt: string;
}

/** The signed-in user, the active tenant and every tenant they may switch to. */
export async function getMe(trx: Tx, scope: RequestScope): Promise<Me> {
  const memberships = toMembershipViews(await repo.listMembershipsOfUser(trx, scope.userId));
  return {
    user: {
      id: scope.userId,
      email: scope.email,
      displayName: scope.displayName,
      locale: scope.locale,
      isPlatformAdmin: scope.isPlatformAdmin,
    },
    activeTenantId: scope.tenantId,
    role: scope.role,
    stationIds: scope.stationIds,
    enterpriseId: scope.enterpriseId,
    memberships,
    sessionExpiresAt: scope.sessionExpiresAt,
  };
}

export async function signOut(trx: Tx, sessionId: string): Promise<void> {
  await repo.deleteSession(trx, sessionId);
}

/** Moves the session to another tenant the user is a member of; anything else is refused. */
export async function switchTenant(trx: Tx, scope: RequestScope, sessionId: string, tenantId: string): Promise<void> {
  const memberships = await repo.listMembershipsOfUser(trx, scope.userId);
  if (!memberships.some((m) => m.tenant_id === tenantId)) throw forbidden('errors.notMemberOfTenant');
  await repo.setActiveTenant(trx, sessionId, tenantId);
}

export async function setLocale(trx: Tx, scope: RequestScope, locale: string): Promise<void> {
  await repo.updateUserLocale(trx, scope.userId, locale);
}

/**
 * Changing the password signs out every other session of the user. The current password is checked
 * under the sign-in throttle, on the same counts (the user's account, the request's IP). The
 * attempt is counted on a connection of its own: the request's transaction rolls back when the
 * password is wrong, and the count must stay.
 */
export async function changePassword(
  trx: Tx,
  scope: RequestScope,
  sessionId: string,
  input: { currentPassword: string; newPassword: string },
  attempt: { db: Db; ip: string | null },
): Promise<void> {
  const passed = await withOwnConnection(attempt.db, (conn) =>
    throttledCheck(conn, throttleKeys(scope.email, attempt.ip), 'errors.tooManyPasswordAttempts', async () => {
      const user = await repo.findUserById(trx, scope.userId);
      return user && (await verifyPassword(user.password_hash, input.currentPassword)) ? true : null;
    }),
  );
  if (!passed) throw badRequest('errors.wrongCurrentPassword');
  await repo.updatePassword(trx, scope.userId, await hashPassword(input.newPassword));
  await repo.deleteUserSessions(trx, scope.userId, sessionId);
}
