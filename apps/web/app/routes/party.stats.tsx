import { type ShouldRevalidateFunctionArgs, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localDate, presetOf, type KpiPeriodPreset } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { Card, Page } from '../components/page.tsx';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { PeriodFilters } from '../components/kpi/period-filters.tsx';
import { FormError, Section } from '../components/ui.tsx';
import { categoryBarChart, stackedBarChart } from '../lib/charts.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { readKpiFilters, type KpiFilters } from '../lib/kpi.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { RouterOutputs } from '@stationdesk/api';
import type { Route } from './+types/party.stats';

type PartyStats = RouterOutputs['party']['stats'];
type Figures = PartyStats['total'];

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.stats.title');
}

const serviceName = (t: (k: string) => string, lang: string, s: { key: string; name: string | null; nameEn: string | null }) =>
  s.name ? (lang === 'en' && s.nameEn ? s.nameEn : s.name) : t(`party.service.${s.key}`);

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const { today, data: allStations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const stations = allStations.filter((s) => s.inScope);
  const filters = readKpiFilters(url.searchParams, today);
  const base = { filters, preset: presetOf(filters, today), stations };
  try {
    const stats = await context.trpc.party.stats({ from: filters.from, to: filters.to, ...(filters.stationId ? { stationId: filters.stationId } : {}) });
    return { ...base, stats, charts: draw(context.lang, stats), error: null };
  } catch (e) {
    return { ...base, stats: null, charts: null, error: errorMessage(e, context.lang) };
  }
}

/** Person-times by service as bars, and per station the shifts filled against those still short: drawn on the server. */
function draw(lang: Language, s: PartyStats) {
  const t = translator(lang);
  const names = s.stations.map((r) => localName(lang, r.stationName, r.stationNameEn));
  return {
    services: categoryBarChart({ categories: s.byService.map((r) => serviceName(t, lang, r)), values: s.byService.map((r) => r.served), name: t('party.stats.figure.served'), width: 520 }),
    stations: stackedBarChart({
      categories: names,
      series: [
        { name: t('party.stats.figure.shiftsFilled'), data: s.stations.map((r) => r.figures.shiftsFilled) },
        { name: t('party.stats.figure.shifts'), data: s.stations.map((r) => r.figures.shifts - r.figures.shiftsFilled) },
      ],
      width: 520,
      height: 260,
    }),
  };
}

/** 导出 Excel: the figures of the URL's period. */
export async function action({ request, context }: Route.ActionArgs) {
  const url = new URL(request.url);
  const me = await requireRole(request, context, staffRoles);
  return fileExport(request, context.lang, () => {
    const tz = me.memberships.find((m) => m.tenantId === me.activeTenantId)?.timezone ?? 'Asia/Shanghai';
    const f = readKpiFilters(url.searchParams, localDate(new Date(), tz));
    return context.trpc.party.exportStats({ from: f.from, to: f.to, ...(f.stationId ? { stationId: f.stationId } : {}) });
  });
}

export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

function statsHref(f: KpiFilters, period: KpiPeriodPreset): string {
  const sp = new URLSearchParams({ period, ...(f.stationId ? { stationId: f.stationId } : {}) });
  return `/party/stats?${sp.toString()}`;
}

const figureKeys = ['activities', 'activitiesHeld', 'signUps', 'confirmed', 'attended', 'attendanceRate', 'shifts', 'shiftsFilled', 'batches', 'members', 'served'] as const;

function value(f: Figures, k: (typeof figureKeys)[number]): string {
  return k === 'attendanceRate' ? percent(f.attendanceRate) : String(f[k]);
}

/**
 * 党群服务统计: the period's activities (held, sign-ups, attendance) and volunteer duty (shifts
 * filled, batches and members on duty, person-times served by service), per station.
 */
