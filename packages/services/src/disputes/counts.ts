import { sql, type Expression, type SqlBool } from 'kysely';
import { addDays, AppError, badRequest, forbidden, notFound, zonedTimeToInstant } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/** How the managers' counts are grouped (one table, one chart each). */
export const disputeCountGroups = ['station_month', 'type', 'source', 'outcome', 'risk_level'] as const;
export type DisputeCountGroup = (typeof disputeCountGroups)[number];

export interface DisputePeriodInput {
  /** Local dates, both inclusive: disputes filed in this period. */
  from: string;
  to: string;
  stationId?: string | null;
}

/** The longest period one request may count (the counts are for reviews, not archaeology). */
const MAX_PERIOD_DAYS = 5 * 366;

export interface DisputePeriod {
  fromAt: Date;
  toAt: Date;
  /** null = every station the actor may see (managers: the whole tenant). */
  stationIds: string[] | null;
}

/**
 * The period as instants in the tenant's time zone, and the stations it covers: a manager any
 * station of the tenant, staff only their own, enterprise admins none. A station of another tenant
 * is not found (row-level security hides it) — the same answer as a station that does not exist.
 */
export async function resolveDisputePeriod(ctx: TenantContext, input: DisputePeriodInput): Promise<DisputePeriod> {
  const { actor } = ctx;
  if (actor.scope.kind === 'enterprise') throw forbidden('errors.roleNotAllowed');
  if (input.from > input.to) throw badRequest('errors.dispute.badPeriod');
  const fromAt = new Date(zonedTimeToInstant(input.from, 0, ctx.timezone));
  const toAt = new Date(zonedTimeToInstant(addDays(input.to, 1), 0, ctx.timezone));
  let stationIds: string[] | null = actor.scope.kind === 'stations' ? [...actor.scope.stationIds] : null;
  if (input.stationId) {
    const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
    if (!station) throw notFound('errors.dispute.stationNotFound');
    if (stationIds && !stationIds.includes(station.id)) throw new AppError('FORBIDDEN', 'errors.dispute.stationNotYours');
    stationIds = [station.id];
  }
  return { fromAt, toAt, stationIds };
}

/** `where` for disputes at the covered stations, filed any time (on work_items as w). */
export function inScope(ctx: TenantContext, p: DisputePeriod) {
  return sql<SqlBool>`w.tenant_id = ${ctx.tenantId} and w.kind = 'dispute' ${p.stationIds ? sql`and w.station_id = any(${p.stationIds}::uuid[])` : sql``}`;
}

/** `where` for disputes filed in the period at the covered stations (on work_items as w). */
export function inPeriod(ctx: TenantContext, p: DisputePeriod) {
  return sql<SqlBool>`${inScope(ctx, p)} and w.created_at >= ${p.fromAt} and w.created_at < ${p.toAt}`;
}

const closedStatuses = sql`('resolved', 'visited', 'closed')`;

export interface DisputeCountRow {
  /** station_month: `${stationId}|${YYYY-MM}`; other groups: the value ('pending' for no outcome yet). */
  key: string;
  stationId: string | null;
  stationName: string | null;
  month: string | null;
  value: string | null;
  total: number;
  open: number;
  closed: number;
}

export interface DisputeSummary {
  total: number;
  open: number;
  closed: number;
  byLevel: { green: number; yellow: number; red: number };
  warningsRaised: number;
  warningsAcknowledged: number;
  agreements: number;
  performed: { full: number; partial: number; none: number; unknown: number };
  /** Median days from filing to outcome over the period's closed disputes; null if none closed. */
  medianDaysToClose: number | null;
}

function groupExpression(groupBy: DisputeCountGroup, tz: string): Expression<string> {
  switch (groupBy) {
    case 'station_month':
      return sql<string>`to_char(w.created_at at time zone ${tz}, 'YYYY-MM')`;
    case 'type':
      return sql<string>`c.dispute_type`;
    case 'source':
      return sql<string>`c.source`;
    case 'outcome':
      return sql<string>`coalesce(c.outcome, 'pending')`;
    case 'risk_level':
      return sql<string>`c.risk_level`;
  }
}

