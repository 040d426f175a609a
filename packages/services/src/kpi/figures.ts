import { sql } from 'kysely';
import {
  addDays,
  defaultBusinessHours,
  durationFigure,
  forbidden,
  hoursToFirstContact,
  hoursToResolution,
  monthsOf,
  periodBefore,
  sumCells,
  yearBefore,
  type KpiMetric,
  type KpiPeriod,
  type WorkCalendar,
} from '@stationdesk/core';
import type { ScopedContext, TenantContext } from '../context.ts';
import type {
  KpiByStaffInput,
  KpiByStaffOutput,
  KpiByStationInput,
  KpiByStationOutput,
  KpiDurationsInput,
  KpiDurationsOutput,
  KpiSummaryInput,
  KpiSummaryOutput,
  KpiTrendInput,
  KpiTrendOutput,
} from './figures.schema.ts';
import { inScope, periodCells, periodInstants, resolveKpiScope, type KpiScope } from './scope.ts';
import { loadKpiTargets } from './targets.ts';

interface SummedRow {
  key: string | null;
  metric: KpiMetric;
  numerator: number;
  denominator: number;
}

/** Figures per key (a period label, a month, a station, a handler) from summed rollup rows, and the keys that counted anything. */
function figuresBy(rows: SummedRow[]) {
  const byKey = new Map<string | null, SummedRow[]>();
  for (const r of rows) if (r.numerator !== 0 || r.denominator !== 0) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  return { figures: (key: string | null) => sumCells(byKey.get(key) ?? []), keys: [...byKey.keys()] };
}

/** The rollup of one or more periods summed per metric and per the given grouping column. */
async function sumPeriods(ctx: ScopedContext, scope: KpiScope, periods: { label: string; period: KpiPeriod }[], key: 'label' | 'month' | 'station_id' | 'staff_id') {
  const cells = sql.join(
    periods.map((p) => periodCells(ctx, scope, p.period, p.label, { byStaff: key === 'staff_id' })),
    sql` union all `,
  );
  const keyExpr =
    key === 'month'
      ? sql`to_char(c.month, 'YYYY-MM')`
      : key === 'staff_id'
        ? // The rollup keys items nobody holds by the nil uuid (kpi_staff); the answer says null.
          sql`nullif(c.staff_id, '00000000-0000-0000-0000-000000000000')::text`
        : sql`${sql.ref(`c.${key}`)}::text`;
  const { rows } = await sql<SummedRow>`
    select ${keyExpr} as key, c.metric, sum(c.numerator)::int as numerator, sum(c.denominator)::int as denominator
      from (${cells}) c
     group by 1, 2`.execute(ctx.trx);
  return figuresBy(rows);
}

/**
 * The KPIs of a period with their numerators and denominators, beside the same dates a year before
 * (同比) and the period just before (环比), from the rollup of migration 0023; and the 整改 open now;
 * and the tenant's targets the rates are coloured against.
 */
export async function kpiSummary(ctx: TenantContext, input: KpiSummaryInput): Promise<KpiSummaryOutput> {
  const scope = await resolveKpiScope(ctx, input);
  return { ...(await summaryOf(ctx, scope)), targets: await loadKpiTargets(ctx.trx) };
}

/** kpi.summary's figures of a scope already resolved (the dashboard's, or a wall display's). */
export async function summaryOf(ctx: ScopedContext, scope: KpiScope): Promise<Omit<KpiSummaryOutput, 'targets'>> {
  const lastYear = yearBefore(scope.period);
  const before = periodBefore(scope.period);
  // A whole year's 环比 is its 同比: read once.
  const sameBefore = before.from === lastYear.from && before.to === lastYear.to;
  const { figures } = await sumPeriods(
    ctx,
    scope,
    [
      { label: 'current', period: scope.period },
      { label: 'yearBefore', period: lastYear },
      ...(sameBefore ? [] : [{ label: 'periodBefore', period: before }]),
    ],
    'label',
  );
  // Owed and not done (整改完成, core's rectificationOpen), whatever the item's status; written as the
  // partial index work_items_rectification_open_idx is (migration 0026).
  const rect = await sql<{ open: number; overdue: number }>`
    select count(*)::int as open, (count(*) filter (where w.rectification_due_at < now()))::int as overdue
      from work_items w
     where w.tenant_id = ${ctx.tenantId} and w.rectification_due_at is not null and w.rectified_at is null
       ${inScope(scope, 'w')}`.execute(ctx.trx);
  return {
    period: { from: scope.period.from, to: scope.period.to },
    figures: figures('current'),
    yearBefore: { period: lastYear, figures: figures('yearBefore') },
    periodBefore: { period: before, figures: figures(sameBefore ? 'yearBefore' : 'periodBefore') },
    rectifications: { open: rect.rows[0]!.open, overdue: rect.rows[0]!.overdue },
  };
}

/** The KPIs month by month (the months the period touches, clipped to it). */
export async function kpiTrend(ctx: TenantContext, input: KpiTrendInput): Promise<KpiTrendOutput> {
  return trendOf(ctx, await resolveKpiScope(ctx, input));
}

