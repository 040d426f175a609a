import { type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { defaultKpiTargets, localDate, presetOf, workItemKinds } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { VocabFilter } from '../components/filter-select.tsx';
import { PeriodFilters } from '../components/kpi/period-filters.tsx';
import { Fraction, TargetRate } from '../components/kpi/figures.tsx';
import { FormError, Section } from '../components/ui.tsx';
import { DeskTabs } from '../components/visits/desk.tsx';
import { rateBarChart } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { formatPercent, listSeparator } from '../lib/format.ts';
import { kpiQuery, readKpiFilters, toKpiInput, type KpiFigures, type KpiFilters, type KpiStaffScope } from '../lib/kpi.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/visits.satisfaction';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'visits.title');
}

/** Satisfaction and its portal / phone split beside it — the definitions' own figures (DESIGN §4, ADR 013). */
const satisfactionColumns = ['satisfaction', 'satisfactionPortal', 'satisfactionPhone'] as const;

/**
 * 满意度: satisfaction by station (and, for managers, by handler) for a period — kpi.byStation and
 * kpi.byStaff's very figures, so this page, the dashboard and the export agree — with a bar chart
 * drawn on the server.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { role, today, data: allStations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const stations = allStations.filter((s) => s.inScope);
  const filters = readKpiFilters(url.searchParams, today);
  const input = toKpiInput(filters);
  const base = { filters, preset: presetOf(filters, today), stations, isManager: role === 'manager' };
  try {
    const [byStation, byStaff] = await Promise.all([
      context.trpc.kpi.byStation({ from: input.from, to: input.to, ...(filters.kind ? { kind: filters.kind } : {}) }),
      role === 'manager' ? context.trpc.kpi.byStaff(input) : Promise.resolve(null),
    ]);
    const stationRows = byStation.rows
      .filter((r) => !filters.stationId || r.stationId === filters.stationId)
      .map((r) => {
        const s = stations.find((x) => x.id === r.stationId);
        return { stationId: r.stationId, name: s ? localName(context.lang, s.name, s.nameEn) : r.stationName, figures: r.figures };
      });
    return { ...base, stationRows, staffRows: byStaff?.rows ?? null, chart: drawChart(context.lang, stationRows), error: null };
  } catch (e) {
    return { ...base, stationRows: null, staffRows: null, chart: null, error: errorMessage(e, context.lang) };
  }
}

/** Satisfaction per station as bars; its label says the same numbers for those who cannot see it. */
function drawChart(lang: Language, rows: { name: string; figures: KpiFigures }[]) {
  const t = translator(lang);
  const rates = rows.map((r) => r.figures.satisfaction.rate);
  return {
    svg: rows.length ? rateBarChart({ categories: rows.map((r) => r.name), rates, name: t('kpi.metric.satisfaction'), width: 560 }) : null,
    narrow: rows.length ? rateBarChart({ categories: rows.map((r) => r.name), rates, name: t('kpi.metric.satisfaction'), width: 360 }) : null,
    label: t('visits.satisfaction.chartLabel', { values: rows.map((r, i) => `${r.name} ${formatPercent(rates[i] ?? null, lang)}`).join(listSeparator(lang)) }),
  };
}

/** 导出 Excel: the URL's period, station and kind (visit.exportSatisfaction). */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const me = await requireRole(request, context, staffRoles);
  return fileExport(request, context.lang, () => {
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    return context.trpc.visit.exportSatisfaction(toKpiInput(readKpiFilters(url.searchParams, localDate(new Date(), tz))));
  });
}

