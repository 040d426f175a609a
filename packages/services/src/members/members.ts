import { finishedStatuses, invitationState, lastManagerRefusal, memberShapeProblem, conflict, forbidden, notFound, badRequest } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import { translator, type Language } from '@stationdesk/i18n';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { applyTransition } from '../work-items/transition.ts';
import type {
  DeactivateMemberInput,
  DeactivateMemberOutput,
  InvitationView,
  ListMembersInput,
  ListMembersOutput,
  MemberView,
  UpdateMemberInput,
} from './members.schema.ts';

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/**
 * member.list: the tenant's people (active first, by name) and its invitations not yet accepted
 * nor revoked. A tenant has tens of people, not thousands: one page. `smtp` says whether links are
 * e-mailed (otherwise the page offers to copy them).
 */
export async function listMembers(ctx: TenantContext, input: ListMembersInput, smtp: boolean): Promise<ListMembersOutput> {
  let q = ctx.trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('enterprises as e', 'e.id', 'm.enterprise_id')
    .select(['m.id', 'm.user_id', 'u.email', 'u.display_name', 'm.role', 'm.enterprise_id', 'e.name as enterprise_name', 'm.deactivated_at', 'm.created_at'])
    .select(sql<string[]>`coalesce((select array_agg(ms.station_id order by ms.station_id) from membership_stations ms where ms.tenant_id = m.tenant_id and ms.membership_id = m.id), '{}')`.as('station_ids'))
    .select((eb) =>
      eb
        .selectFrom('work_items as w')
        .select((w) => w.fn.countAll<string>().as('n'))
        .whereRef('w.assignee_id', '=', 'm.user_id')
        .where('w.status', 'not in', finishedStatuses)
        .as('open_items'),
    )
    .orderBy(sql`m.deactivated_at is not null`)
    .orderBy('u.display_name')
    .orderBy('m.id');
  if (!input?.includeInactive) q = q.where('m.deactivated_at', 'is', null);
  const members: MemberView[] = (await q.execute()).map((r) => ({
    id: r.id,
    userId: r.user_id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    stationIds: r.station_ids,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    active: r.deactivated_at === null,
    deactivatedAt: iso(r.deactivated_at),
    joinedAt: new Date(r.created_at).toISOString(),
    openItems: Number(r.open_items ?? 0),
  }));
  const now = new Date();
  const rows = await ctx.trx
    .selectFrom('invitations as i')
    .leftJoin('enterprises as e', 'e.id', 'i.enterprise_id')
    .leftJoin('users as by', 'by.id', 'i.invited_by')
    .leftJoin('users as rq', 'rq.id', 'i.requested_by')
    .select(['i.id', 'i.email', 'i.display_name', 'i.role', 'i.station_ids', 'i.enterprise_id', 'e.name as enterprise_name', 'i.expires_at', 'i.created_at'])
    .select(['i.accepted_at', 'i.revoked_at', 'i.requested_by', 'i.approved_by', 'by.display_name as invited_by_name', 'rq.display_name as requested_by_name'])
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(200)
    .execute();
  const invitations: InvitationView[] = rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    stationIds: r.station_ids,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    state: invitationState({ acceptedAt: null, revokedAt: null, expiresAt: new Date(r.expires_at), requestedBy: r.requested_by, approvedBy: r.approved_by }, now),
    expiresAt: new Date(r.expires_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    invitedByName: r.invited_by_name,
    requestedByName: r.requested_by_name,
  }));
  return { members, invitations, smtp };
}

