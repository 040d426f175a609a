import { Form, type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { headlineMetrics, localDate, rateChange, reportYears, type KpiMetric } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { StationOptions } from '../components/filter-select.tsx';
import { Fraction } from '../components/kpi/figures.tsx';
import { Card } from '../components/page.tsx';
import { buttonClass, FormError, Notice, Section, selectClass } from '../components/ui.tsx';
import { comparisonBarChart, comparisonColors } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { formatPercent, formatPointChange } from '../lib/format.ts';
import type { KpiFigure, KpiFilters } from '../lib/kpi.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { formatCountChange, readYearFilters, toYearInput, type YearFilters, type YearPair, type YearReport } from '../lib/report.ts';
import type { Route } from './+types/reports.year';

/**
 * 年度工作统计 (issue 18): a year's work per function with 同比, for managers (every station) and
 * staff (their own). Tables and bar charts drawn on the server; 导出 Excel; and a print stylesheet,
 * so the browser's print → PDF gives an A4 report headed by the tenant's name and the period,
 * without the app's frame or its buttons.
 */
export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'report.year.title', loaderData ? String(loaderData.filters.year) : null);
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { role, today, data: allStations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const stations = allStations.filter((s) => s.inScope);
  const filters = readYearFilters(url.searchParams, today);
  const years = reportYears(today);
  const base = { filters, years: years.includes(filters.year) ? years : [...years, filters.year].sort((a, b) => b - a), stations, isManager: role === 'manager' };
  try {
    const report = await context.trpc.report.year(toYearInput(filters));
    return { ...base, report, charts: drawCharts(context.lang, report), legend: comparisonColors, error: null };
  } catch (e) {
    // A year not begun or a station not one's own: the page says why, with the picker to fix it.
    return { ...base, report: null, charts: null, legend: comparisonColors, error: errorMessage(e, context.lang) };
  }
}

type ChartKey = 'consultationsByCategory' | 'consultationsByChannel' | 'agencyByType' | 'disputesByType' | 'patrolBySource' | 'stations';

/** One comparison chart per breakdown with anything in it, labelled in the reader's language. */
function drawCharts(lang: Language, r: YearReport): Partial<Record<ChartKey, string>> {
  const t = translator(lang);
  const draw = (rows: { label: string; current: number; previous: number }[]) =>
    rows.length === 0
      ? undefined
      : comparisonBarChart({
          categories: rows.map((x) => x.label),
          current: { name: t('report.year.legendCurrent'), data: rows.map((x) => x.current) },
          previous: { name: t('report.year.legendPrevious'), data: rows.map((x) => x.previous) },
        });
  const charts: Partial<Record<ChartKey, string | undefined>> = {
    consultationsByCategory: draw(r.consultations.byCategory.map((x) => ({ ...x, label: categoryLabel(t, x.key) }))),
    consultationsByChannel: draw(r.consultations.byChannel.map((x) => ({ ...x, label: t(`workItems.channel.${x.key}`) }))),
    agencyByType: draw(r.agency.byType.map((x) => ({ ...x, label: x.typeId === null ? t('report.year.noType') : localName(lang, x.name ?? '', x.nameEn) }))),
    disputesByType: draw(r.disputes.byType.map((x) => ({ ...x, label: t(`vocab.dispute.type.${x.key}`) }))),
    patrolBySource: draw(r.patrol.bySource.map((x) => ({ ...x, label: sourceLabel(t, x.key) }))),
    stations: draw(
      r.stations.map((s) => {
        const sum = Object.values(s.received).reduce((a, p) => ({ current: a.current + p.current, previous: a.previous + p.previous }), { current: 0, previous: 0 });
        return { ...sum, label: localName(lang, s.stationName, s.stationNameEn) };
      }),
    ),
  };
  return Object.fromEntries(Object.entries(charts).filter(([, svg]) => svg !== undefined)) as Partial<Record<ChartKey, string>>;
}

const categoryLabel = (t: (key: string) => string, key: string | null) => (key === null ? t('report.year.uncategorised') : t(`workItems.category.${key}`));
/** 党群服务: party.stats's counts for the year and the year before. */
const partyKeys = ['activities', 'activitiesHeld', 'signUps', 'attended', 'shifts', 'shiftsFilled', 'batches', 'members', 'served'] as const;

