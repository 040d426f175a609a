import { Link, type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localDate, presetOf } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { PeriodFilters } from '../components/kpi/period-filters.tsx';
import { buttonClass, FormError, Section } from '../components/ui.tsx';
import { categoryBarChart, pieChart } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { readKpiFilters, type KpiFilters } from '../lib/kpi.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { RouterOutputs } from '@stationdesk/api';
import type { Route } from './+types/patrol.stats';

type PatrolStats = RouterOutputs['patrol']['stats'];
type Categories = RouterOutputs['patrolCategory']['list'];

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolStats.title');
}

const tierColors: Record<string, string> = { red: '#dc2626', yellow: '#f59e0b', blue: '#2563eb' };

function nameOf(t: (k: string) => string, lang: string, categories: Categories, key: string) {
  const c = categories.find((x) => x.key === key);
  if (c?.name) return lang === 'en' && c.nameEn ? c.nameEn : c.name;
  return t(`patrol.category.${key}`);
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { today, data } = await loadForRoles(request, context, staffRoles, () => Promise.all([context.trpc.station.list(), context.trpc.patrolCategory.list()]));
  const [allStations, categories] = data;
  const stations = allStations.filter((s) => s.inScope);
  const filters = readKpiFilters(url.searchParams, today);
  const base = { filters, preset: presetOf(filters, today), stations, categories };
  try {
    const stats = await context.trpc.patrol.stats({ from: filters.from, to: filters.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) });
    return { ...base, stats, charts: draw(context.lang, stats, categories), error: null };
  } catch (e) {
    return { ...base, stats: null, charts: null, error: errorMessage(e, context.lang) };
  }
}

/** Category as bars, tier and source as pies: drawn on the server. */
function draw(lang: Language, s: PatrolStats, categories: Categories) {
  const t = translator(lang);
  const cats = s.byCategory.filter((c) => c.count > 0);
  return {
    category: categoryBarChart({ categories: cats.map((c) => nameOf(t, lang, categories, c.key)), values: cats.map((c) => c.count), name: t('patrolStats.byCategory'), width: 520 }),
    tier: pieChart({ data: s.byTier.map((r) => ({ name: t(`patrol.tier.${r.key}`), value: r.count, color: tierColors[r.key]! })), width: 300, height: 220 }),
    source: pieChart({ data: s.bySource.map((r) => ({ name: t(`patrol.source.${r.key}`), value: r.count })), width: 300, height: 220 }),
  };
}

/** 导出 Excel: the overview of the URL's period. */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const me = await requireRole(request, context, staffRoles);
  return fileExport(request, context.lang, () => {
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    const f = readKpiFilters(url.searchParams, localDate(new Date(), tz));
    return context.trpc.patrol.exportStats({ from: f.from, to: f.to, ...(f.stationId ? { stationId: f.stationId } : {}) });
  });
}

export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

/** The findings list behind a number: the same period and station, and the number's own filter. */
function findingsHref(f: KpiFilters, extra: Record<string, string>): string {
  const sp = new URLSearchParams({ from: f.from, to: f.to, ...(f.stationId ? { stationId: f.stationId } : {}), ...extra });
  return `/patrol/findings?${sp.toString()}`;
}

function NumLink({ n, extra, testId, filters }: { n: number; extra: Record<string, string>; testId?: string | undefined; filters: KpiFilters }) {
  return n > 0 ? (
    <Link to={findingsHref(filters, extra)} className="font-medium tabular-nums text-brand-700 hover:underline" data-testid={testId}>
      {n}
    </Link>
  ) : (
    <span className="tabular-nums text-slate-400">0</span>
  );
}

function statsHref(f: KpiFilters, period: string): string {
  const sp = new URLSearchParams({ period, ...(f.stationId ? { stationId: f.stationId } : {}) });
  return `/patrol/stats?${sp.toString()}`;
}

/**
 * 巡查统计: the period's findings by category, tier, source and status, overdue, the repeat
 * locations and a building × floor heat table — every number a link to its findings — and the
 * rounds planned against walked per station.
 */
