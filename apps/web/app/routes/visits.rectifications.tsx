import { useId, useRef, useState } from 'react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { FormErrors } from '../components/form.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { EmptyResults, LoadMoreFooter, ResultTable, useLoadMore } from '../components/result-list.tsx';
import { buttonClass, FormError, inputClass } from '../components/ui.tsx';
import { DeskFilters, DeskTabs, RowDialog } from '../components/visits/desk.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import { failureOf, type ActionFailure } from '../lib/action-result.ts';
import { actionFailure, formFailure } from '../lib/action-result.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { rectificationsInput, visitQuery, type RectificationPage, type RectificationRow, type VisitFilters } from '../lib/visits.ts';
import { text } from '../lib/work-items.server.ts';
import { loadVisitDesk } from '../lib/visits.server.ts';
import type { Route } from './+types/visits.rectifications';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'visits.title');
}

/** 整改: owed by deadline (overdue in red), or done, latest first (visit.rectifications). */
export async function loader({ request, context }: Route.LoaderArgs) {
  return loadVisitDesk(request, context, (filters, cursor) => context.trpc.visit.rectifications(rectificationsInput(filters, cursor)));
}

/** 整改完成 with what was done (visit.markRectified): back to the list with the flash, or the reason in the row's dialog. */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const itemId = text(form, 'itemId');
  const c = { lang: context.lang, intent, form: itemId };
  if (intent !== 'markRectified') return formFailure(c, 'errors.invalidInput');
  try {
    const done = await context.trpc.visit.markRectified({ itemId, note: text(form, 'note') });
    const t = translator(context.lang);
    return redirectWithFlash(request, context, t(done.onTime ? 'visits.rectifications.marked' : 'visits.rectifications.markedLate', { number: text(form, 'number') }), { form: 'markRectified' });
  } catch (e) {
    return actionFailure(e, { ...c, fields: ['note'], posted: form });
  }
}

