import { badRequest, forbidden } from '@stationdesk/core';
import { repo, withTenant, type Db, type Tx } from '@stationdesk/db';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import type {
  AvailableSupportAccessOutput,
  EnterSupportAccessInput,
  GrantSupportAccessInput,
  GrantSupportAccessOutput,
  ListSupportAccessOutput,
  RevokeSupportAccessInput,
} from './grants.schema.ts';

/**
 * Support access (issue 21): a platform operator reads a tenant only under a grant its manager
 * gives — time-boxed, with a reason, revocable. The grant is checked by sd_open_request (migration
 * 0037) on every request: with a live one the operator's session is scoped to the tenant with
 * role 'support', and the API audits each request and makes it read-only (packages/api trpc.ts).
 */

/** Audit actions of support access (the audit viewer lists them). */
export const supportAuditActions = {
  granted: 'supportAccess.granted',
  revoked: 'supportAccess.revoked',
  entered: 'supportAccess.entered',
  /** A request answered under a grant (read-only). */
  read: 'supportAccess.read',
  /** A write attempted under a grant: refused. */
  writeRefused: 'supportAccess.writeRefused',
  /** An operator's attempt at the tenant with no live grant: refused. */
  refused: 'supportAccess.refused',
} as const;

function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

export async function grantSupportAccess(ctx: TenantContext, input: GrantSupportAccessInput): Promise<GrantSupportAccessOutput> {
  requireManager(ctx);
  const row = await ctx.trx
    .insertInto('support_access_grants')
    .values({
      tenant_id: ctx.tenantId,
      reason: input.reason,
      granted_by: ctx.actor.userId,
      // The database's clock, as sd_open_request compares with it.
      created_at: sql<string>`now()`,
      expires_at: sql<string>`now() + make_interval(hours => ${input.hours})`,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: supportAuditActions.granted,
    subjectType: 'support_access_grant',
    subjectId: row.id,
    data: { hours: input.hours, reason: input.reason, expiresAt: new Date(row.expires_at).toISOString() },
    ip: ctx.actor.ip,
  });
  return { id: row.id, expiresAt: new Date(row.expires_at).toISOString() };
}

