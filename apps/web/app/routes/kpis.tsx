import { Link, type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { headlineMetrics, kpiTargetKinds, localDate, presetOf, workItemKinds, type KpiMetric } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { VocabFilter } from '../components/filter-select.tsx';
import { PeriodFilters } from '../components/kpi/period-filters.tsx';
import { Change, Fraction, TargetRate } from '../components/kpi/figures.tsx';
import { KpiTable, TargetLegend, type KpiTableRow } from '../components/kpi/tables.tsx';
import { buttonClass, FormError, Section } from '../components/ui.tsx';
import { rateLineChart, seriesColor } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { formatPercent } from '../lib/format.ts';
import { presetHref, readKpiFilters, toKpiInput, type KpiFilters, type KpiSummary, type KpiTrend } from '../lib/kpi.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { DeflectionFigure } from '../components/knowledge/article.tsx';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { RouterOutputs } from '@stationdesk/api';
import type { Route } from './+types/kpis';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'kpi.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { role, today, data: allStations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const stations = allStations.filter((s) => s.inScope);
  const filters = readKpiFilters(url.searchParams, today);
  const input = toKpiInput(filters);
  const base = { filters, preset: presetOf(filters, today), stations, isManager: role === 'manager' };
  try {
    const [summary, trend, byStation, byStaff, durations] = await Promise.all([
      context.trpc.kpi.summary(input),
      context.trpc.kpi.trend(input),
      context.trpc.kpi.byStation({ from: input.from, to: input.to, ...(filters.kind ? { kind: filters.kind } : {}) }),
      role === 'manager' ? context.trpc.kpi.byStaff(input) : Promise.resolve(null),
      context.trpc.kpi.durations(input),
    ]);
    // The station table answers every station; a station filter narrows it to that one.
    const stationRows = byStation.rows.filter((r) => !filters.stationId || r.stationId === filters.stationId);
    // 巡查 overview card: the same period and station as the patrol statistics page.
    const patrol = await context.trpc.patrol.stats({ from: input.from, to: input.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) }).catch(() => null);
    // 党群服务 overview card: party.stats's totals for the same period and station.
    const party = await context.trpc.party
      .stats({ from: input.from, to: input.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) })
      .then((x) => x.total)
      .catch(() => null);
    // 知识库解答率: the portal's questions an article answered, over those plus the consultations created.
    const deflection = await context.trpc.knowledge.deflectionRate({ from: input.from, to: input.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) }).catch(() => null);
    return { ...base, data: { summary, trend, stationRows, stationTargets: byStation.targets, staffRows: byStaff?.rows ?? null, staffTargets: byStaff?.targets ?? summary.targets, durations, patrol, party, deflection }, charts: drawTrend(context.lang, trend), error: null };
  } catch (e) {
    // A bad period or a station not one's own: the page says why, with the filters to fix it.
    return { ...base, data: null, charts: null, error: errorMessage(e, context.lang) };
  }
}

/** The four rates month by month: a wide drawing and a narrow one for phones; the legend is the page's own list. */
function drawTrend(lang: Language, trend: KpiTrend) {
  const t = translator(lang);
  const months = trend.months.map((m) => m.month);
  const series = headlineMetrics.map((m) => ({ name: t(`kpi.metric.${m}`), data: trend.months.map((p) => (p.figures[m].rate === null ? null : Math.round(p.figures[m].rate * 10_000) / 100)) }));
  return {
    wide: rateLineChart({ categories: months, series, width: 720, height: 300 }),
    narrow: rateLineChart({ categories: months.map((m) => m.slice(2)), series, width: 380, height: 300 }),
    legend: series.map((s, i) => ({ name: s.name, color: seriesColor(i) })),
  };
}

/** 导出 Excel: the station table of the URL's period and kind. */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const me = await requireRole(request, context, staffRoles);
  return fileExport(request, context.lang, () => {
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    const f = readKpiFilters(url.searchParams, localDate(new Date(), tz));
    return context.trpc.kpi.export({ from: f.from, to: f.to, ...(f.kind ? { kind: f.kind } : {}) });
  });
}