/** kpi.trend of a scope already resolved. */
export async function trendOf(ctx: ScopedContext, scope: KpiScope): Promise<KpiTrendOutput> {
  const { figures } = await sumPeriods(ctx, scope, [{ label: 'trend', period: scope.period }], 'month');
  return { months: monthsOf(scope.period).map((m) => ({ month: m.month, from: m.from, to: m.to, figures: figures(m.month) })) };
}

/** The KPIs per station the reader may see, every one of them listed (0 / 0 where nothing counted). */
export async function kpiByStation(ctx: TenantContext, input: KpiByStationInput): Promise<KpiByStationOutput> {
  const scope = await resolveKpiScope(ctx, input);
  const { figures } = await sumPeriods(ctx, scope, [{ label: 'station', period: scope.period }], 'station_id');
  let stations = ctx.trx.selectFrom('stations').select(['id', 'name']).orderBy('code');
  if (scope.stationIds) {
    if (scope.stationIds.length === 0) return { rows: [], targets: await loadKpiTargets(ctx.trx) };
    stations = stations.where('id', 'in', scope.stationIds);
  }
  const rows = await stations.execute();
  return { rows: rows.map((s) => ({ stationId: s.id, stationName: s.name, figures: figures(s.id) })), targets: await loadKpiTargets(ctx.trx) };
}

/** The KPIs per handler (the items' assignee): managers only. Handlers with nothing counted are left out. */
export async function kpiByStaff(ctx: TenantContext, input: KpiByStaffInput): Promise<KpiByStaffOutput> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const scope = await resolveKpiScope(ctx, input);
  const { figures, keys } = await sumPeriods(ctx, scope, [{ label: 'staff', period: scope.period }], 'staff_id');
  const staffIds = keys.filter((k): k is string => k !== null);
  const names = new Map(
    staffIds.length ? (await ctx.trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', staffIds).execute()).map((u) => [u.id, u.display_name]) : [],
  );
  const rows = keys
    .map((k) => ({ staffId: k, staffName: k === null ? null : (names.get(k) ?? null), figures: figures(k) }))
    .sort((a, b) => (a.staffName === null ? 1 : b.staffName === null ? -1 : a.staffName.localeCompare(b.staffName, 'zh-CN')));
  return { rows, targets: await loadKpiTargets(ctx.trx) };
}

/** The tenant's working calendar with the holidays and make-up days of the period (and a week around it). */
async function calendarFor(ctx: TenantContext, period: KpiPeriod): Promise<WorkCalendar> {
  const row = await ctx.trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days']).executeTakeFirst();
  const days = await ctx.trx
    .selectFrom('calendar_days')
    .select(['day', 'kind'])
    .where('day', '>=', addDays(period.from, -400))
    .where('day', '<=', addDays(period.to, 7))
    .execute();
  return {
    timezone: ctx.timezone,
    businessHours: row?.business_hours ?? defaultBusinessHours,
    weekendDays: row?.weekend_days ?? [0, 6],
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
  };
}

/**
 * Median and p90 working hours: to the first contact over the items whose first-contact window ended
 * in the period and were contacted, to the resolution over the items resolved in it (the same items
 * as the first-contact and resolution rates). Working time needs the calendar, so the items are read
 * and measured here, not rolled up: a year of a busy tenant is a few hundred thousand rows.
 */
export async function kpiDurations(ctx: TenantContext, input: KpiDurationsInput): Promise<KpiDurationsOutput> {
  const scope = await resolveKpiScope(ctx, input);
  const { fromAt, toAt } = periodInstants(ctx, scope.period);
  const { rows } = await sql<{ metric: 'firstContact' | 'resolution'; created_at: string; first_contact_at: string | null; resolved_at: string | null; paused_minutes: number }>`
    select x.metric, w.created_at, w.first_contact_at, w.resolved_at, w.paused_minutes
      from work_items w, kpi_item_cells(${ctx.timezone}, w) x
     where w.tenant_id = ${ctx.tenantId} and w.first_contact_due_at >= ${fromAt} and w.first_contact_due_at < ${toAt}
       and w.first_contact_at is not null and x.metric = 'firstContact' ${inScope(scope, 'w')}
    union all
    select x.metric, w.created_at, w.first_contact_at, w.resolved_at, w.paused_minutes
      from work_items w, kpi_item_cells(${ctx.timezone}, w) x
     where w.tenant_id = ${ctx.tenantId} and w.resolved_at >= ${fromAt} and w.resolved_at < ${toAt}
       and x.metric = 'resolution' ${inScope(scope, 'w')}`.execute(ctx.trx);
  const calendar = await calendarFor(ctx, scope.period);
  const hours = { firstContact: [] as number[], resolution: [] as number[] };
  for (const r of rows) {
    const facts = {
      createdAt: new Date(r.created_at),
      firstContactAt: r.first_contact_at ? new Date(r.first_contact_at) : null,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
      pausedMinutes: r.paused_minutes,
    };
    const h = r.metric === 'firstContact' ? hoursToFirstContact(calendar, facts) : hoursToResolution(calendar, facts);
    if (h !== null) hours[r.metric].push(h);
  }
  return { firstContact: durationFigure(hours.firstContact), resolution: durationFigure(hours.resolution) };
}