/**
 * The managers' dispute counts for a period: grouped rows (open and closed in each), and the
 * period's summary — levels, warnings raised and acknowledged (raised in the period), agreements
 * and their performance, median days to close. Every number is a plain count over the same rows
 * the drill-down list shows.
 */
export async function disputeCounts(
  ctx: TenantContext,
  input: DisputePeriodInput & { groupBy: DisputeCountGroup },
): Promise<{ groupBy: DisputeCountGroup; rows: DisputeCountRow[]; summary: DisputeSummary }> {
  const period = await resolveDisputePeriod(ctx, input);
  if (period.toAt.getTime() - period.fromAt.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw badRequest('errors.dispute.periodTooLong');
  const where = inPeriod(ctx, period);
  const g = groupExpression(input.groupBy, ctx.timezone);
  const byStation = input.groupBy === 'station_month';
  const grouped = await sql<{ station_id: string | null; g: string; total: number; open: number }>`
    select ${byStation ? sql`w.station_id` : sql`null::uuid`} as station_id, ${g} as g,
           count(*)::int as total,
           count(*) filter (where w.status not in ${closedStatuses})::int as open
      from work_items w
      join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
     where ${where}
     group by 1, 2
     order by 1, 2`.execute(ctx.trx);
  const stationNames = byStation
    ? new Map((await ctx.trx.selectFrom('stations').select(['id', 'name']).execute()).map((s) => [s.id, s.name]))
    : new Map<string, string>();
  const rows: DisputeCountRow[] = grouped.rows.map((r) => ({
    key: byStation ? `${r.station_id}|${r.g}` : r.g,
    stationId: r.station_id,
    stationName: r.station_id ? (stationNames.get(r.station_id) ?? null) : null,
    month: byStation ? r.g : null,
    value: byStation ? null : r.g,
    total: r.total,
    open: r.open,
    closed: r.total - r.open,
  }));

  const s = await sql<{
    total: number;
    open: number;
    green: number;
    yellow: number;
    red: number;
    agreements: number;
    full: number;
    partial: number;
    none: number;
    median_days: number | null;
  }>`
    select count(*)::int as total,
           count(*) filter (where w.status not in ${closedStatuses})::int as open,
           count(*) filter (where c.risk_level = 'green')::int as green,
           count(*) filter (where c.risk_level = 'yellow')::int as yellow,
           count(*) filter (where c.risk_level = 'red')::int as red,
           count(*) filter (where c.outcome = 'agreement')::int as agreements,
           count(*) filter (where c.outcome = 'agreement' and c.performed = 'full')::int as full,
           count(*) filter (where c.outcome = 'agreement' and c.performed = 'partial')::int as partial,
           count(*) filter (where c.outcome = 'agreement' and c.performed = 'none')::int as none,
           (percentile_cont(0.5) within group (order by extract(epoch from c.outcome_at - w.created_at) / 86400)
              filter (where w.status in ${closedStatuses} and c.outcome_at is not null))::float8 as median_days
      from work_items w
      join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
     where ${where}`.execute(ctx.trx);
  const warn = await sql<{ raised: number; acknowledged: number }>`
    select count(*)::int as raised, count(dw.acknowledged_at)::int as acknowledged
      from dispute_warnings dw
      join work_items w on w.tenant_id = dw.tenant_id and w.id = dw.item_id
     where dw.tenant_id = ${ctx.tenantId} and dw.raised_at >= ${period.fromAt} and dw.raised_at < ${period.toAt}
       ${period.stationIds ? sql`and w.station_id = any(${period.stationIds}::uuid[])` : sql``}`.execute(ctx.trx);
  const x = s.rows[0]!;
  const w = warn.rows[0]!;
  return {
    groupBy: input.groupBy,
    rows,
    summary: {
      total: x.total,
      open: x.open,
      closed: x.total - x.open,
      byLevel: { green: x.green, yellow: x.yellow, red: x.red },
      warningsRaised: w.raised,
      warningsAcknowledged: w.acknowledged,
      agreements: x.agreements,
      performed: { full: x.full, partial: x.partial, none: x.none, unknown: x.agreements - x.full - x.partial - x.none },
      medianDaysToClose: x.median_days === null ? null : Math.round(x.median_days * 10) / 10,
    },
  };
}
