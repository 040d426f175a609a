import { sql } from 'kysely';
import { finishedStatuses, localDate, patrolSources, patrolTiers, workItemStatuses } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import type { FileStorage } from '@stationdesk/storage';
import type { TenantContext } from '../context.ts';
import { storeGeneratedFile } from '../files/store-generated-file.ts';
import { periodInstants, resolveKpiScope } from '../kpi/scope.ts';
import { writeXlsx } from '../spreadsheets/write.ts';
import { loadPatrolCategories } from './categories.ts';
import type { ExportPatrolStatsInput, PatrolStatsInput, PatrolStatsOutput } from './stats.schema.ts';

/** A floor with this many findings in the period is a repeat location. */
export const PATROL_REPEAT_THRESHOLD = 3;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bottom to top: B2, B1, 1F … nF, RF. */
function floorOrder(label: string): number {
  if (label === 'RF') return 100_000;
  const b = /^B(\d+)$/.exec(label);
  if (b) return -Number(b[1]);
  const f = /^(\d+)F$/.exec(label);
  return f ? Number(f[1]) : 50_000;
}

/**
 * patrol.stats (巡查统计): the findings raised in the period by category, tier, source and status,
 * those overdue now, the repeat locations, the building × floor heat table, and the rounds dated
 * in the period per station (planned, walked, missed). Managers read every station, staff theirs;
 * enterprise admins none (the KPI scope rules).
 */
export async function patrolStats(ctx: TenantContext, input: PatrolStatsInput): Promise<PatrolStatsOutput> {
  const scope = await resolveKpiScope(ctx, { from: input.from, to: input.to, stationId: input.stationId });
  const { fromAt, toAt } = periodInstants(ctx, scope.period);
  const stations = scope.stationIds;
  const findings = () => {
    let q = ctx.trx
      .selectFrom('patrol_findings as f')
      .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'f.tenant_id').onRef('w.id', '=', 'f.item_id'))
      .where('f.created_at', '>=', fromAt.toISOString())
      .where('f.created_at', '<', toAt.toISOString());
    if (stations) q = q.where('w.station_id', 'in', stations.length ? stations : ['00000000-0000-0000-0000-000000000000']);
    return q;
  };
  const n = sql<string>`count(*)`;
  const now = new Date();
  const [byCategory, byTier, bySource, byStatus, overdue, places, rounds] = await Promise.all([
    findings().select(['f.category as key', n.as('n')]).groupBy('f.category').execute(),
    findings().select(['f.tier as key', n.as('n')]).groupBy('f.tier').execute(),
    findings().select(['f.source as key', n.as('n')]).groupBy('f.source').execute(),
    findings().select(['w.status as key', n.as('n')]).groupBy('w.status').execute(),
    findings().select(n.as('n')).where('w.status', 'not in', [...finishedStatuses]).where('w.resolution_due_at', '<', now.toISOString()).executeTakeFirstOrThrow(),
    findings()
      .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'f.tenant_id').onRef('b.id', '=', 'f.building_id'))
      .select(['f.building_id', 'b.name as building_name', 'f.floor', n.as('n')])
      .groupBy(['f.building_id', 'b.name', 'f.floor'])
      .execute(),
    (() => {
      let q = ctx.trx
        .selectFrom('stations as s')
        .leftJoin('patrol_rounds as r', (j) =>
          j.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.station_id', '=', 's.id').on('r.round_date', '>=', scope.period.from).on('r.round_date', '<=', scope.period.to),
        )
        .select([
          's.id',
          's.name',
          's.name_en',
          sql<string>`count(r.id)`.as('planned'),
          sql<string>`count(r.id) filter (where r.status = 'done')`.as('done'),
          sql<string>`count(r.id) filter (where r.status = 'missed')`.as('missed'),
          sql<string>`count(r.id) filter (where r.status in ('planned', 'in_progress'))`.as('open'),
        ])
        .groupBy(['s.id', 's.name', 's.name_en', 's.code'])
        .orderBy('s.code');
      if (stations) q = q.where('s.id', 'in', stations.length ? stations : ['00000000-0000-0000-0000-000000000000']);
      return q.execute();
    })(),
  ]);
  const num = (v: string | number | bigint) => Number(v);
  const countOf = <K extends string>(rows: { key: string; n: string }[], keys: readonly K[]) => keys.map((key) => ({ key, count: num(rows.find((r) => r.key === key)?.n ?? 0) }));
  const categories = await loadPatrolCategories(ctx.trx);
  const categoryKeys = [...categories.map((c) => c.key), ...byCategory.map((r) => r.key).filter((k) => !categories.some((c) => c.key === k))];

  const floors = [...new Set(places.flatMap((p) => (p.floor ? [p.floor] : [])))].sort((a, b) => floorOrder(a) - floorOrder(b) || a.localeCompare(b));
  const buildingIds = [...new Set(places.map((p) => p.building_id))];
  const heatBuildings = buildingIds
    .map((id) => {
      const mine = places.filter((p) => p.building_id === id);
      return {
        buildingId: id,
        buildingName: mine[0]!.building_name,
        total: mine.reduce((a, p) => a + num(p.n), 0),
        noFloor: num(mine.find((p) => p.floor === null)?.n ?? 0),
        cells: floors.map((floor) => ({ floor, count: num(mine.find((p) => p.floor === floor)?.n ?? 0) })),
      };
    })
    .sort((a, b) => b.total - a.total || a.buildingName.localeCompare(b.buildingName));
  const repeatLocations = places
    .filter((p) => p.floor !== null && num(p.n) >= PATROL_REPEAT_THRESHOLD)
    .map((p) => ({ buildingId: p.building_id, buildingName: p.building_name, floor: p.floor!, count: num(p.n) }))
    .sort((a, b) => b.count - a.count || a.buildingName.localeCompare(b.buildingName) || floorOrder(a.floor) - floorOrder(b.floor));

  return {
    from: scope.period.from,
    to: scope.period.to,
    stationId: input.stationId ?? null,
    total: byTier.reduce((a, r) => a + num(r.n), 0),
    overdue: num(overdue.n),
    byCategory: countOf(byCategory, categoryKeys),
    byTier: countOf(byTier, patrolTiers),
    bySource: countOf(bySource, patrolSources),
    byStatus: countOf(byStatus, workItemStatuses),
    repeatThreshold: PATROL_REPEAT_THRESHOLD,
    repeatLocations,
    heat: { floors, buildings: heatBuildings, max: Math.max(0, ...heatBuildings.flatMap((b) => b.cells.map((c) => c.count))) },
    rounds: rounds.map((r) => ({
      stationId: r.id,
      stationName: r.name,
      stationNameEn: r.name_en,
      planned: num(r.planned),
      done: num(r.done),
      missed: num(r.missed),
      open: num(r.open),
    })),
  };
}