async function lockMember(ctx: TenantContext, id: string) {
  const m = await ctx.trx.selectFrom('memberships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!m) throw notFound();
  if (m.deactivated_at) throw conflict('errors.member.deactivated');
  const stations = await ctx.trx.selectFrom('membership_stations').select('station_id').where('membership_id', '=', id).execute();
  return { m, stationIds: stations.map((s) => s.station_id).sort() };
}

/** Active managers, the rows locked so two demotions at once cannot both pass the last-manager check. */
async function activeManagers(ctx: TenantContext): Promise<number> {
  const rows = await ctx.trx.selectFrom('memberships').select('id').where('role', '=', 'manager').where('deactivated_at', 'is', null).forUpdate().execute();
  return rows.length;
}

/**
 * member.update: a person's role and stations. An enterprise admin stays one (their company is who
 * they are here); a manager may not demote the last manager. Role and station changes are audited.
 */
export async function updateMember(ctx: TenantContext, input: UpdateMemberInput): Promise<{ ok: true }> {
  const { m, stationIds: before } = await lockMember(ctx, input.id);
  if ((m.role === 'enterprise_admin') !== (input.role === 'enterprise_admin')) throw badRequest('errors.member.enterpriseAdminRoleFixed');
  const stationIds = input.role === 'enterprise_admin' ? [] : [...new Set(input.stationIds)].sort();
  const shape = memberShapeProblem(input.role, stationIds, m.enterprise_id);
  if (shape) throw shape;
  if (m.role !== input.role) {
    const refusal = lastManagerRefusal(m.role, input.role, await activeManagers(ctx));
    if (refusal) throw refusal;
  }
  if (stationIds.length) {
    const found = await ctx.trx.selectFrom('stations').select('id').where('id', 'in', stationIds).execute();
    if (found.length !== stationIds.length) throw badRequest('errors.member.unknownStation');
  }
  const audit = (action: string, data: Record<string, unknown>) =>
    repo.recordAudit(ctx.trx, { tenantId: ctx.tenantId, actorUserId: ctx.actor.userId, action, subjectType: 'membership', subjectId: m.id, data: { userId: m.user_id, ...data }, ip: ctx.actor.ip });
  if (m.role !== input.role) {
    await ctx.trx.updateTable('memberships').set({ role: input.role }).where('id', '=', m.id).execute();
    await audit('member.roleChanged', { from: m.role, to: input.role });
  }
  if (before.join() !== stationIds.join()) {
    await ctx.trx.deleteFrom('membership_stations').where('membership_id', '=', m.id).execute();
    if (stationIds.length) {
      await ctx.trx
        .insertInto('membership_stations')
        .values(stationIds.map((station_id) => ({ tenant_id: ctx.tenantId, membership_id: m.id, station_id })))
        .execute();
    }
    await audit('member.stationsChanged', { from: before, to: stationIds });
  }
  return { ok: true };
}

/**
 * member.deactivate: the membership stays (history, items) but ends — the person no longer sees
 * the tenant (migration 0035's policy), every session of theirs in this tenant is deleted in this
 * transaction, and every open item they hold — consultations, agency cases, disputes and patrol
 * findings alike, whatever their stage (派单, 签收, 办理中, 待补充) — goes back to dispatch unassigned
 * through the work-item engine's system step `release`, with a note naming them in the item's
 * history (the clock runs on; a wait on the enterprise ends, its time added to the deadline). Not
 * a 退单: the station's return rate does not count it. Nobody deactivates themselves, nor the last
 * manager.
 */
export async function deactivateMember(ctx: TenantContext, lang: Language, input: DeactivateMemberInput): Promise<DeactivateMemberOutput> {
  const { m } = await lockMember(ctx, input.id);
  if (m.user_id === ctx.actor.userId) throw forbidden('errors.member.cannotDeactivateSelf');
  const refusal = lastManagerRefusal(m.role, 'deactivated', m.role === 'manager' ? await activeManagers(ctx) : 0);
  if (refusal) throw refusal;
  await ctx.trx.updateTable('memberships').set({ deactivated_at: new Date(), deactivated_by: ctx.actor.userId }).where('id', '=', m.id).execute();
  const ended = await ctx.trx.deleteFrom('sessions').where('active_tenant_id', '=', ctx.tenantId).where('user_id', '=', m.user_id).executeTakeFirst();
  const user = await ctx.trx.selectFrom('users').select('display_name').where('id', '=', m.user_id).executeTakeFirstOrThrow();
  const note = translator(lang)('members.deactivatedNote', { name: user.display_name });
  const open = await ctx.trx
    .selectFrom('work_items')
    .select(['id', 'status'])
    .where('assignee_id', '=', m.user_id)
    .where('status', 'not in', finishedStatuses)
    .orderBy('id')
    .execute();
  for (const item of open) await applyTransition(ctx, item.id, { action: 'release', note, data: { deactivatedUserId: m.user_id } });
  const returned = open.length;
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: 'member.deactivated',
    subjectType: 'membership',
    subjectId: m.id,
    data: { userId: m.user_id, role: m.role, endedSessions: Number(ended.numDeletedRows), returnedItems: returned },
    ip: ctx.actor.ip,
  });
  return { ok: true, endedSessions: Number(ended.numDeletedRows), returnedItems: returned };
}
