import { sql, type RawBuilder } from 'kysely';
import { addDays, AppError, badRequest, forbidden, localDate, notFound, periodDays, zonedTimeToInstant, type KpiPeriod, type WorkItemKind } from '@stationdesk/core';
import type { ScopedContext, TenantContext } from '../context.ts';
import { planPeriod } from '../disputes/counts.ts';

/** The longest period one request may read (reviews, not archaeology). */
const MAX_PERIOD_DAYS = 5 * 366;

export interface KpiScopeInput {
  from: string;
  to: string;
  stationId?: string | undefined;
  kind?: WorkItemKind | undefined;
}

export interface KpiScope {
  period: KpiPeriod;
  /** null: every station of the tenant (managers). */
  stationIds: string[] | null;
  kind: WorkItemKind | null;
}

/**
 * Who may read which figures: managers every station of the tenant, staff the stations they work
 * at, enterprise admins none. A station of another tenant is not found (row-level security hides
 * it), as one that does not exist.
 */
export async function resolveKpiScope(ctx: TenantContext, input: KpiScopeInput): Promise<KpiScope> {
  const { actor } = ctx;
  if (actor.scope.kind === 'enterprise') throw forbidden('errors.roleNotAllowed');
  if (input.from > input.to) throw badRequest('errors.kpi.badPeriod');
  if (periodDays(input) > MAX_PERIOD_DAYS) throw badRequest('errors.kpi.periodTooLong');
  let stationIds: string[] | null = actor.scope.kind === 'stations' ? [...actor.scope.stationIds] : null;
  if (input.stationId) {
    const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
    if (!station) throw notFound('errors.kpi.stationNotFound');
    if (stationIds && !stationIds.includes(station.id)) throw new AppError('FORBIDDEN', 'errors.kpi.stationNotYours');
    stationIds = [station.id];
  }
  return { period: { from: input.from, to: input.to }, stationIds, kind: input.kind ?? null };
}

/** The period's instants in the tenant's zone: [fromAt, toAt). */
export function periodInstants(ctx: ScopedContext, p: KpiPeriod): { fromAt: Date; toAt: Date } {
  return {
    fromAt: new Date(zonedTimeToInstant(p.from, 0, ctx.timezone)),
    toAt: new Date(zonedTimeToInstant(addDays(p.to, 1), 0, ctx.timezone)),
  };
}

/** `and …` for rows of the scope's stations and kind (on the alias given). */
export function inScope(scope: Pick<KpiScope, 'stationIds' | 'kind'>, alias: string): RawBuilder<unknown> {
  return sql`${scope.stationIds ? sql`and ${sql.ref(`${alias}.station_id`)} = any(${scope.stationIds}::uuid[])` : sql``}
             ${scope.kind ? sql`and ${sql.ref(`${alias}.kind`)} = ${scope.kind}` : sql``}`;
}

/**
 * The rollup's cells of one period (select label, station_id, staff_id, month, metric, numerator,
 * denominator): whole months from the month counts, the edges from the day counts, added or taken
 * away as disputes' planPeriod reads them. `label` tells periods apart when several are read at once.
 * Without a kind filter and unless the handlers are wanted (`byStaff`), from the rollup per station
 * (migration 0028: a station's kinds and handlers added up, staff_id null) — the same sums from far
 * fewer rows.
 */
export function periodCells(ctx: ScopedContext, scope: KpiScope, period: KpiPeriod, label: string, opts: { byStaff?: boolean } = {}): RawBuilder<unknown> {
  const plan = planPeriod(period.from, addDays(period.to, 1), localDate(new Date(), ctx.timezone));
  const perStation = scope.kind === null && !opts.byStaff;
  const [days, months, staff] = perStation
    ? [sql`kpi_station_day_counts`, sql`kpi_station_month_counts`, sql`null::uuid`]
    : [sql`kpi_day_counts`, sql`kpi_month_counts`, null];
  const parts = plan.days.map(
    (r) => sql`select ${label}::text as label, d.station_id, ${staff ?? sql`d.staff_id`} as staff_id, date_trunc('month', d.day)::date as month, d.metric,
                      ${r.sign}::int * d.numerator as numerator, ${r.sign}::int * d.denominator as denominator
                 from ${days} d
                where d.tenant_id = ${ctx.tenantId} and d.day >= ${r.from}::date and d.day < ${r.to}::date ${inScope(scope, 'd')}`,
  );
  if (plan.months) {
    parts.push(sql`select ${label}::text as label, m.station_id, ${staff ?? sql`m.staff_id`} as staff_id, m.month, m.metric, m.numerator, m.denominator
                     from ${months} m
                    where m.tenant_id = ${ctx.tenantId} and m.month >= ${plan.months.from}::date and m.month < ${plan.months.to}::date
                      ${inScope(scope, 'm')}`);
  }
  // An empty period part still needs a row shape: a select of nothing.
  if (parts.length === 0) {
    return sql`select null::text as label, null::uuid as station_id, null::uuid as staff_id, null::date as month, null::text as metric, 0 as numerator, 0 as denominator where false`;
  }
  return sql.join(parts, sql` union all `);
}
