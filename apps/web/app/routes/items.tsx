import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLoaderData, useNavigation, useRevalidator, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { priorities, toDoStatuses, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { buttonClass, FormError } from '../components/ui.tsx';
import { FilterPanel } from '../components/filter-panel.tsx';
import { useNow } from '../components/work-items/badges.tsx';
import { QueueBoard } from '../components/work-items/queue-board.tsx';
import { QuickEntryForm } from '../components/work-items/quick-entry-form.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { freshIdempotencyKey } from '../lib/idempotency.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { activeQueueFilters, minuteNow, queuePageSize, queueQuery, readQueueParams, toListInput, type QueueParams } from '../lib/work-items.ts';
import type { ActionFailure } from '../lib/action-result.ts';
import { formFailure } from '../lib/action-result.server.ts';
import { itemFailure, staffView, text } from '../lib/work-items.server.ts';
import type { Route } from './+types/items';
import { FilterSelect as PageFilterSelect, StationOptions, VocabFilter, type FilterSelectProps, type VocabFilterProps } from '../components/filter-select.tsx';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'workItems.queue.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const params = readQueueParams(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { me, role, timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.workItem.list({ ...toListInput(params), ...(cursor ? { cursor } : {}), limit: queuePageSize }).then(
        (page) => ({ ...staffView(page), error: null }),
        (e: unknown) => ({ items: [], nextCursor: null, error: errorMessage(e, context.lang) }),
      ),
    ]),
  );
  const [stations, page] = data;
  return {
    role: role as 'manager' | 'staff',
    userId: me.user.id,
    timezone,
    now: minuteNow(),
    params,
    cursor: cursor ?? null,
    stations: stations.filter((s) => s.inScope),
    page,
    // The quick-entry dialog's create (see lib/idempotency.ts).
    idempotencyKey: freshIdempotencyKey(),
  };
}

