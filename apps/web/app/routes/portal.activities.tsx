import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.activities';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'activities.portal.title');
}

/** 党群活动 for an enterprise admin: the published activities open to its enterprise, coming and past, with its own people on each. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () =>
    Promise.all([context.trpc.activity.list({ when: 'upcoming' }), context.trpc.activity.list({ when: 'past', limit: 30 })]),
  );
  const [upcoming, past] = data;
  return { upcoming: upcoming.activities, past: past.activities.filter((a) => a.mine && a.mine.confirmed > 0), timezone, now: Date.now() };
}

export default function PortalActivities() {
  const { upcoming, past, timezone, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const card = (a: (typeof upcoming)[number]) => {
    const open = new Date(a.signUpOpensAt).getTime() <= now && now < new Date(a.signUpClosesAt).getTime();
    return (
      <Card key={a.id} className="p-4" data-testid="portal-activity">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            <Link to={`/portal/activities/${a.id}`} className="font-semibold text-brand-700 hover:underline">
              {a.title}
            </Link>
            <p className="text-sm text-slate-600">
              {t(`activities.kind.${a.kind}`)} · {formatDateTime(a.startsAt, timezone)} · {a.postName ?? a.place}
            </p>
          </div>
          <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${open ? 'bg-green-50 text-green-700' : 'bg-slate-100 text-slate-600'}`}>
            {open ? t('activities.portal.open') : t('activities.portal.closed')}
          </span>
        </div>
        <p className="mt-2 text-sm text-slate-700">
          {t('activities.portal.places', { left: Math.max(0, a.capacity - a.confirmed), capacity: a.capacity })}
          {a.mine && (a.mine.confirmed || a.mine.waitlisted) ? (
            <span className="ml-2 text-brand-700" data-testid="mine">
              {t('activities.portal.mine', { confirmed: a.mine.confirmed, waitlisted: a.mine.waitlisted })}
            </span>
          ) : null}
        </p>
        <div className="mt-3">
          <Link to={`/portal/activities/${a.id}`} className={buttonClass.smallPrimary}>
            {open ? t('activities.portal.signUp') : t('activities.portal.view')}
          </Link>
        </div>
      </Card>
    );
  };
  return (
    <Page title={t('activities.portal.title')} subtitle={t('activities.portal.subtitle')}>
      {upcoming.length === 0 ? <Empty>{t('activities.portal.none')}</Empty> : <div className="grid gap-3 lg:grid-cols-2">{upcoming.map(card)}</div>}
      {past.length > 0 ? (
        <>
          <h2 className="mt-6 mb-2 text-base font-semibold">{t('activities.portal.past')}</h2>
          <div className="grid gap-3 lg:grid-cols-2">{past.map(card)}</div>
        </>
      ) : null}
    </Page>
  );
}
