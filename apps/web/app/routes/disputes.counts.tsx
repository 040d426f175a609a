import { Form, Link, type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { disputeSources, disputeTypes, localDate, riskLevels } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { DisputeTabs } from '../components/disputes/dispute-tabs.tsx';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { buttonClass, FormError, inputClass, selectClass } from '../components/ui.tsx';
import { StationOptions } from '../components/filter-select.tsx';
import { categoryBarChart, levelColors, pieChart, seriesColor, stackedBarChart } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { disputeQuery, monthsOf, outcomeFilters, readDisputeFilters, thisYear, type DisputeCountRow, type DisputeCounts, type DisputeFilters, type DisputeSummary } from '../lib/disputes.ts';
import type { Route } from './+types/disputes.counts';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.counts.title');
}

const groups = ['station_month', 'type', 'source', 'outcome', 'risk_level'] as const;
type Group = (typeof groups)[number];
/** The vocabulary of each grouping's values, and the list filter a row of it sets. */
const vocabOf: Record<Exclude<Group, 'station_month'>, string> = { type: 'type', source: 'source', outcome: 'outcome', risk_level: 'level' };
const filterOf: Record<Exclude<Group, 'station_month'>, keyof DisputeFilters> = { type: 'type', source: 'source', outcome: 'outcome', risk_level: 'riskLevel' };

/** The period and station of the URL; this year when none is given. */
function readPeriod(sp: URLSearchParams, today: string) {
  const f = readDisputeFilters(sp);
  const year = thisYear(today);
  return { from: f.from || year.from, to: f.to || year.to, stationId: f.stationId };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { today, data: allStations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const stations = allStations.filter((s) => s.inScope);
  const period = readPeriod(url.searchParams, today);
  const input = { from: period.from, to: period.to, ...(period.stationId ? { stationId: period.stationId } : {}) };
  try {
    const counts = (await Promise.all(groups.map((groupBy) => context.trpc.dispute.counts({ ...input, groupBy })))).map(inVocabularyOrder);
    return { period, stations, counts, charts: drawCharts(context.lang, period, stations, counts), error: null };
  } catch (e) {
    // A bad period or a station not one's own: the page says why, with the filters to fix it.
    return { period, stations, counts: null, charts: null, error: errorMessage(e, context.lang) };
  }
}

/** Values in the order the vocabulary lists them (wage arrears first, green before red), not alphabetical. */
const valueOrder: Record<Exclude<Group, 'station_month'>, readonly string[]> = { type: disputeTypes, source: disputeSources, outcome: outcomeFilters, risk_level: riskLevels };
function inVocabularyOrder(c: DisputeCounts): DisputeCounts {
  if (c.groupBy === 'station_month') return c;
  const order = valueOrder[c.groupBy as Exclude<Group, 'station_month'>];
  const rank = (v: string | null) => (v === null ? order.length : order.indexOf(v) + 1 || order.length);
  return { ...c, rows: [...c.rows].sort((a, b) => rank(a.value) - rank(b.value)) };
}

/**
 * One SVG per grouping (and a narrow station × month one for phones), labelled in the reader's
 * language; the stations' legend is the page's own list, which wraps instead of covering the bars.
 */
type Charts = Record<Group, string> & { narrow: string; legend: { name: string; color: string }[] };

function drawCharts(lang: 'zh-CN' | 'en', period: { from: string; to: string }, stations: { id: string; name: string; nameEn: string | null }[], counts: DisputeCounts[]): Charts {
  const t = translator(lang);
  const out = { narrow: '', legend: [] } as unknown as Charts;
  for (const c of counts) {
    if (c.groupBy === 'station_month') {
      const months = monthsOf(period.from, period.to);
      const shown = months.length <= 24 ? months : [...new Set(c.rows.map((r) => r.month!))].sort();
      const withRows = stations.filter((s) => c.rows.some((r) => r.stationId === s.id));
      const series = withRows.map((s) => ({ name: localName(lang, s.name, s.nameEn), data: shown.map((m) => c.rows.find((r) => r.stationId === s.id && r.month === m)?.total ?? 0) }));
      out.station_month = stackedBarChart({ categories: shown, series, width: 720, height: 300 });
      // A phone gets its own drawing: the wide one would shrink its labels to nothing.
      out.narrow = stackedBarChart({ categories: shown.map((m) => m.slice(2)), series, width: 380, height: 340 });
      out.legend = series.map((s, i) => ({ name: s.name, color: seriesColor(i) }));
      continue;
    }
    const group = c.groupBy as Exclude<Group, 'station_month'>;
    const label = (v: string | null) => t(`vocab.dispute.${vocabOf[group]}.${v}`);
    if (group === 'outcome' || group === 'risk_level') {
      out[group] = pieChart({ width: 520, height: 300, data: c.rows.map((r) => ({ name: label(r.value), value: r.total, ...(group === 'risk_level' && r.value ? { color: levelColors[r.value] } : {}) })) });
    } else {
      out[group] = categoryBarChart({ categories: c.rows.map((r) => label(r.value)), values: c.rows.map((r) => r.total), name: t(`disputes.counts.groupBy.${group}`) });
    }
  }
  return out;
}

/** 导出 Excel: the period and station of the URL as a workbook. */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  return fileExport(request, context.lang, async () => {
    const me = await context.trpc.auth.me();
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    const period = readPeriod(url.searchParams, localDate(new Date(), tz));
    return context.trpc.dispute.exportCounts({ from: period.from, to: period.to, ...(period.stationId ? { stationId: period.stationId } : {}) });
  });
}

