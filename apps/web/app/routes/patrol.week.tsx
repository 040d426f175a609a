import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { addDays, isRealDate } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { RoundStatusBadge } from '../components/patrol-rounds/badges.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/patrol.week';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.week.title');
}

/** 本周巡查 (managers): planned against walked per station, and the week's rounds, unfinished first. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const week = new URL(request.url).searchParams.get('week');
  const { data } = await loadForRoles(request, context, ['manager'], () => context.trpc.patrolRound.list(isRealDate(week) ? { week } : {}));
  return data;
}

export default function PatrolWeek() {
  const { weekStart, weekEnd, today, stations, rounds } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const total = stations.reduce((a, s) => ({ planned: a.planned + s.planned, done: a.done + s.done }), { planned: 0, done: 0 });
  const unfinished = rounds.filter((r) => r.status !== 'done' && r.roundDate <= today);
  return (
    <Page
      title={t('patrolRounds.week.title')}
      subtitle={t('patrolRounds.week.subtitle', { from: weekStart, to: weekEnd })}
      actions={
        <nav className="flex gap-2" aria-label={t('patrolRounds.week.navigate')}>
          <Link to={`/patrol/week?week=${addDays(weekStart, -7)}`} className={buttonClass.secondary} data-testid="previous-week">
            {t('patrolRounds.week.previous')}
          </Link>
          {today < weekStart || today > weekEnd ? (
            <Link to="/patrol/week" className={buttonClass.secondary}>
              {t('patrolRounds.week.current')}
            </Link>
          ) : null}
          <Link to={`/patrol/week?week=${addDays(weekStart, 7)}`} className={buttonClass.secondary} data-testid="next-week">
            {t('patrolRounds.week.next')}
          </Link>
        </nav>
      }
    >
      <Card className="mb-4 overflow-x-auto">
        <table className="w-full text-sm" data-testid="week-stations">
          <caption className="px-4 pt-3 text-left text-sm text-slate-600">{t('patrolRounds.week.caption', { done: total.done, planned: total.planned })}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="px-4 py-2 font-medium">
                {t('patrolRounds.week.station')}
              </th>
              {(['planned', 'done', 'complete', 'inProgress', 'notStarted', 'missed'] as const).map((k) => (
                <th key={k} scope="col" className="px-3 py-2 text-right font-medium">
                  {t(`patrolRounds.week.${k}`)}
                </th>
              ))}
              <th scope="col" className="w-40 px-4 py-2 font-medium">
                <span className="sr-only">{t('patrolRounds.week.walkedShare')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stations.map((s) => (
              <tr key={s.stationId} className="border-b border-slate-100 last:border-0" data-testid="week-station">
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  {localName(i18n.language, s.stationName, s.stationNameEn)}
                </th>
                {[s.planned, s.done, s.complete, s.inProgress, s.notStarted, s.missed].map((n, i) => (
                  <td key={i} className={`px-3 py-2 text-right tabular-nums ${i === 5 && n > 0 ? 'font-medium text-red-700' : ''}`}>
                    {n}
                  </td>
                ))}
                <td className="px-4 py-2">
                  <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
                    <div className="h-full bg-green-600" style={{ width: `${s.planned ? Math.round((s.done / s.planned) * 100) : 0}%` }} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <h2 className="mb-2 text-base font-semibold">{t('patrolRounds.week.unfinished')}</h2>
      {unfinished.length === 0 ? (
        <Empty>{t('patrolRounds.week.noneUnfinished')}</Empty>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="unfinished-rounds">
            {unfinished.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5">
                <div className="min-w-0">
                  <Link to={`/patrol/rounds/${r.id}`} className="font-medium text-brand-700 hover:underline">
                    {r.planName}
                  </Link>
                  <p className="text-sm text-slate-600">
                    {r.roundDate} · {localName(i18n.language, r.stationName, r.stationNameEn)} · {r.assigneeName} · {t('patrolRounds.walk.progress', { checked: r.checked, total: r.total })}
                  </p>
                </div>
                <RoundStatusBadge status={r.status} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </Page>
  );
}
