import { badRequest, defaultBusinessHours, localDate, notFound, parseHolidaySchedule } from '@stationdesk/core';
import { repo, withTenant, type Db, type Tx } from '@stationdesk/db';
import { officialHolidaySchedule, scheduleDays } from '@stationdesk/db/seed/demo-calendar';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { inviteMember, type InviteDeps } from '../members/invitations.ts';
import type { CreateTenantInput, CreateTenantOutput, TenantIdInput, TenantUsageOutput, TenantView } from './tenants.schema.ts';

/** A platform operator's request: the platform-scoped transaction (app.platform) and who acts. */
export interface PlatformContext {
  trx: Tx;
  db: Db;
  userId: string;
  ip: string | null;
  /** Work after the commit (the first manager's invitation e-mail). */
  afterCommit?: (fn: () => Promise<void>) => void;
}

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** Platform scope: tenant names and status only — never their case data. */
export async function listTenants(trx: Tx): Promise<TenantView[]> {
  const rows = await repo.listAllTenants(trx);
  return rows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    nameEn: t.name_en,
    timezone: t.timezone,
    status: t.status,
    statusChangedAt: iso(t.status_changed_at),
    createdAt: t.created_at,
  }));
}

/**
 * Runs `fn` with the platform transaction entered into one tenant (a tenant the operator just
 * created, or the one whose status it changes), so its rows — the calendar, the audit entry, the
 * invitation — are written under that tenant's row-level security in the same transaction. The
 * previous scope is put back afterwards.
 */
async function insideTenant<T>(trx: Tx, tenantId: string, fn: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ previous: string | null }>`select current_setting('app.tenant_id', true) as previous`.execute(trx);
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
  const value = await fn();
  await sql`select set_config('app.tenant_id', ${rows[0]?.previous ?? ''}, true)`.execute(trx);
  return value;
}

/** Writes the operator's action into the tenant's own audit log (its managers see it). */
function auditTenant(ctx: PlatformContext, tenantId: string, action: string, data: Record<string, unknown> = {}) {
  return insideTenant(ctx.trx, tenantId, () =>
    repo.recordAudit(ctx.trx, { tenantId, actorUserId: ctx.userId, action, subjectType: 'tenant', subjectId: tenantId, data, ip: ctx.ip }),
  );
}

/**
 * A new subdistrict: the tenant, its working calendar with this year's official holidays (the
 * schedule bundled with the app, as the demo seed and the calendar settings' one-click import read
 * it), the first manager's invitation and the audit entry — one transaction.
 */
export async function createTenant(ctx: PlatformContext, deps: InviteDeps, input: CreateTenantInput): Promise<CreateTenantOutput> {
  const taken = await ctx.trx.selectFrom('tenants').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (taken) throw badRequest('errors.tenant.slugTaken', { slug: input.slug });
  const tenant = await ctx.trx
    .insertInto('tenants')
    .values({ slug: input.slug, name: input.name, name_en: input.nameEn || null, timezone: input.timezone })
    .returning('id')
    .executeTakeFirstOrThrow();
  const year = Number(localDate(new Date(), input.timezone).slice(0, 4));
  const parsed = parseHolidaySchedule(officialHolidaySchedule);
  if (!parsed.ok) throw new Error(`bundled holiday schedule is invalid: ${parsed.errors.join(', ')}`);
  const official = parsed.years.find((y) => y.year === year) ?? null;
  return insideTenant(ctx.trx, tenant.id, async () => {
    // Standard hours (the product default) written out, as a configured tenant has them.
    await ctx.trx.insertInto('work_calendars').values({ tenant_id: tenant.id, business_hours: JSON.stringify(defaultBusinessHours), weekend_days: [0, 6] }).execute();
    if (official) {
      await ctx.trx.insertInto('calendar_days').values(scheduleDays([official]).map((d) => ({ tenant_id: tenant.id, ...d }))).execute();
    }
    const tenantCtx: TenantContext = {
      trx: ctx.trx,
      tenantId: tenant.id,
      timezone: input.timezone,
      db: ctx.db,
      ...(ctx.afterCommit ? { afterCommit: ctx.afterCommit } : {}),
      // The operator founds the tenant: it invites as its (so far absent) manager would.
      actor: { userId: ctx.userId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: ctx.ip },
    };
    // The people use case's invitation (SMTP after the commit, else the outbox and a link to copy).
    const invitation = await inviteMember(tenantCtx, deps, { email: input.managerEmail, role: 'manager', stationIds: [] });
    await repo.recordAudit(ctx.trx, {
      tenantId: tenant.id,
      actorUserId: ctx.userId,
      action: 'tenant.created',
      subjectType: 'tenant',
      subjectId: tenant.id,
      data: { slug: input.slug, name: input.name, nameEn: input.nameEn ?? null, timezone: input.timezone, calendarYear: official ? year : null, managerEmail: input.managerEmail },
      ip: ctx.ip,
    });
    return { id: tenant.id, calendarYear: official ? year : null, invitation };
  });
}

