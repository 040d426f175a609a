import { Form, Link, useLoaderData, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { noticeStatuses, staffView, type NoticeStatus } from '@stationdesk/core';
import { Card, Page } from '../components/page.tsx';
import { buttonClass, Empty, inputClass, selectClass } from '../components/ui.tsx';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/notices';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'notices.list.title');
}

/** The filters as the URL carries them (GET: bookmarkable); anything malformed is dropped. */
function readFilters(params: URLSearchParams) {
  const status = params.get('status') ?? '';
  const q = (params.get('q') ?? '').trim().slice(0, 60);
  return {
    ...((noticeStatuses as readonly string[]).includes(status) ? { status: status as NoticeStatus } : {}),
    ...(q ? { q } : {}),
  };
}

/** 政策推送: the tenant's notices, newest first, a keyset page at a time (?cursor=), with their read receipts. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const filters = readFilters(params);
  const cursor = params.get('cursor') ?? undefined;
  const { timezone, role, data } = await loadForRoles(request, context, staffRoles, () => context.trpc.notice.list({ ...filters, ...(cursor ? { cursor } : {}), limit: 30 }));
  return { filters, page: staffView(data), timezone, isManager: role === 'manager', paged: Boolean(cursor) };
}

const statusTone: Record<NoticeStatus, string> = {
  draft: 'bg-slate-100 text-slate-700',
  published: 'bg-green-50 text-green-700',
  archived: 'bg-amber-50 text-amber-700',
};

export default function Notices() {
  const { filters, page, timezone, isManager, paged } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const next = new URLSearchParams(location.search);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  const first = new URLSearchParams(location.search);
  first.delete('cursor');
  return (
    <Page
      title={t('notices.list.title')}
      subtitle={t('notices.list.intro')}
      actions={
        isManager ? (
          <Link to="/notices/new" className={buttonClass.primary} data-testid="new-notice">
            {t('notices.list.new')}
          </Link>
        ) : null
      }
    >
      <Form method="get" replace className="mb-4 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-4" data-testid="notice-filters">
        <input type="search" name="q" defaultValue={filters.q ?? ''} placeholder={t('notices.list.search')} aria-label={t('notices.list.search')} className={`${inputClass} sm:col-span-2`} />
        <select name="status" defaultValue={filters.status ?? ''} aria-label={t('notices.field.status')} className={selectClass}>
          <option value="">{t('notices.list.anyStatus')}</option>
          {noticeStatuses
            .filter((s) => isManager || s !== 'draft')
            .map((s) => (
              <option key={s} value={s}>
                {t(`notices.status.${s}`)}
              </option>
            ))}
        </select>
        <button type="submit" className={buttonClass.secondary}>
          {t('notices.list.filter')}
        </button>
      </Form>
      {page.items.length === 0 ? (
        <Empty>{t('notices.list.empty')}</Empty>
      ) : (
        <div className="grid gap-3">
          {page.items.map((n) => (
            <Card key={n.id} className="min-w-0 p-4" data-testid="notice-row">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <Link to={`/notices/${n.id}`} className="min-w-0 font-semibold break-words text-brand-700 hover:underline">
                  {n.title}
                </Link>
                <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[n.status]}`}>{t(`notices.status.${n.status}`)}</span>
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {t(`notices.audience.${n.audience}`)}
                {n.audienceLabel ? `：${n.audienceLabel}` : ''}
                {n.publishedAt ? ` · ${t('notices.list.publishedAt', { at: formatDateTime(n.publishedAt, timezone) })}` : ` · ${t('notices.list.createdAt', { at: formatDateTime(n.createdAt, timezone) })}`}
                {n.effectiveOn ? ` · ${t('notices.list.effectiveOn', { date: n.effectiveOn })}` : ''}
              </p>
              {n.status !== 'draft' ? (
                <p className="mt-1 text-sm tabular-nums text-slate-700" data-testid="notice-read-count">
                  {t('notices.list.readCount', { read: n.read, recipients: n.recipients })}
                </p>
              ) : null}
            </Card>
          ))}
        </div>
      )}
      <div className="mt-3 flex gap-2">
        {paged ? (
          <Link to={`/notices?${first.toString()}`} className={buttonClass.secondary}>
            {t('notices.list.first')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/notices?${next.toString()}`} className={buttonClass.secondary} data-testid="notices-more">
            {t('notices.list.more')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
