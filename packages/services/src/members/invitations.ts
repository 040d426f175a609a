import { badRequest, conflict, forbidden, invitationState, invitationTtlMs, memberShapeProblem, notFound, type TenantRole } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import { generateSessionToken, sessionIdFromToken } from '@stationdesk/auth';
import type { TenantContext } from '../context.ts';
import type { Mailer } from '../deliveries/senders.ts';
import type { InvitationIdInput, InviteColleagueInput, InviteMemberInput, InviteMemberOutput } from './members.schema.ts';

/**
 * What sending an invitation needs besides the tenant context.
 * - mailer: SMTP when configured; null: the message goes to the tenant's outbox (the e-mail path
 *   without SMTP) and the link is answered so the manager can copy it.
 * - publicUrl: scheme://host the link points to (configured, never a request's Host).
 * - lang: the language the e-mail is written in (the inviter's).
 */
export interface InviteDeps {
  mailer: Mailer | null;
  publicUrl: string;
  lang: Language;
}

/** A link's token (160 random bits, base32 as the sessions') and its SHA-256 — only the hash is stored. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = generateSessionToken();
  return { token, hash: invitationTokenHash(token) };
}

/** SHA-256 (hex) of a link's token, as a session's id is of its token. */
export function invitationTokenHash(token: string): string {
  return sessionIdFromToken(token);
}

async function tenantNames(ctx: TenantContext) {
  return ctx.trx.selectFrom('tenants').select(['name', 'name_en']).where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
}

/**
 * Sends (or, without SMTP, files in the outbox and answers) the link of an invitation with this
 * token. With SMTP the message goes after the commit: an invitation rolled back is never mailed.
 */
async function sendLink(ctx: TenantContext, deps: InviteDeps, inv: { id: string; email: string; displayName: string | null; role: TenantRole }, token: string): Promise<string | null> {
  const link = `${deps.publicUrl.replace(/\/$/, '')}/invite/${token}`;
  const t = translator(deps.lang);
  const tenant = await tenantNames(ctx);
  const tenantName = deps.lang === 'en' && tenant.name_en ? tenant.name_en : tenant.name;
  const subject = t('members.mail.subject', { tenant: tenantName });
  const text = t('members.mail.body', { tenant: tenantName, role: t(`roles.${inv.role}`), link, days: Math.round(invitationTtlMs / 86_400_000) });
  const mailer = deps.mailer;
  await ctx.trx.updateTable('invitations').set({ sent_at: new Date() }).where('id', '=', inv.id).execute();
  if (mailer && ctx.afterCommit) {
    const message = { to: inv.email, toName: inv.displayName ?? inv.email, subject, text };
    ctx.afterCommit(async () => void (await mailer.send(message)));
    return null;
  }
  // No SMTP: the tenant's outbox keeps the message (as for every e-mail then), and the manager gets the link.
  await ctx.trx.insertInto('email_outbox').values({ tenant_id: ctx.tenantId, to_address: inv.email, subject, body_text: text }).execute();
  return link;
}

