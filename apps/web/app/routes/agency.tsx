import { useCallback, useState } from 'react';
import { Link, useFetcher, useLoaderData, useLocation, useNavigation, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { agencySteps } from '@stationdesk/core';
import { Page } from '../components/page.tsx';
import { stepLabel } from '../components/agency/badges.tsx';
import { BatchBar } from '../components/agency/batch-actions.tsx';
import { QueueList } from '../components/agency/queue-list.tsx';
import { QueueSummary } from '../components/agency/queue-summary.tsx';
import { useSavedKey } from '../components/flash.tsx';
import { fetcherFailure } from '../components/form.tsx';
import { buttonClass, FormError } from '../components/ui.tsx';
import { FilterPanel } from '../components/filter-panel.tsx';
import { EmptyResults } from '../components/result-list.tsx';
import type { ActionFailure, ActionResult } from '../lib/action-result.ts';
import { formFailure } from '../lib/action-result.server.ts';
import { agencyPageSize, agencyQuery, readAgencyFilters, toQueueInput } from '../lib/agency.ts';
import { assignCases, submitCases } from '../lib/agency.server.ts';
import { errorMessage } from '../lib/errors.server.ts';
import { redirectWithFlash } from '../lib/flash.server.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { staffView, text } from '../lib/work-items.server.ts';
import type { Assignee } from '../lib/work-items.ts';
import type { Route } from './+types/agency';
import { FilterSelect as PageFilterSelect, StationOptions, type FilterSelectProps } from '../components/filter-select.tsx';

/** 代办队列: the open agency cases of the reader's stations (a manager's: the tenant's), nearest deadline first. */
export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'agency.queue.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readAgencyFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { timezone, today, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.agencyType.list({ includeInactive: true }),
      context.trpc.agencyCase.queue({ ...toQueueInput(filters), ...(cursor ? { cursor } : {}), limit: agencyPageSize }).then(
        (page) => ({ ...staffView(page), error: null }),
        (e: unknown) => ({ items: [], nextCursor: null, counts: { byStep: {}, byType: {} }, error: errorMessage(e, context.lang) }),
      ),
    ]),
  );
  const [stations, types, page] = data;
  // Who may take the cases: the same people for every case of a station, so asked once per station on the page.
  const firstOfStation = new Map<string, string>();
  for (const row of page.items) if (!firstOfStation.has(row.stationId)) firstOfStation.set(row.stationId, row.id);
  const assignees: Record<string, Assignee[]> = Object.fromEntries(
    await Promise.all([...firstOfStation].map(async ([stationId, itemId]) => [stationId, await context.trpc.workItem.assignees({ id: itemId }).catch(() => [])] as const)),
  );
  return { timezone, today, filters, cursor: cursor ?? null, stations: stations.filter((s) => s.inScope), types, page, assignees };
}

/**
 * The batch actions on the picked cases. All done: back to the queue as it was shown, with the
 * flash; otherwise the answer says what was done and what was not.
 */
export async function action({ request, context }: Route.ActionArgs): Promise<ActionFailure | Response> {
  await requireRole(request, context, staffRoles);
  const form = await request.formData();
  const intent = text(form, 'intent');
  const r = intent === 'assign' ? await assignCases(context.trpc, context.lang, form) : intent === 'submit' ? await submitCases(context.trpc, context.lang, form) : formFailure({ lang: context.lang, intent }, 'errors.invalidInput');
  return r.ok ? redirectWithFlash(request, context, r.message, { form: r.intent }) : r;
}

