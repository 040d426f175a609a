import { sql } from 'kysely';
import { addDays, badRequest, disputeOutcomes, disputeTypes, kpiFigure, localDate, patrolSources, reportPeriods, workItemKinds, type KpiPeriod, type WorkItemKind } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { disputeCounts, planPeriod } from '../disputes/counts.ts';
import { kpiByStation, kpiSummary } from '../kpi/figures.ts';
import { inScope, periodCells, periodInstants, resolveKpiScope, type KpiScope } from '../kpi/scope.ts';
import { partyPeriodFigures } from '../party/stats.ts';
import { channels, consultationCategories } from '../work-items/create-work-item.schema.ts';
import type { YearCountRow, YearPair, YearReportInput, YearReportOutput } from './year.schema.ts';

type Year = 'current' | 'previous';
const years: readonly Year[] = ['current', 'previous'];

interface ReportPeriod {
  current: KpiPeriod;
  previous: KpiPeriod;
}

/** Rows of (year, key, count) as one row per key with both years, in the order of `order` (keys it does not name after, by count). */
function pairRows(rows: { year: Year; key: string | null; n: number }[], order: readonly string[] = []): YearCountRow[] {
  const byKey = new Map<string | null, YearCountRow>();
  for (const r of rows) {
    const row = byKey.get(r.key) ?? { key: r.key, current: 0, previous: 0 };
    row[r.year] += r.n;
    byKey.set(r.key, row);
  }
  const rank = (k: string | null) => (k === null ? order.length + 1 : order.includes(k) ? order.indexOf(k) : order.length);
  return [...byKey.values()]
    .filter((r) => r.current !== 0 || r.previous !== 0)
    .sort((a, b) => rank(a.key) - rank(b.key) || b.current - a.current || b.previous - a.previous || String(a.key).localeCompare(String(b.key)));
}

const sumPair = (rows: YearPair[]): YearPair => rows.reduce((s, r) => ({ current: s.current + r.current, previous: s.previous + r.previous }), { current: 0, previous: 0 });

/** `case … then 'current' else 'previous'`: which of the two periods a time within one of them belongs to. */
const yearOf = (at: ReturnType<typeof sql.ref>, currentFrom: Date) => sql<Year>`case when ${at} >= ${currentFrom} then 'current' else 'previous' end`;

/**
 * Items received per station and kind in each period: the KPI rollup's `returned` denominator, which
 * counts every item on the local day it was received (ADR 013) — so these counts and the dashboard's
 * come from one place, whole months read from the month table.
 */
async function receivedByStation(ctx: TenantContext, scope: KpiScope, p: ReportPeriod) {
  const parts = workItemKinds.flatMap((kind) => years.map((y) => periodCells(ctx, { ...scope, kind }, p[y], `${kind}|${y}`)));
  const { rows } = await sql<{ label: string; station_id: string; n: number }>`
    select c.label, c.station_id::text, sum(c.denominator)::int as n
      from (${sql.join(parts, sql` union all `)}) c
     where c.metric = 'returned'
     group by 1, 2`.execute(ctx.trx);
  const out = new Map<string, Record<WorkItemKind, YearPair>>();
  for (const r of rows) {
    if (r.n === 0) continue;
    const [kind, year] = r.label.split('|') as [WorkItemKind, Year];
    const station = out.get(r.station_id) ?? (Object.fromEntries(workItemKinds.map((k) => [k, { current: 0, previous: 0 }])) as Record<WorkItemKind, YearPair>);
    station[kind][year] += r.n;
    out.set(r.station_id, station);
  }
  return out;
}

/**
 * Items of one kind received in each period, by dimension and value, from the report's rollup
 * (migration 0029: whole months from the month table, the edges from the day table, as the KPIs
 * read theirs); '' (none) comes back as null.
 */