/** Exporting changes nothing: the figures need not be fetched again afterwards. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

export default function KpiDashboard() {
  const { filters, preset, stations, isManager, data, charts, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { exporter, exportError } = useFileExport();
  const stationName = (id: string, fallback: string) => {
    const s = stations.find((x) => x.id === id);
    return s ? localName(lang, s.name, s.nameEn) : fallback;
  };

  return (
    <Page
      title={t('kpi.title')}
      subtitle={t('kpi.subtitle', { from: filters.from, to: filters.to })}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <Link to={`/reports/year?year=${filters.to.slice(0, 4)}${filters.stationId ? `&stationId=${filters.stationId}` : ''}`} className={buttonClass.secondary} data-testid="year-report-link">
            {t('report.nav.year')}
          </Link>
          <ExportButton exporter={exporter} path="/kpis" label={t('kpi.export.button')} workingLabel={t('kpi.export.working')} disabled={Boolean(error)} testId="export-kpis" />
        </div>
      }
    >
      <PeriodFilters filters={filters} preset={preset} stations={stations} presetHref={(p) => presetHref(p, filters)} idPrefix="kpi-" testId="kpi-filters">
        <VocabFilter
          idPrefix="kpi-"
          className="min-w-32"
          label={t('kpi.filters.kind')}
          name="kind"
          value={filters.kind}
          values={workItemKinds}
          optionLabel={(k) => t(`workItems.kind.${k}`)}
          anyLabel={t('kpi.filters.allKinds')}
        />
      </PeriodFilters>
      {exportError ? (
        <div className="mb-3">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      {error || !data || !charts ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6">
          <Headline summary={data.summary} filters={filters} />
          {data.patrol ? <PatrolCard stats={data.patrol} filters={filters} /> : null}
          {data.party ? <PartyCard figures={data.party} filters={filters} /> : null}
          {data.deflection ? <DeflectionFigure figure={data.deflection} /> : null}
          <OtherFigures summary={data.summary} durations={data.durations} filters={filters} />
          <Section title={t('kpi.trend.title')} testId="kpi-trend">
            <figure className="p-3">
              {/* Drawn on the server; the table below holds the same numbers for screen readers. */}
              <div
                className="hidden sm:block [&_svg]:h-auto [&_svg]:max-w-full"
                role="img"
                aria-label={t('kpi.trend.chartLabel', { metrics: headlineMetrics.map((m) => t(`kpi.metric.${m}`)).join(lang === 'en' ? ', ' : '、') })}
                dangerouslySetInnerHTML={{ __html: charts.wide }}
                data-testid="trend-chart"
              />
              <div
                className="sm:hidden [&_svg]:h-auto [&_svg]:max-w-full"
                role="img"
                aria-label={t('kpi.trend.chartLabel', { metrics: headlineMetrics.map((m) => t(`kpi.metric.${m}`)).join(lang === 'en' ? ', ' : '、') })}
                dangerouslySetInnerHTML={{ __html: charts.narrow }}
                data-testid="trend-chart-narrow"
              />
              <figcaption>
                <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 px-2 text-xs text-slate-700" aria-label={t('kpi.trend.legend')} data-testid="trend-legend">
                  {charts.legend.map((l) => (
                    <li key={l.name} className="inline-flex items-center gap-1.5">
                      {/* A presentation attribute, not an inline style: the page's CSP allows no inline styles. */}
                      <svg width="14" height="4" className="shrink-0" aria-hidden="true">
                        <rect width="14" height="4" rx="1" fill={l.color} />
                      </svg>
                      {l.name}
                    </li>
                  ))}
                </ul>
              </figcaption>
            </figure>
            <TrendTable trend={data.trend} filters={filters} />
          </Section>
          <Section title={t('kpi.table.byStation')} testId="kpi-by-station">
            {data.stationRows.length === 0 ? (
              <p className="px-4 py-6 text-center text-sm text-slate-500">{t('kpi.table.empty')}</p>
            ) : (
              <KpiTable
                testId="station-table"
                targets={data.stationTargets}
                caption={t('kpi.table.byStation')}
                nameHeader={t('kpi.table.station')}
                rows={data.stationRows.map((r): KpiTableRow => ({ key: r.stationId, name: stationName(r.stationId, r.stationName), figures: r.figures, drill: { filters: { ...filters, stationId: r.stationId } } }))}
              />
            )}
            <TargetLegend canSet={isManager} />
          </Section>
          {isManager && data.staffRows ? (
            <Section title={t('kpi.table.byStaff')} testId="kpi-by-staff">
              {data.staffRows.length === 0 ? (
                <p className="px-4 py-6 text-center text-sm text-slate-500">{t('kpi.table.empty')}</p>
              ) : (
                <KpiTable
                  testId="staff-table"
                  targets={data.staffTargets}
                  caption={t('kpi.table.byStaff')}
                  nameHeader={t('kpi.table.staff')}
                  rows={data.staffRows.map((r): KpiTableRow => ({ key: r.staffId ?? 'none', name: r.staffName ?? t('kpi.table.unassigned'), figures: r.figures, drill: { filters, staffId: r.staffId } }))}
                />
              )}
            </Section>
          ) : null}
        </div>
      )}
    </Page>
  );
}