export default function PartyStatsPage() {
  const { filters, preset, stations, stats, charts, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { exporter, exportError } = useFileExport();
  const card = (label: string, shown: string, testId: string, note?: string) => (
    <Card className="p-4">
      <div className="text-xs text-slate-500">{label}</div>
      <div className="mt-1 text-2xl tabular-nums" data-testid={testId}>
        {shown}
      </div>
      {note ? <div className="mt-0.5 text-xs text-slate-500">{note}</div> : null}
    </Card>
  );
  return (
    <Page
      title={t('party.stats.title')}
      subtitle={t('party.stats.subtitle', { from: filters.from, to: filters.to })}
      actions={<ExportButton exporter={exporter} path="/party/stats" label={t('party.stats.export')} workingLabel={t('kpi.export.working')} disabled={Boolean(error)} testId="export-party-stats" />}
    >
      <PeriodFilters filters={filters} preset={preset} stations={stations} presetHref={(p) => statsHref(filters, p)} idPrefix="party-stats-" testId="party-stats-filters" />
      {exportError ? (
        <div className="mb-3">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      {error || !stats || !charts ? (
        <FormError>{error}</FormError>
      ) : (
        <div className="space-y-6">
          <Section title={t('party.stats.activitiesTitle')} testId="party-stats-activities">
            <div className="grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
              {card(t('party.stats.figure.activitiesHeld'), String(stats.total.activitiesHeld), 'stats-activitiesHeld', `${t('party.stats.figure.activities')} ${stats.total.activities}`)}
              {card(t('party.stats.figure.signUps'), String(stats.total.signUps), 'stats-signUps', `${t('party.stats.figure.confirmed')} ${stats.total.confirmed}`)}
              {card(t('party.stats.figure.attended'), String(stats.total.attended), 'stats-attended')}
              {card(t('party.stats.figure.attendanceRate'), percent(stats.total.attendanceRate), 'stats-attendanceRate', t('party.stats.attendanceOf', { attended: stats.total.attended, confirmed: stats.total.heldConfirmed }))}
            </div>
          </Section>
          <Section title={t('party.stats.dutyTitle')} testId="party-stats-duty">
            <div className="grid grid-cols-2 gap-3 p-3 md:grid-cols-4">
              {card(t('party.stats.figure.shiftsFilled'), `${stats.total.shiftsFilled} / ${stats.total.shifts}`, 'stats-shiftsFilled')}
              {card(t('party.stats.figure.batches'), String(stats.total.batches), 'stats-batches')}
              {card(t('party.stats.figure.members'), String(stats.total.members), 'stats-members')}
              {card(t('party.stats.figure.served'), String(stats.total.served), 'stats-served')}
            </div>
          </Section>
          <div className="grid gap-4 lg:grid-cols-2">
            <Section title={t('party.stats.byService')} testId="party-stats-services">
              <div className="p-3 [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('party.stats.byService')} dangerouslySetInnerHTML={{ __html: charts.services }} data-testid="services-chart" />
            </Section>
            <Section title={t('party.stats.figure.shiftsFilled')} testId="party-stats-shifts">
              <div className="p-3 [&_svg]:h-auto [&_svg]:max-w-full" role="img" aria-label={t('party.stats.figure.shiftsFilled')} dangerouslySetInnerHTML={{ __html: charts.stations }} data-testid="shifts-chart" />
            </Section>
          </div>
          <Section title={t('party.stats.byStation')} testId="party-stats-stations">
            <div className="overflow-x-auto">
              <table className="w-full text-sm" data-testid="party-stats-table">
                <thead className="bg-slate-50 text-left text-xs text-slate-500">
                  <tr>
                    <th className="px-3 py-2">{t('party.stats.station')}</th>
                    {figureKeys.map((k) => (
                      <th key={k} className="px-3 py-2 text-right">
                        {t(`party.stats.figure.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {stats.stations.map((r) => (
                    <tr key={r.stationId} className="border-t border-slate-100" data-testid={`station-${r.stationId}`}>
                      <td className="px-3 py-2">{localName(lang, r.stationName, r.stationNameEn)}</td>
                      {figureKeys.map((k) => (
                        <td key={k} className="px-3 py-2 text-right tabular-nums">
                          {value(r.figures, k)}
                        </td>
                      ))}
                    </tr>
                  ))}
                  <tr className="border-t-2 border-slate-200 font-medium" data-testid="station-total">
                    <td className="px-3 py-2">{t('party.stats.total')}</td>
                    {figureKeys.map((k) => (
                      <td key={k} className="px-3 py-2 text-right tabular-nums">
                        {value(stats.total, k)}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </Section>
        </div>
      )}
    </Page>
  );
}