/**
 * The list's own quick actions: take an item (a / 由我承办) and sign for one (签收). Done: back to
 * the queue as it was shown, with the flash; refused: the reason for the list's live region.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  const me = await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const id = text(form, 'id');
  const number = text(form, 'number');
  const t = translator(context.lang);
  try {
    if (intent === 'assignMe') {
      await context.trpc.workItem.assign({ id, assigneeId: me.user.id, version: Number(text(form, 'version')) });
      return redirectWithFlash(request, context, t('workItems.queue.assignedToMe', { number }));
    }
    if (intent === 'accept') {
      const version = Number(text(form, 'version'));
      await context.trpc.workItem.transition({ id, action: 'accept', version });
      return redirectWithFlash(request, context, t('workItems.queue.accepted', { number }));
    }
  } catch (e) {
    return itemFailure(e, { lang: context.lang, intent });
  }
  return formFailure({ lang: context.lang, intent }, 'errors.invalidInput');
}

export default function Queue() {
  const { role, userId, timezone, now: serverNow, params, cursor, stations, page, idempotencyKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useNow(serverNow);
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const submit = useSubmit();
  const findRef = useRef<HTMLInputElement>(null);
  const entryRef = useRef<HTMLDialogElement>(null);
  const [entryOpen, setEntryOpen] = useState(false);
  const activeFilters = activeQueueFilters(params);
  const loading = navigation.state === 'loading' && navigation.location?.pathname === '/items';
  const openEntry = useCallback(() => setEntryOpen(true), []);

  useEffect(() => {
    const dialog = entryRef.current;
    if (entryOpen && dialog && !dialog.open) {
      dialog.showModal();
      // The form mounted while the dialog was still closed, so its autofocus did not take.
      dialog.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
    }
  }, [entryOpen]);

  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };
  const tab = (view: QueueParams['view']) => `/items${queueQuery({ ...params, view })}`;

  return (
    <Page
      title={t('workItems.queue.title')}
      subtitle={params.view === 'all' ? t('workItems.queue.subtitleAll') : t('workItems.queue.subtitle')}
      actions={
        <div className="flex items-center gap-2">
          <button type="button" className={buttonClass.secondary} onClick={() => void revalidator.revalidate()} disabled={revalidator.state !== 'idle'} data-testid="queue-refresh">
            {revalidator.state !== 'idle' ? t('workItems.common.loading') : t('workItems.queue.refresh')}
          </button>
          <Link
            to="/items/new"
            className={buttonClass.primary}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey) return;
              e.preventDefault();
              openEntry();
            }}
            data-testid="quick-entry-open"
          >
            {t('workItems.queue.new')}
            <kbd className="ml-1 hidden rounded bg-white/20 px-1 text-xs sm:inline">n</kbd>
          </Link>
        </div>
      }
    >
      <nav aria-label={t('workItems.queue.views')} className="mb-3 flex gap-1 border-b border-slate-200">
        {(['queue', 'all'] as const).map((view) => (
          <Link
            key={view}
            to={tab(view)}
            aria-current={params.view === view ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${params.view === view ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            data-testid={`view-${view}`}
          >
            {view === 'queue' ? t('workItems.queue.tabQueue') : t('workItems.queue.tabAll')}
          </Link>
        ))}
      </nav>

      <FilterPanel
        id="queue"
        label={t('workItems.queue.filters')}
        testId="queue-filters"
        toggleLabel={t('workItems.queue.filterToggle')}
        active={activeFilters}
        gridClassName="md:flex md:flex-wrap md:items-end"
        hidden={params.view === 'all' ? <input type="hidden" name="view" value="all" /> : null}
      >
        {stations.length > 1 ? (
          <FilterSelect label={t('workItems.queue.station')} name="station" value={params.station} onChange={apply}>
            <StationOptions stations={stations} allLabel={t('workItems.queue.allStations')} />
          </FilterSelect>
        ) : null}
        <Vocab label={t('workItems.queue.kind')} name="kind" value={params.kind} onChange={apply} values={workItemKinds} optionLabel={(k) => t(`workItems.kind.${k}`)} anyLabel={t('workItems.queue.any')} />
        <Vocab
          label={t('workItems.queue.status')}
          name="status"
          value={params.status}
          onChange={apply}
          values={params.view === 'all' ? workItemStatuses : toDoStatuses}
          optionLabel={(s) => t(`vocab.workItemStatus.${s}`)}
          anyLabel={t('workItems.queue.any')}
        />
        <Vocab label={t('workItems.queue.priority')} name="priority" value={params.priority} onChange={apply} values={priorities} optionLabel={(p) => t(`workItems.priority.${p}`)} anyLabel={t('workItems.queue.any')} />
        <FilterSelect label={t('workItems.queue.assignee')} name="assignee" value={params.assignee} onChange={apply}>
          <option value="">{t('workItems.queue.assigneeAnyone')}</option>
          <option value="me">{t('workItems.queue.assigneeMe')}</option>
          <option value="none">{t('workItems.queue.assigneeNone')}</option>
        </FilterSelect>
        <label className="col-span-2 inline-flex min-h-9 items-center gap-2 rounded-md px-1 text-sm text-slate-700 md:col-span-1">
          <input
            type="checkbox"
            name="overdue"
            value="1"
            defaultChecked={params.overdue}
            key={String(params.overdue)}
            onChange={(e) => apply(e.currentTarget.form)}
            className="size-4 rounded border-slate-300 text-red-600"
            data-testid="filter-overdue"
          />
          {t('workItems.queue.overdueOnly')}
        </label>
        {activeFilters ? (
          <Link to={params.view === 'all' ? '/items?view=all' : '/items'} replace className={`${buttonClass.link} col-span-2 self-center md:ml-auto`}>
            {t('workItems.queue.clearFilters')}
          </Link>
        ) : null}
        <noscript>
          <button type="submit" className={buttonClass.smallPrimary}>
            {t('workItems.queue.applyFilters')}
          </button>
        </noscript>
      </FilterPanel>

      {page.error ? (
        <FormError>{page.error}</FormError>
      ) : (
        <div className={loading ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={loading}>
          <QueueBoard
            key={queueQuery(params, cursor ? { cursor } : {})}
            params={params}
            initial={page}
            now={now}
            timezone={timezone}
            role={role}
            userId={userId}
            multiStation={stations.length > 1}
            stationNames={Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]))}
            firstPageHref={cursor ? `/items${queueQuery(params)}` : null}
            onNew={openEntry}
            findRef={findRef}
          />
        </div>
      )}

      {entryOpen ? (
        <dialog
          ref={entryRef}
          onClose={() => setEntryOpen(false)}
          aria-labelledby="quick-entry-title"
          className="m-auto max-h-[calc(100dvh-2rem)] w-[min(44rem,calc(100vw-1rem))] overflow-y-auto rounded-lg border border-slate-200 p-0 shadow-2xl backdrop:bg-slate-900/40"
          data-testid="quick-entry-dialog"
        >
          <div className="sticky top-0 z-10 flex items-center justify-between border-b border-slate-100 bg-white px-4 py-3 sm:px-6">
            <h2 id="quick-entry-title" className="font-semibold">
              {t('workItems.entry.heading')}
            </h2>
            <button type="button" className={buttonClass.ghost} onClick={() => entryRef.current?.close()} aria-label={t('workItems.common.close')}>
              ✕
            </button>
          </div>
          <div className="px-4 py-4 sm:px-6">
            <QuickEntryForm stations={stations} idempotencyKey={idempotencyKey} onCancel={() => entryRef.current?.close()} />
          </div>
        </dialog>
      ) : null}
    </Page>
  );
}

function FilterSelect(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="queue-filter-" className="min-w-0 md:w-36" {...props} />;
}

function Vocab<T extends string>(props: VocabFilterProps<T>) {
  return <VocabFilter idPrefix="queue-filter-" className="min-w-0 md:w-36" {...props} />;
}