/** patrol.exportStats: the overview as .xlsx — figures, heat table, repeat locations, rounds. */
export async function exportPatrolStats(ctx: TenantContext, deps: { storage: FileStorage; lang: Language }, input: ExportPatrolStatsInput): Promise<{ fileId: string; fileName: string }> {
  const s = await patrolStats(ctx, input);
  const t = translator(deps.lang);
  const categories = await loadPatrolCategories(ctx.trx);
  const categoryName = (key: string) => {
    const c = categories.find((x) => x.key === key);
    if (c?.name) return deps.lang === 'en' && c.nameEn ? c.nameEn : c.name;
    return t(`patrol.category.${key}`);
  };
  const figures = [
    { group: t('patrolStats.total'), name: t('patrolStats.total'), count: s.total },
    { group: t('patrolStats.overdue'), name: t('patrolStats.overdue'), count: s.overdue },
    ...s.byCategory.map((r) => ({ group: t('patrolStats.byCategory'), name: categoryName(r.key), count: r.count })),
    ...s.byTier.map((r) => ({ group: t('patrolStats.byTier'), name: t(`patrol.tier.${r.key}`), count: r.count })),
    ...s.bySource.map((r) => ({ group: t('patrolStats.bySource'), name: t(`patrol.source.${r.key}`), count: r.count })),
    ...s.byStatus.map((r) => ({ group: t('patrolStats.byStatus'), name: t(`vocab.workItemStatus.${r.key}`), count: r.count })),
  ];
  const data = await writeXlsx([
    {
      name: t('patrolStats.sheet.figures'),
      columns: [
        { header: t('patrolStats.sheet.group'), key: 'group', width: 16 },
        { header: t('patrolStats.sheet.name'), key: 'name', width: 24 },
        { header: t('patrolStats.sheet.count'), key: 'count', kind: 'number', width: 10 },
      ],
      rows: figures,
    },
    {
      name: t('patrolStats.heat.title'),
      columns: [
        { header: t('patrolStats.heat.building'), key: 'building', width: 28 },
        ...s.heat.floors.map((f) => ({ header: f, key: `f:${f}`, kind: 'number' as const, width: 8 })),
        { header: t('patrolStats.heat.noFloor'), key: 'noFloor', kind: 'number', width: 10 },
        { header: t('patrolStats.heat.total'), key: 'total', kind: 'number', width: 10 },
      ],
      rows: s.heat.buildings.map((b) => ({ building: b.buildingName, ...Object.fromEntries(b.cells.map((c) => [`f:${c.floor}`, c.count])), noFloor: b.noFloor, total: b.total })),
    },
    {
      name: t('patrolStats.repeat.title'),
      columns: [
        { header: t('patrolStats.heat.building'), key: 'building', width: 28 },
        { header: t('patrolStats.repeat.floor'), key: 'floor', width: 8 },
        { header: t('patrolStats.sheet.count'), key: 'count', kind: 'number', width: 10 },
      ],
      rows: s.repeatLocations.map((r) => ({ building: r.buildingName, floor: r.floor, count: r.count })),
    },
    {
      name: t('patrolStats.rounds.title'),
      columns: [
        { header: t('patrolStats.rounds.station'), key: 'station', width: 24 },
        { header: t('patrolStats.rounds.planned'), key: 'planned', kind: 'number', width: 10 },
        { header: t('patrolStats.rounds.done'), key: 'done', kind: 'number', width: 10 },
        { header: t('patrolStats.rounds.missed'), key: 'missed', kind: 'number', width: 10 },
        { header: t('patrolStats.rounds.open'), key: 'open', kind: 'number', width: 10 },
      ],
      rows: s.rounds.map((r) => ({ station: deps.lang === 'en' ? (r.stationNameEn ?? r.stationName) : r.stationName, planned: r.planned, done: r.done, missed: r.missed, open: r.open })),
    },
  ]);
  const file = await storeGeneratedFile(ctx, deps, {
    purpose: 'export',
    fileName: `${t('patrolStats.fileName')}-${s.from}-${s.to}-${localDate(new Date(), ctx.timezone)}.xlsx`,
    contentType: XLSX,
    data,
  });
  return { fileId: file.id, fileName: file.name };
}