/** Exporting changes nothing: the figures need not be fetched again afterwards. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

export default function Satisfaction() {
  const { filters, preset, stations, isManager, stationRows, staffRows, chart, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { exporter, exportError } = useFileExport();
  return (
    <Page
      title={t('visits.title')}
      subtitle={t('visits.satisfaction.subtitle', { from: filters.from, to: filters.to })}
      actions={<ExportButton exporter={exporter} path="/visits/satisfaction" label={t('kpi.export.button')} workingLabel={t('kpi.export.working')} disabled={Boolean(error)} testId="export-satisfaction" />}
    >
      <DeskTabs stationId={filters.stationId} />
      <PeriodFilters
        filters={filters}
        preset={preset}
        stations={stations}
        presetHref={(p) => `/visits/satisfaction${kpiQuery({ stationId: filters.stationId, kind: filters.kind }, { period: p })}`}
        idPrefix="sat-"
        testId="satisfaction-filters"
      >
        <VocabFilter
          idPrefix="sat-"
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
      {error || !stationRows || !chart ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6">
          <Section title={t('visits.satisfaction.byStation')} testId="satisfaction-by-station">
            {chart.svg && chart.narrow ? (
              <figure className="p-3">
                {/* Drawn on the server; the table below holds the same numbers, linked to their ratings. */}
                <div className="hidden sm:block [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={chart.label} dangerouslySetInnerHTML={{ __html: chart.svg }} data-testid="satisfaction-chart" />
                <div className="sm:hidden [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={chart.label} dangerouslySetInnerHTML={{ __html: chart.narrow }} data-testid="satisfaction-chart-narrow" />
              </figure>
            ) : null}
            <SatisfactionTable
              testId="satisfaction-station-table"
              caption={t('visits.satisfaction.byStation')}
              nameHeader={t('kpi.table.station')}
              rows={stationRows.map((r) => ({ key: r.stationId, name: r.name, figures: r.figures, filters: { ...filters, stationId: r.stationId } }))}
            />
            <p className="px-4 py-2 text-xs text-slate-500">{t('visits.satisfaction.definition')}</p>
          </Section>
          {isManager && staffRows ? (
            <Section title={t('visits.satisfaction.byStaff')} testId="satisfaction-by-staff">
              <SatisfactionTable
                testId="satisfaction-staff-table"
                caption={t('visits.satisfaction.byStaff')}
                nameHeader={t('kpi.table.staff')}
                rows={staffRows
                  .filter((r) => r.figures.satisfaction.denominator > 0)
                  .map((r) => ({ key: r.staffId ?? 'none', name: r.staffName ?? t('kpi.table.unassigned'), figures: r.figures, filters, staffId: r.staffId }))}
              />
            </Section>
          ) : null}
        </div>
      )}
    </Page>
  );
}

/** Rows × satisfaction and its portal / phone split: each rate with its numerator and denominator, linked to the ratings behind them. */
function SatisfactionTable({
  rows,
  caption,
  nameHeader,
  testId,
}: {
  rows: { key: string; name: string; figures: KpiFigures; filters: KpiFilters; staffId?: KpiStaffScope }[];
  caption: string;
  nameHeader: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return <p className="px-4 py-6 text-center text-sm text-slate-500">{t('visits.satisfaction.empty')}</p>;
  return (
    <div className="relative min-w-0 overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2 text-left font-medium">
              {nameHeader}
            </th>
            {satisfactionColumns.map((m) => (
              <th key={m} scope="col" className="px-3 py-2 text-right font-medium">
                {t(`kpi.metric.${m}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key} data-testid={`${testId}-row`}>
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-normal whitespace-nowrap text-slate-800">
                {r.name}
              </th>
              {satisfactionColumns.map((m) => {
                const f = r.figures[m];
                return (
                  <td key={m} className="px-3 py-2 text-right align-top" data-metric={m}>
                    {m === 'satisfaction' ? <TargetRate rate={f.rate} target={defaultKpiTargets.satisfaction} /> : <span className="text-slate-600 tabular-nums">{formatPercent(f.rate, i18n.language)}</span>}
                    <div className="mt-0.5 text-xs text-slate-500">
                      <Fraction filters={r.filters} staffId={r.staffId} metric={m} figure={f} testIdPrefix="" />
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