async function receipts(ctx: TenantContext, scope: KpiScope, p: ReportPeriod, kind: 'consultation' | 'agency') {
  const today = localDate(new Date(), ctx.timezone);
  const stations = (alias: string) => inScope({ stationIds: scope.stationIds, kind: null }, alias);
  const parts = years.flatMap((y) => {
    const plan = planPeriod(p[y].from, addDays(p[y].to, 1), today);
    const read = plan.days.map(
      (r) => sql`select ${y}::text as year, d.dimension, d.value, ${r.sign}::int * d.total as total
                   from report_day_counts d
                  where d.tenant_id = ${ctx.tenantId} and d.kind = ${kind} and d.day >= ${r.from}::date and d.day < ${r.to}::date ${stations('d')}`,
    );
    if (plan.months) {
      read.push(sql`select ${y}::text as year, m.dimension, m.value, m.total
                      from report_month_counts m
                     where m.tenant_id = ${ctx.tenantId} and m.kind = ${kind} and m.month >= ${plan.months.from}::date and m.month < ${plan.months.to}::date
                       ${stations('m')}`);
    }
    return read;
  });
  if (parts.length === 0) return [];
  const { rows } = await sql<{ year: Year; dimension: string; value: string; n: number }>`
    select c.year, c.dimension, c.value, sum(c.total)::int as n
      from (${sql.join(parts, sql` union all `)}) c
     group by 1, 2, 3`.execute(ctx.trx);
  return rows.filter((r) => r.n !== 0).map((r) => ({ year: r.year, dimension: r.dimension, key: r.value === '' ? null : r.value, n: r.n }));
}

/** Consultations received, by category and by channel. */
async function consultationCounts(ctx: TenantContext, scope: KpiScope, p: ReportPeriod) {
  const rows = await receipts(ctx, scope, p, 'consultation');
  return {
    byCategory: pairRows(
      rows.filter((r) => r.dimension === 'category'),
      consultationCategories,
    ),
    byChannel: pairRows(
      rows.filter((r) => r.dimension === 'channel'),
      channels,
    ),
  };
}

interface OnTimeRow {
  year: Year;
  by_department: boolean;
  type_id: string | null;
  department: string | null;
  numerator: number;
  denominator: number;
}

/**
 * Agency items received by case type and by department (the report's rollup), and their on-time
 * completion: kpi's onTime cells (kpi_item_cells, the function its rollup is kept by) on the day each
 * item was due, read from the agency items due in the two periods — so the types add up to the
 * on-time figure of kpi.summary for agency items. An agency item without a case counts under no
 * type and no department (null).
 */
