import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { portalView } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { buttonClass } from '../components/ui.tsx';
import { notFoundOr } from '../lib/action-result.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/portal.notices.$id';
import { NoticeText } from '../components/notices/notice-text.tsx';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'notices.portal.title', loaderData?.notice.title);
}

/**
 * A notice as the enterprise received it. Opening it is reading it: the enterprise's receipt is
 * written (once — the first admin's read counts; markRead is a no-op after). A notice the
 * enterprise did not receive is a 404.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { timezone, data } = await loadForRoles(request, context, ['enterprise_admin'], async () => {
    const notice = portalView(await context.trpc.notice.get({ id: params.id }).catch(notFoundOr));
    if (notice.readAt) return notice;
    const read = await context.trpc.notice.markRead({ id: params.id }).catch(notFoundOr);
    return { ...notice, readAt: read.readAt };
  });
  return { notice: data, timezone };
}

export default function PortalNotice() {
  const { notice, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={notice.title}
      subtitle={t('notices.list.publishedAt', { at: formatDateTime(notice.publishedAt, timezone) })}
      actions={
        <Link to="/portal/notices" className={buttonClass.secondary}>
          {t('notices.portal.back')}
        </Link>
      }
    >
      <Card className="min-w-0 p-4">
        {notice.effectiveOn ? <p className="mb-3 text-sm text-slate-600">{t('notices.list.effectiveOn', { date: notice.effectiveOn })}</p> : null}
        <NoticeText body={notice.body} attachments={notice.attachments} />
        {notice.readAt ? (
          <p className="mt-4 text-xs text-slate-500" data-testid="read-at">
            {t('notices.portal.readAt', { at: formatDateTime(notice.readAt, timezone) })}
          </p>
        ) : null}
      </Card>
    </Page>
  );
}
