import { AppError, badRequest, invitationRefusal, invitationState, type InvitationState } from '@stationdesk/core';
import {
  generateSessionToken,
  hashPassword,
  SESSION_LIFETIME_MS,
  sessionIdFromToken,
  throttledCheck,
  throttleKeys,
  verifyPassword,
} from '@stationdesk/auth';
import { passwordProblem } from '@stationdesk/auth/strength';
import { repo, withInvitation, type Db, type Tx } from '@stationdesk/db';
import { sql } from 'kysely';
import { toMembershipViews } from '../auth/memberships.ts';
import type { SignInResult } from '../auth/sign-in.ts';
import type { AcceptInvitationInput, GetInvitationInput, InvitationPreview } from './invitation.schema.ts';
import { invitationTokenHash } from './invitations.ts';

interface Opened {
  inv: {
    id: string;
    tenant_id: string;
    email: string;
    display_name: string | null;
    role: 'manager' | 'staff' | 'enterprise_admin';
    station_ids: string[];
    enterprise_id: string | null;
  };
  tenant: { name: string; name_en: string | null };
  state: InvitationState;
  refusal: AppError | null;
}

/** The invitation the transaction was opened on, locked, with its state and why it cannot be used (if so). */
async function open(trx: Tx, invitationId: string): Promise<Opened> {
  const inv = await trx.selectFrom('invitations').selectAll().where('id', '=', invitationId).forUpdate().executeTakeFirstOrThrow();
  // tenants.status arrives with migration 0037 (suspended tenants); read by name so either schema works.
  const { rows } = await sql<{ name: string; name_en: string | null; status: string | null }>`
    select t.name, t.name_en, to_jsonb(t) ->> 'status' as status from tenants t where t.id = ${inv.tenant_id}`.execute(trx);
  const tenant = rows[0]!;
  const state = invitationState(
    {
      acceptedAt: inv.accepted_at ? new Date(inv.accepted_at) : null,
      revokedAt: inv.revoked_at ? new Date(inv.revoked_at) : null,
      expiresAt: new Date(inv.expires_at),
      requestedBy: inv.requested_by,
      approvedBy: inv.approved_by,
    },
    new Date(),
  );
  return { inv, tenant, state, refusal: invitationRefusal(state, tenant.status === 'suspended') };
}

/** A refused use of a link is recorded in the tenant's log (committed), then refused. */
async function auditRefusal(trx: Tx, o: Opened, reason: string, ip: string | null) {
  await repo.recordAudit(trx, {
    tenantId: o.inv.tenant_id,
    actorUserId: null,
    action: 'invitation.refused',
    subjectType: 'invitation',
    subjectId: o.inv.id,
    data: { reason, state: o.state, email: o.inv.email },
    ip,
  });
}

const unknownLink = () => new AppError('NOT_FOUND', 'errors.invitation.unknown');

/** invitation.get: what the link is for, or why it no longer works (refusals are audited). */
export async function getInvitation(db: Db, input: GetInvitationInput, ip: string | null): Promise<InvitationPreview> {
  const answer = await withInvitation(db, invitationTokenHash(input.token), async (trx, scope) => {
    if (!scope) return { error: unknownLink() };
    const o = await open(trx, scope.invitationId);
    if (o.refusal) {
      await auditRefusal(trx, o, o.refusal.messageKey, ip);
      return { error: o.refusal };
    }
    const user = await repo.findUserByEmail(trx, o.inv.email);
    const preview: InvitationPreview = { tenantName: o.tenant.name, tenantNameEn: o.tenant.name_en, role: o.inv.role, email: o.inv.email, hasAccount: !!user };
    return { preview };
  });
  if ('error' in answer) throw answer.error;
  return answer.preview;
}

/**
 * invitation.accept: in one transaction opened by the link — the person's account (new: name and a
 * password that passes the strength check; existing: their password, under the sign-in throttle),
 * the membership (a deactivated one comes back with the invitation's role), the invitation used, the
 * audit entry and a session in the tenant. A second use, an expired, revoked or unapproved link and
 * a suspended tenant are refused with nothing written but the refusal's audit entry.
 */
