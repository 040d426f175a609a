import { Link, useLoaderData, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { portalView } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.notices';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notices.portal.title');
}

/** 政策通知 for an enterprise admin: what its enterprise received, newest first, the unread ones marked. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const cursor = params.get('cursor') ?? undefined;
  const unread = params.get('unread') === '1';
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], () => context.trpc.notice.list({ ...(cursor ? { cursor } : {}), ...(unread ? { unread } : {}), limit: 20 }));
  return { page: portalView(data), timezone, unread, paged: Boolean(cursor) };
}

export default function PortalNotices() {
  const { page, timezone, unread, paged } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const next = new URLSearchParams(location.search);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  return (
    <Page title={t('notices.portal.title')} subtitle={t('notices.portal.unreadCount', { count: page.unread })}>
      <div className="mb-3 flex gap-2">
        <Link to="/portal/notices" className={unread ? buttonClass.secondary : buttonClass.primary}>
          {t('notices.portal.all')}
        </Link>
        <Link to="/portal/notices?unread=1" className={unread ? buttonClass.primary : buttonClass.secondary}>
          {t('notices.portal.onlyUnread')}
        </Link>
      </div>
      {page.items.length === 0 ? (
        <Empty>{t('notices.portal.none')}</Empty>
      ) : (
        <div className="grid gap-3">
          {page.items.map((n) => (
            <Card key={n.id} className="min-w-0 p-4" data-testid="portal-notice" data-read={n.readAt ? 'yes' : 'no'}>
              <div className="flex items-start justify-between gap-2">
                <Link to={`/portal/notices/${n.id}`} className={`min-w-0 break-words text-brand-700 hover:underline ${n.readAt ? '' : 'font-semibold'}`}>
                  {n.title}
                </Link>
                {n.readAt ? null : (
                  <span className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700" data-testid="unread-mark">
                    {t('notices.portal.unread')}
                  </span>
                )}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {t('notices.list.publishedAt', { at: formatDateTime(n.publishedAt, timezone) })}
                {n.effectiveOn ? ` · ${t('notices.list.effectiveOn', { date: n.effectiveOn })}` : ''}
              </p>
            </Card>
          ))}
        </div>
      )}
      <div className="mt-3 flex gap-2">
        {paged ? (
          <Link to={unread ? '/portal/notices?unread=1' : '/portal/notices'} className={buttonClass.secondary}>
            {t('notices.list.first')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/portal/notices?${next.toString()}`} className={buttonClass.secondary}>
            {t('notices.list.more')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