async function agencyCounts(ctx: TenantContext, scope: KpiScope, p: ReportPeriod) {
  const received = await receipts(ctx, scope, p, 'agency');
  const cur = periodInstants(ctx, p.current);
  const prev = periodInstants(ctx, p.previous);
  // Written as the partial index work_items_agency_due_idx is (migration 0029).
  const { rows: onTime } = await sql<OnTimeRow>`
    select x.year, grouping(x.type_id) = 1 as by_department, x.type_id::text, x.department,
           sum(x.numerator)::int as numerator, sum(x.denominator)::int as denominator
      from (select case when c.day >= ${p.current.from}::date then 'current' else 'previous' end as year, a.type_id, a.department, c.numerator, c.denominator
              from work_items w
              left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id,
                   kpi_item_cells(${ctx.timezone}, w) c
             where w.tenant_id = ${ctx.tenantId} and w.kind = 'agency' and w.resolution_due_at >= ${prev.fromAt} and w.resolution_due_at < ${cur.toAt}
               and c.metric = 'onTime'
               and (c.day between ${p.previous.from}::date and ${p.previous.to}::date or c.day between ${p.current.from}::date and ${p.current.to}::date)
               ${inScope({ stationIds: scope.stationIds, kind: null }, 'w')}) x
     group by grouping sets ((x.year, x.type_id), (x.year, x.department))`.execute(ctx.trx);

  const typeIds = [...new Set([...received.filter((r) => r.dimension === 'agency_type').map((r) => r.key), ...onTime.map((r) => r.type_id)].filter((id): id is string => id !== null))];
  const types = new Map(
    typeIds.length ? (await ctx.trx.selectFrom('agency_types').select(['id', 'name', 'name_en']).where('id', 'in', typeIds).execute()).map((t) => [t.id, t]) : [],
  );
  const group = (counts: { year: Year; key: string | null; n: number }[], fractions: { year: Year; key: string | null; numerator: number; denominator: number }[]) => {
    const out = new Map<string | null, YearPair & { onTime: Record<Year, [number, number]> }>();
    const at = (key: string | null) => out.get(key) ?? out.set(key, { current: 0, previous: 0, onTime: { current: [0, 0], previous: [0, 0] } }).get(key)!;
    for (const r of counts) at(r.key)[r.year] += r.n;
    for (const r of fractions) {
      const g = at(r.key);
      g.onTime[r.year][0] += r.numerator;
      g.onTime[r.year][1] += r.denominator;
    }
    return [...out]
      .filter(([, g]) => g.current || g.previous || g.onTime.current[1] || g.onTime.previous[1])
      .map(([k, g]) => ({ key: k, current: g.current, previous: g.previous, onTime: { current: kpiFigure(...g.onTime.current), previous: kpiFigure(...g.onTime.previous) } }))
      .sort((a, b) => b.current - a.current || b.previous - a.previous || (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, 'zh-CN')));
  };
  return {
    byType: group(
      received.filter((r) => r.dimension === 'agency_type'),
      onTime.filter((r) => !r.by_department).map((r) => ({ ...r, key: r.type_id })),
    ).map(({ key, ...g }) => {
      const type = key === null ? undefined : types.get(key);
      return { typeId: key, name: type?.name ?? null, nameEn: type?.name_en ?? null, current: g.current, previous: g.previous, onTime: g.onTime };
    }),
    byDepartment: group(
      received.filter((r) => r.dimension === 'agency_department'),
      onTime.filter((r) => r.by_department).map((r) => ({ ...r, key: r.department })),
    ).map(({ key, ...g }) => ({ department: key, current: g.current, previous: g.previous, onTime: g.onTime })),
  };
}

/**
 * Patrol findings received by source, read from the findings (their table comes after the report's
 * rollup, migration 0030) and their items' receipt; the patrol items without a finding's record
 * are the rest of the kind's receipts (null).
 */
async function patrolCounts(ctx: TenantContext, scope: KpiScope, p: ReportPeriod, total: YearPair) {
  const cur = periodInstants(ctx, p.current);
  const prev = periodInstants(ctx, p.previous);
  const { rows } = await sql<{ year: Year; source: string; n: number }>`
    select ${yearOf(sql.ref('w.created_at'), cur.fromAt)} as year, f.source, count(*)::int as n
      from patrol_findings f
      join work_items w on w.tenant_id = f.tenant_id and w.id = f.item_id
     where f.tenant_id = ${ctx.tenantId}
       and ((w.created_at >= ${cur.fromAt} and w.created_at < ${cur.toAt}) or (w.created_at >= ${prev.fromAt} and w.created_at < ${prev.toAt}))
       ${inScope({ stationIds: scope.stationIds, kind: 'patrol' }, 'w')}
     group by 1, 2`.execute(ctx.trx);
  const found = rows.map((r) => ({ year: r.year, key: r.source as string | null, n: r.n }));
  const none = years.map((y) => ({ year: y, key: null, n: total[y] - found.filter((r) => r.year === y).reduce((s, r) => s + r.n, 0) }));
  return pairRows([...found, ...none], patrolSources);
}

