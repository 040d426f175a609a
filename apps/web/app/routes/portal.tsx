import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { clockRunning } from '@stationdesk/core';
import { Page } from '../components/page.tsx';
import { PortalHomeSections } from '../components/portal-home.tsx';
import { buttonClass } from '../components/ui.tsx';
import { EmptyResults } from '../components/result-list.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { mapLimited, portalView } from '../lib/work-items.server.ts';
import type { Route } from './+types/portal';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.portal.title');
}

const PAGE = 20;

export async function loader({ request, context }: Route.LoaderArgs) {
  const cursor = new URL(request.url).searchParams.get('cursor') || undefined;
  const {
    timezone,
    today,
    me,
    data: [home, page],
  } = await loadForRoles(request, context, ['enterprise_admin'], () =>
    Promise.all([
      // What waits on the company, its cases in progress, expiring papers, notices, activities (issue 22).
      cursor ? Promise.resolve(null) : context.trpc.portal.home(),
      // The list is scoped to the admin's own enterprise by the API, in the portal's view.
      context.trpc.workItem.list({ view: 'all', limit: PAGE, ...(cursor ? { cursor } : {}) }).then(portalView),
    ]),
  );
  // The list carries no messages: the latest public reply of each comes from the item itself.
  const latest = await mapLimited(page.items, 4, (item) =>
    context.trpc.workItem.get({ id: item.id }).then(
      (answer) => {
        const m = portalView(answer).messages.at(-1);
        return m ? { body: m.body, at: m.at, authorName: m.authorName, fromEnterprise: m.fromEnterprise } : null;
      },
      () => null,
    ),
  );
  return { timezone, today, home, enterpriseId: me.enterpriseId ?? null, items: page.items.map((item, i) => ({ ...item, latest: latest[i] ?? null })), nextCursor: page.nextCursor, cursor: cursor ?? null };
}

export default function Portal() {
  const { timezone, today, home, enterpriseId, items, nextCursor, cursor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={t('workItems.portal.title')}
      subtitle={t('workItems.portal.subtitle')}
      actions={
        <Link to="/portal/new" className={buttonClass.primary} data-testid="portal-new">
          {t('workItems.portal.new')}
        </Link>
      }
    >
      {home ? <PortalHomeSections home={home} timezone={timezone} today={today} enterpriseId={enterpriseId} /> : null}
      <h2 className="mt-6 mb-2 font-medium text-slate-900">{t('portalHome.myItems')}</h2>
      {items.length === 0 ? (
        <EmptyResults testId="portal-empty" title={t('workItems.portal.empty')} hint={t('workItems.portal.emptyHint')}>
          <Link to="/portal/new" className={`${buttonClass.primary} mt-4`}>
            {t('workItems.portal.new')}
          </Link>
        </EmptyResults>
      ) : (
        <ul className="space-y-2" data-testid="portal-list">
          {items.map((item) => {
            const ask = item.status === 'waiting' ? 'waiting' : item.status === 'resolved' ? 'resolved' : null;
            return (
              <li key={item.id}>
                <Link
                  to={`/portal/items/${item.id}`}
                  className={`block rounded-lg border bg-white p-4 hover:border-brand-300 hover:shadow-sm ${ask ? 'border-amber-300' : 'border-slate-200'}`}
                  data-testid="portal-item"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs text-slate-500 tabular-nums">{item.number}</span>
                    {/* 待补充 needs no second badge: the call to act says it. */}
                    {ask === 'waiting' ? null : <ItemStatusBadge status={item.status} />}
                    {ask ? (
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t(`workItems.portal.ask.${ask}`)}</span>
                    ) : null}
                    <span className="ml-auto text-xs text-slate-500 tabular-nums">{formatDateTime(item.createdAt, timezone)}</span>
                  </div>
                  <div className="mt-1.5 font-medium text-slate-900">{item.title}</div>
                  {item.latest ? (
                    <p className="mt-1.5 line-clamp-2 text-sm text-slate-600" data-testid="portal-latest">
                      <span className="text-slate-500">
                        {t('workItems.portal.latest', {
                          who: item.latest.fromEnterprise ? t('workItems.conversation.us') : (item.latest.authorName ?? t('workItems.conversation.station')),
                        })}
                      </span>
                      {item.latest.body}
                    </p>
                  ) : clockRunning(item.status) ? (
                    // Only while the station still owes its answer: one given as the resolution is no message.
                    <p className="mt-1.5 text-sm text-slate-400">{t('workItems.portal.noReply')}</p>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-4 flex justify-center gap-3">
        {cursor ? (
          <Link to="/portal" className={buttonClass.link}>
            {t('workItems.portal.firstPage')}
          </Link>
        ) : null}
        {nextCursor ? (
          <Link to={`/portal?cursor=${encodeURIComponent(nextCursor)}`} className={buttonClass.secondary}>
            {t('workItems.portal.older')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
