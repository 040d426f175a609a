import { useEffect, useRef } from 'react';
import { Form, Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { workItemKinds } from '@stationdesk/core';
import { StationOptions } from '../filter-select.tsx';
import { buttonClass, selectClass } from '../ui.tsx';
import type { VisitFilters } from '../../lib/visits.ts';

const tabs = [
  { to: '/visits', key: 'queue' },
  { to: '/visits/rectifications', key: 'rectifications' },
  { to: '/visits/satisfaction', key: 'satisfaction' },
] as const;

/** 待回访 · 整改 · 满意度: the desk's three pages, the station filter carried along. */
export function DeskTabs({ stationId }: { stationId?: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const query = stationId ? `?stationId=${stationId}` : '';
  return (
    <nav aria-label={t('visits.tabs.label')} className="mb-3 flex gap-1 overflow-x-auto border-b border-slate-200" data-testid="visit-tabs">
      {tabs.map((tab) => {
        const current = pathname === tab.to;
        return (
          <Link
            key={tab.key}
            to={`${tab.to}${query}`}
            aria-current={current ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${current ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
            data-testid={`tab-${tab.key}`}
          >
            {t(`visits.tabs.${tab.key}`)}
          </Link>
        );
      })}
    </nav>
  );
}

/** The station (when the reader has several) and, for the queue, the kind — a GET form, so the URL holds them. */
export function DeskFilters({ filters, stations, withKind }: { filters: VisitFilters; stations: { id: string; name: string; nameEn: string | null }[]; withKind: boolean }) {
  const { t } = useTranslation();
  if (stations.length <= 1 && !withKind) return null;
  return (
    <Form method="get" className="mb-3 flex flex-wrap items-end gap-2" aria-label={t('visits.filters.label')} data-testid="visit-filters">
      {filters.state === 'done' ? <input type="hidden" name="state" value="done" /> : null}
      {stations.length > 1 ? (
        <div className="min-w-40">
          <label htmlFor="visit-station" className="mb-0.5 block text-xs text-slate-500">
            {t('visits.filters.station')}
          </label>
          <select id="visit-station" name="stationId" defaultValue={filters.stationId} key={`station-${filters.stationId}`} className={`${selectClass} py-1.5`} data-testid="filter-station">
            <StationOptions stations={stations} allLabel={t('visits.filters.allStations')} />
          </select>
        </div>
      ) : null}
      {withKind ? (
        <div className="min-w-32">
          <label htmlFor="visit-kind" className="mb-0.5 block text-xs text-slate-500">
            {t('visits.filters.kind')}
          </label>
          <select id="visit-kind" name="kind" defaultValue={filters.kind} key={`kind-${filters.kind}`} className={`${selectClass} py-1.5`} data-testid="filter-kind">
            <option value="">{t('visits.filters.allKinds')}</option>
            {workItemKinds.map((k) => (
              <option key={k} value={k}>
                {t(`workItems.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <button type="submit" className={buttonClass.smallPrimary} data-testid="apply-filters">
        {t('visits.filters.apply')}
      </button>
    </Form>
  );
}

/**
 * A modal form for one row (record a follow-up, mark a rectification done): opened over the list,
 * focus inside it, Esc or 取消 close it and give focus back to the row's button. Full width on a
 * phone, scrolling inside when taller than the screen.
 */
export function RowDialog({ open, title, onClose, testId, children }: { open: boolean; title: string; onClose: () => void; testId: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The form's first field (the close button would otherwise take the focus).
      dialog.querySelector<HTMLElement>('[data-initial-focus], input:not([type="hidden"]), textarea, select')?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${testId}-title`}
      className="m-auto max-h-[calc(100dvh-1rem)] w-[min(36rem,calc(100vw-1rem))] overflow-y-auto rounded-lg border border-slate-200 p-0 shadow-2xl backdrop:bg-slate-900/40"
      data-testid={testId}
    >
      <div className="sticky top-0 z-10 flex items-center justify-between gap-2 border-b border-slate-100 bg-white px-4 py-3">
        <h2 id={`${testId}-title`} className="min-w-0 font-semibold break-words">
          {title}
        </h2>
        <button type="button" className={buttonClass.ghost} onClick={() => ref.current?.close()} aria-label={t('visits.queue.close')}>
          ✕
        </button>
      </div>
      {open ? <div className="px-4 py-4">{children}</div> : null}
    </dialog>
  );
}