/** Ends a live grant at once: the operator's next request no longer sees the tenant. */
export async function revokeSupportAccess(ctx: TenantContext, input: RevokeSupportAccessInput): Promise<{ ok: true }> {
  requireManager(ctx);
  const row = await ctx.trx
    .updateTable('support_access_grants')
    .set({ revoked_at: sql<string>`now()`, revoked_by: ctx.actor.userId })
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', '=', input.id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw badRequest('errors.supportAccess.notLive');
  await repo.recordAudit(ctx.trx, {
    tenantId: ctx.tenantId,
    actorUserId: ctx.actor.userId,
    action: supportAuditActions.revoked,
    subjectType: 'support_access_grant',
    subjectId: row.id,
    ip: ctx.actor.ip,
  });
  return { ok: true };
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** The tenant's last 50 grants with the accesses made under each, and the refused attempts. */
export async function listSupportAccess(ctx: TenantContext): Promise<ListSupportAccessOutput> {
  requireManager(ctx);
  const grants = await ctx.trx
    .selectFrom('support_access_grants as g')
    .leftJoin('users as gu', 'gu.id', 'g.granted_by')
    .leftJoin('users as ru', 'ru.id', 'g.revoked_by')
    .select(['g.id', 'g.reason', 'g.created_at', 'g.expires_at', 'g.revoked_at', 'gu.display_name as granted_by_name', 'ru.display_name as revoked_by_name'])
    .select(sql<boolean>`g.revoked_at is null and g.expires_at > now()`.as('live'))
    .where('g.tenant_id', '=', ctx.tenantId)
    .orderBy('g.created_at', 'desc')
    .limit(50)
    .execute();
  // The operators are not members: their names are read through the audit rows' actor ids, which
  // the users policy does not show a manager — the name is kept in the row's data instead.
  const accesses = grants.length
    ? await sql<{ subject_id: string; at: string; action: string; data: { path?: string; operatorName?: string }; n: number }>`
        select a.subject_id, a.at, a.action, a.data, count(*) over (partition by a.subject_id)::int as n
          from (select a.*, row_number() over (partition by a.subject_id order by a.at desc) as rn
                  from audit_log a
                 where a.tenant_id = ${ctx.tenantId} and a.subject_type = 'support_access_grant'
                   and a.subject_id = any(${grants.map((g) => g.id)}::text[])
                   and a.action in (${supportAuditActions.read}, ${supportAuditActions.writeRefused})) a
         where a.rn <= 100
         order by a.at desc`.execute(ctx.trx)
    : { rows: [] };
  const refused = await ctx.trx
    .selectFrom('audit_log')
    .select(['at', 'data'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('subject_type', '=', 'support_access')
    .where('subject_id', 'is', null)
    .where('action', '=', supportAuditActions.refused)
    .orderBy('at', 'desc')
    .limit(20)
    .execute();
  const counts = await ctx.trx
    .selectFrom('audit_log')
    .select(['subject_id', sql<number>`count(*)::int`.as('n')])
    .where('tenant_id', '=', ctx.tenantId)
    .where('subject_type', '=', 'support_access_grant')
    .where('subject_id', 'in', grants.length ? grants.map((g) => g.id) : [''])
    .where('action', 'in', [supportAuditActions.read, supportAuditActions.writeRefused])
    .groupBy('subject_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.subject_id, c.n]));
  const dataOf = (d: unknown) => (d ?? {}) as { path?: string; operatorName?: string };
  return {
    rows: grants.map((g) => ({
      id: g.id,
      reason: g.reason,
      grantedByName: g.granted_by_name,
      createdAt: iso(g.created_at)!,
      expiresAt: iso(g.expires_at)!,
      revokedAt: iso(g.revoked_at),
      revokedByName: g.revoked_by_name,
      live: g.live,
      accessCount: countOf.get(g.id) ?? 0,
      accesses: accesses.rows
        .filter((a) => a.subject_id === g.id)
        .map((a) => ({
          at: iso(a.at)!,
          operatorName: dataOf(a.data).operatorName ?? null,
          path: dataOf(a.data).path ?? '',
          outcome: a.action === supportAuditActions.read ? ('read' as const) : ('refused' as const),
        })),
    })),
    refused: refused.map((r) => ({ at: iso(r.at)!, operatorName: dataOf(r.data).operatorName ?? null, path: dataOf(r.data).path ?? '' })),
  };
}

/** Operators: the tenants whose grant is live now (RLS shows an operator live grants only). */
export async function availableSupportAccess(trx: Tx): Promise<AvailableSupportAccessOutput> {
  const rows = await trx
    .selectFrom('support_access_grants as g')
    .innerJoin('tenants as t', 't.id', 'g.tenant_id')
    .select(['g.tenant_id', 't.name', 't.name_en', 'g.reason', 'g.expires_at'])
    .where('g.revoked_at', 'is', null)
    .where('g.expires_at', '>', sql<string>`now()`)
    .where('t.status', '=', 'active')
    .orderBy('g.expires_at', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.tenant_id) && seen.add(r.tenant_id))
    .map((r) => ({ tenantId: r.tenant_id, tenantName: r.name, tenantNameEn: r.name_en, reason: r.reason, expiresAt: iso(r.expires_at)! }));
}

export interface SupportRequest {
  tenantId: string;
  userId: string;
  operatorName: string;
  /** The procedure's path (e.g. workItem.get). */
  path: string;
  outcome: 'read' | 'writeRefused' | 'refused' | 'entered';
  ip: string | null;
}

/**
 * Writes one support request into the tenant's audit log, in a transaction of its own: the
 * request's own is read-only (a grant) or rolled back (a refusal). Under a grant the row names the
 * live grant it was made under.
 */
export function recordSupportRequest(db: Db, r: SupportRequest): Promise<void> {
  const action = supportAuditActions[r.outcome];
  const data = JSON.stringify({ path: r.path, operatorName: r.operatorName });
  return withTenant(db, r.tenantId, async (trx) => {
    if (r.outcome === 'refused') {
      await repo.recordAudit(trx, { tenantId: r.tenantId, actorUserId: r.userId, action, subjectType: 'support_access', data: { path: r.path, operatorName: r.operatorName }, ip: r.ip });
      return;
    }
    await sql`
      insert into audit_log (tenant_id, actor_user_id, action, subject_type, subject_id, data, ip)
      select ${r.tenantId}::uuid, ${r.userId}::uuid, ${action}, 'support_access_grant', g.id::text, ${data}::jsonb, ${r.ip}
        from support_access_grants g
       where g.tenant_id = ${r.tenantId} and g.revoked_at is null and g.expires_at > now()
       order by g.expires_at desc
       limit 1`.execute(trx);
  });
}

export interface OperatorContext {
  trx: Tx;
  db: Db;
  userId: string;
  displayName: string;
  sessionId: string;
  ip: string | null;
}

/**
 * The operator's session enters a tenant under its live grant (then every request there is
 * scoped by sd_open_request as 'support'); without one the attempt is refused and audited there.
 */
export async function enterSupportAccess(ctx: OperatorContext, input: EnterSupportAccessInput): Promise<{ expiresAt: string }> {
  const live = (await availableSupportAccess(ctx.trx)).find((g) => g.tenantId === input.tenantId);
  const request = { tenantId: input.tenantId, userId: ctx.userId, operatorName: ctx.displayName, path: 'supportAccess.enter', ip: ctx.ip };
  if (!live) {
    const exists = await ctx.trx.selectFrom('tenants').select('id').where('id', '=', input.tenantId).executeTakeFirst();
    if (exists) await recordSupportRequest(ctx.db, { ...request, outcome: 'refused' });
    throw forbidden('errors.supportAccess.noGrant');
  }
  await repo.setActiveTenant(ctx.trx, ctx.sessionId, input.tenantId);
  await recordSupportRequest(ctx.db, { ...request, outcome: 'entered' });
  return { expiresAt: live.expiresAt };
}

/** The operator's session leaves the tenant it entered. */
export async function leaveSupportAccess(ctx: OperatorContext): Promise<{ ok: true }> {
  await ctx.trx.updateTable('sessions').set({ active_tenant_id: null }).where('id', '=', ctx.sessionId).execute();
  return { ok: true };
}
