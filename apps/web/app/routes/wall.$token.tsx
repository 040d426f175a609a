import { isRouteErrorResponse, useLoaderData, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { headlineMetrics, rateChange, targetTone, type KpiFigure } from '@stationdesk/core';
import { translator, type Language } from '@stationdesk/i18n';
import { toneClass } from '../components/kpi/figures.tsx';
import { notFoundOr } from '../lib/action-result.server.ts';
import { rateLineChart, seriesColor } from '../lib/charts.server.ts';
import { formatDateTime, formatPercent, formatPointChange, listSeparator } from '../lib/format.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { RouterOutputs } from '@stationdesk/api';
import type { Route } from './+types/wall.$token';

type Wall = RouterOutputs['wallDisplay']['view'];

/** How often the screen reloads itself (seconds); the server keeps a scope's figures 15 s, so a minute is never stale for long. */
const REFRESH_SECONDS = 60;

/**
 * 一屏观天下 (issue 18): a station's or the subdistrict's screen, by an unguessable link and no
 * session. Read-only, no personal data (wallDisplay.view answers counts and rates only), drawn on the
 * server and reloaded every minute by the page itself — no script needed. An unknown or revoked
 * link is the plain 404 of any unknown address.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  let wall: Wall;
  try {
    wall = await context.trpc.wallDisplay.view({ token: params.token });
  } catch (e) {
    notFoundOr(e);
  }
  return { wall, chart: drawTrend(context.lang, wall) };
}

export function headers() {
  // The figures change by the minute, and the address is the key to them: keep neither in a cache.
  return { 'cache-control': 'no-store', 'x-robots-tag': 'noindex, nofollow' };
}

export function meta({ data, error, matches }: Route.MetaArgs) {
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = data ? pageTitle(matches, 'kpi.wall.title', data.wall.name) : pageTitle(matches, notFound ? 'errors.pageNotFound' : 'kpi.wall.unavailable');
  return [
    ...title,
    { name: 'robots', content: 'noindex, nofollow' },
    { name: 'referrer', content: 'no-referrer' },
    // A screen with nobody at it: it reloads itself, also after a passing failure — but not a dead link.
    ...(notFound ? [] : [{ httpEquiv: 'refresh', content: String(REFRESH_SECONDS) }]),
  ];
}

function drawTrend(lang: Language, wall: Wall) {
  const t = translator(lang);
  const series = headlineMetrics.map((m) => ({ name: t(`kpi.metric.${m}`), data: wall.trend.map((p) => (p.figures[m].rate === null ? null : Math.round(p.figures[m].rate * 10_000) / 100)) }));
  return {
    // Wide and low, so the whole page fits a 1920 × 1080 screen; scaled up there, its labels read at about 16 px.
    svg: rateLineChart({ categories: wall.trend.map((p) => p.month), series, width: 1400, height: 260 }),
    legend: series.map((s, i) => ({ name: s.name, color: seriesColor(i) })),
  };
}

export default function WallDisplay() {
  const { wall, chart } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const scope = wall.station ? localName(lang, wall.station.name, wall.station.nameEn) : t('kpi.wall.scopeAll');
  const total = wall.stations.reduce((a, s) => ({ open: a.open + s.open, overdue: a.overdue + s.overdue }), { open: 0, overdue: 0 });
  return (
    <main className="flex min-h-screen flex-col gap-5 bg-slate-100 p-6 text-slate-900 xl:p-8" data-testid="wall">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold xl:text-4xl" data-testid="wall-title">
            {localName(lang, wall.tenant.name, wall.tenant.nameEn)} · {scope}
          </h1>
          <p className="mt-1 text-lg text-slate-600 xl:text-xl">{wall.name}</p>
        </div>
        <div className="text-right text-lg text-slate-600 xl:text-xl">
          <p className="font-medium text-slate-800">{t('kpi.wall.month', { month: wall.month.from.slice(0, 7) })}</p>
          <p className="tabular-nums" data-testid="wall-as-of">
            {t('kpi.wall.asOf', { time: formatDateTime(wall.asOf, wall.timezone) })}
          </p>
        </div>
      </header>

      <ul className="grid grid-cols-2 gap-5 xl:grid-cols-4" aria-label={t('kpi.headline')}>
        {headlineMetrics.map((m) => (
          <li key={m}>
            <RateCard label={t(`kpi.metric.${m}`)} figure={wall.figures[m]} target={wall.targets[m]} yearBefore={wall.yearBefore[m]} periodBefore={wall.periodBefore[m]} testId={`wall-${m}`} />
          </li>
        ))}
      </ul>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <section className="rounded-xl bg-white p-5 shadow-sm" aria-labelledby="wall-today" data-testid="wall-today">
          <h2 id="wall-today" className="text-2xl font-semibold text-slate-700">
            {t('kpi.wall.today')}
          </h2>
          <dl className="mt-4 grid grid-cols-2 gap-4">
            {(['received', 'resolved'] as const).map((k) => (
              <div key={k}>
                <dt className="text-xl text-slate-600">{t(`kpi.wall.${k}`)}</dt>
                <dd className="text-6xl font-bold tabular-nums" data-testid={`wall-today-${k}`}>
                  {wall.todayCounts[k]}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="rounded-xl bg-white p-5 shadow-sm lg:col-span-2" aria-labelledby="wall-stations">
          <h2 id="wall-stations" className="text-2xl font-semibold text-slate-700">
            {t('kpi.wall.byStation')}
          </h2>
          <table className="mt-3 w-full text-xl xl:text-2xl" data-testid="wall-stations">
            <thead className="text-left text-lg text-slate-500">
              <tr>
                <th scope="col" className="py-1 font-medium">
                  {t('kpi.wall.station')}
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  {t('kpi.wall.open')}
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  {t('kpi.wall.overdue')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {wall.stations.map((s) => (
                <tr key={s.name} data-testid="wall-station-row">
                  <th scope="row" className="py-1.5 text-left font-normal">
                    {localName(lang, s.name, s.nameEn)}
                  </th>
                  <td className="py-1.5 text-right font-semibold tabular-nums">{s.open}</td>
                  <td className={`py-1.5 text-right font-semibold tabular-nums ${s.overdue > 0 ? 'text-red-700' : 'text-slate-500'}`}>{s.overdue}</td>
                </tr>
              ))}
            </tbody>
            {wall.stations.length > 1 ? (
              <tfoot className="border-t-2 border-slate-200">
                <tr>
                  <th scope="row" className="py-1.5 text-left font-medium">
                    {t('kpi.wall.total')}
                  </th>
                  <td className="py-1.5 text-right font-bold tabular-nums">{total.open}</td>
                  <td className={`py-1.5 text-right font-bold tabular-nums ${total.overdue > 0 ? 'text-red-700' : 'text-slate-500'}`}>{total.overdue}</td>
                </tr>
              </tfoot>
            ) : null}
          </table>
        </section>
      </div>

      <section className="rounded-xl bg-white p-5 shadow-sm" aria-labelledby="wall-trend">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="wall-trend" className="text-2xl font-semibold text-slate-700">
            {t('kpi.wall.trend')}
          </h2>
          <ul className="flex flex-wrap gap-x-6 gap-y-1 text-lg text-slate-700" aria-label={t('kpi.trend.legend')}>
            {chart.legend.map((l) => (
              <li key={l.name} className="inline-flex items-center gap-2">
                {/* A presentation attribute, not an inline style: the page's CSP allows no inline styles. */}
                <svg width="20" height="6" className="shrink-0" aria-hidden="true">
                  <rect width="20" height="6" rx="1" fill={l.color} />
                </svg>
                {l.name}
              </li>
            ))}
          </ul>
        </div>
        <div
          className="mt-2 [&_svg]:h-auto [&_svg]:w-full"
          role="img"
          aria-label={t('kpi.wall.trendLabel', { metrics: headlineMetrics.map((m) => t(`kpi.metric.${m}`)).join(listSeparator(lang)) })}
          dangerouslySetInnerHTML={{ __html: chart.svg }}
          data-testid="wall-trend"
        />
      </section>
    </main>
  );
}

