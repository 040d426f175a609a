import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useFetcher, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { allowedActions, isFinished, type WorkItemStatus } from '@stationdesk/core';
import { formatDateTime } from '../../lib/format.ts';
import { failureOf, type ActionResult } from '../../lib/action-result.ts';
import { queueQuery, type QueueParams, type WorkItemPage, type WorkItemSummary } from '../../lib/work-items.ts';
import { buttonClass } from '../ui.tsx';
import { EmptyResults, LoadMoreFooter, ResultTable, useLoadMore } from '../result-list.tsx';
import { ContactBadge, EstimateBadge, ItemStatusBadge, MarkBadges, PriorityBadge, SlaBadge } from './badges.tsx';

type Primary = 'assignMe' | 'accept' | null;

/** The one thing to do next from the list: take an undispatched item, or sign for one dispatched to me. */
function primaryAction(item: WorkItemSummary, role: 'manager' | 'staff', userId: string): Primary {
  const mine = item.assigneeId === userId;
  const allowed = allowedActions(item.status as WorkItemStatus, role, mine);
  if (!item.assigneeId && allowed.includes('assign')) return 'assignMe';
  if (mine && allowed.includes('accept')) return 'accept';
  return null;
}

function matches(item: WorkItemSummary, needle: string): boolean {
  const n = needle.trim().toLowerCase();
  if (!n) return true;
  return [item.number, item.title, item.enterpriseName, item.assigneeName, item.stationName].some((v) => v?.toLowerCase().includes(n));
}

/** Of the row's elements (table on a desk, card on a phone) the one that is showing. */
function visibleLink(id: string): HTMLElement | null {
  const all = document.querySelectorAll<HTMLElement>(`[data-queue-link="${id}"]`);
  return [...all].find((el) => el.offsetParent !== null) ?? all[0] ?? null;
}

/**
 * The queue's rows with the keyboard: j / k move, Enter opens, a assigns to me, n new, / find,
 * ? help. A table on a desk, cards with their next action on a phone; "load more" appends the next
 * page in place.
 */