/** 巡查: the period's findings — by staff, automatic, external — and those overdue, linking to /patrol/stats. */
function PatrolCard({ stats, filters }: { stats: { total: number; overdue: number; bySource: { key: string; count: number }[] }; filters: KpiFilters }) {
  const { t } = useTranslation();
  const sp = new URLSearchParams({ from: filters.from, to: filters.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) });
  const figure = (label: string, n: number, testId: string) => (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-xl tabular-nums" data-testid={testId}>
        {n}
      </dd>
    </div>
  );
  return (
    <Section title={t('patrolStats.card.title')} testId="kpi-patrol" actions={<Link to={`/patrol/stats?${sp.toString()}`} className={buttonClass.link}>{t('patrolStats.card.more')}</Link>}>
      <dl className="grid grid-cols-2 gap-3 p-4 sm:grid-cols-5">
        {figure(t('patrolStats.card.findings'), stats.total, 'kpi-patrol-total')}
        {stats.bySource.map((s) => figure(t(`patrolStats.card.${s.key}`), s.count, `kpi-patrol-${s.key}`))}
        {figure(t('patrolStats.card.overdue'), stats.overdue, 'kpi-patrol-overdue')}
      </dl>
    </Section>
  );
}

/** 党群服务: the period's activities held, sign-ups, attendance, shifts filled, members on duty and person-times served, linking to /party/stats. */
function PartyCard({ figures: f, filters }: { figures: RouterOutputs['party']['stats']['total']; filters: KpiFilters }) {
  const { t } = useTranslation();
  const sp = new URLSearchParams({ from: filters.from, to: filters.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) });
  const figure = (label: string, shown: string | number, testId: string) => (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-xl tabular-nums" data-testid={testId}>
        {shown}
      </dd>
    </div>
  );
  return (
    <Section title={t('party.stats.card.title')} testId="kpi-party" actions={<Link to={`/party/stats?${sp.toString()}`} className={buttonClass.link}>{t('party.stats.card.more')}</Link>}>
      <dl className="grid grid-cols-2 gap-3 p-4 sm:grid-cols-6">
        {figure(t('party.stats.figure.activitiesHeld'), f.activitiesHeld, 'kpi-party-held')}
        {figure(t('party.stats.figure.signUps'), f.signUps, 'kpi-party-signUps')}
        {figure(t('party.stats.figure.attendanceRate'), f.attendanceRate === null ? '—' : `${(f.attendanceRate * 100).toFixed(1)}%`, 'kpi-party-attendance')}
        {figure(t('party.stats.figure.shiftsFilled'), `${f.shiftsFilled} / ${f.shifts}`, 'kpi-party-shifts')}
        {figure(t('party.stats.figure.members'), f.members, 'kpi-party-members')}
        {figure(t('party.stats.figure.served'), f.served, 'kpi-party-served')}
      </dl>
    </Section>
  );
}

