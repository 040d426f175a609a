import { sql, type SqlBool } from 'kysely';
import { addDays, AppError, badRequest, forbidden, localDate, notFound, zonedTimeToInstant } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import type { DisputeCountGroup, DisputeCountRow, DisputeCountsInput, DisputeCountsOutput, DisputePeriodInput } from './counts.schema.ts';

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

/** The rollup dimension behind each grouping (station × month adds up the risk levels: one per case). */
const groupDimension: Record<DisputeCountGroup, string> = {
  station_month: 'risk_level',
  type: 'type',
  source: 'source',
  outcome: 'outcome',
  risk_level: 'risk_level',
};

/** The summary's dimensions: totals and levels, agreements by performance, warnings (close_days apart). */
const summaryDimensions = ['risk_level', 'performed', 'warning'];

const DAY_MS = 86_400_000;
const firstOfMonth = (date: string) => `${date.slice(0, 8)}01`;
const nextMonth = (first: string) => firstOfMonth(addDays(first, 31));

/** Local dates [from, to) read from the day counts, added (1) or taken away (-1). */
export interface DayRange {
  from: string;
  to: string;
  sign: 1 | -1;
}

/**
 * How the local dates [from, until) are read: whole months from the month counts, the rest from the
 * day counts. A partial month at either end is read the cheaper way — its days inside the period, or
 * the whole month less its days outside — counting days after today as free (they hold no cases yet,
 * but are still read and taken away): so "the last 365 days" reads twelve months and three days.
 */
export function planPeriod(from: string, until: string, today: string): { months: { from: string; to: string } | null; days: DayRange[] } {
  const tomorrow = addDays(today, 1);
  const cost = (a: string, b: string) => Math.max(0, (Date.parse(b < tomorrow ? b : tomorrow) - Date.parse(a)) / DAY_MS);
  const days: DayRange[] = [];
  const read = (a: string, b: string, sign: 1 | -1) => {
    if (a < b) days.push({ from: a, to: b, sign });
  };
  const first = firstOfMonth(from);
  const last = firstOfMonth(addDays(until, -1));
  let start = first;
  let end = nextMonth(last);
  if (first === last) {
    if (cost(from, until) < cost(first, from) + cost(until, end)) {
      read(from, until, 1);
      return { months: null, days };
    }
    read(first, from, -1);
    read(until, end, -1);
    return { months: { from: first, to: end }, days };
  }
  if (cost(from, nextMonth(first)) < cost(first, from)) {
    start = nextMonth(first);
    read(from, start, 1);
  } else {
    read(first, from, -1);
  }
  if (cost(last, until) < cost(until, end)) {
    end = last;
    read(last, until, 1);
  } else {
    read(until, end, -1);
  }
  return { months: start < end ? { from: start, to: end } : null, days };
}

/** percentile_cont(0.5) over a histogram of whole days: the mean of the middle one or two values. */
function medianOf(histogram: Map<number, number>): number | null {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const count = sorted.reduce((s, [, n]) => s + n, 0);
  if (count === 0) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const [days, n] of sorted) {
      seen += n;
      if (i < seen) return days;
    }
    return sorted[sorted.length - 1]![0];
  };
  return (at(Math.floor((count - 1) / 2)) + at(Math.ceil((count - 1) / 2))) / 2;
}

/**
 * The managers' dispute counts for a period: grouped rows (open and closed in each), and the
 * period's summary — levels, warnings raised and acknowledged (raised in the period), agreements
 * and their performance, median local days from filing to outcome. One statement over the rollup
 * the triggers of migration 0009 keep (whole months from the month counts, the edges from the day
 * counts), so every number equals a plain count over the rows the drill-down list shows.
 */
