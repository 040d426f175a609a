import { useRef, useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { EmptyResults, LoadMoreFooter, ResultTable, useLoadMore } from '../components/result-list.tsx';
import { buttonClass, FormError } from '../components/ui.tsx';
import { DeskFilters, DeskTabs, RowDialog } from '../components/visits/desk.tsx';
import { formatDuration, useNow } from '../components/work-items/badges.tsx';
import { RatingInput } from '../components/work-items/rating-input.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { formFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime, telHref } from '../lib/format.ts';
import { requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { minutesSince, queueInput, visitQuery, type VisitFilters, type VisitQueuePage, type VisitQueueRow } from '../lib/visits.ts';
import { minuteNow } from '../lib/work-items.ts';
import { runItemAction, text } from '../lib/work-items.server.ts';
import { loadVisitDesk } from '../lib/visits.server.ts';
import type { Route } from './+types/visits';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'visits.title');
}

/** 待回访: resolved items neither rated nor visited yet, the one waiting longest first (visit.queue). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const desk = await loadVisitDesk(request, context, (filters, cursor) => context.trpc.visit.queue(queueInput(filters, cursor)));
  return { ...desk, now: minuteNow() };
}

/**
 * 记录回访 from the row: the item page's own follow-up step (workItem.recordVisit through
 * runItemAction — the rating, and for 不满意 or worse whether it is handled again). Done: back to
 * the queue as shown, with the flash; refused: the reasons in the row's dialog.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const id = text(form, 'id');
  if (text(form, 'intent') !== 'visit') return formFailure({ lang: context.lang, intent: text(form, 'intent') }, 'errors.invalidInput');
  const r = await runItemAction(context.trpc, context.lang, id, form);
  return r.ok ? redirectWithFlash(request, context, r.message, { form: 'visit' }) : { ...r, form: id };
}

export default function VisitQueue() {
  const { filters, cursor, timezone, now: serverNow, stations, page, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page
      title={t('visits.title')}
      subtitle={t('visits.queue.subtitle')}
      actions={
        page ? (
          <span className="text-sm text-slate-600 tabular-nums" data-testid="queue-total">
            {t('visits.queue.count', { count: page.total })}
          </span>
        ) : null
      }
    >
      <DeskTabs stationId={filters.stationId} />
      <DeskFilters filters={filters} stations={stations} withKind />
      {error || !page ? (
        <FormError>{error}</FormError>
      ) : (
        <QueueList key={`${visitQuery(filters)}-${cursor ?? ''}`} filters={filters} initial={page} timezone={timezone} serverNow={serverNow} stations={stations} firstPageHref={cursor ? `/visits${visitQuery(filters)}` : null} />
      )}
    </Page>
  );
}

function QueueList({
  filters,
  initial,
  timezone,
  serverNow,
  stations,
  firstPageHref,
}: {
  filters: VisitFilters;
  initial: VisitQueuePage;
  timezone: string;
  serverNow: number;
  stations: { id: string; name: string; nameEn: string | null }[];
  firstPageHref: string | null;
}) {
  const { t, i18n } = useTranslation();
  const now = useNow(serverNow);
  const navigation = useNavigation();
  const failure = failureOf(useActionData<ActionFailure>());
  const more = (cursor: string) => `/visits/more${visitQuery(filters, { list: 'queue', cursor })}`;
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(initial, more, t('workItems.common.networkError'));
  const [selected, setSelected] = useState<VisitQueueRow | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  // A visit saved (its flash): the dialog closes; the reloaded queue no longer holds the item.
  const saved = useSavedKey('visit');
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    setSelected(null);
  }
  const stationName = (r: VisitQueueRow) => {
    const s = stations.find((x) => x.id === r.stationId);
    return s ? localName(i18n.language, s.name, s.nameEn) : r.stationName;
  };
  const open = (r: VisitQueueRow) => (e: React.MouseEvent<HTMLElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    trigger.current = e.currentTarget;
    setSelected(r);
  };
  const close = () => {
    setSelected(null);
    trigger.current?.focus();
  };
  if (items.length === 0) return <EmptyResults testId="queue-empty" title={t('visits.queue.empty')} hint={t('visits.queue.emptyHint')} />;

  const waited = (r: VisitQueueRow) => (
    <span className="text-xs text-amber-800" data-testid="waited">
      {t('visits.queue.waited', { duration: formatDuration(t, minutesSince(r.resolvedAt, now)) })}
    </span>
  );
  const contact = (r: VisitQueueRow) => (
    <>
      <div className="break-words text-slate-800">{r.enterpriseName ?? <span className="text-slate-400">{t('visits.queue.noEnterprise')}</span>}</div>
      {r.requesterName || r.requesterPhone ? (
        <div className="mt-0.5 text-xs text-slate-600">
          {r.requesterName}
          {r.requesterPhone ? (
            <a href={telHref(r.requesterPhone)} className="ml-1.5 text-brand-700 tabular-nums hover:underline" aria-label={t('visits.queue.call', { phone: r.requesterPhone })}>
              {r.requesterPhone}
            </a>
          ) : null}
        </div>
      ) : null}
    </>
  );
  const recordButton = (r: VisitQueueRow, wide = false) => (
    <a
      href={`/items/${r.itemId}`}
      onClick={open(r)}
      className={`${buttonClass.smallPrimary} ${wide ? 'w-full py-2' : ''}`}
      aria-label={t('visits.queue.recordFor', { number: r.number })}
      aria-haspopup="dialog"
      data-testid="record-visit"
    >
      {t('visits.queue.record')}
    </a>
  );

  return (
    <div>
      <ResultTable
        testId="visit-queue-table"
        caption={t('visits.tabs.queue')}
        columns={[
          { label: t('visits.queue.item'), width: 'w-[28%]' },
          { label: t('visits.queue.enterprise'), width: 'w-[24%]' },
          { label: t('visits.queue.station') },
          { label: t('visits.queue.handler') },
          { label: t('visits.queue.resolved'), width: 'w-40' },
          { label: <span className="sr-only">{t('visits.queue.action')}</span>, width: 'w-32' },
        ]}
      >
        {items.map((r) => (
          <tr key={r.itemId} className="align-top hover:bg-slate-50/70" data-testid="visit-row" data-item-id={r.itemId}>
            <td className="px-4 py-2.5">
              <Link to={`/items/${r.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline">
                {r.title}
              </Link>
              <div className="mt-0.5 font-mono text-xs text-slate-500 tabular-nums">
                {r.number} · {t(`workItems.kind.${r.kind}`)}
              </div>
            </td>
            <td className="px-3 py-2.5">{contact(r)}</td>
            <td className="px-3 py-2.5 text-slate-700">{stationName(r)}</td>
            <td className="px-3 py-2.5 text-slate-700">{r.assigneeName ?? <span className="text-slate-400">{t('visits.queue.unassigned')}</span>}</td>
            <td className="px-3 py-2.5">
              <div className="text-slate-700 tabular-nums">{formatDateTime(r.resolvedAt, timezone)}</div>
              {waited(r)}
            </td>
            <td className="px-3 py-2.5 text-right">{recordButton(r)}</td>
          </tr>
        ))}
      </ResultTable>
      <ul className="space-y-2 md:hidden" data-testid="visit-cards">
        {items.map((r) => (
          <li key={r.itemId} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="visit-card" data-item-id={r.itemId}>
            <div className="flex items-start justify-between gap-2">
              <Link to={`/items/${r.itemId}`} className="min-w-0 font-medium break-words text-slate-900 hover:text-brand-700">
                {r.title}
              </Link>
              {waited(r)}
            </div>
            <div className="mt-0.5 text-xs text-slate-500">
              <span className="font-mono tabular-nums">{r.number}</span> · {stationName(r)} · {r.assigneeName ?? t('visits.queue.unassigned')}
            </div>
            <div className="mt-2 text-sm">{contact(r)}</div>
            <div className="mt-1 text-xs text-slate-500 tabular-nums">{t('visits.queue.resolvedAt', { time: formatDateTime(r.resolvedAt, timezone) })}</div>
            <div className="mt-3">{recordButton(r, true)}</div>
          </li>
        ))}
      </ul>
      <LoadMoreFooter
        error={error}
        shown={t('visits.queue.shown', { count: items.length })}
        shownTestId="queue-shown"
        nextHref={nextCursor ? `/visits${visitQuery(filters, { cursor: nextCursor })}` : null}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('visits.queue.loadMore'), end: t('visits.queue.end'), firstPage: t('visits.queue.firstPage') }}
        ended
        firstPageHref={firstPageHref}
      />
      <RowDialog open={selected !== null} title={selected ? t('visits.queue.dialogTitle', { number: selected.number }) : ''} onClose={close} testId="visit-dialog">
        {selected ? (
          <Form method="post" className="space-y-4" data-testid="visit-form">
            <input type="hidden" name="intent" value="visit" />
            <input type="hidden" name="id" value={selected.itemId} />
            <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
              <div className="font-medium break-words text-slate-900">{selected.title}</div>
              <div className="mt-1">{contact(selected)}</div>
            </div>
            <p className="text-xs text-slate-500">{t('visits.queue.dialogHint')}</p>
            <RatingInput who="staff" error={failure?.form === selected.itemId ? failure.fieldErrors.rating : undefined} reopenError={failure?.form === selected.itemId ? failure.fieldErrors.reopen : undefined} />
            {failure?.form === selected.itemId ? <FormErrors failure={failure} testId="visit-error" /> : null}
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className={buttonClass.secondary} onClick={close}>
                {t('visits.queue.cancel')}
              </button>
              <button type="submit" className={buttonClass.primary} disabled={navigation.state === 'submitting'} data-testid="visit-submit">
                {t('visits.queue.submit')}
              </button>
            </div>
          </Form>
        ) : null}
      </RowDialog>
    </div>
  );
}