/** One of the four rates, large: coloured against the tenant's target, its numerator and denominator, 同比 and 环比. */
function RateCard({ label, figure, target, yearBefore, periodBefore, testId }: { label: string; figure: KpiFigure; target: number; yearBefore: KpiFigure; periodBefore: KpiFigure; testId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const tone = targetTone(figure.rate, target);
  return (
    <section className="flex h-full flex-col gap-2 rounded-xl bg-white p-5 shadow-sm" aria-label={label} data-testid={testId}>
      <h2 className="text-2xl text-slate-600">{label}</h2>
      <p className={`self-start rounded-lg px-2 text-5xl font-bold tabular-nums xl:text-6xl 2xl:text-7xl ${toneClass[tone]}`} data-tone={tone} title={t(`kpi.figure.tone.${tone}`)}>
        {formatPercent(figure.rate, lang)}
        <span className="sr-only"> ({t(`kpi.figure.tone.${tone}`)})</span>
      </p>
      <p className="text-xl text-slate-600 tabular-nums" data-testid="wall-fraction">
        {figure.numerator} / {figure.denominator}
        <span className="ml-3 text-lg text-slate-500">{t('kpi.wall.target', { target: formatPercent(target, lang) })}</span>
      </p>
      <dl className="mt-auto grid grid-cols-2 gap-2 text-lg">
        <Change label={t('kpi.wall.yearOnYear')} current={figure} before={yearBefore} />
        <Change label={t('kpi.wall.periodOnPeriod')} current={figure} before={periodBefore} />
      </dl>
    </section>
  );
}

function Change({ label, current, before }: { label: string; current: KpiFigure; before: KpiFigure }) {
  const { t, i18n } = useTranslation();
  const points = rateChange(current, before);
  const shown = points === null ? null : formatPointChange(points, i18n.language);
  const tone = shown?.sign === '+' ? 'text-green-700' : shown?.sign === '−' ? 'text-red-700' : 'text-slate-600';
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className={`font-semibold tabular-nums ${shown ? tone : 'text-slate-400'}`}>{shown ? t('kpi.figure.points', shown) : t('kpi.figure.noComparison')}</dd>
    </div>
  );
}

/** A link that is unknown or revoked reads as any unknown address; anything else says it will try again (the meta refresh stays). */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">{t(notFound ? 'errors.pageNotFound' : 'kpi.wall.unavailable')}</h1>
      <p className="mt-2 text-slate-600">{t(notFound ? 'errors.pageNotFoundHint' : 'kpi.wall.unavailableHint')}</p>
      {notFound ? (
        <a className="mt-6 inline-block text-brand-600 underline" href="/">
          {t('nav.backHome')}
        </a>
      ) : null}
    </main>
  );
}