async function setStatus(ctx: PlatformContext, input: TenantIdInput, status: 'active' | 'suspended'): Promise<{ ok: true }> {
  const current = await ctx.trx.selectFrom('tenants').select('status').where('id', '=', input.tenantId).forUpdate().executeTakeFirst();
  if (!current) throw notFound();
  if (current.status === status) throw badRequest(status === 'suspended' ? 'errors.tenant.alreadySuspended' : 'errors.tenant.notSuspended');
  // The row's change notice (migration 0012) drops every cached session scope of the tenant.
  await ctx.trx.updateTable('tenants').set({ status, status_changed_at: sql<string>`now()` }).where('id', '=', input.tenantId).execute();
  await auditTenant(ctx, input.tenantId, status === 'suspended' ? 'tenant.suspended' : 'tenant.resumed');
  return { ok: true };
}

/**
 * Suspends a tenant: its data stays; sign-ins to it are refused, its live sessions lose it at their
 * next request (sd_open_request), its reminders wait (firing and the reconciler skip them).
 */
export function suspendTenant(ctx: PlatformContext, input: TenantIdInput) {
  return setStatus(ctx, input, 'suspended');
}

/** Resumes a tenant: sign-ins again, and the reminders that fell due meanwhile fire at the next reconcile. */
export function resumeTenant(ctx: PlatformContext, input: TenantIdInput) {
  return setStatus(ctx, input, 'active');
}

/**
 * Usage figures: counts only, never a case's content. Read inside the tenant in a transaction of
 * its own (the operator's sees no tenant rows), which also records the reading in its audit log.
 */
export async function tenantUsage(ctx: PlatformContext, input: TenantIdInput): Promise<TenantUsageOutput> {
  const tenant = await ctx.trx.selectFrom('tenants').select(['id', 'timezone']).where('id', '=', input.tenantId).executeTakeFirst();
  if (!tenant) throw notFound();
  const monthStart = `${localDate(new Date(), tenant.timezone).slice(0, 7)}-01`;
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const { rows } = await sql<{ stations: number; users: number; items: number; bytes: string }>`
      select (select count(*) from stations where tenant_id = ${tenant.id})::int as stations,
             (select count(*) from memberships where tenant_id = ${tenant.id})::int as users,
             (select count(*) from work_items where tenant_id = ${tenant.id}
                and created_at >= (${monthStart}::date::timestamp at time zone ${tenant.timezone}))::int as items,
             (select coalesce(sum(size_bytes), 0) from files where tenant_id = ${tenant.id})::text as bytes`.execute(trx);
    const r = rows[0]!;
    await repo.recordAudit(trx, { tenantId: tenant.id, actorUserId: ctx.userId, action: 'tenant.usageRead', subjectType: 'tenant', subjectId: tenant.id, ip: ctx.ip });
    return { tenantId: tenant.id, stations: r.stations, users: r.users, itemsThisMonth: r.items, storageBytes: Number(r.bytes) };
  });
}