export async function disputeCounts(ctx: TenantContext, input: DisputeCountsInput): Promise<DisputeCountsOutput> {
  const period = await resolveDisputePeriod(ctx, input);
  if (period.toAt.getTime() - period.fromAt.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw badRequest('errors.dispute.periodTooLong');
  const byStation = input.groupBy === 'station_month';
  const dimension = groupDimension[input.groupBy];
  const monthDimensions = [...new Set([dimension, ...summaryDimensions])];
  const plan = planPeriod(input.from, addDays(input.to, 1), localDate(new Date(), ctx.timezone));
  const atStations = (alias: string) => (period.stationIds ? sql`and ${sql.ref(`${alias}.station_id`)} = any(${period.stationIds}::uuid[])` : sql``);
  const parts = plan.days.map(
    (r) => sql`select d.station_id, date_trunc('month', d.day)::date, d.dimension, d.value, ${r.sign}::int * d.total, ${r.sign}::int * d.open
                 from dispute_day_counts d
                where d.tenant_id = ${ctx.tenantId} and d.dimension = any(${[...monthDimensions, 'close_days']}::text[])
                  and d.day >= ${r.from}::date and d.day < ${r.to}::date ${atStations('d')}`,
  );
  if (plan.months) {
    parts.unshift(sql`select m.station_id, m.month, m.dimension, m.value, m.total, m.open
                        from dispute_month_counts m
                       where m.tenant_id = ${ctx.tenantId} and m.dimension = any(${monthDimensions}::text[])
                         and m.month >= ${plan.months.from}::date and m.month < ${plan.months.to}::date ${atStations('m')}`);
  }

  const { rows } = await sql<{
    dimension: string | null;
    value: string | null;
    station_id: string | null;
    station_name: string | null;
    month: string | null;
    total: number;
    open: number;
    histograms: string | null;
  }>`
    with cells (station_id, month, dimension, value, total, open) as (${sql.join(parts, sql` union all `)})
    select dimension, value, null::uuid as station_id, null as station_name, null as month,
           sum(total)::int as total, sum(open)::int as open, null as histograms
      from cells
     group by dimension, value
    ${
      byStation
        ? sql`union all
              select null, null, g.station_id, s.name, to_char(g.month, 'YYYY-MM'), g.total, g.open, null
                from (select station_id, month, sum(total)::int as total, sum(open)::int as open
                        from cells where dimension = ${dimension} group by station_id, month) g
                left join stations s on s.tenant_id = ${ctx.tenantId} and s.id = g.station_id`
        : sql``
    }
    ${
      plan.months
        ? sql`union all
              select 'close_days', null, null, null, null, 0, 0, string_agg(array_lower(h.counts, 1) || ':' || array_to_string(h.counts, ',', '0'), ';')
                from dispute_close_days h
               where h.tenant_id = ${ctx.tenantId} and h.month >= ${plan.months.from}::date and h.month < ${plan.months.to}::date ${atStations('h')}`
        : sql``
    }`.execute(ctx.trx);

  // A value only on days taken away again nets to nothing: no row, as in a direct count.
  const counted = rows.filter((r) => r.total !== 0);
  const counts = (dim: string) => new Map(counted.filter((r) => r.dimension === dim).map((r) => [r.value!, r]));
  const n = (m: Map<string, { total: number }>, key: string) => m.get(key)?.total ?? 0;
  const levels = counts('risk_level');
  const performed = counts('performed');
  const warnings = counts('warning').get('');
  const closeDays = new Map<number, number>();
  const addDaysCount = (days: number, k: number) => closeDays.set(days, (closeDays.get(days) ?? 0) + k);
  for (const r of rows.filter((x) => x.dimension === 'close_days')) {
    if (r.value !== null) addDaysCount(Number(r.value), r.total);
    // The months' histograms as one text ('2:3,0,5;…': lower bound, then the counts from it) — one
    // value to read instead of a row and an int[] per station and month.
    for (const histogram of r.histograms?.split(';') ?? []) {
      const [low, list] = histogram.split(':');
      list!.split(',').forEach((k, i) => k !== '0' && addDaysCount(Number(low) + i, Number(k)));
    }
  }
  const grouped: DisputeCountRow[] = byStation
    ? counted
        .filter((r) => r.dimension === null && r.station_id)
        .map((r) => ({ key: `${r.station_id}|${r.month}`, stationId: r.station_id, stationName: r.station_name, month: r.month, value: null, total: r.total, open: r.open, closed: r.total - r.open }))
    : [...counts(dimension).values()].map((r) => ({ key: r.value!, stationId: null, stationName: null, month: null, value: r.value, total: r.total, open: r.open, closed: r.total - r.open }));
  grouped.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = [...levels.values()].reduce((s, r) => s + r.total, 0);
  const open = [...levels.values()].reduce((s, r) => s + r.open, 0);
  const byPerformance = { full: n(performed, 'full'), partial: n(performed, 'partial'), none: n(performed, 'none'), unknown: n(performed, 'unknown') };
  return {
    groupBy: input.groupBy,
    rows: grouped,
    summary: {
      total,
      open,
      closed: total - open,
      byLevel: { green: n(levels, 'green'), yellow: n(levels, 'yellow'), red: n(levels, 'red') },
      warningsRaised: warnings?.total ?? 0,
      warningsAcknowledged: warnings ? warnings.total - warnings.open : 0,
      // Every agreement counts once by its performance ('unknown' before a visit).
      agreements: byPerformance.full + byPerformance.partial + byPerformance.none + byPerformance.unknown,
      performed: byPerformance,
      medianDaysToClose: medianOf(closeDays),
    },
  };
}
