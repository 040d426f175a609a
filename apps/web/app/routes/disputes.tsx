import { Link, useLoaderData, useNavigation, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { disputeSources, disputeTypes, riskLevels } from '@stationdesk/core';
import { Page } from '../components/page.tsx';
import { DisputeResults } from '../components/disputes/dispute-results.tsx';
import { DisputeTabs } from '../components/disputes/dispute-tabs.tsx';
import { buttonClass, FormError, inputClass } from '../components/ui.tsx';
import { FilterPanel } from '../components/filter-panel.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { activeFilterCount, disputePageSize, disputeQuery, outcomeFilters, readDisputeFilters, toDisputeListInput, type DisputeFilters } from '../lib/disputes.ts';
import type { Route } from './+types/disputes';
import { FilterSelect as PageFilterSelect, StationOptions, VocabFilter, type FilterSelectProps, type VocabFilterProps } from '../components/filter-select.tsx';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'disputes.list.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readDisputeFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.dispute.list({ ...toDisputeListInput(filters), ...(cursor ? { cursor } : {}), limit: disputePageSize }).then(
        (page) => ({ ...page, error: null }),
        (e: unknown) => ({ items: [], nextCursor: null, error: errorMessage(e, context.lang) }),
      ),
      context.trpc.warning.openCount().then(
        (r) => r.count,
        () => 0,
      ),
    ]),
  );
  const [stations, page, openWarnings] = data;
  return { timezone, filters, cursor: cursor ?? null, stations: stations.filter((s) => s.inScope), page, openWarnings };
}

/** Filters that only a drill-down sets (month, performance, warnings, enterprise): shown as chips to remove. */
const chipFilters = ['month', 'performed', 'warning', 'enterpriseId'] as const;

