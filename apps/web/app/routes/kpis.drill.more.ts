import { localDate } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { errorMessage, isUnauthorized } from '../lib/errors.server.ts';
import { kpiDrillPageSize, readDrillTarget, readKpiFilters, toKpiInput } from '../lib/kpi.ts';
import type { Route } from './+types/kpis.drill.more';

/** The next page of a KPI drill-down as JSON, for "load more": the same figure and filters and a cursor. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const cursor = url.searchParams.get('cursor') || undefined;
  const target = readDrillTarget(url.searchParams);
  const headers = { 'cache-control': 'no-store' };
  try {
    if (!target) return Response.json({ error: translator(context.lang)('kpi.drill.badMetric') }, { status: 400, headers });
    const me = await context.trpc.auth.me();
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    const filters = readKpiFilters(url.searchParams, localDate(new Date(), tz));
    const { staffId, ...figureOf } = target;
    const page = await context.trpc.kpi.drill({ ...toKpiInput(filters), ...figureOf, ...(staffId !== undefined ? { staffId } : {}), ...(cursor ? { cursor } : {}), limit: kpiDrillPageSize });
    return Response.json(page, { headers });
  } catch (e) {
    return Response.json({ error: errorMessage(e, context.lang) }, { status: isUnauthorized(e) ? 401 : 400, headers });
  }
}
