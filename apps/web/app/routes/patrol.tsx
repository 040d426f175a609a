import { Link, useLoaderData, useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import { OfflineQueue, usePatrolQueue, usePatrolServiceWorker } from '../components/patrol/offline-queue.tsx';
import { RoundProgressBar, RoundStatusBadge } from '../components/patrol-rounds/badges.tsx';
import { Empty } from '../components/ui.tsx';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/patrol';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrolRounds.today.title');
}

/** 今日巡查: the caller's rounds of today (and their own ones still in progress), phone first. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { role, data } = await loadForRoles(request, context, staffRoles, () => context.trpc.patrolRound.today());
  return { role, today: data.today, rounds: data.rounds };
}

export default function TodayRounds() {
  const { role, today, rounds } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  usePatrolServiceWorker();
  const revalidator = useRevalidator();
  // A round's ticks sent from here change its progress.
  const queue = usePatrolQueue((sent) => {
    if (sent.some((x) => x.kind === 'check')) void revalidator.revalidate();
  });
  return (
    <div className="mx-auto max-w-xl">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{t('patrolRounds.today.title')}</h1>
          <p className="mt-1 text-sm text-slate-600">{t('patrolRounds.today.subtitle', { date: today })}</p>
        </div>
        {role === 'manager' ? (
          <nav className="flex gap-3 text-sm" aria-label={t('patrolRounds.today.managerLinks')}>
            <Link to="/patrol/week" className="py-2 font-medium text-brand-700">
              {t('patrolRounds.nav.week')}
            </Link>
            <Link to="/patrol/plans" className="py-2 font-medium text-brand-700">
              {t('patrolRounds.nav.plans')}
            </Link>
          </nav>
        ) : null}
      </div>
      <OfflineQueue queue={queue} />
      {rounds.length === 0 ? (
        <Empty>{t('patrolRounds.today.none')}</Empty>
      ) : (
        <ul className="space-y-3" data-testid="today-rounds">
          {rounds.map((r) => (
            <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="round-card">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <h2 className="text-base font-semibold">{r.planName}</h2>
                  <p className="mt-0.5 text-sm text-slate-600">
                    {localName(i18n.language, r.stationName, r.stationNameEn)} · {t('patrolRounds.today.floors', { count: r.floors })}
                    {r.roundDate !== today ? ` · ${r.roundDate}` : ''}
                  </p>
                </div>
                <RoundStatusBadge status={r.status} />
              </div>
              <div className="mt-3">
                <RoundProgressBar checked={r.checked} total={r.total} />
                <p className="mt-1 text-sm text-slate-600 tabular-nums">
                  {t('patrolRounds.walk.progress', { checked: r.checked, total: r.total })}
                  {r.findings ? ` · ${t('patrolRounds.walk.findingsCount', { count: r.findings })}` : ''}
                </p>
              </div>
              <Link
                to={`/patrol/rounds/${r.id}`}
                className={`mt-3 flex min-h-12 w-full items-center justify-center rounded-lg text-base font-medium ${
                  r.status === 'done' || r.status === 'missed' ? 'border border-slate-300 bg-white text-slate-700' : 'bg-brand-600 text-white shadow-sm active:bg-brand-700'
                }`}
                data-testid="open-round"
              >
                {t(`patrolRounds.today.open.${r.status}`)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