export function QueueBoard({
  params,
  initial,
  now,
  timezone,
  role,
  userId,
  multiStation,
  stationNames,
  firstPageHref,
  onNew,
  findRef,
}: {
  params: QueueParams;
  initial: WorkItemPage;
  now: number;
  timezone: string;
  role: 'manager' | 'staff';
  userId: string;
  multiStation: boolean;
  /** station id → name in the reader's language. */
  stationNames: Record<string, string>;
  /** Opened at a cursor (the no-script "load more"): the way back to the first page. */
  firstPageHref: string | null;
  onNew: () => void;
  findRef: React.RefObject<HTMLInputElement | null>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const location = useLocation();
  const fetcher = useFetcher<ActionResult>();
  const more = useLoadMore(initial, (cursor) => `/items/more${queueQuery(params, { cursor })}`, t('workItems.common.networkError'));
  const [find, setFind] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const helpRef = useRef<HTMLDialogElement>(null);

  const all = useMemo(() => {
    const seen = new Set(initial.items.map((i) => i.id));
    return [...initial.items, ...more.loaded.filter((i) => !seen.has(i.id))];
  }, [initial.items, more.loaded]);
  const items = useMemo(() => all.filter((i) => matches(i, find)), [all, find]);
  const index = items.findIndex((i) => i.id === selectedId);
  const nextHref = more.nextCursor ? `/items${queueQuery(params, { cursor: more.nextCursor })}` : null;

  // A refusal for the live region; a step that went through comes back as the flash (the list reloads with it).
  const answered = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || answered.current === fetcher.data) return;
    answered.current = fetcher.data;
    const failed = failureOf(fetcher.data);
    setNote(failed ? { text: failed.error ?? t('workItems.common.failed'), tone: 'error' } : null);
  }, [fetcher.state, fetcher.data, t]);

  const select = useCallback((id: string) => {
    setSelectedId(id);
    requestAnimationFrame(() => {
      const el = visibleLink(id);
      el?.focus({ preventScroll: true });
      el?.closest('[data-queue-row]')?.scrollIntoView({ block: 'nearest' });
    });
  }, []);

  const act = useCallback(
    (item: WorkItemSummary, intent: 'assignMe' | 'accept') => {
      if (intent === 'assignMe' && item.assigneeId === userId) {
        setNote({ text: t('workItems.queue.alreadyMine', { number: item.number }), tone: 'ok' });
        return;
      }
      if (intent === 'assignMe' && !allowedActions(item.status as WorkItemStatus, role, item.assigneeId === userId).includes('assign')) {
        setNote({ text: t('workItems.queue.cannotAssign', { number: item.number, status: t(`vocab.workItemStatus.${item.status}`) }), tone: 'error' });
        return;
      }
      setNote(null);
      // Posted to the queue as it is shown, so the flash's redirect comes back to the same view.
      void fetcher.submit({ intent, id: item.id, number: item.number, version: String(item.version) }, { method: 'post', action: `/items${location.search}`, preventScrollReset: true });
    },
    [fetcher, role, userId, t, location.search],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (document.querySelector('dialog[open]')) return;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) {
        // From the find box: Esc leaves it (keeping what was typed), Enter / ↓ go to the first match.
        if (target === findRef.current && (e.key === 'Escape' || e.key === 'Enter' || e.key === 'ArrowDown')) {
          e.preventDefault();
          if (e.key === 'Escape') findRef.current?.blur();
          else if (items[0]) select(items[0].id);
        }
        return;
      }
      const current = items.findIndex((i) => i.id === selectedId);
      switch (e.key) {
        case 'j': {
          const next = items[Math.min(current + 1, items.length - 1)];
          if (next) select(next.id);
          break;
        }
        case 'k': {
          const prev = items[Math.max(current - 1, 0)];
          if (prev) select(prev.id);
          break;
        }
        case 'Enter': {
          // A focused link or button does its own thing with Enter.
          if (target?.closest('a, button') || current < 0) return;
          void navigate(`/items/${items[current]!.id}`);
          break;
        }
        case 'a':
          if (current >= 0) act(items[current]!, 'assignMe');
          break;
        case 'n':
          onNew();
          break;
        case '/':
          findRef.current?.focus();
          break;
        case '?':
          setHelpOpen(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    // Marks the page as answering shortcuts (they need the scripts; tests wait for it too).
    document.documentElement.dataset.queueKeys = 'on';
    return () => {
      document.removeEventListener('keydown', onKey);
      delete document.documentElement.dataset.queueKeys;
    };
  }, [items, selectedId, select, act, navigate, onNew, findRef]);

  useEffect(() => {
    const dialog = helpRef.current;
    if (helpOpen && dialog && !dialog.open) dialog.showModal();
  }, [helpOpen]);

  const busyId = fetcher.state !== 'idle' ? String(fetcher.formData?.get('id') ?? '') : null;
  const rowProps = { now, timezone, role, userId, multiStation, stationNames, busyId, onAct: act, onPick: setSelectedId };

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div className="relative w-full min-w-0 sm:w-auto sm:max-w-sm sm:flex-1">
          <label htmlFor="queue-find" className="sr-only">
            {t('workItems.queue.findLabel')}
          </label>
          <svg aria-hidden="true" viewBox="0 0 20 20" className="pointer-events-none absolute top-2.5 left-3 size-4 fill-slate-400">
            <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64a.75.75 0 1 1-1.06 1.06l-3.64-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
          </svg>
          <input
            ref={findRef}
            id="queue-find"
            type="search"
            value={find}
            onChange={(e) => setFind(e.currentTarget.value)}
            placeholder={t('workItems.queue.findPlaceholder')}
            autoComplete="off"
            className="block w-full rounded-md border border-slate-300 bg-white py-2 pr-12 pl-9 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
            data-testid="queue-find"
          />
          <kbd className="pointer-events-none absolute top-2 right-2 hidden rounded border border-slate-200 bg-slate-50 px-1.5 text-xs text-slate-500 sm:block">/</kbd>
        </div>
        <p className="text-xs text-slate-500 tabular-nums" aria-live="polite">
          {find.trim() ? t('workItems.queue.findCount', { shown: items.length, count: all.length }) : t('workItems.queue.shown', { count: all.length })}
        </p>
        {/* The box filters what is loaded; beyond it the server searches every item by number or title. */}
        {find.trim().length >= 2 && find.trim() !== params.q ? (
          <Link to={`/items${queueQuery({ ...params, view: 'all', q: find.trim().slice(0, 50) })}`} className={buttonClass.link} data-testid="queue-search-all">
            {t('workItems.queue.searchAll', { text: find.trim() })}
          </Link>
        ) : null}
        {params.q ? (
          <p className="inline-flex items-center gap-2 rounded-full bg-brand-50 px-3 py-1 text-xs text-brand-800" data-testid="queue-search-active">
            {t('workItems.queue.searching', { text: params.q })}
            <Link to={`/items${queueQuery({ ...params, q: '' })}`} className="font-medium underline" aria-label={t('workItems.queue.searchClear')}>
              {t('workItems.queue.searchClear')}
            </Link>
          </p>
        ) : null}
        <div className="ml-auto hidden md:block">
          <button type="button" className={buttonClass.ghost} onClick={() => setHelpOpen(true)} aria-haspopup="dialog" data-testid="keyboard-help-button">
            <kbd className="rounded border border-slate-300 bg-white px-1.5 text-xs">?</kbd>
            {t('workItems.keys.title')}
          </button>
        </div>
      </div>

      <div role="status" aria-live="polite" className="min-h-0" data-testid="queue-status">
        {note ? (
          <div className={`mb-3 rounded-md border px-3 py-2 text-sm ${note.tone === 'ok' ? 'border-green-200 bg-green-50 text-green-800' : 'border-red-200 bg-red-50 text-red-800'}`}>
            {note.text}
          </div>
        ) : null}
      </div>

      {items.length === 0 ? (
        <EmptyResults
          testId="queue-empty"
          title={find.trim() ? t('workItems.queue.findEmpty') : params.view === 'all' ? t('workItems.queue.emptyAll') : t('workItems.queue.empty')}
          hint={t('workItems.queue.emptyHint')}
        >
          <button type="button" className={`${buttonClass.primary} mt-4`} onClick={onNew}>
            {t('workItems.queue.new')}
          </button>
        </EmptyResults>
      ) : (
        <>
          <ResultTable
            testId="queue-table"
            caption={t('workItems.queue.tableCaption')}
            columns={[
              { label: t('workItems.queue.colNumber'), width: 'w-36' },
              { label: t('workItems.queue.colTitle') },
              { label: t('workItems.queue.colStatus'), width: lang === 'en' ? 'w-44' : 'w-32' },
              { label: t('workItems.queue.colAssignee'), width: 'w-28' },
              { label: t('workItems.queue.colDue'), width: 'w-40' },
              { label: <span className="sr-only">{t('workItems.queue.colAction')}</span>, width: 'w-28' },
            ]}
          >
            {items.map((item, i) => (
              <Row key={item.id} item={item} selected={i === index} {...rowProps} />
            ))}
          </ResultTable>
          <ul className="space-y-2 md:hidden" data-testid="queue-cards">
            {items.map((item, i) => (
              <Card key={item.id} item={item} selected={i === index} {...rowProps} />
            ))}
          </ul>
        </>
      )}

      <LoadMoreFooter
        error={more.error}
        nextHref={nextHref}
        onLoadMore={more.loadMore}
        loading={more.loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('workItems.queue.loadMore'), end: t('workItems.queue.end'), firstPage: t('workItems.queue.firstPage') }}
        ended={all.length > 0}
        firstPageHref={firstPageHref}
      />

      {helpOpen ? (
        <dialog
          ref={helpRef}
          onClose={() => setHelpOpen(false)}
          onClick={(e) => {
            if (e.target === e.currentTarget) e.currentTarget.close();
          }}
          aria-labelledby="keys-title"
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
          data-testid="keyboard-help"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <h2 id="keys-title" className="font-medium">
              {t('workItems.keys.title')}
            </h2>
            <button type="button" className={buttonClass.ghost} onClick={() => helpRef.current?.close()}>
              {t('workItems.common.close')}
            </button>
          </div>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 px-4 py-4 text-sm">
            {(
              [
                ['j / k', 'move'],
                ['Enter', 'open'],
                ['a', 'assignMe'],
                ['n', 'new'],
                ['/', 'find'],
                ['?', 'help'],
              ] as const
            ).map(([key, what]) => (
              <div key={what} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
                </dt>
                <dd className="text-slate-700">{t(`workItems.keys.${what}`)}</dd>
              </div>
            ))}
          </dl>
        </dialog>
      ) : null}
    </div>
  );
}