/** The four rates as large figures: numerator / denominator, target, 同比 and 环比 — and what stands beside two of them. */
function Headline({ summary: s, filters }: { summary: KpiSummary; filters: KpiFilters }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="kpi-headline">
      <h2 id="kpi-headline" className="sr-only">
        {t('kpi.headline')}
      </h2>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {headlineMetrics.map((m) => {
          const f = s.figures[m];
          return (
            <li key={m}>
              <Card className="flex h-full flex-col gap-2 p-4" data-testid={`kpi-${m}`}>
                <h3 className="text-sm text-slate-600">{t(`kpi.metric.${m}`)}</h3>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <TargetRate rate={f.rate} target={s.targets[m]} className="text-3xl font-semibold" />
                  <span className="text-sm text-slate-600" data-testid="fraction">
                    <Fraction filters={filters} metric={m} figure={f} testIdPrefix="" />
                  </span>
                </div>
                <p className="text-xs text-slate-500">{t('kpi.figure.target', { target: formatPercent(s.targets[m], lang) })}</p>
                <dl className="space-y-0.5 text-xs">
                  <Change label={t('kpi.figure.yearOnYear')} current={f} before={s.yearBefore.figures[m]} />
                  <Change label={t('kpi.figure.periodOnPeriod')} current={f} before={s.periodBefore.figures[m]} />
                </dl>
                {m === 'resolution' ? <Beside filters={filters} label={t('kpi.figure.declaredBeside')} metric="resolutionDeclared" summary={s} testId="declared" /> : null}
                {m === 'satisfaction' ? (
                  <>
                    <Beside filters={filters} label={t('kpi.figure.portal')} metric="satisfactionPortal" summary={s} testId="satisfaction-portal" />
                    <Beside filters={filters} label={t('kpi.figure.phone')} metric="satisfactionPhone" summary={s} testId="satisfaction-phone" />
                  </>
                ) : null}
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A figure shown beside a headline rate, never added into it (the handler's verdict; the portal / phone split). */
function Beside({ filters, label, metric, summary, testId }: { filters: KpiFilters; label: string; metric: KpiMetric; summary: KpiSummary; testId: string }) {
  const { i18n } = useTranslation();
  const f = summary.figures[metric];
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-x-2 border-t border-slate-100 pt-2 text-xs" data-testid={testId}>
      <span className="text-slate-500">{label}</span>
      <span className="text-slate-700">
        <span className="mr-1.5 font-medium tabular-nums">{formatPercent(f.rate, i18n.language)}</span>
        <Fraction filters={filters} metric={metric} figure={f} />
      </span>
    </div>
  );
}

/** Reopen, returns, extensions, rectification and the working hours to first contact and to resolution. */
function OtherFigures({ summary: s, durations, filters }: { summary: KpiSummary; durations: { firstContact: Duration; resolution: Duration }; filters: KpiFilters }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const rates: { key: string; metric: KpiMetric }[] = [
    { key: 'redo', metric: 'redo' },
    { key: 'returned', metric: 'returned' },
    { key: 'extension', metric: 'extension' },
    { key: 'rectification', metric: 'rectification' },
  ];
  const hours = (v: number | null) => (v === null ? '—' : t('kpi.more.hours', { value: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v) }));
  return (
    <Section title={t('kpi.more.title')} testId="kpi-more">
      <ul className="grid grid-cols-1 gap-px bg-slate-100 sm:grid-cols-2 lg:grid-cols-4">
        {rates.map(({ key, metric }) => (
          <li key={key} className="bg-white p-3" data-testid={`more-${key}`}>
            <div className="text-xs text-slate-600">{t(`kpi.more.${key}`)}</div>
            <div className="mt-1 flex flex-wrap items-baseline justify-between gap-2">
              {metric === 'redo' || metric === 'returned' ? (
                <TargetRate rate={s.figures[metric].rate} target={s.targets[metric]} kind={kpiTargetKinds[metric]} className="text-xl font-semibold" />
              ) : (
                <span className="text-xl font-semibold tabular-nums">{formatPercent(s.figures[metric].rate, lang)}</span>
              )}
              <span className="text-sm">
                <Fraction filters={filters} metric={metric} figure={s.figures[metric]} />
              </span>
            </div>
            {metric === 'redo' || metric === 'returned' ? <div className="mt-1 text-xs text-slate-500">{t('kpi.figure.ceiling', { target: formatPercent(s.targets[metric], lang) })}</div> : null}
          </li>
        ))}
        <li className="bg-white p-3" data-testid="more-rectification-open">
          <div className="text-xs text-slate-600">{t('kpi.more.rectificationOpen')}</div>
          <div className="mt-1 text-xl font-semibold tabular-nums">{s.rectifications.open}</div>
        </li>
        <li className="bg-white p-3" data-testid="more-rectification-overdue">
          <div className="text-xs text-slate-600">{t('kpi.more.rectificationOverdue')}</div>
          <div className={`mt-1 text-xl font-semibold tabular-nums ${s.rectifications.overdue > 0 ? 'text-red-700' : ''}`}>{s.rectifications.overdue}</div>
        </li>
        {(['firstContact', 'resolution'] as const).map((k) => (
          <li key={k} className="bg-white p-3" data-testid={`more-hours-${k}`}>
            <div className="text-xs text-slate-600">{t(`kpi.more.${k}Hours`)}</div>
            <div className="mt-1 text-sm">
              <span className="font-semibold tabular-nums">{t('kpi.more.median', { value: hours(durations[k].medianHours) })}</span>
              <span className="mx-1.5 text-slate-300">·</span>
              <span className="tabular-nums">{t('kpi.more.p90', { value: hours(durations[k].p90Hours) })}</span>
            </div>
            <div className="text-xs text-slate-500">{t('kpi.more.overItems', { count: durations[k].count })}</div>
          </li>
        ))}
      </ul>
      <p className="px-4 py-2 text-xs text-slate-500">{t('kpi.more.liveNote')}</p>
    </Section>
  );
}

type Duration = { count: number; medianHours: number | null; p90Hours: number | null };

/** The chart's numbers: months across, the four rates down, each month's numbers linked to that month's items. */
function TrendTable({ trend, filters }: { trend: KpiTrend; filters: KpiFilters }) {
  const { t, i18n } = useTranslation();
  return (
    <details className="border-t border-slate-100 px-3 py-2">
      <summary className="cursor-pointer text-sm text-brand-700">{t('kpi.trend.table')}</summary>
      <div className="mt-2 min-w-0 overflow-x-auto" tabIndex={0} role="region" aria-label={t('kpi.trend.table')}>
        <table className="w-full text-xs" data-testid="trend-table">
          <caption className="sr-only">{t('kpi.trend.table')}</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-1.5 text-left font-medium">
                {t('kpi.trend.month')}
              </th>
              {trend.months.map((p) => (
                <th key={p.month} scope="col" className="px-2 py-1.5 text-right font-medium whitespace-nowrap tabular-nums">
                  {p.month}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {headlineMetrics.map((m) => (
              <tr key={m}>
                <th scope="row" className="sticky left-0 bg-white px-2 py-1.5 text-left font-normal whitespace-nowrap">
                  {t(`kpi.metric.${m}`)}
                </th>
                {trend.months.map((p) => (
                  <td key={p.month} className="px-2 py-1.5 text-right whitespace-nowrap">
                    <div className="tabular-nums">{formatPercent(p.figures[m].rate, i18n.language)}</div>
                    <Fraction filters={{ ...filters, from: p.from, to: p.to }} metric={m} figure={p.figures[m]} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
