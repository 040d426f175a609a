import { badRequest, forbidden } from '@stationdesk/core';
import { repo, withOwnConnection, type Db, type RequestScope, type Tx } from '@stationdesk/db';
import { hashPassword, throttledCheck, throttleKeys, verifyPassword } from '@stationdesk/auth';
import { passwordProblem } from '@stationdesk/auth/strength';
import { ok, type Ok } from '../schema.ts';
import { toMembershipViews } from './memberships.ts';
import type { ChangePasswordInput, Me, SetLocaleInput, SwitchTenantInput } from './session-actions.schema.ts';

/** The signed-in user, the active tenant and every tenant they may switch to. */
export async function getMe(trx: Tx, scope: RequestScope): Promise<Me> {
  const memberships = toMembershipViews(await repo.listMembershipsOfUser(trx, scope.userId));
  // An enterprise admin confirms their enterprise's contacts before anything else (auth.confirmContacts).
  const confirmation =
    scope.role === 'enterprise_admin' && scope.tenantId && scope.membershipId
      ? await trx.selectFrom('memberships').select('contacts_confirmed_at').where('tenant_id', '=', scope.tenantId).where('id', '=', scope.membershipId).executeTakeFirst()
      : null;
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
    contactsConfirmationDue: confirmation ? confirmation.contacts_confirmed_at === null : false,
    supportUntil: scope.supportUntil,
  };
}

export async function signOut(trx: Tx, sessionId: string): Promise<Ok> {
  await repo.deleteSession(trx, sessionId);
  return ok;
}

/** Moves the session to another tenant the user is a member of; anything else is refused. */
export async function switchTenant(trx: Tx, scope: RequestScope, sessionId: string, input: SwitchTenantInput): Promise<Ok> {
  const memberships = await repo.listMembershipsOfUser(trx, scope.userId);
  if (!memberships.some((m) => m.tenant_id === input.tenantId)) throw forbidden('errors.notMemberOfTenant');
  if ((await repo.suspendedTenantIds(trx, [input.tenantId])).size > 0) throw forbidden('errors.tenantSuspended');
  await repo.setActiveTenant(trx, sessionId, input.tenantId);
  return ok;
}

export async function setLocale(trx: Tx, scope: RequestScope, input: SetLocaleInput): Promise<Ok> {
  await repo.updateUserLocale(trx, scope.userId, input.locale);
  return ok;
}

/**
 * Changing the password signs out every other session of the user. The new one must pass
 * passwordProblem (as a reset's and an invitation's do). The current password is checked
 * under the sign-in throttle, on the same counts (the user's account, the request's IP). The
 * attempt is counted on a connection of its own: the request's transaction rolls back when the
 * password is wrong, and the count must stay.
 */
export async function changePassword(
  trx: Tx,
  scope: RequestScope,
  sessionId: string,
  input: ChangePasswordInput,
  attempt: { db: Db; ip: string | null },
): Promise<Ok> {
  // Judged first: a weak new password costs no attempt of the throttle.
  const problem = passwordProblem(input.newPassword, [scope.email, scope.displayName]);
  if (problem) throw badRequest(problem.messageKey, problem.params as Record<string, string | number> | undefined);
  const passed = await withOwnConnection(attempt.db, (conn) =>
    throttledCheck(conn, throttleKeys(scope.email, attempt.ip), 'errors.tooManyPasswordAttempts', async () => {
      const user = await repo.findUserById(trx, scope.userId);
      return user && (await verifyPassword(user.password_hash, input.currentPassword)) ? true : null;
    }),
  );
  if (!passed) throw badRequest('errors.wrongCurrentPassword');
  await repo.updatePassword(trx, scope.userId, await hashPassword(input.newPassword));
  await repo.deleteUserSessions(trx, scope.userId, sessionId);
  return ok;
}
