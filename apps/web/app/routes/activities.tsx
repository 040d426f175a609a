import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/activities';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.list.title');
}

/** 党群活动 (staff of the station, managers): every activity, newest first, with its places taken and waiting. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const when = new URL(request.url).searchParams.get('when');
  const filter = when === 'upcoming' || when === 'past' ? when : undefined;
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () => context.trpc.activity.list(filter ? { when: filter } : undefined));
  return { activities: data.activities, timezone, when: filter ?? '' };
}

const statusTone = { draft: 'bg-slate-100 text-slate-700', published: 'bg-green-50 text-green-700', cancelled: 'bg-red-50 text-red-700' } as const;

export default function Activities() {
  const { activities, timezone, when } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={t('activities.list.title')}
      subtitle={t('activities.list.subtitle')}
      actions={
        <Link to="/activities/new" className={buttonClass.primary} data-testid="new-activity">
          {t('activities.list.new')}
        </Link>
      }
    >
      <nav className="mb-3 flex gap-2 text-sm">
        {(['', 'upcoming', 'past'] as const).map((w) => (
          <Link key={w} to={w ? `/activities?when=${w}` : '/activities'} className={w === when ? buttonClass.smallPrimary : buttonClass.smallSecondary}>
            {t(`activities.list.when.${w || 'all'}`)}
          </Link>
        ))}
      </nav>
      {activities.length === 0 ? (
        <Empty>{t('activities.list.none')}</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="activity-list">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('activities.field.title')}</th>
                <th className="px-3 py-2">{t('activities.field.kind')}</th>
                <th className="px-3 py-2">{t('activities.field.startsAt')}</th>
                <th className="px-3 py-2">{t('activities.field.place')}</th>
                <th className="px-3 py-2 text-right">{t('activities.list.places')}</th>
                <th className="px-3 py-2">{t('activities.field.status')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {activities.map((a) => (
                <tr key={a.id} data-testid="activity-row">
                  <td className="px-3 py-2">
                    <Link to={`/activities/${a.id}`} className={buttonClass.link}>
                      {a.title}
                    </Link>
                    <div className="text-xs text-slate-500">{a.stationName}</div>
                  </td>
                  <td className="px-3 py-2">{t(`activities.kind.${a.kind}`)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(a.startsAt, timezone)}</td>
                  <td className="px-3 py-2">{a.postName ?? a.place}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    {t('activities.list.placesValue', { confirmed: a.confirmed, capacity: a.capacity })}
                    {a.waitlisted > 0 ? <div className="text-xs text-amber-700">{t('activities.list.waiting', { count: a.waitlisted })}</div> : null}
                  </td>
                  <td className="px-3 py-2">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[a.status]}`}>{t(`activities.status.${a.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