/** Disputes by type and by outcome from dispute.counts (its rollup, migration 0009), both periods. */
async function disputeFigures(ctx: TenantContext, stationId: string | undefined, p: ReportPeriod) {
  const counts = async (groupBy: 'type' | 'outcome') => {
    const [current, previous] = [
      await disputeCounts(ctx, { ...p.current, ...(stationId ? { stationId } : {}), groupBy }),
      await disputeCounts(ctx, { ...p.previous, ...(stationId ? { stationId } : {}), groupBy }),
    ];
    const rows = [
      ...current.rows.map((r) => ({ year: 'current' as const, key: r.value, n: r.total })),
      ...previous.rows.map((r) => ({ year: 'previous' as const, key: r.value, n: r.total })),
    ];
    return { rows, total: { current: current.summary.total, previous: previous.summary.total } };
  };
  const byType = await counts('type');
  const byOutcome = await counts('outcome');
  return { total: byType.total, byType: pairRows(byType.rows, disputeTypes), byOutcome: pairRows(byOutcome.rows, [...disputeOutcomes, 'pending']) };
}

/**
 * 年度工作统计: a year's work per function with 同比 (the same dates a year before) — the four rates
 * as kpi.summary reads them, consultations by category and channel, agency items by type and
 * department with their on-time completion, disputes as dispute.counts counts them, patrol findings
 * by who found them, and per station. The year is local dates in the tenant's zone, up to today while under way. Staff
 * read their own stations, managers every one (kpi's scope); enterprise admins none.
 */
export async function yearReport(ctx: TenantContext, input: YearReportInput): Promise<YearReportOutput> {
  const periods = reportPeriods(input.year, localDate(new Date(), ctx.timezone));
  if (!periods) throw badRequest('errors.report.yearNotBegun');
  const p: ReportPeriod = { current: periods.period, previous: periods.yearBefore };
  const stationId = input.stationId;
  const scope = await resolveKpiScope(ctx, { ...p.current, stationId });
  const tenant = await ctx.trx.selectFrom('tenants').select(['name', 'name_en']).where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();

  const summary = await kpiSummary(ctx, { ...p.current, stationId });
  const agencySummary = await kpiSummary(ctx, { ...p.current, stationId, kind: 'agency' });
  const received = await receivedByStation(ctx, scope, p);
  const consultations = await consultationCounts(ctx, scope, p);
  const agency = await agencyCounts(ctx, scope, p);
  const disputes = await disputeFigures(ctx, stationId, p);

  const stationRates = {
    current: (await kpiByStation(ctx, p.current)).rows,
    previous: (await kpiByStation(ctx, p.previous)).rows,
  };
  const shown = stationRates.current.filter((r) => !stationId || r.stationId === stationId);
  const shownIds = shown.map((r) => r.stationId);
  const namesEn = new Map(shownIds.length ? (await ctx.trx.selectFrom('stations').select(['id', 'name_en']).where('id', 'in', shownIds).execute()).map((s) => [s.id, s.name_en]) : []);
  const none = () => Object.fromEntries(workItemKinds.map((k) => [k, { current: 0, previous: 0 }])) as Record<WorkItemKind, YearPair>;
  const stations = shown.map((r) => ({
    stationId: r.stationId,
    stationName: r.stationName,
    stationNameEn: namesEn.get(r.stationId) ?? null,
    received: received.get(r.stationId) ?? none(),
    rates: { current: r.figures, previous: stationRates.previous.find((x) => x.stationId === r.stationId)!.figures },
  }));
  const totalOf = (kind: WorkItemKind) => sumPair([...received.values()].map((s) => s[kind]));
  const patrolBySource = await patrolCounts(ctx, scope, p, totalOf('patrol'));
  const party = { current: (await partyPeriodFigures(ctx, scope.stationIds, p.current)).total, previous: (await partyPeriodFigures(ctx, scope.stationIds, p.previous)).total };

  return {
    year: input.year,
    tenantName: tenant.name,
    tenantNameEn: tenant.name_en,
    stationId: stationId ?? null,
    period: p.current,
    yearBefore: p.previous,
    partial: periods.partial,
    rates: { current: summary.figures, previous: summary.yearBefore.figures },
    consultations: { total: totalOf('consultation'), ...consultations },
    agency: { total: totalOf('agency'), onTime: { current: agencySummary.figures.onTime, previous: agencySummary.yearBefore.figures.onTime }, ...agency },
    disputes,
    patrol: { total: totalOf('patrol'), bySource: patrolBySource },
    party,
    stations,
  };
}