async function assertNotMember(ctx: TenantContext, email: string) {
  const member = await ctx.trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where('u.email', '=', email)
    .where('m.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (member) throw conflict('errors.member.alreadyMember', { email });
  const open = await ctx.trx
    .selectFrom('invitations')
    .select('id')
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  if (open) throw conflict('errors.member.alreadyInvited', { email });
  // An expired open invitation of the same address makes way (the unique index counts it as open).
  await ctx.trx
    .updateTable('invitations')
    .set({ revoked_at: new Date(), revoked_by: ctx.actor.userId })
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

async function checkStations(ctx: TenantContext, stationIds: readonly string[]) {
  if (stationIds.length === 0) return;
  const found = await ctx.trx.selectFrom('stations').select('id').where('id', 'in', [...stationIds]).execute();
  if (found.length !== new Set(stationIds).size) throw badRequest('errors.member.unknownStation');
}

/**
 * Creates an invitation and sends its link: by e-mail through SMTP when configured, otherwise into
 * the tenant's outbox with the link answered for the manager to copy.
 *
 * Stable contract (tenant.create calls it for a new tenant's first manager, issue 21):
 *   inviteMember(ctx: TenantContext, deps: InviteDeps, input: InviteMemberInput)
 *     → { invitationId: string; link: string | null }
 * `ctx.actor` is whoever invites (recorded as invited_by and in the audit log); the caller has
 * checked they may (managers; the platform operator founding a tenant). With a mailer but no
 * `ctx.afterCommit` the link is answered and filed in the outbox instead of mailed.
 * Refused: an address that is already an active member, or has an open invitation; staff without a
 * station; an enterprise admin without a known credit code.
 */
export async function inviteMember(ctx: TenantContext, deps: InviteDeps, input: InviteMemberInput): Promise<InviteMemberOutput> {
  const email = input.email.trim().toLowerCase();
  const role = input.role;
  const stationIds = role === 'enterprise_admin' ? [] : [...new Set(input.stationIds ?? [])];
  let enterpriseId: string | null = null;
  if (role === 'enterprise_admin') {
    if (!input.creditCode) throw badRequest('errors.member.enterpriseRequired');
    const enterprise = await ctx.trx.selectFrom('enterprises').select('id').where('credit_code', '=', input.creditCode).executeTakeFirst();
    if (!enterprise) throw badRequest('errors.member.unknownEnterprise', { creditCode: input.creditCode });
    enterpriseId = enterprise.id;
  }
  const shape = memberShapeProblem(role, stationIds, enterpriseId);
  if (shape) throw shape;
  await checkStations(ctx, stationIds);
  await assertNotMember(ctx, email);
  const { token, hash } = newInvitationToken();
  const row = await ctx.trx
    .insertInto('invitations')
    .values({
      tenant_id: ctx.tenantId,
      email,
      display_name: input.displayName ?? null,
      role,
      station_ids: stationIds,
      enterprise_id: enterpriseId,
      token_hash: hash,
      expires_at: new Date(Date.now() + invitationTtlMs),
      invited_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'member.invited',
    subjectType: 'invitation',
    subjectId: row.id,
    data: { email, role, stationIds, enterpriseId },
    ip: ctx.actor.ip,
  });
  const link = await sendLink(ctx, deps, { id: row.id, email, displayName: input.displayName ?? null, role }, token);
  return { invitationId: row.id, link };
}

/**
 * An enterprise admin asks for a colleague as a second admin of their own company. Nothing is sent:
 * the invitation waits until a manager approves it (member.approveInvite), which sends the link.
 */
export async function inviteColleague(ctx: TenantContext, input: InviteColleagueInput): Promise<{ invitationId: string }> {
  if (ctx.actor.role !== 'enterprise_admin' || ctx.actor.scope.kind !== 'enterprise') throw forbidden('errors.roleNotAllowed');
  const email = input.email.trim().toLowerCase();
  await assertNotMember(ctx, email);
  const row = await ctx.trx
    .insertInto('invitations')
    .values({
      tenant_id: ctx.tenantId,
      email,
      display_name: input.displayName ?? null,
      role: 'enterprise_admin',
      enterprise_id: ctx.actor.scope.enterpriseId,
      // A placeholder nobody holds: approval replaces it with the link's hash.
      token_hash: newInvitationToken().hash,
      expires_at: new Date(Date.now() + invitationTtlMs),
      invited_by: ctx.actor.userId,
      requested_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'member.colleagueRequested',
    subjectType: 'invitation',
    subjectId: row.id,
    data: { email, enterpriseId: ctx.actor.scope.enterpriseId },
    ip: ctx.actor.ip,
  });
  return { invitationId: row.id };
}

async function lockInvitation(ctx: TenantContext, id: string) {
  const inv = await ctx.trx.selectFrom('invitations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!inv) throw notFound();
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
  return { inv, state };
}

/** A new link (the old one stops working) and seven more days; e-mailed, or answered without SMTP. */
async function reissue(ctx: TenantContext, deps: InviteDeps, inv: { id: string; email: string; display_name: string | null; role: TenantRole }, action: string, extra: Record<string, unknown> = {}) {
  const { token, hash } = newInvitationToken();
  await ctx.trx
    .updateTable('invitations')
    .set({ token_hash: hash, expires_at: new Date(Date.now() + invitationTtlMs), ...extra })
    .where('id', '=', inv.id)
    .execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'invitation', subjectId: inv.id, data: { email: inv.email }, ip: ctx.actor.ip });
  return sendLink(ctx, deps, { id: inv.id, email: inv.email, displayName: inv.display_name, role: inv.role }, token);
}

/** member.resendInvite: an open or expired invitation gets a fresh link; accepted, revoked or unapproved ones are refused. */
export async function resendInvite(ctx: TenantContext, deps: InviteDeps, input: InvitationIdInput): Promise<{ link: string | null }> {
  const { inv, state } = await lockInvitation(ctx, input.invitationId);
  if (state === 'accepted') throw conflict('errors.invitation.used');
  if (state === 'revoked') throw conflict('errors.invitation.revoked');
  if (state === 'awaiting_approval') throw conflict('errors.invitation.awaitingApproval');
  return { link: await reissue(ctx, deps, inv, 'member.inviteResent') };
}

/** member.approveInvite: a colleague an enterprise admin asked for; the link goes out now. */
export async function approveInvite(ctx: TenantContext, deps: InviteDeps, input: InvitationIdInput): Promise<{ link: string | null }> {
  const { inv, state } = await lockInvitation(ctx, input.invitationId);
  if (state !== 'awaiting_approval') throw conflict('errors.member.notAwaitingApproval');
  return { link: await reissue(ctx, deps, inv, 'member.inviteApproved', { approved_by: ctx.actor.userId, approved_at: new Date() }) };
}

/** member.revokeInvite: the link stops working at once (also a refusal of a colleague asked for). */
export async function revokeInvite(ctx: TenantContext, input: InvitationIdInput): Promise<{ ok: true }> {
  const { inv, state } = await lockInvitation(ctx, input.invitationId);
  if (state === 'accepted') throw conflict('errors.invitation.used');
  if (state === 'revoked') throw conflict('errors.invitation.revoked');
  await ctx.trx.updateTable('invitations').set({ revoked_at: new Date(), revoked_by: ctx.actor.userId }).where('id', '=', inv.id).execute();
  await repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action: 'member.inviteRevoked', subjectType: 'invitation', subjectId: inv.id, data: { email: inv.email }, ip: ctx.actor.ip });
  return { ok: true };
}