export async function acceptInvitation(
  db: Db,
  input: AcceptInvitationInput,
  meta: { ip: string | null; userAgent: string | null },
): Promise<SignInResult & { activeTenantId: string }> {
  const answer = await withInvitation(db, invitationTokenHash(input.token), async (trx, scope) => {
    if (!scope) return { error: unknownLink() };
    const o = await open(trx, scope.invitationId);
    if (o.refusal) {
      await auditRefusal(trx, o, o.refusal.messageKey, meta.ip);
      return { error: o.refusal };
    }
    const email = o.inv.email;
    let user = await repo.findUserByEmail(trx, email);
    const newAccount = !user;
    if (user) {
      // Joining with an existing account is signing in: the same throttle and the same answer.
      const found = user;
      const passed = await throttledCheck(db.pool, throttleKeys(email, meta.ip), 'errors.rateLimited', async () =>
        (await verifyPassword(found.password_hash, input.password)) ? true : null,
      );
      if (!passed) {
        await auditRefusal(trx, o, 'errors.invalidCredentials', meta.ip);
        return { error: badRequest('errors.invalidCredentials') };
      }
    } else {
      const displayName = input.displayName ?? o.inv.display_name;
      if (!displayName) return { error: badRequest('errors.invitation.nameRequired') };
      const problem = passwordProblem(input.password, [email, displayName, o.tenant.name]);
      if (problem) return { error: new AppError('BAD_REQUEST', problem.messageKey, problem.params as Record<string, number>) };
      user = await trx
        .insertInto('users')
        .values({ email, display_name: displayName, password_hash: await hashPassword(input.password) })
        .returning(['id', 'email', 'display_name', 'password_hash', 'is_platform_admin', 'locale'])
        .executeTakeFirstOrThrow();
    }
    const existing = await trx.selectFrom('memberships').select(['id', 'deactivated_at']).where('user_id', '=', user.id).executeTakeFirst();
    if (existing && !existing.deactivated_at) {
      await auditRefusal(trx, o, 'errors.member.alreadyMember', meta.ip);
      return { error: new AppError('CONFLICT', 'errors.member.alreadyMember', { email }) };
    }
    let membershipId: string;
    if (existing) {
      // Deactivated before: the same row comes back (its history stays attached to it).
      await trx
        .updateTable('memberships')
        .set({ role: o.inv.role, enterprise_id: o.inv.enterprise_id, deactivated_at: null, deactivated_by: null })
        .where('id', '=', existing.id)
        .execute();
      await trx.deleteFrom('membership_stations').where('membership_id', '=', existing.id).execute();
      membershipId = existing.id;
    } else {
      const row = await trx
        .insertInto('memberships')
        .values({ tenant_id: o.inv.tenant_id, user_id: user.id, role: o.inv.role, enterprise_id: o.inv.enterprise_id })
        .returning('id')
        .executeTakeFirstOrThrow();
      membershipId = row.id;
    }
    if (o.inv.station_ids.length) {
      // Stations deleted since the invitation are skipped (the join keeps only existing ones).
      await sql`insert into membership_stations (tenant_id, membership_id, station_id)
                select ${o.inv.tenant_id}::uuid, ${membershipId}::uuid, s.id from stations s where s.id = any(${o.inv.station_ids}::uuid[])`.execute(trx);
    }
    await trx.updateTable('invitations').set({ accepted_at: new Date(), accepted_user_id: user.id }).where('id', '=', o.inv.id).execute();
    await repo.recordAudit(trx, {
      tenantId: o.inv.tenant_id,
      actorUserId: user.id,
      action: 'member.joined',
      subjectType: 'membership',
      subjectId: membershipId,
      data: { invitationId: o.inv.id, role: o.inv.role, email, newAccount },
      ip: meta.ip,
    });
    // Signed in: the session belongs to the person (sessions' policy), in the tenant just joined.
    await sql`select set_config('app.user_id', ${user.id}, true)`.execute(trx);
    const token = generateSessionToken();
    const session = await repo.insertSession(trx, {
      id: sessionIdFromToken(token),
      userId: user.id,
      activeTenantId: o.inv.tenant_id,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    const memberships = toMembershipViews(await repo.listMembershipsOfUser(trx, user.id));
    const result: SignInResult & { activeTenantId: string } = {
      token,
      expiresAt: session.expires_at,
      user: { id: user.id, email: user.email, displayName: user.display_name, locale: user.locale, isPlatformAdmin: user.is_platform_admin },
      memberships,
      activeTenantId: o.inv.tenant_id,
    };
    return { result };
  });
  if ('error' in answer) throw answer.error;
  return answer.result;
}