export default function Rectifications() {
  const { filters, cursor, timezone, stations, page, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const stateHref = (state: 'open' | 'done') => `/visits/rectifications${visitQuery({ stationId: filters.stationId, state })}`;
  return (
    <Page
      title={t('visits.title')}
      subtitle={t('visits.rectifications.subtitle')}
      actions={
        page ? (
          <span className="text-sm text-slate-600 tabular-nums" data-testid="rectifications-total">
            {t('visits.rectifications.count', { count: page.total })}
          </span>
        ) : null
      }
    >
      <DeskTabs stationId={filters.stationId} />
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <nav aria-label={t('visits.tabs.rectifications')} className="flex gap-1.5">
          {(['open', 'done'] as const).map((s) => (
            <Link key={s} to={stateHref(s)} aria-current={filters.state === s ? 'page' : undefined} className={filters.state === s ? buttonClass.smallPrimary : buttonClass.smallSecondary} data-testid={`state-${s}`}>
              {t(`visits.rectifications.${s}`)}
            </Link>
          ))}
        </nav>
      </div>
      <DeskFilters filters={filters} stations={stations} withKind={false} />
      {error || !page ? (
        <FormError>{error}</FormError>
      ) : (
        <RectificationList
          key={`${visitQuery(filters)}-${cursor ?? ''}`}
          filters={filters}
          initial={page}
          timezone={timezone}
          stations={stations}
          firstPageHref={cursor ? `/visits/rectifications${visitQuery(filters)}` : null}
        />
      )}
    </Page>
  );
}

const stateClass = {
  open: 'bg-amber-50 text-amber-800 ring-amber-600/30',
  overdue: 'bg-red-50 text-red-700 ring-red-600/30',
  done: 'bg-green-50 text-green-700 ring-green-600/20',
} as const;

function RectificationList({
  filters,
  initial,
  timezone,
  stations,
  firstPageHref,
}: {
  filters: VisitFilters;
  initial: RectificationPage;
  timezone: string;
  stations: { id: string; name: string; nameEn: string | null }[];
  firstPageHref: string | null;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const noteId = useId();
  const failure = failureOf(useActionData<ActionFailure>());
  const more = (cursor: string) => `/visits/more${visitQuery(filters, { list: 'rectifications', cursor })}`;
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(initial, more, t('workItems.common.networkError'));
  const [selected, setSelected] = useState<RectificationRow | null>(null);
  const trigger = useRef<HTMLElement | null>(null);
  const saved = useSavedKey('markRectified');
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    setSelected(null);
  }
  const close = () => {
    setSelected(null);
    trigger.current?.focus();
  };
  const stationName = (r: RectificationRow) => {
    const s = stations.find((x) => x.id === r.stationId);
    return s ? localName(i18n.language, s.name, s.nameEn) : r.stationName;
  };
  if (items.length === 0) {
    return filters.state === 'done' ? (
      <EmptyResults testId="rectifications-empty" title={t('visits.rectifications.emptyDone')} />
    ) : (
      <EmptyResults testId="rectifications-empty" title={t('visits.rectifications.empty')} hint={t('visits.rectifications.emptyHint')} />
    );
  }

  const stateBadge = (r: RectificationRow) => (
    <span className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${stateClass[r.state]}`} data-testid="rectification-state" data-state={r.state}>
      {t(`visits.rectifications.state.${r.state}`)}
    </span>
  );
  const rating = (r: RectificationRow) => (
    <div className="text-sm">
      {r.rating ? (
        <>
          <span className="font-medium text-amber-900">{t(`vocab.rating.${r.rating}`)}</span>
          {r.ratingSource ? <span className="ml-1.5 text-xs text-slate-500">{t(`visits.rectifications.ratingSource.${r.ratingSource}`)}</span> : null}
        </>
      ) : (
        <span className="text-slate-500">{t('visits.rectifications.noRating')}</span>
      )}
      {r.ratingComment ? <p className="mt-0.5 text-xs break-words text-slate-600">“{r.ratingComment}”</p> : null}
    </div>
  );
  const due = (r: RectificationRow) => (
    <div>
      <div className={`tabular-nums ${r.state === 'overdue' ? 'font-medium text-red-700' : 'text-slate-700'}`}>{t('visits.rectifications.dueAt', { time: formatDateTime(r.dueAt, timezone) })}</div>
      <div className="mt-0.5">{stateBadge(r)}</div>
    </div>
  );
  const outcome = (r: RectificationRow) => {
    if (r.rectifiedAt) {
      const late = Date.parse(r.rectifiedAt) > Date.parse(r.dueAt);
      return (
        <div className="text-xs text-slate-600">
          <div>{r.rectifiedByName ? t('visits.rectifications.rectifiedBy', { name: r.rectifiedByName, time: formatDateTime(r.rectifiedAt, timezone) }) : t('visits.rectifications.rectifiedAt', { time: formatDateTime(r.rectifiedAt, timezone) })}</div>
          <div className={late ? 'text-red-700' : 'text-green-700'}>{t(late ? 'visits.rectifications.late' : 'visits.rectifications.onTime')}</div>
          {r.rectificationNote ? <p className="mt-0.5 break-words text-slate-700">{r.rectificationNote}</p> : null}
        </div>
      );
    }
    if (!r.canMarkRectified) return <p className="text-xs text-slate-600">{t('visits.rectifications.inRework')}</p>;
    return (
      <a
        href={`/items/${r.itemId}`}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          trigger.current = e.currentTarget;
          setSelected(r);
        }}
        className={buttonClass.smallPrimary}
        aria-label={t('visits.rectifications.markFor', { number: r.number })}
        aria-haspopup="dialog"
        data-testid="mark-rectified"
      >
        {t('visits.rectifications.mark')}
      </a>
    );
  };
  const itemCell = (r: RectificationRow) => (
    <>
      <Link to={`/items/${r.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline">
        {r.title}
      </Link>
      <div className="mt-0.5 flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
        <span className="font-mono tabular-nums">{r.number}</span>
        <ItemStatusBadge status={r.status} />
      </div>
      <div className="mt-0.5 text-xs text-slate-500">
        {[r.enterpriseName, stationName(r), r.assigneeName].filter(Boolean).join(' · ')}
      </div>
    </>
  );

  return (
    <div>
      <ResultTable
        testId="rectification-table"
        caption={t('visits.tabs.rectifications')}
        columns={[
          { label: t('visits.queue.item'), width: 'w-[34%]' },
          { label: t('visits.rectifications.rating'), width: 'w-[24%]' },
          { label: t('visits.rectifications.due'), width: 'w-44' },
          { label: <span className="sr-only">{t('visits.queue.action')}</span> },
        ]}
      >
        {items.map((r) => (
          <tr key={r.itemId} className={`align-top ${r.state === 'overdue' ? 'bg-red-50/40' : ''}`} data-testid="rectification-row" data-item-id={r.itemId}>
            <td className="px-4 py-2.5">{itemCell(r)}</td>
            <td className="px-3 py-2.5">{rating(r)}</td>
            <td className="px-3 py-2.5">{due(r)}</td>
            <td className="px-3 py-2.5 text-right">{outcome(r)}</td>
          </tr>
        ))}
      </ResultTable>
      <ul className="space-y-2 md:hidden" data-testid="rectification-cards">
        {items.map((r) => (
          <li key={r.itemId} className={`rounded-lg border bg-white p-3 ${r.state === 'overdue' ? 'border-red-200' : 'border-slate-200'}`} data-testid="rectification-card" data-item-id={r.itemId}>
            {itemCell(r)}
            <div className="mt-2">{rating(r)}</div>
            <div className="mt-2 text-sm">{due(r)}</div>
            <div className="mt-3">{outcome(r)}</div>
          </li>
        ))}
      </ul>
      <LoadMoreFooter
        error={error}
        shown={t('visits.rectifications.shown', { count: items.length })}
        shownTestId="rectifications-shown"
        nextHref={nextCursor ? `/visits/rectifications${visitQuery(filters, { cursor: nextCursor })}` : null}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('visits.rectifications.loadMore'), end: t('visits.rectifications.end'), firstPage: t('visits.rectifications.firstPage') }}
        ended
        firstPageHref={firstPageHref}
      />
      <RowDialog open={selected !== null} title={selected ? t('visits.rectifications.dialogTitle', { number: selected.number }) : ''} onClose={close} testId="rectify-dialog">
        {selected ? (
          <Form method="post" className="space-y-4" data-testid="rectify-form">
            <input type="hidden" name="intent" value="markRectified" />
            <input type="hidden" name="itemId" value={selected.itemId} />
            <input type="hidden" name="number" value={selected.number} />
            <div className="rounded-md bg-slate-50 px-3 py-2 text-sm">
              <div className="font-medium break-words text-slate-900">{selected.title}</div>
              <div className="mt-1">{rating(selected)}</div>
              <div className="mt-1 text-xs">{due(selected)}</div>
            </div>
            <div>
              <label htmlFor={noteId} className="mb-1 block text-sm font-medium text-slate-700">
                {t('visits.rectifications.note')}
                <span className="ml-0.5 text-red-600" aria-hidden="true">
                  *
                </span>
              </label>
              <textarea
                id={noteId}
                name="note"
                rows={3}
                required
                maxLength={2000}
                placeholder={t('visits.rectifications.notePlaceholder')}
                className={inputClass}
                aria-invalid={Boolean(failure?.form === selected.itemId && failure.fieldErrors.note)}
                data-initial-focus
              />
              {failure?.form === selected.itemId && failure.fieldErrors.note ? <p className="mt-1 text-xs text-red-600">{failure.fieldErrors.note}</p> : null}
            </div>
            {failure?.form === selected.itemId ? <FormErrors failure={failure} testId="rectify-error" /> : null}
            <div className="flex flex-wrap justify-end gap-2">
              <button type="button" className={buttonClass.secondary} onClick={close}>
                {t('visits.rectifications.cancel')}
              </button>
              <button type="submit" className={buttonClass.primary} disabled={navigation.state === 'submitting'} data-testid="rectify-submit">
                {t('visits.rectifications.submit')}
              </button>
            </div>
          </Form>
        ) : null}
      </RowDialog>
    </div>
  );
}
