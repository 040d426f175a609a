import { sql } from 'kysely';
import { addDays, finishedStatuses, headlineMetrics, localDate, notFound, presetPeriod, yearBefore, type KpiFigure, type KpiMetric } from '@stationdesk/core';
import { withWallDisplay, type Db, type WallDisplayScope } from '@stationdesk/db';
import type { ScopedContext } from '../context.ts';
import { summaryOf, trendOf } from '../kpi/figures.ts';
import type { KpiScope } from '../kpi/scope.ts';
import { loadKpiTargets } from '../kpi/targets.ts';
import { wallTokenHash } from './links.ts';
import type { ViewWallDisplayInput, ViewWallDisplayOutput } from './view.schema.ts';

type WallFigures = Omit<ViewWallDisplayOutput, 'name'>;

/**
 * How long the figures of one scope (tenant and station) are answered from memory: every screen
 * of that scope, refreshing as often as it likes, costs the database one token lookup per request
 * and the figures' queries at most once per this many milliseconds per process.
 */
export const WALL_FIGURES_FRESH_MS = 15_000;
const MAX_SCOPES = 1_000;
const recent = new Map<string, { at: number; figures: WallFigures }>();

function remember(key: string, figures: WallFigures, at: number) {
  recent.delete(key);
  recent.set(key, { at, figures });
  // Oldest first in a Map: drop the oldest scopes beyond the bound.
  for (const k of recent.keys()) {
    if (recent.size <= MAX_SCOPES) break;
    recent.delete(k);
  }
}

const headline = (figures: Record<KpiMetric, KpiFigure>) => Object.fromEntries(headlineMetrics.map((m) => [m, figures[m]])) as Pick<Record<KpiMetric, KpiFigure>, (typeof headlineMetrics)[number]>;

/**
 * wallDisplay.view: the figures behind /wall/<token>, for a screen without a session. The token's
 * hash opens a read-only transaction in the link's tenant (withWallDisplay); an unknown or revoked
 * link is not found, and is checked on every request, so a revocation holds at once even while the
 * figures are answered from memory.
 */
export async function viewWallDisplay(db: Db, input: ViewWallDisplayInput): Promise<ViewWallDisplayOutput> {
  return withWallDisplay(db, wallTokenHash(input.token), async (trx, wall) => {
    if (!wall) throw notFound('errors.wallDisplay.notFound');
    const key = `${wall.tenantId}:${wall.stationId ?? '*'}`;
    const now = Date.now();
    let hit = recent.get(key);
    if (!hit || now - hit.at >= WALL_FIGURES_FRESH_MS) {
      hit = { at: now, figures: await readWallFigures({ trx, tenantId: wall.tenantId, timezone: wall.timezone }, wall, new Date(now)) };
      remember(key, hit.figures, now);
    }
    return { name: wall.name, ...hit.figures };
  });
}

/** The figures of a wall's scope: this month's four rates with 同比 and 环比, today's counts, open work per station, twelve months' trend. */
async function readWallFigures(ctx: ScopedContext, wall: WallDisplayScope, now: Date): Promise<WallFigures> {
  const today = localDate(now, ctx.timezone);
  const month = presetPeriod('thisMonth', today);
  const stationIds = wall.stationId ? [wall.stationId] : null;
  const scope = (period: KpiScope['period']): KpiScope => ({ period, stationIds, kind: null });
  const summary = await summaryOf(ctx, scope(month));
  // Twelve months ending with this one: from the day after the same month a year ago.
  const trend = await trendOf(ctx, scope({ from: addDays(yearBefore(month).to, 1), to: month.to }));
  // Received today counts in 退单率's denominator, resolved today in 诉求解决率's (ADR 013).
  const day = (await trendOf(ctx, scope({ from: today, to: today }))).months[0]!.figures;
  const tenant = await ctx.trx.selectFrom('tenants').select(['name', 'name_en']).where('id', '=', ctx.tenantId).executeTakeFirstOrThrow();
  const { rows: stations } = await sql<{ name: string; name_en: string | null; open: number; overdue: number }>`
    select s.name, s.name_en, count(w.id)::int as open, (count(w.id) filter (where w.resolution_due_at < ${now}))::int as overdue
      from stations s
      left join work_items w on w.tenant_id = s.tenant_id and w.station_id = s.id and w.status not in (${sql.join([...finishedStatuses])})
     where s.tenant_id = ${ctx.tenantId} ${stationIds ? sql`and s.id = ${wall.stationId}` : sql``}
     group by s.id, s.code, s.name, s.name_en
     order by s.code`.execute(ctx.trx);
  const station = wall.stationId ? (stations[0] ?? null) : null;
  return {
    tenant: { name: tenant.name, nameEn: tenant.name_en },
    station: station ? { name: station.name, nameEn: station.name_en } : null,
    timezone: ctx.timezone,
    asOf: now.toISOString(),
    today,
    month,
    figures: headline(summary.figures),
    yearBefore: headline(summary.yearBefore.figures),
    periodBefore: headline(summary.periodBefore.figures),
    targets: await loadKpiTargets(ctx.trx),
    todayCounts: { received: day.returned.denominator, resolved: day.resolution.denominator },
    stations: stations.map((s) => ({ name: s.name, nameEn: s.name_en, open: s.open, overdue: s.overdue })),
    trend: trend.months.map((m) => ({ month: m.month, figures: headline(m.figures) })),
  };
}