interface RowProps {
  item: WorkItemSummary;
  selected: boolean;
  now: number;
  timezone: string;
  role: 'manager' | 'staff';
  userId: string;
  multiStation: boolean;
  stationNames: Record<string, string>;
  busyId: string | null;
  onAct: (item: WorkItemSummary, intent: 'assignMe' | 'accept') => void;
  onPick: (id: string) => void;
}

function PrimaryButton({ item, role, userId, busyId, onAct, large = false }: Pick<RowProps, 'item' | 'role' | 'userId' | 'busyId' | 'onAct'> & { large?: boolean }) {
  const { t } = useTranslation();
  const primary = primaryAction(item, role, userId);
  if (!primary) return null;
  const busy = busyId === item.id;
  return (
    <button
      type="button"
      className={large ? `${buttonClass.primary} min-h-11 px-4` : buttonClass.smallPrimary}
      disabled={busy}
      onClick={() => onAct(item, primary)}
      data-testid={`primary-${primary}`}
    >
      {busy ? t('workItems.common.working') : primary === 'assignMe' ? t('workItems.queue.takeIt') : t('vocab.workItemAction.accept')}
    </button>
  );
}

function Row({ item, selected, now, timezone, multiStation, stationNames, onPick, ...rest }: RowProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <tr
      data-queue-row
      data-selected={selected || undefined}
      className={`cursor-pointer align-top ${selected ? 'bg-brand-50/70 outline-2 -outline-offset-2 outline-brand-600' : 'hover:bg-slate-50/70'}`}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a, button')) return;
        void navigate(`/items/${item.id}`);
      }}
      data-testid="queue-row"
    >
      <td className="px-4 py-3">
        <Link
          to={`/items/${item.id}`}
          data-queue-link={item.id}
          onFocus={() => onPick(item.id)}
          className="font-mono text-[13px] font-medium text-brand-700 tabular-nums hover:underline focus-visible:outline-offset-1"
          data-testid="queue-number"
        >
          {item.number}
        </Link>
        <div className="mt-1 text-xs text-slate-500">{t(`workItems.kind.${item.kind}`)}</div>
      </td>
      <td className="min-w-0 px-3 py-3">
        <div className="flex items-start gap-1.5">
          <PriorityBadge priority={item.priority} quiet />
          <span className="min-w-0 font-medium break-words text-slate-900" data-testid="queue-title">
            {item.title}
          </span>
        </div>
        <div className="mt-1 truncate text-xs text-slate-500">
          {item.enterpriseName ?? t('workItems.item.noEnterprise')}
          {multiStation ? ` · ${stationNames[item.stationId] ?? item.stationName}` : ''}
        </div>
      </td>
      <td className="px-3 py-3">
        <div className="flex flex-wrap gap-1">
          <ItemStatusBadge status={item.status} />
          <MarkBadges item={item} />
        </div>
      </td>
      <td className="px-3 py-3 text-slate-700">{item.assigneeName ?? <span className="text-xs text-slate-400">{t('workItems.queue.unassigned')}</span>}</td>
      <td className="px-3 py-3">
        <div className="flex flex-col items-start gap-1">
          <SlaBadge item={item} now={now} dueLabel={item.resolutionDueAt ? t('workItems.sla.dueAt', { time: formatDateTime(item.resolutionDueAt, timezone) }) : undefined} />
          <ContactBadge item={item} now={now} />
          <EstimateBadge item={item} />
          {item.resolvedAt && isFinished(item.status) ? (
            <span className="text-xs text-slate-500 tabular-nums">{t('workItems.queue.resolvedAt', { time: formatDateTime(item.resolvedAt, timezone) })}</span>
          ) : null}
        </div>
      </td>
      <td className="px-3 py-3 text-right">
        <PrimaryButton item={item} {...rest} />
      </td>
    </tr>
  );
}