export default function Disputes() {
  const { timezone, filters, cursor, stations, page, openWarnings } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const submit = useSubmit();
  const navigation = useNavigation();
  const loading = navigation.state === 'loading' && navigation.location?.pathname === '/disputes';
  const active = activeFilterCount(filters);
  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };
  const stationNames = Object.fromEntries(stations.map((s) => [s.id, localName(lang, s.name, s.nameEn)]));
  const enterpriseName = filters.enterpriseId ? (page.items.find((r) => r.enterpriseId === filters.enterpriseId)?.enterpriseName ?? t('disputes.list.thisEnterprise')) : '';
  const chipLabel = (k: (typeof chipFilters)[number]) => {
    switch (k) {
      case 'month':
        return t('disputes.list.chipMonth', { month: filters.month });
      case 'performed':
        return t('disputes.list.chipPerformed', { value: t(`vocab.dispute.performance.${filters.performed}`) });
      case 'warning':
        return t(`disputes.list.chipWarning.${filters.warning}`);
      case 'enterpriseId':
        return t('disputes.list.chipEnterprise', { name: enterpriseName });
    }
  };

  return (
    <Page
      title={t('disputes.list.title')}
      subtitle={t('disputes.list.subtitle')}
      actions={
        <Link to="/disputes/new" className={buttonClass.primary} data-testid="new-dispute">
          {t('disputes.list.new')}
        </Link>
      }
    >
      <DisputeTabs openWarnings={openWarnings} />
      <FilterPanel
        id="dispute"
        label={t('disputes.list.filters')}
        testId="dispute-filters"
        toggleLabel={t('disputes.list.filterToggle')}
        active={active}
        gridClassName="md:grid md:grid-cols-4"
        hidden={
          <>
            {chipFilters.map((k) => (filters[k] ? <input key={k} type="hidden" name={k} value={filters[k]} /> : null))}
            {stations.length <= 1 && filters.stationId ? <input type="hidden" name="stationId" value={filters.stationId} /> : null}
          </>
        }
        footer={(open) => (
          <div
            id="dispute-filter-actions"
            className={`mt-3 ${open || chipFilters.some((k) => filters[k]) ? 'flex' : 'hidden md:flex'} flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3`}
          >
            <ul className="flex flex-wrap gap-1.5" aria-label={t('disputes.list.drillFilters')}>
              {chipFilters
                .filter((k) => filters[k])
                .map((k) => (
                  <li key={k}>
                    <Link
                      to={`/disputes${disputeQuery({ ...filters, [k]: '' } as DisputeFilters)}`}
                      replace
                      className="inline-flex items-center gap-1 rounded-full border border-brand-100 bg-brand-50 px-2.5 py-0.5 text-xs text-brand-800 hover:bg-brand-100"
                      aria-label={t('disputes.list.removeFilter', { filter: chipLabel(k) })}
                      data-testid={`chip-${k}`}
                    >
                      {chipLabel(k)}
                      <span aria-hidden="true">×</span>
                    </Link>
                  </li>
                ))}
            </ul>
            <div className="flex items-center gap-3">
              <span className="text-xs text-slate-500" aria-live="polite">
                {loading ? t('workItems.common.loading') : ''}
              </span>
              {active ? (
                <Link to="/disputes" replace className={buttonClass.link}>
                  {t('disputes.list.clearFilters')}
                </Link>
              ) : null}
              <button type="submit" className={buttonClass.smallPrimary}>
                {t('disputes.list.applyFilters')}
              </button>
            </div>
          </div>
        )}
      >
        <DateFilter label={t('disputes.list.from')} name="from" value={filters.from} />
        <DateFilter label={t('disputes.list.to')} name="to" value={filters.to} />
        {stations.length > 1 ? (
          <FilterSelect label={t('disputes.fields.station')} name="stationId" value={filters.stationId} onChange={apply}>
            <StationOptions stations={stations} allLabel={t('disputes.list.allStations')} />
          </FilterSelect>
        ) : null}
        <Vocab label={t('disputes.fields.type')} name="type" value={filters.type} onChange={apply} values={disputeTypes} optionLabel={(v) => t(`vocab.dispute.type.${v}`)} anyLabel={t('disputes.list.any')} />
        <Vocab label={t('disputes.fields.source')} name="source" value={filters.source} onChange={apply} values={disputeSources} optionLabel={(v) => t(`vocab.dispute.source.${v}`)} anyLabel={t('disputes.list.any')} />
        <Vocab label={t('disputes.fields.outcome')} name="outcome" value={filters.outcome} onChange={apply} values={outcomeFilters} optionLabel={(v) => t(`vocab.dispute.outcome.${v}`)} anyLabel={t('disputes.list.any')} />
        <Vocab label={t('disputes.fields.riskLevel')} name="riskLevel" value={filters.riskLevel} onChange={apply} values={riskLevels} optionLabel={(v) => t(`vocab.dispute.level.${v}`)} anyLabel={t('disputes.list.any')} />
        <FilterSelect label={t('disputes.list.state')} name="state" value={filters.state} onChange={apply}>
          <option value="">{t('disputes.list.any')}</option>
          <option value="open">{t('disputes.list.stateOpen')}</option>
          <option value="closed">{t('disputes.list.stateClosed')}</option>
        </FilterSelect>
      </FilterPanel>

      {page.error ? (
        <FormError>{page.error}</FormError>
      ) : (
        <div className={loading ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={loading}>
          <DisputeResults
            key={disputeQuery(filters, cursor ? { cursor } : {})}
            filters={filters}
            initial={page}
            timezone={timezone}
            stationNames={stationNames}
            filtered={active > 0}
            firstPageHref={cursor ? `/disputes${disputeQuery(filters)}` : null}
          />
        </div>
      )}
    </Page>
  );
}

function DateFilter({ label, name, value }: { label: string; name: string; value: string }) {
  const id = `dispute-filter-${name}`;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-0.5 block text-xs text-slate-500">
        {label}
      </label>
      <input id={id} type="date" name={name} defaultValue={value} key={value} className={`${inputClass} py-1.5`} data-testid={`filter-${name}`} />
    </div>
  );
}

function FilterSelect(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="dispute-filter-" {...props} />;
}

function Vocab<T extends string>(props: VocabFilterProps<T>) {
  return <VocabFilter idPrefix="dispute-filter-" {...props} />;
}