export default function AgencyQueue() {
  const { timezone, today, filters, cursor, stations, types, page, assignees } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const submit = useSubmit();
  const navigation = useNavigation();
  const loading = navigation.state === 'loading' && navigation.location?.pathname === '/agency';
  const fetcher = useFetcher<ActionResult>();
  // Posted to the queue as it is shown, so the flash's redirect comes back to the same view.
  const actionUrl = `/agency${useLocation().search}`;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<'assign' | 'submit' | null>(null);
  const active = [filters.station, filters.step, filters.type].filter(Boolean).length;

  // Another page of the list, or other filters: the picks were for rows no longer shown.
  const listKey = agencyQuery(filters, cursor ? { cursor } : {});
  const [shownKey, setShownKey] = useState(listKey);
  if (shownKey !== listKey) {
    setShownKey(listKey);
    setSelected(new Set());
    setMode(null);
  }

  // A batch action went through (its flash came): the cases leave the selection and the panel closes.
  const saved = useSavedKey();
  const [savedSeen, setSavedSeen] = useState(saved);
  if (saved !== savedSeen) {
    setSavedSeen(saved);
    setSelected(new Set());
    setMode(null);
  }
  // Refused, or done for some cases only: the same once the others were done (the answer lists the rest).
  const failed = fetcherFailure(fetcher);
  const [handled, setHandled] = useState<ActionFailure | null>(null);
  if (failed && failed !== handled) {
    setHandled(failed);
    if (failed.failures && failed.failures.length < selected.size) {
      setSelected(new Set());
      setMode(null);
    }
  }
  // Its sentence for the live region, unless the open panel shows it next to what to fix.
  const inPanel = failed && (Object.keys(failed.fieldErrors).length > 0 || failed.intent === 'submit');
  const note = failed && !inPanel && failed.error ? { text: failed.error, failures: failed.failures ?? [] } : null;

  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const toggleAll = useCallback((on: boolean) => setSelected(on ? new Set(page.items.map((r) => r.id)) : new Set()), [page.items]);

  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };
  const typeNames = Object.fromEntries(types.map((ty) => [ty.id, localName(lang, ty.name, ty.nameEn)]));
  const stationNames = stations.length > 1 ? Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)])) : null;
  const selectedRows = page.items.filter((r) => selected.has(r.id));

  return (
    <Page
      title={t('agency.queue.title')}
      subtitle={t('agency.queue.subtitle')}
      actions={
        <Link to={`/agency/handover${filters.station ? `?station=${filters.station}` : ''}`} className={buttonClass.secondary} data-testid="handover-link">
          {t('agency.queue.handover')}
        </Link>
      }
    >
      <QueueSummary filters={filters} counts={page.counts} types={types} />

      <FilterPanel
        id="agency"
        label={t('agency.queue.filters')}
        testId="agency-filters"
        toggleLabel={t('agency.queue.filterToggle')}
        active={active}
        gridClassName="md:flex md:flex-wrap md:items-end"
      >
        {stations.length > 1 ? (
          <FilterSelect label={t('agency.queue.station')} name="station" value={filters.station} onChange={apply}>
            <StationOptions stations={stations} allLabel={t('agency.queue.allStations')} />
          </FilterSelect>
        ) : null}
        <FilterSelect label={t('agency.queue.step')} name="step" value={filters.step} onChange={apply}>
          <option value="">{t('agency.queue.any')}</option>
          {agencySteps.map((s) => (
            <option key={s} value={s}>
              {stepLabel(t, s)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label={t('agency.queue.type')} name="type" value={filters.type} onChange={apply}>
          <option value="">{t('agency.queue.any')}</option>
          {types.map((ty) => (
            <option key={ty.id} value={ty.id}>
              {localName(lang, ty.name, ty.nameEn)}
            </option>
          ))}
        </FilterSelect>
        <div className="col-span-2 flex items-center gap-3 md:ml-auto">
          <span className="text-xs text-slate-500" aria-live="polite">
            {loading ? t('workItems.common.loading') : ''}
          </span>
          {active ? (
            <Link to="/agency" replace className={buttonClass.link}>
              {t('agency.queue.clearFilters')}
            </Link>
          ) : null}
          <noscript>
            <button type="submit" className={buttonClass.smallPrimary}>
              {t('agency.queue.applyFilters')}
            </button>
          </noscript>
        </div>
      </FilterPanel>

      <div role="status" aria-live="polite" data-testid="agency-status">
        {note ? (
          <div className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <p>{note.text}</p>
            {note.failures.length ? (
              <ul className="mt-1 list-disc pl-5">
                {note.failures.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>

      {page.error ? (
        <FormError>{page.error}</FormError>
      ) : page.items.length === 0 ? (
        <EmptyResults testId="agency-empty" title={active ? t('agency.queue.emptyFiltered') : t('agency.queue.empty')} hint={t('agency.queue.emptyHint')} />
      ) : (
        <div className={loading ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={loading}>
          <p className="mb-2 text-xs text-slate-500 tabular-nums">{t('agency.queue.shown', { count: page.items.length })}</p>
          <QueueList rows={page.items} selected={selected} onToggle={toggle} onToggleAll={toggleAll} typeNames={typeNames} stationNames={stationNames} timezone={timezone} />
          <BatchBar rows={selectedRows} assignees={assignees} today={today} fetcher={fetcher} action={actionUrl} mode={mode} onMode={setMode} onClear={() => setSelected(new Set())} />
        </div>
      )}

      <div className="mt-4 flex flex-wrap items-center justify-center gap-3">
        {cursor ? (
          <Link to={`/agency${agencyQuery(filters)}`} className={buttonClass.link}>
            {t('agency.queue.firstPage')}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link to={`/agency${agencyQuery(filters, { cursor: page.nextCursor })}`} className={buttonClass.secondary} data-testid="next-page">
            {t('agency.queue.nextPage')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}

function FilterSelect(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="agency-filter-" className="min-w-0 md:w-44" {...props} />;
}
