import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Page } from '../components/page.tsx';
import { weekOrder } from '../components/party/post-form.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { listSeparator } from '../lib/format.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { badgeClass, serviceName } from '../lib/party.ts';
import type { Route } from './+types/party.posts';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.posts.title');
}

/** 党群服务站: the posts of the member's stations — hours, services, the shifts to come. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { role, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.servicePost.list(), context.trpc.servicePost.services(), context.trpc.calendar.get()]),
  );
  const [posts, services, calendar] = data;
  const hours = calendar.businessHours.length ? `${calendar.businessHours[0]!.start}–${calendar.businessHours.at(-1)!.end}` : '—';
  return { posts, services, role, calendarHours: hours };
}

export default function ServicePosts() {
  const { posts, services, role, calendarHours } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const sep = listSeparator(lang);
  return (
    <Page
      title={t('party.posts.title')}
      subtitle={t('party.posts.subtitle')}
      actions={
        <div className="flex flex-wrap gap-2">
          {role === 'manager' ? (
            <Link to="/party/services" className={buttonClass.secondary}>
              {t('party.posts.services_manage')}
            </Link>
          ) : null}
          <Link to="/party/posts/new" className={buttonClass.primary} data-testid="new-post">
            {t('party.posts.new')}
          </Link>
        </div>
      }
    >
      {posts.length === 0 ? (
        <Card>
          <Empty>{t('party.posts.none')}</Empty>
        </Card>
      ) : (
        <div className="grid gap-3 lg:grid-cols-2" data-testid="post-list">
          {posts.map((p) => (
            <Card key={p.id} className="p-4" data-testid="post-card">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <h2 className="font-semibold">{p.name}</h2>
                  <p className="text-sm text-slate-600">
                    {localName(lang, p.stationName, p.stationNameEn)} · {p.location}
                  </p>
                </div>
                <span className={`${badgeClass} ${p.active ? 'bg-green-50 text-green-700 ring-green-600/20' : 'bg-slate-50 text-slate-600 ring-slate-500/30'}`}>
                  {t(p.active ? 'party.posts.active' : 'party.posts.inactive')}
                </span>
              </div>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-500">{t('party.posts.hours')}</dt>
                <dd>
                  {p.openingHours === null
                    ? t('party.posts.calendarHours', { hours: calendarHours })
                    : weekOrder
                        .map((d) => {
                          const h = p.openingHours!.find((x) => x.weekday === d);
                          return `${t(`party.weekday.${d}`)} ${h ? `${h.start}–${h.end}` : t('party.posts.closed')}`;
                        })
                        .join(sep)}
                </dd>
                <dt className="text-slate-500">{t('party.posts.services')}</dt>
                <dd>{p.services.map((s) => serviceName(t, lang, services, s)).join(sep)}</dd>
                <dt className="text-slate-500">{t('party.shifts.title')}</dt>
                <dd>{t('party.posts.upcoming', p.upcoming)}</dd>
              </dl>
              <div className="mt-3 flex flex-wrap gap-2">
                <Link to={`/party/shifts?postId=${p.id}`} className={buttonClass.smallSecondary}>
                  {t('party.posts.roster')}
                </Link>
                <Link to={`/party/posts/${p.id}`} className={buttonClass.smallSecondary} data-testid="open-post">
                  {t('party.posts.editTitle')}
                </Link>
              </div>
            </Card>
          ))}
        </div>
      )}
    </Page>
  );
}
