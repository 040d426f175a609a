import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { staffView } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { FormErrors } from '../components/form.tsx';
import { Card, Page, Stat } from '../components/page.tsx';
import { buttonClass, DefinitionList, Empty, FormError } from '../components/ui.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, notFoundOr } from '../lib/action-result.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime, telHref } from '../lib/format.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/notices.$id';
import { NoticeText } from '../components/notices/notice-text.tsx';

export function meta({ matches, loaderData }: Route.MetaArgs) {
  return pageTitle(matches, 'notices.detail.title', loaderData?.notice.title);
}

const filters = ['unread', 'read', 'all'] as const;
type ReceiptFilter = (typeof filters)[number];
const filterOf = (params: URLSearchParams): ReceiptFilter => {
  const f = params.get('filter');
  return (filters as readonly string[]).includes(f ?? '') ? (f as ReceiptFilter) : 'unread';
};

/** 通知详情: the notice, its audience, and the read receipts — by default who has not read it, with a phone to call. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const search = new URL(request.url).searchParams;
  const filter = filterOf(search);
  const cursor = search.get('cursor') ?? undefined;
  const { timezone, role, data } = await loadForRoles(request, context, staffRoles, async () => {
    const notice = staffView(await context.trpc.notice.get({ id: params.id }).catch(notFoundOr));
    const receipts = notice.status === 'draft' ? null : await context.trpc.notice.readReceipts({ id: params.id, filter, ...(cursor ? { cursor } : {}), limit: 50 }).catch(notFoundOr);
    return { notice, receipts };
  });
  return { ...data, filter, timezone, isManager: role === 'manager', paged: Boolean(cursor) };
}

/** Publish or archive (managers); otherwise the export of the receipts as the page filters them. */
export async function action({ request, context, params }: Route.ActionArgs): Promise<ActionFailure | Response | object> {
  await requireRole(request, context, staffRoles);
  const form = await request.clone().formData();
  const intent = String(form.get('intent') ?? '');
  const t = translator(context.lang);
  const version = Number(form.get('version') ?? 0);
  if (intent === 'publish' || intent === 'archive') {
    try {
      if (intent === 'publish') {
        const r = await context.trpc.notice.publish({ id: params.id, version });
        return redirectWithFlash(request, context, t('notices.detail.publishedDone', { count: r.recipients }));
      }
      await context.trpc.notice.archive({ id: params.id, version });
      return redirectWithFlash(request, context, t('notices.detail.archivedDone'));
    } catch (e) {
      return actionFailure(e, { lang: context.lang, intent });
    }
  }
  const filter = filterOf(new URL(request.url).searchParams);
  return fileExport(request, context.lang, () => context.trpc.notice.exportReceipts({ id: params.id, filter }));
}