const sourceLabel = (t: (key: string) => string, key: string | null) => (key === null ? t('report.year.noSource') : t(`patrol.source.${key}`));

/** 导出 Excel: the year and station of the URL as a workbook. */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const me = await requireRole(request, context, staffRoles);
  return fileExport(request, context.lang, () => {
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    return context.trpc.report.exportYear(toYearInput(readYearFilters(url.searchParams, localDate(new Date(), tz))));
  });
}

/** Exporting changes nothing: the report need not be read again afterwards. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

export default function YearReportPage() {
  const { filters, years, stations, isManager, report, charts, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { exporter, exportError } = useFileExport();

  return (
    <div className="mx-auto max-w-6xl" data-testid="report-year">
      {report ? <PrintHeader report={report} stations={stations} isManager={isManager} /> : null}
      <div className="mb-4 flex flex-wrap items-end justify-between gap-2 print:hidden">
        <div>
          <h1 className="text-xl font-semibold">{t('report.year.titleOfYear', { year: filters.year })}</h1>
          {report ? (
            <p className="mt-1 text-sm text-slate-600" data-testid="report-subtitle">
              {t('report.year.subtitle', { from: report.period.from, to: report.period.to, beforeFrom: report.yearBefore.from, beforeTo: report.yearBefore.to })}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={buttonClass.secondary} onClick={() => window.print()} disabled={!report} data-testid="print-report">
            {t('report.year.print')}
          </button>
          <ExportButton exporter={exporter} path="/reports/year" label={t('report.year.export.button')} workingLabel={t('report.year.export.working')} disabled={!report} testId="export-year" />
        </div>
      </div>
      <YearPicker filters={filters} years={years} stations={stations} />
      {exportError ? (
        <div className="mb-3 print:hidden">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      {error || !report || !charts ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6 print:space-y-4">
          {report.partial ? (
            <div className="print:hidden">
              <Notice>{t('report.year.partialNote')}</Notice>
            </div>
          ) : null}
          <Rates report={report} />
          <Section title={t('report.year.section.consultations')} testId="report-consultations" className="print:break-inside-avoid-page">
            <Total label={t('report.year.received.consultation')} pair={report.consultations.total} testId="consultations-total" />
            <div className="grid gap-4 p-3 lg:grid-cols-2 print:grid-cols-1">
              <Breakdown
                title={t('report.year.section.consultationsByCategory')}
                chart={charts.consultationsByCategory}
                rows={report.consultations.byCategory.map((x) => ({ key: String(x.key), label: categoryLabel(t, x.key), pair: x }))}
                testId="category-table"
              />
              <Breakdown
                title={t('report.year.section.consultationsByChannel')}
                chart={charts.consultationsByChannel}
                rows={report.consultations.byChannel.map((x) => ({ key: String(x.key), label: t(`workItems.channel.${x.key}`), pair: x }))}
                testId="channel-table"
              />
            </div>
          </Section>
          <Agency report={report} chart={charts.agencyByType} />
          <Section title={t('report.year.section.disputes')} testId="report-disputes" className="print:break-inside-avoid-page">
            <Total label={t('report.year.received.dispute')} pair={report.disputes.total} testId="disputes-total" />
            <div className="grid gap-4 p-3 lg:grid-cols-2 print:grid-cols-1">
              <Breakdown
                title={t('report.year.section.disputesByType')}
                chart={charts.disputesByType}
                rows={report.disputes.byType.map((x) => ({ key: String(x.key), label: t(`vocab.dispute.type.${x.key}`), pair: x }))}
                testId="dispute-type-table"
              />
              <Breakdown
                title={t('report.year.section.disputesByOutcome')}
                rows={report.disputes.byOutcome.map((x) => ({ key: String(x.key), label: t(`vocab.dispute.outcome.${x.key}`), pair: x }))}
                testId="dispute-outcome-table"
              />
            </div>
          </Section>
          <Section title={t('report.year.section.patrol')} testId="report-patrol" className="print:break-inside-avoid">
            <Total label={t('report.year.received.patrol')} pair={report.patrol.total} testId="patrol-total" />
            <div className="p-3 lg:max-w-[50%] print:max-w-none">
              <Breakdown
                title={t('report.year.section.patrolBySource')}
                chart={charts.patrolBySource}
                rows={report.patrol.bySource.map((x) => ({ key: String(x.key), label: sourceLabel(t, x.key), pair: x }))}
                testId="patrol-source-table"
              />
            </div>
          </Section>
          <Section title={t('party.stats.title')} testId="report-party" className="print:break-inside-avoid">
            <div className="p-3 lg:max-w-[50%] print:max-w-none">
              <Breakdown
                title={t('party.stats.title')}
                rows={partyKeys.map((k) => ({ key: k, label: t(`party.stats.figure.${k}`), pair: { current: report.party.current[k], previous: report.party.previous[k] } }))}
                testId="party-table"
              />
            </div>
          </Section>
          <Stations report={report} chart={charts.stations} />
          <p className="text-xs text-slate-500" data-testid="counts-note">
            {t('report.year.countsNote')}
          </p>
        </div>
      )}
    </div>
  );
}

/** What the printed report is headed by (the screen has the app's own header): the tenant, the report, the periods, the scope. */
function PrintHeader({ report: r, stations, isManager }: { report: YearReport; stations: { id: string; name: string; nameEn: string | null }[]; isManager: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const station = r.stationId ? stations.find((s) => s.id === r.stationId) : undefined;
  return (
    <header className="mb-4 hidden border-b-2 border-slate-800 pb-2 print:block" data-testid="print-header">
      <p className="text-base font-semibold" data-testid="print-tenant">
        {localName(lang, r.tenantName, r.tenantNameEn)}
      </p>
      <h1 className="mt-1 text-xl font-semibold">{t('report.year.titleOfYear', { year: r.year })}</h1>
      <p className="mt-1 text-sm" data-testid="print-period">
        {t('report.year.subtitle', { from: r.period.from, to: r.period.to, beforeFrom: r.yearBefore.from, beforeTo: r.yearBefore.to })}
      </p>
      <p className="text-sm">{t('report.year.scope', { scope: station ? localName(lang, station.name, station.nameEn) : t(isManager ? 'kpi.scopeAll' : 'kpi.scopeMine') })}</p>
      {r.partial ? <p className="text-xs">{t('report.year.partialNote')}</p> : null}
    </header>
  );
}

/** The year and the station as a GET form (a bookmark keeps them). */
function YearPicker({ filters, years, stations }: { filters: YearFilters; years: number[]; stations: { id: string; name: string; nameEn: string | null }[] }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="mb-4 flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 print:hidden" aria-label={t('report.year.picker.label')} data-testid="year-picker">
      <div className="min-w-28">
        <label htmlFor="report-year" className="mb-0.5 block text-xs text-slate-500">
          {t('report.year.picker.year')}
        </label>
        <select id="report-year" name="year" defaultValue={filters.year} key={`year-${filters.year}`} className={`${selectClass} py-1.5`} data-testid="year-select">
          {years.map((y) => (
            <option key={y} value={y}>
              {t('report.year.picker.yearOption', { year: y })}
            </option>
          ))}
        </select>
      </div>
      {stations.length > 1 ? (
        <div className="min-w-40">
          <label htmlFor="report-station" className="mb-0.5 block text-xs text-slate-500">
            {t('report.year.picker.station')}
          </label>
          <select id="report-station" name="stationId" defaultValue={filters.stationId} key={`station-${filters.stationId}`} className={`${selectClass} py-1.5`} data-testid="station-select">
            <StationOptions stations={stations} allLabel={t('report.year.picker.allStations')} />
          </select>
        </div>
      ) : null}
      <button type="submit" className={buttonClass.smallPrimary} data-testid="apply-year">
        {t('report.year.picker.apply')}
      </button>
    </Form>
  );
}