export default function PatrolStatsPage() {
  const { filters, preset, stations, categories, stats, charts, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { exporter, exportError } = useFileExport();
  return (
    <Page
      title={t('patrolStats.title')}
      subtitle={t('patrolStats.subtitle', { from: filters.from, to: filters.to })}
      actions={<ExportButton exporter={exporter} path="/patrol/stats" label={t('patrolStats.export')} workingLabel={t('kpi.export.working')} disabled={Boolean(error)} testId="export-patrol-stats" />}
    >
      <PeriodFilters filters={filters} preset={preset} stations={stations} presetHref={(p) => statsHref(filters, p)} idPrefix="ps-" testId="patrol-stats-filters" />
      {exportError ? (
        <div className="mb-3">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      {error || !stats || !charts ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6">
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <Card className="p-4">
              <div className="text-xs text-slate-500">{t('patrolStats.total')}</div>
              <div className="mt-1 text-2xl" data-testid="stats-total">
                <NumLink filters={filters} n={stats.total} extra={{}} testId="stats-total-link" />
              </div>
            </Card>
            <Card className="p-4">
              <div className="text-xs text-slate-500">{t('patrolStats.overdue')}</div>
              <div className="mt-1 text-2xl">
                <NumLink filters={filters} n={stats.overdue} extra={{ status: 'overdue' }} testId="stats-overdue-link" />
              </div>
            </Card>
            {stats.bySource
              .filter((r) => r.key !== 'external' || r.count > 0)
              .map((r) => (
                <Card key={r.key} className="p-4">
                  <div className="text-xs text-slate-500">{t(`patrol.source.${r.key}`)}</div>
                  <div className="mt-1 text-2xl">
                    <NumLink filters={filters} n={r.count} extra={{ source: r.key }} />
                  </div>
                </Card>
              ))}
          </div>

          <div className="grid gap-4 lg:grid-cols-3">
            <Section title={t('patrolStats.byCategory')} testId="stats-category">
              <div className="p-3 [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('patrolStats.byCategory')} dangerouslySetInnerHTML={{ __html: charts.category }} data-testid="category-chart" />
              <ul className="px-3 pb-3 text-sm">
                {stats.byCategory
                  .filter((r) => r.count > 0)
                  .map((r) => (
                    <li key={r.key} className="flex justify-between gap-2">
                      <span>{nameOf(t, lang, categories, r.key)}</span>
                      <NumLink filters={filters} n={r.count} extra={{ category: r.key }} />
                    </li>
                  ))}
              </ul>
            </Section>
            <Section title={t('patrolStats.byTier')} testId="stats-tier">
              <div className="p-3 [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('patrolStats.byTier')} dangerouslySetInnerHTML={{ __html: charts.tier }} data-testid="tier-chart" />
              <ul className="px-3 pb-3 text-sm">
                {stats.byTier.map((r) => (
                  <li key={r.key} className="flex justify-between gap-2">
                    <span>{t(`patrol.tier.${r.key}`)}</span>
                    <NumLink filters={filters} n={r.count} extra={{ tier: r.key }} testId={`tier-${r.key}-link`} />
                  </li>
                ))}
              </ul>
            </Section>
            <Section title={t('patrolStats.bySource')} testId="stats-source">
              <div className="p-3 [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('patrolStats.bySource')} dangerouslySetInnerHTML={{ __html: charts.source }} data-testid="source-chart" />
              <ul className="px-3 pb-3 text-sm">
                {stats.byStatus
                  .filter((r) => r.count > 0)
                  .map((r) => (
                    <li key={r.key} className="flex justify-between gap-2">
                      <span>{t(`vocab.workItemStatus.${r.key}`)}</span>
                      <NumLink filters={filters} n={r.count} extra={{ status: r.key }} />
                    </li>
                  ))}
              </ul>
            </Section>
          </div>

          <Section title={t('patrolStats.heat.title')} testId="stats-heat">
            {stats.heat.buildings.length === 0 ? (
              <p className="p-4 text-sm text-slate-500">{t('patrolStats.heat.none')}</p>
            ) : (
              <div className="overflow-x-auto p-3">
                <table className="text-sm" data-testid="heat-table">
                  <caption className="pb-2 text-left text-xs text-slate-500">{t('patrolStats.heat.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className="px-2 py-1 text-left font-medium text-slate-600">
                        {t('patrolStats.heat.building')}
                      </th>
                      {stats.heat.floors.map((f) => (
                        <th key={f} scope="col" className="px-2 py-1 text-center font-mono text-xs font-medium text-slate-600">
                          {f}
                        </th>
                      ))}
                      <th scope="col" className="px-2 py-1 text-center text-xs font-medium text-slate-600">
                        {t('patrolStats.heat.noFloor')}
                      </th>
                      <th scope="col" className="px-2 py-1 text-center text-xs font-medium text-slate-600">
                        {t('patrolStats.heat.total')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.heat.buildings.map((b) => (
                      <tr key={b.buildingId} className="border-t border-slate-100">
                        <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-normal">
                          {b.buildingName}
                        </th>
                        {b.cells.map((c) => (
                          <td
                            key={c.floor}
                            className="px-2 py-1 text-center"
                            style={c.count ? { backgroundColor: `rgba(220, 38, 38, ${(0.12 + (0.6 * c.count) / Math.max(1, stats.heat.max)).toFixed(2)})` } : undefined}
                            data-testid="heat-cell"
                          >
                            {c.count ? (
                              <Link to={findingsHref(filters, { buildingId: b.buildingId, floor: c.floor })} className="font-medium tabular-nums text-slate-900 hover:underline" data-testid={`heat-${b.buildingId}-${c.floor}`}>
                                {c.count}
                              </Link>
                            ) : (
                              ''
                            )}
                          </td>
                        ))}
                        <td className="px-2 py-1 text-center tabular-nums text-slate-500">{b.noFloor || ''}</td>
                        <td className="px-2 py-1 text-center">
                          <NumLink filters={filters} n={b.total} extra={{ buildingId: b.buildingId }} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>

          <div className="grid gap-4 lg:grid-cols-2">
            <Section title={t('patrolStats.repeat.title')} testId="stats-repeat">
              <p className="px-3 pt-2 text-xs text-slate-500">{t('patrolStats.repeat.caption', { count: stats.repeatThreshold })}</p>
              {stats.repeatLocations.length === 0 ? (
                <p className="p-3 text-sm text-slate-500">{t('patrolStats.repeat.none')}</p>
              ) : (
                <ul className="divide-y divide-slate-100 p-3 text-sm" data-testid="repeat-locations">
                  {stats.repeatLocations.map((r) => (
                    <li key={`${r.buildingId}-${r.floor}`} className="flex justify-between gap-2 py-1">
                      <span>
                        {r.buildingName} · <span className="font-mono">{r.floor}</span>
                      </span>
                      <NumLink filters={filters} n={r.count} extra={{ buildingId: r.buildingId, floor: r.floor }} testId="repeat-link" />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title={t('patrolStats.rounds.title')} testId="stats-rounds">
              <div className="overflow-x-auto p-3">
                <table className="w-full text-sm" data-testid="rounds-table">
                  <caption className="pb-2 text-left text-xs text-slate-500">
                    {t('patrolStats.rounds.caption', {
                      planned: stats.rounds.reduce((a, r) => a + r.planned, 0),
                      done: stats.rounds.reduce((a, r) => a + r.done, 0),
                      missed: stats.rounds.reduce((a, r) => a + r.missed, 0),
                    })}
                  </caption>
                  <thead>
                    <tr className="text-left text-xs text-slate-600">
                      <th scope="col" className="py-1">{t('patrolStats.rounds.station')}</th>
                      <th scope="col" className="py-1 text-right">{t('patrolStats.rounds.planned')}</th>
                      <th scope="col" className="py-1 text-right">{t('patrolStats.rounds.done')}</th>
                      <th scope="col" className="py-1 text-right">{t('patrolStats.rounds.missed')}</th>
                      <th scope="col" className="py-1 text-right">{t('patrolStats.rounds.open')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.rounds.map((r) => (
                      <tr key={r.stationId} className="border-t border-slate-100 tabular-nums">
                        <th scope="row" className="py-1 text-left font-normal">{localName(lang, r.stationName, r.stationNameEn)}</th>
                        <td className="py-1 text-right">{r.planned}</td>
                        <td className="py-1 text-right">{r.done}</td>
                        <td className="py-1 text-right">{r.missed}</td>
                        <td className="py-1 text-right">{r.open}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Link to="/patrol/week" className={`${buttonClass.link} mt-2 inline-block`}>
                  {t('patrolStats.rounds.week')}
                </Link>
              </div>
            </Section>
          </div>
        </div>
      )}
    </Page>
  );
}