/** Exporting changes nothing: the counts need not be fetched again afterwards. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

export default function DisputeCountsPage() {
  const { period, stations, counts, charts, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { exporter, exportError } = useFileExport();
  // Every number links to the cases behind it: the period and station, and the cell's own filter.
  const scope: Partial<DisputeFilters> = { from: period.from, to: period.to, stationId: period.stationId };
  const href = (extra: Partial<DisputeFilters>) => `/disputes${disputeQuery({ ...scope, ...extra })}`;
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));

  return (
    <Page
      title={t('disputes.counts.title')}
      subtitle={t('disputes.counts.subtitle', { from: period.from, to: period.to })}
      actions={
        <ExportButton exporter={exporter} path="/disputes/counts" label={t('disputes.counts.export')} workingLabel={t('disputes.counts.exporting')} disabled={Boolean(error)} testId="export-counts" />
      }
    >
      <DisputeTabs />
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3" aria-label={t('disputes.counts.filters')} data-testid="counts-filters">
        <div>
          <label htmlFor="counts-from" className="mb-0.5 block text-xs text-slate-500">
            {t('disputes.list.from')}
          </label>
          <input id="counts-from" type="date" name="from" defaultValue={period.from} key={period.from} required className={`${inputClass} py-1.5`} />
        </div>
        <div>
          <label htmlFor="counts-to" className="mb-0.5 block text-xs text-slate-500">
            {t('disputes.list.to')}
          </label>
          <input id="counts-to" type="date" name="to" defaultValue={period.to} key={period.to} required className={`${inputClass} py-1.5`} />
        </div>
        {stations.length > 1 ? (
          <div className="min-w-40">
            <label htmlFor="counts-station" className="mb-0.5 block text-xs text-slate-500">
              {t('disputes.fields.station')}
            </label>
            <select id="counts-station" name="stationId" defaultValue={period.stationId} key={period.stationId} className={`${selectClass} py-1.5`}>
              <StationOptions stations={stations} allLabel={t('disputes.list.allStations')} />
            </select>
          </div>
        ) : null}
        <button type="submit" className={buttonClass.smallPrimary}>
          {t('disputes.counts.apply')}
        </button>
        <Link to="/disputes/counts" className={buttonClass.link}>
          {t('disputes.counts.thisYear')}
        </Link>
      </Form>

      {exportError ? (
        <div className="mb-3">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      {error || !counts || !charts ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6">
          <SummaryCards summary={counts[0]!.summary} href={href} />
          {counts.map((c) => (
            <GroupSection
              key={c.groupBy}
              counts={c}
              chart={charts[c.groupBy as Group]}
              narrow={c.groupBy === 'station_month' ? charts.narrow : null}
              legend={c.groupBy === 'station_month' ? charts.legend : []}
              period={period} stations={stations.filter((s) => !period.stationId || s.id === period.stationId)} stationNames={stationNames} href={href} />
          ))}
        </div>
      )}
    </Page>
  );
}

type Href = (extra: Partial<DisputeFilters>) => string;

function CountLink({ value, to, label, testId }: { value: number; to: string; label: string; testId?: string }) {
  if (value === 0) return <span className="text-slate-400 tabular-nums">0</span>;
  return (
    <Link to={to} className="font-medium text-brand-700 tabular-nums hover:underline" aria-label={label} data-testid={testId}>
      {value}
    </Link>
  );
}

function SummaryCards({ summary: s, href }: { summary: DisputeSummary; href: Href }) {
  const { t } = useTranslation();
  const k = (key: string) => t(`disputes.counts.summary.${key}`);
  const cards: { key: string; value: number | string; to?: string; hint?: string; tone?: string }[] = [
    { key: 'total', value: s.total, to: href({}) },
    { key: 'open', value: s.open, to: href({ state: 'open' }) },
    { key: 'closed', value: s.closed, to: href({ state: 'closed' }) },
    { key: 'red', value: s.byLevel.red, to: href({ riskLevel: 'red' }), tone: 'text-red-700' },
    { key: 'yellow', value: s.byLevel.yellow, to: href({ riskLevel: 'yellow' }), tone: 'text-amber-700' },
    { key: 'green', value: s.byLevel.green, to: href({ riskLevel: 'green' }), tone: 'text-green-700' },
    { key: 'warningsRaised', value: s.warningsRaised, to: href({ warning: 'raised' }), hint: t('disputes.counts.warningsHint') },
    { key: 'warningsAcknowledged', value: s.warningsAcknowledged, to: href({ warning: 'acknowledged' }), hint: t('disputes.counts.warningsHint') },
    { key: 'agreements', value: s.agreements, to: href({ outcome: 'agreement' }) },
    { key: 'performedFull', value: s.performed.full, to: href({ performed: 'full' }) },
    { key: 'performedPartial', value: s.performed.partial, to: href({ performed: 'partial' }) },
    { key: 'performedNone', value: s.performed.none, to: href({ performed: 'none' }) },
    { key: 'medianDaysToClose', value: s.medianDaysToClose === null ? '—' : t('disputes.counts.days', { count: s.medianDaysToClose }) },
  ];
  return (
    <section aria-labelledby="counts-summary">
      <h2 id="counts-summary" className="sr-only">
        {t('disputes.counts.summaryTitle')}
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {cards.map((c) => (
          <li key={c.key}>
            <Card className="h-full p-3">
              <div className="text-xs text-slate-600">{k(c.key)}</div>
              <div className={`mt-1 text-2xl font-semibold tabular-nums ${c.tone ?? ''}`} data-testid={`summary-${c.key}`}>
                {c.to && typeof c.value === 'number' && c.value > 0 ? (
                  <Link to={c.to} className="hover:underline" aria-label={t('disputes.counts.openCases', { label: k(c.key), count: c.value })}>
                    {c.value}
                  </Link>
                ) : (
                  c.value
                )}
              </div>
              {c.hint ? <div className="mt-0.5 text-xs text-slate-500">{c.hint}</div> : null}
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

function GroupSection({
  counts: c,
  chart,
  narrow,
  legend,
  period,
  stations,
  stationNames,
  href,
}: {
  counts: DisputeCounts;
  chart: string;
  narrow: string | null;
  legend: { name: string; color: string }[];
  period: { from: string; to: string };
  stations: { id: string }[];
  stationNames: Record<string, string>;
  href: Href;
}) {
  const { t } = useTranslation();
  const title = t(`disputes.counts.groupBy.${c.groupBy}`);
  const id = `group-${c.groupBy}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white" data-testid={`group-${c.groupBy}`}>
      <h2 id={id} className="border-b border-slate-100 px-4 py-2.5 font-medium text-slate-900">
        {title}
      </h2>
      {c.rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">{t('disputes.counts.noneInPeriod')}</p>
      ) : (
        <div className={c.groupBy === 'station_month' ? 'space-y-3 p-3' : 'grid grid-cols-1 gap-3 p-3 lg:grid-cols-2'}>
          <figure className="min-w-0">
            {/* The SVG is drawn on the server; the table beside it holds the same numbers for screen readers. */}
            <div
              className={`${narrow ? 'hidden sm:block' : ''} [&_svg]:h-auto [&_svg]:max-w-full`}
              role="img"
              aria-label={t('disputes.counts.chartLabel', { title })}
              dangerouslySetInnerHTML={{ __html: chart }}
              data-testid="counts-chart"
            />
            {narrow ? (
              <div className="sm:hidden [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('disputes.counts.chartLabel', { title })} dangerouslySetInnerHTML={{ __html: narrow }} />
            ) : null}
            {legend.length ? (
              <figcaption>
                <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 px-2 text-xs text-slate-700" aria-label={t('disputes.counts.legend')} data-testid="chart-legend">
                  {legend.map((l) => (
                    <li key={l.name} className="inline-flex items-center gap-1.5">
                      {/* A presentation attribute, not an inline style: the page's CSP allows no inline styles. */}
                      <svg width="10" height="10" className="shrink-0" aria-hidden="true">
                        <rect width="10" height="10" rx="2" fill={l.color} />
                      </svg>
                      {l.name}
                    </li>
                  ))}
                </ul>
              </figcaption>
            ) : null}
          </figure>
          {c.groupBy === 'station_month' ? (
            <StationMonthTable rows={c.rows} period={period} stations={stations} stationNames={stationNames} href={href} />
          ) : (
            <GroupTable counts={c} href={href} />
          )}
        </div>
      )}
    </section>
  );
}