export default function NoticeDetail() {
  const { notice, receipts, filter, timezone, isManager, paged } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const location = useLocation();
  const failure = failureOf(useActionData<ActionFailure>());
  const busy = useNavigation().state === 'submitting';
  const { exporter, exportError } = useFileExport();
  const link = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    return `/notices/${notice.id}?${p.toString()}`;
  };
  return (
    <Page
      title={notice.title}
      subtitle={t(`notices.status.${notice.status}`)}
      actions={
        <div className="flex flex-wrap gap-2">
          <Link to="/notices" className={buttonClass.secondary}>
            {t('notices.detail.back')}
          </Link>
          {isManager && notice.status !== 'archived' ? (
            <Form method="post">
              <input type="hidden" name="intent" value={notice.status === 'draft' ? 'publish' : 'archive'} />
              <input type="hidden" name="version" value={notice.version} />
              <button type="submit" className={notice.status === 'draft' ? buttonClass.primary : buttonClass.secondary} disabled={busy} data-testid={notice.status === 'draft' ? 'publish-notice' : 'archive-notice'}>
                {notice.status === 'draft' ? t('notices.detail.publish') : t('notices.detail.archive')}
              </button>
            </Form>
          ) : null}
        </div>
      }
    >
      <FormErrors failure={failure} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="min-w-0 p-4 lg:col-span-2">
          <NoticeText body={notice.body} attachments={notice.attachments} />
        </Card>
        <Card className="p-4">
          <DefinitionList
            items={[
              { label: t('notices.field.audience'), value: `${t(`notices.audience.${notice.audience}`)}${notice.audienceLabel ? `：${notice.audienceLabel}` : ''}` },
              { label: t('notices.field.effectiveOn'), value: notice.effectiveOn ?? '—' },
              { label: t('notices.detail.publishedAt'), value: notice.publishedAt ? formatDateTime(notice.publishedAt, timezone) : '—' },
              { label: t('notices.detail.publishedBy'), value: notice.publishedByName ?? '—' },
            ]}
          />
        </Card>
      </div>

      {receipts ? (
        <>
          <div className="mt-6 grid grid-cols-3 gap-3">
            <Stat label={t('notices.detail.recipients')} value={receipts.recipients} testId="receipts-recipients" />
            <Stat label={t('notices.detail.read')} value={receipts.read} testId="receipts-read" />
            <Stat label={t('notices.detail.percent')} value={`${receipts.percent}%`} testId="receipts-percent" />
          </div>
          <div className="mt-4 mb-2 flex flex-wrap items-center justify-between gap-2">
            <nav className="flex gap-1" aria-label={t('notices.detail.receiptsFilter')}>
              {filters.map((f) => (
                <Link
                  key={f}
                  to={link({ filter: f, cursor: null })}
                  className={`rounded-md px-3 py-1.5 text-sm ${f === filter ? 'bg-brand-700 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200'}`}
                  aria-current={f === filter ? 'page' : undefined}
                  data-testid={`receipts-filter-${f}`}
                >
                  {t(`notices.detail.filter.${f}`)}
                </Link>
              ))}
            </nav>
            <ExportButton exporter={exporter} path={`/notices/${notice.id}`} label={t('notices.detail.export')} workingLabel={t('notices.detail.exporting')} testId="export-receipts" />
          </div>
          {exportError ? <FormError>{exportError}</FormError> : null}
          <Card className="overflow-x-auto">
            {receipts.items.length === 0 ? (
              <Empty>{t(filter === 'unread' ? 'notices.detail.allRead' : 'notices.detail.noReceipts')}</Empty>
            ) : (
              <table className="min-w-full text-sm" data-testid="receipts-table">
                <thead>
                  <tr className="border-b border-slate-100 text-left text-slate-500">
                    <th className="px-4 py-2 font-normal">{t('notices.receipts.enterprise')}</th>
                    <th className="px-3 py-2 font-normal">{t('notices.receipts.station')}</th>
                    <th className="px-3 py-2 font-normal">{t('notices.receipts.contact')}</th>
                    <th className="px-3 py-2 font-normal">{t('notices.receipts.readAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {receipts.items.map((r) => (
                    <tr key={r.enterpriseId} className="border-b border-slate-50 align-top" data-testid="receipt-row" data-read={r.readAt ? 'yes' : 'no'}>
                      <td className="px-4 py-2">
                        <Link to={`/enterprises/${r.enterpriseId}`} className="text-brand-700 hover:underline">
                          {r.enterpriseName}
                        </Link>
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap">{r.stationName}</td>
                      <td className="px-3 py-2 whitespace-nowrap">
                        {r.contactName ?? '—'}
                        {r.contactPhone ? (
                          <a href={telHref(r.contactPhone)} className="ml-2 text-brand-700 underline tabular-nums">
                            {r.contactPhone}
                          </a>
                        ) : null}
                      </td>
                      <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                        {r.readAt ? `${formatDateTime(r.readAt, timezone)}${r.readByName ? ` · ${r.readByName}` : ''}` : <span className="text-amber-700">{t('notices.receipts.unread')}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          <div className="mt-3 flex gap-2">
            {paged ? (
              <Link to={link({ cursor: null })} className={buttonClass.secondary}>
                {t('notices.list.first')}
              </Link>
            ) : null}
            {receipts.nextCursor ? (
              <Link to={link({ cursor: receipts.nextCursor })} className={buttonClass.secondary}>
                {t('notices.list.more')}
              </Link>
            ) : null}
          </div>
        </>
      ) : (
        <p className="mt-4 text-sm text-slate-600">{t('notices.detail.draftHint')}</p>
      )}
    </Page>
  );
}