function Card({ item, selected, now, timezone: _timezone, multiStation, stationNames, onPick, ...rest }: RowProps) {
  const { t } = useTranslation();
  return (
    <li
      data-queue-row
      data-selected={selected || undefined}
      className={`rounded-lg border bg-white ${selected ? 'border-brand-600 ring-2 ring-brand-600' : 'border-slate-200'} ${item.priority === 'urgent' ? 'border-l-4 border-l-red-600' : ''}`}
      data-testid="queue-card"
    >
      <Link to={`/items/${item.id}`} data-queue-link={item.id} onFocus={() => onPick(item.id)} className="block rounded-t-lg px-3 pt-3 pb-2 focus-visible:outline-offset-[-2px]">
        <div className="flex items-center justify-between gap-2">
          <span className="font-mono text-xs font-medium text-brand-700 tabular-nums">{item.number}</span>
          <ItemStatusBadge status={item.status} />
        </div>
        <div className="mt-1.5 flex items-start gap-1.5">
          <PriorityBadge priority={item.priority} quiet />
          <span className="font-medium text-slate-900">{item.title}</span>
        </div>
        <div className="mt-1 text-sm text-slate-600">
          {item.enterpriseName ?? t('workItems.item.noEnterprise')}
          {multiStation ? <span className="text-slate-400"> · {stationNames[item.stationId] ?? item.stationName}</span> : null}
        </div>
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          <SlaBadge item={item} now={now} />
          <ContactBadge item={item} now={now} />
          <MarkBadges item={item} />
          <span className="text-xs text-slate-500">{item.assigneeName ?? t('workItems.queue.unassigned')}</span>
        </div>
      </Link>
      <div className="flex items-center justify-end gap-2 border-t border-slate-100 px-3 py-2">
        {primaryAction(item, rest.role, rest.userId) ? (
          <PrimaryButton item={item} {...rest} large />
        ) : (
          <Link to={`/items/${item.id}`} className={`${buttonClass.secondary} min-h-11 px-4`} tabIndex={-1}>
            {t('workItems.queue.open')}
          </Link>
        )}
      </div>
    </li>
  );
}