function GroupTable({ counts: c, href }: { counts: DisputeCounts; href: Href }) {
  const { t } = useTranslation();
  const group = c.groupBy as Exclude<Group, 'station_month'>;
  const label = (v: string | null) => t(`vocab.dispute.${vocabOf[group]}.${v}`);
  const filter = (r: DisputeCountRow) => ({ [filterOf[group]]: r.value ?? '' }) as Partial<DisputeFilters>;
  return (
    <div className="min-w-0 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={`table-${c.groupBy}`}>
        <caption className="sr-only">{t(`disputes.counts.groupBy.${c.groupBy}`)}</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-2 font-medium">
              {t(`disputes.counts.groupBy.${c.groupBy}`)}
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {t('disputes.counts.summary.total')}
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {t('disputes.counts.summary.open')}
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {t('disputes.counts.summary.closed')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {c.rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="px-2 py-1.5 font-normal text-slate-800">
                {label(r.value)}
              </th>
              <td className="px-2 py-1.5 text-right">
                <CountLink value={r.total} to={href(filter(r))} label={t('disputes.counts.cellLabel', { what: label(r.value), count: r.total })} />
              </td>
              <td className="px-2 py-1.5 text-right">
                <CountLink value={r.open} to={href({ ...filter(r), state: 'open' })} label={t('disputes.counts.cellOpenLabel', { what: label(r.value), count: r.open })} />
              </td>
              <td className="px-2 py-1.5 text-right">
                <CountLink value={r.closed} to={href({ ...filter(r), state: 'closed' })} label={t('disputes.counts.cellClosedLabel', { what: label(r.value), count: r.closed })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Stations down, months across; each cell, row and column total opens its cases. */
function StationMonthTable({
  rows,
  period,
  stations,
  stationNames,
  href,
}: {
  rows: DisputeCountRow[];
  period: { from: string; to: string };
  stations: { id: string }[];
  stationNames: Record<string, string>;
  href: Href;
}) {
  const { t } = useTranslation();
  const all = monthsOf(period.from, period.to);
  const months = all.length <= 24 ? all : [...new Set(rows.map((r) => r.month!))].sort();
  const cell = (stationId: string, month: string) => rows.find((r) => r.stationId === stationId && r.month === month)?.total ?? 0;
  const stationTotal = (stationId: string) => rows.filter((r) => r.stationId === stationId).reduce((s, r) => s + r.total, 0);
  const monthTotal = (month: string) => rows.filter((r) => r.month === month).reduce((s, r) => s + r.total, 0);
  const grand = rows.reduce((s, r) => s + r.total, 0);
  const shownStations = stations.filter((s) => stationNames[s.id]);
  return (
    <div className="min-w-0 overflow-x-auto rounded-md border border-slate-100" tabIndex={0} aria-label={t('disputes.counts.groupBy.station_month')}>
      <table className="w-full text-sm" data-testid="table-station_month">
        <caption className="sr-only">{t('disputes.counts.groupBy.station_month')}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-2 text-left font-medium">
              {t('disputes.fields.station')}
            </th>
            {months.map((m) => (
              <th key={m} scope="col" className="px-2 py-2 text-right font-medium whitespace-nowrap tabular-nums">
                {m}
              </th>
            ))}
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {t('disputes.counts.rowTotal')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {shownStations.map((s) => (
            <tr key={s.id}>
              <th scope="row" className="sticky left-0 bg-white px-2 py-1.5 text-left font-normal whitespace-nowrap text-slate-800">
                {stationNames[s.id]}
              </th>
              {months.map((m) => (
                <td key={m} className="px-2 py-1.5 text-right">
                  <CountLink
                    value={cell(s.id, m)}
                    to={href({ stationId: s.id, month: m })}
                    label={t('disputes.counts.stationMonthLabel', { station: stationNames[s.id], month: m, count: cell(s.id, m) })}
                    testId="station-month-cell"
                  />
                </td>
              ))}
              <td className="px-2 py-1.5 text-right">
                <CountLink value={stationTotal(s.id)} to={href({ stationId: s.id })} label={t('disputes.counts.cellLabel', { what: stationNames[s.id], count: stationTotal(s.id) })} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-slate-200 bg-slate-50/60">
          <tr>
            <th scope="row" className="sticky left-0 bg-slate-50 px-2 py-1.5 text-left font-medium">
              {t('disputes.counts.columnTotal')}
            </th>
            {months.map((m) => (
              <td key={m} className="px-2 py-1.5 text-right">
                <CountLink value={monthTotal(m)} to={href({ month: m })} label={t('disputes.counts.cellLabel', { what: m, count: monthTotal(m) })} />
              </td>
            ))}
            <td className="px-2 py-1.5 text-right">
              <CountLink value={grand} to={href({})} label={t('disputes.counts.cellLabel', { what: t('disputes.counts.rowTotal'), count: grand })} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
