import { defaultSlaPolicies, dueTimes, finishedStatuses, forbidden, workItemKinds, type Priority, type SlaPolicy, type WorkItemKind } from '@stationdesk/core';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { loadCalendar, missingYearsOf } from '../calendar/working-time.ts';
import { syncItemsReminders } from '../reminders/schedule.ts';
import type { RecomputeResult } from './recompute.schema.ts';

/** Settings of the SLA (calendar, days, policies, duty) are the managers'. */
export function requireManager(ctx: TenantContext): void {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

/**
 * One change of the tenant's SLA settings at a time: a change recomputes open items from the
 * calendar and policies it reads, so a second change must read them only after the first committed
 * (otherwise a policy change that read the old calendar would write stale due times over a
 * calendar change's fresh ones). Held until the transaction ends.
 */
export async function lockSlaSettings(ctx: TenantContext): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${slaSettingsKey(ctx)}, 0))`.execute(ctx.trx);
}

/**
 * The shared side of the same lock, for a transaction about to compute an item's due times from
 * the settings (creating it): it waits while a change is being written, so either the change's
 * recompute sees the item or the item reads the changed settings — never an item due by the old
 * calendar that the recompute could not see. Many creations hold it at once.
 */
export async function shareSlaSettings(ctx: Pick<TenantContext, 'trx' | 'tenantId'>): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(hashtextextended(${slaSettingsKey(ctx)}, 0))`.execute(ctx.trx);
}

const slaSettingsKey = (ctx: Pick<TenantContext, 'tenantId'>) => `sla-settings:${ctx.tenantId}`;

type PolicyTable = Record<WorkItemKind, Record<Priority, SlaPolicy>>;

/** Every kind and priority: the tenant's row where there is one, else the product default. */
export async function loadPolicies(ctx: TenantContext): Promise<PolicyTable> {
  const rows = await ctx.trx.selectFrom('sla_policies').selectAll().where('tenant_id', '=', ctx.tenantId).execute();
  const table = Object.fromEntries(workItemKinds.map((k) => [k, { ...defaultSlaPolicies[k] }])) as PolicyTable;
  for (const r of rows) {
    table[r.kind][r.priority] = {
      firstContact: { value: r.first_contact_value, unit: r.first_contact_unit },
      resolution: { value: r.resolution_value, unit: r.resolution_unit },
    };
  }
  return table;
}

export interface RecomputeFilter {
  kind?: WorkItemKind;
  priority?: Priority;
}


const CHUNK = 1000;

interface DueChange {
  id: string;
  /** False when only the estimate's years changed (a schedule imported for a year the walk crossed). */
  moved: boolean;
  firstContactDueAt: string | null;
  resolutionDueAt: string;
  calendarMissingYears: number[];
}

const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime());
const sameYears = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((y, i) => y === b[i]);

/**
 * Recomputes the due times of the tenant's open items (optionally one kind and priority) from the
 * calendar and policies as they are now in this transaction — called by every settings change, so
 * no open item is left with a deadline from the old rules — nor marked estimated for a year whose
 * schedule has since been imported (or left unmarked for one since emptied). First contact moves only while nobody
 * has been contacted; the resolution keeps the waiting time already counted (`paused_minutes`; a
 * pause still running is added on resume, as the transition does) and an approved extension wins.
 *
 * Items are read in chunks by id and locked (a simultaneous transition waits, or with NOWAIT gets a
 * conflict, rather than writing due times from the old rules after us); each chunk's moved rows
 * are written with one UPDATE … FROM (VALUES …).
 */
export async function recomputeDueTimes(ctx: TenantContext, filter: RecomputeFilter = {}): Promise<RecomputeResult> {
  const calendar = await loadCalendar(ctx.trx, ctx.timezone);
  const policies = await loadPolicies(ctx);
  const result: RecomputeResult = { checked: 0, updated: 0 };
  let after: string | null = null;
  for (;;) {
    let q = ctx.trx
      .selectFrom('work_items')
      .select(['id', 'kind', 'priority', 'created_at', 'first_contact_at', 'first_contact_due_at', 'resolution_due_at', 'paused_minutes', 'extension_due_at', 'reopened_at', 'calendar_missing_years'])
      .where('tenant_id', '=', ctx.tenantId)
      // Finished items have no running clock: their due times are history and stay as they were.
      .where('status', 'not in', finishedStatuses)
      .orderBy('id')
      .limit(CHUNK)
      .forNoKeyUpdate();
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.priority) q = q.where('priority', '=', filter.priority);
    if (after) q = q.where('id', '>', after);
    const rows = await q.execute();
    // A locked row that stopped matching (closed meanwhile) is skipped, so a short chunk is not the end.
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    result.checked += rows.length;

    const changes: DueChange[] = [];
    for (const r of rows) {
      const due = dueTimes(calendar, policies[r.kind][r.priority], new Date(r.created_at), {
        pausedMinutes: r.paused_minutes,
        extensionDueAt: r.extension_due_at ? new Date(r.extension_due_at) : null,
      });
      const firstContactDueAt = r.first_contact_at ? r.first_contact_due_at : due.firstContactDueAt.toISOString();
      // An agency case is due by its type's statutory and promised days (set when it was filed), not the
      // policy; a reopened item by the deadline it was given then (the rectification rule), not by its first one.
      const keeps = (r.kind === 'agency' || r.reopened_at !== null) && r.resolution_due_at;
      const resolutionDueAt = keeps ? r.resolution_due_at! : due.resolutionDueAt.toISOString();
      const calendarMissingYears = missingYearsOf(calendar, policies[r.kind][r.priority], { ...r, first_contact_due_at: firstContactDueAt, resolution_due_at: resolutionDueAt });
      const moved = !sameInstant(firstContactDueAt, r.first_contact_due_at) || !sameInstant(resolutionDueAt, r.resolution_due_at);
      if (moved || !sameYears(calendarMissingYears, r.calendar_missing_years)) changes.push({ id: r.id, moved, firstContactDueAt, resolutionDueAt, calendarMissingYears });
    }
    await writeDueTimes(ctx, changes);
    const moved = changes.filter((c) => c.moved).map((c) => c.id);
    result.updated += moved.length;
    // The reminders follow their items' due times.
    await syncItemsReminders(ctx, moved);
  }
  return result;
}

async function writeDueTimes(ctx: TenantContext, changes: DueChange[]): Promise<void> {
  if (changes.length === 0) return;
  const values = sql.join(
    changes.map((c) => sql`(${c.id}::uuid, ${c.firstContactDueAt}::timestamptz, ${c.resolutionDueAt}::timestamptz, ${c.calendarMissingYears}::smallint[])`),
  );
  await sql`
    update work_items w
       set first_contact_due_at = v.first_contact_due_at, resolution_due_at = v.resolution_due_at, calendar_missing_years = v.calendar_missing_years
      from (values ${values}) as v (id, first_contact_due_at, resolution_due_at, calendar_missing_years)
     where w.tenant_id = ${ctx.tenantId} and w.id = v.id`.execute(ctx.trx);
}