/** The KPI page's filters for one of the report's periods, so a rate's numbers open its items there. */
const kpiFilters = (r: YearReport, period: { from: string; to: string }, kind: KpiFilters['kind'] = ''): KpiFilters => ({ from: period.from, to: period.to, stationId: r.stationId ?? '', kind });

/** A rate's 同比 in percentage points, or that there is nothing to compare with. */
function PointChange({ current, previous }: { current: KpiFigure; previous: KpiFigure }) {
  const { t, i18n } = useTranslation();
  const points = rateChange(current, previous);
  if (points === null) return <span className="text-slate-400">{t('kpi.figure.noComparison')}</span>;
  return <span className="tabular-nums">{t('kpi.figure.points', formatPointChange(points, i18n.language))}</span>;
}

/** A count's 同比 in percent, or that there was none the year before. */
function CountChange({ pair }: { pair: YearPair }) {
  const { t, i18n } = useTranslation();
  const change = formatCountChange(pair, i18n.language);
  if (change === null) return <span className="text-slate-400">{t('report.year.change.none')}</span>;
  return <span className="tabular-nums">{t('report.year.change.percent', change)}</span>;
}

/** The four rates: this period's with its numerator and denominator (each opening its items), the year before's, and the change. */
function Rates({ report: r }: { report: YearReport }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="report-rates" className="print:break-inside-avoid">
      <h2 id="report-rates" className="mb-2 font-medium">
        {t('report.year.section.rates')}
      </h2>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 print:grid-cols-2 print:gap-2">
        {headlineMetrics.map((m: KpiMetric) => {
          const current = r.rates.current[m];
          const previous = r.rates.previous[m];
          return (
            <li key={m}>
              <Card className="flex h-full flex-col gap-1.5 p-4 print:p-2" data-testid={`rate-${m}`}>
                <h3 className="text-sm text-slate-600">{t(`kpi.metric.${m}`)}</h3>
                <div className="text-3xl font-semibold tabular-nums print:text-xl" data-testid="rate">
                  {formatPercent(current.rate, i18n.language)}
                </div>
                <div className="text-sm" data-testid="fraction">
                  <Fraction filters={kpiFilters(r, r.period)} metric={m} figure={current} testIdPrefix="" />
                </div>
                <dl className="space-y-0.5 border-t border-slate-100 pt-1.5 text-xs">
                  <div className="flex items-baseline justify-between gap-2">
                    <dt className="text-slate-500">{t('report.year.column.previous')}</dt>
                    <dd className="text-right tabular-nums" data-testid="previous">
                      {formatPercent(previous.rate, i18n.language)}{' '}
                      <span className="text-slate-500">
                        (<Fraction filters={kpiFilters(r, r.yearBefore)} metric={m} figure={previous} />)
                      </span>
                    </dd>
                  </div>
                  <div className="flex items-baseline justify-between gap-2">
                    <dt className="text-slate-500">{t('report.year.column.change')}</dt>
                    <dd data-testid="change">
                      <PointChange current={current} previous={previous} />
                    </dd>
                  </div>
                </dl>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A function's total received, with the year before and the change. */
function Total({ label, pair, testId }: { label: string; pair: YearPair; testId: string }) {
  const { t } = useTranslation();
  return (
    <dl className="flex flex-wrap items-baseline gap-x-6 gap-y-1 px-4 pt-3 text-sm" data-testid={testId}>
      <div className="flex items-baseline gap-2">
        <dt className="text-slate-600">{label}</dt>
        <dd className="text-2xl font-semibold tabular-nums print:text-lg" data-testid="current">
          {pair.current}
        </dd>
      </div>
      <div className="flex items-baseline gap-2">
        <dt className="text-slate-500">{t('report.year.column.previous')}</dt>
        <dd className="tabular-nums" data-testid="previous">
          {pair.previous}
        </dd>
      </div>
      <div className="flex items-baseline gap-2">
        <dt className="text-slate-500">{t('report.year.column.change')}</dt>
        <dd>
          <CountChange pair={pair} />
        </dd>
      </div>
    </dl>
  );
}

/** A server-drawn comparison chart, with its legend below it (the table beside holds the same numbers). */
function Chart({ svg, name }: { svg: string; name: string }) {
  const { t } = useTranslation();
  const { legend } = useLoaderData<typeof loader>();
  return (
    <figure className="print:break-inside-avoid">
      <div className="[&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('report.year.chartLabel', { name })} dangerouslySetInnerHTML={{ __html: svg }} data-testid="chart" />
      <figcaption>
        <ul className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-700">
          {(['current', 'previous'] as const).map((k) => (
            <li key={k} className="inline-flex items-center gap-1.5">
              {/* A presentation attribute, not an inline style: the page's CSP allows no inline styles. */}
              <svg width="12" height="10" className="shrink-0" aria-hidden="true">
                <rect width="12" height="10" rx="1" fill={legend[k]} />
              </svg>
              {t(k === 'current' ? 'report.year.legendCurrent' : 'report.year.legendPrevious')}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

// Narrower on paper: an A4 page holds the station table's nine columns.
const th = 'px-3 py-1.5 font-medium print:px-1';
const td = 'px-3 py-1.5 print:px-1';

/** Counts of a breakdown, this period against the year before, with its chart above when it has one. */
function Breakdown({ title, rows, chart, testId }: { title: string; rows: { key: string; label: string; pair: YearPair }[]; chart?: string | undefined; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="min-w-0 space-y-2 print:break-inside-avoid">
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('report.year.empty')}</p>
      ) : (
        <>
          {chart ? <Chart svg={chart} name={title} /> : null}
          <div className="overflow-x-auto print:overflow-visible">
            <table className="w-full text-sm" data-testid={testId}>
              <caption className="sr-only">{title}</caption>
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className={`${th} text-left`}>
                    {t('report.year.column.item')}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t('report.year.column.current')}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t('report.year.column.previous')}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t('report.year.column.change')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr key={r.key} data-testid="row" data-key={r.key}>
                    <th scope="row" className={`${td} text-left font-normal`}>
                      {r.label}
                    </th>
                    <td className={`${td} text-right tabular-nums`} data-testid="current">
                      {r.pair.current}
                    </td>
                    <td className={`${td} text-right tabular-nums`} data-testid="previous">
                      {r.pair.previous}
                    </td>
                    <td className={`${td} text-right`}>
                      <CountChange pair={r.pair} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** Agency items by case type and by department: received, and on-time completion (items due in the period). */
function Agency({ report: r, chart }: { report: YearReport; chart?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { onTime } = r.agency;
  return (
    <Section title={t('report.year.section.agency')} testId="report-agency">
      <Total label={t('report.year.received.agency')} pair={r.agency.total} testId="agency-total" />
      <dl className="flex flex-wrap items-baseline gap-x-6 gap-y-1 px-4 pt-2 text-sm" data-testid="agency-on-time">
        <div className="flex items-baseline gap-2">
          <dt className="text-slate-600">{t('kpi.metric.onTime')}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="rate">
            {formatPercent(onTime.current.rate, lang)}
          </dd>
          <dd className="text-sm">
            <Fraction filters={kpiFilters(r, r.period, 'agency')} metric="onTime" figure={onTime.current} testIdPrefix="" />
          </dd>
        </div>
        <div className="flex items-baseline gap-2">
          <dt className="text-slate-500">{t('report.year.column.previous')}</dt>
          <dd className="tabular-nums">{formatPercent(onTime.previous.rate, lang)}</dd>
        </div>
        <div className="flex items-baseline gap-2">
          <dt className="text-slate-500">{t('report.year.column.change')}</dt>
          <dd>
            <PointChange current={onTime.current} previous={onTime.previous} />
          </dd>
        </div>
      </dl>
      <p className="px-4 pt-1 text-xs text-slate-500">{t('report.year.agencyOnTimeNote')}</p>
      <div className="space-y-4 p-3">
        {chart ? (
          <div className="max-w-2xl">
            <Chart svg={chart} name={t('report.year.section.agencyByType')} />
          </div>
        ) : null}
        <AgencyTable
          title={t('report.year.section.agencyByType')}
          nameHeader={t('report.year.column.type')}
          rows={r.agency.byType.map((x) => ({ ...x, key: x.typeId ?? 'none', name: x.typeId === null ? t('report.year.noType') : localName(lang, x.name ?? '', x.nameEn) }))}
          testId="agency-type-table"
        />
        <AgencyTable
          title={t('report.year.section.agencyByDepartment')}
          nameHeader={t('report.year.column.department')}
          rows={r.agency.byDepartment.map((x) => ({ ...x, key: x.department ?? 'none', name: x.department ?? t('report.year.noDepartment') }))}
          testId="agency-department-table"
        />
      </div>
    </Section>
  );
}

type AgencyRow = YearPair & { key: string; name: string; onTime: { current: KpiFigure; previous: KpiFigure } };

function AgencyTable({ title, nameHeader, rows, testId }: { title: string; nameHeader: string; rows: AgencyRow[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="min-w-0 space-y-2 print:break-inside-avoid">
      <h3 className="text-sm font-medium text-slate-700">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t('report.year.empty')}</p>
      ) : (
        <div className="overflow-x-auto print:overflow-visible">
          <table className="w-full text-sm" data-testid={testId}>
            <caption className="sr-only">{title}</caption>
            <thead className="bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" rowSpan={2} className={`${th} text-left`}>
                  {nameHeader}
                </th>
                <th scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200 text-center`}>
                  {t('report.year.column.received')}
                </th>
                <th scope="colgroup" colSpan={3} className={`${th} border-l border-slate-200 text-center`}>
                  {t('kpi.metric.onTime')}
                </th>
              </tr>
              <tr>
                {[0, 1].map((g) =>
                  (['current', 'previous', 'change'] as const).map((k, i) => (
                    <th key={`${g}-${k}`} scope="col" className={`${th} text-right ${i === 0 ? 'border-l border-slate-200' : ''}`}>
                      {t(`report.year.column.${k}`)}
                    </th>
                  )),
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.key} data-testid="row" data-key={r.key}>
                  <th scope="row" className={`${td} text-left font-normal`}>
                    {r.name}
                  </th>
                  <td className={`${td} border-l border-slate-100 text-right tabular-nums`} data-testid="current">
                    {r.current}
                  </td>
                  <td className={`${td} text-right tabular-nums`} data-testid="previous">
                    {r.previous}
                  </td>
                  <td className={`${td} text-right whitespace-nowrap`}>
                    <CountChange pair={r} />
                  </td>
                  <td className={`${td} border-l border-slate-100 text-right whitespace-nowrap tabular-nums`} data-testid="on-time">
                    {formatPercent(r.onTime.current.rate, lang)}
                    <span className="ml-1 text-xs text-slate-500">{t('report.year.rateParts', r.onTime.current)}</span>
                  </td>
                  <td className={`${td} text-right whitespace-nowrap tabular-nums`}>
                    {formatPercent(r.onTime.previous.rate, lang)}
                    <span className="ml-1 text-xs text-slate-500">{t('report.year.rateParts', r.onTime.previous)}</span>
                  </td>
                  <td className={`${td} text-right whitespace-nowrap`}>
                    <PointChange current={r.onTime.current} previous={r.onTime.previous} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Per station: items received of each kind and the four rates, each with its 同比. */
function Stations({ report: r, chart }: { report: YearReport; chart?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kinds = ['consultation', 'agency', 'dispute', 'patrol'] as const;
  return (
    <Section title={t('report.year.section.stations')} testId="report-stations">
      <div className="space-y-4 p-3">
        {chart ? (
          <div className="max-w-2xl">
            <Chart svg={chart} name={t('report.year.section.stations')} />
          </div>
        ) : null}
        {r.stations.length === 0 ? (
          <p className="text-sm text-slate-500">{t('report.year.empty')}</p>
        ) : (
          <div className="overflow-x-auto print:overflow-visible">
            <table className="w-full text-sm print:text-xs" data-testid="station-table">
              <caption className="sr-only">{t('report.year.section.stations')}</caption>
              <thead className="bg-slate-50 text-xs text-slate-600">
                <tr>
                  <th scope="col" className={`${th} text-left`}>
                    {t('report.year.column.station')}
                  </th>
                  {kinds.map((k) => (
                    <th key={k} scope="col" className={`${th} text-right`}>
                      {t(`report.year.received.${k}`)}
                    </th>
                  ))}
                  {headlineMetrics.map((m) => (
                    <th key={m} scope="col" className={`${th} text-right`}>
                      {t(`kpi.metric.${m}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {r.stations.map((s) => (
                  <tr key={s.stationId} data-testid="station-row" data-station={s.stationId} className="print:break-inside-avoid">
                    <th scope="row" className={`${td} text-left font-normal whitespace-nowrap`}>
                      {localName(lang, s.stationName, s.stationNameEn)}
                    </th>
                    {kinds.map((k) => (
                      <td key={k} className={`${td} text-right whitespace-nowrap print:whitespace-normal`} data-kind={k}>
                        <div className="tabular-nums" data-testid="current">
                          {s.received[k].current}
                        </div>
                        <div className="text-xs text-slate-500">
                          <CountChange pair={s.received[k]} />
                        </div>
                      </td>
                    ))}
                    {headlineMetrics.map((m) => (
                      <td key={m} className={`${td} text-right whitespace-nowrap print:whitespace-normal`} data-metric={m}>
                        <div className="tabular-nums">{formatPercent(s.rates.current[m].rate, lang)}</div>
                        <div className="text-xs text-slate-500">
                          <PointChange current={s.rates.current[m]} previous={s.rates.previous[m]} />
                        </div>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Section>
  );
}

