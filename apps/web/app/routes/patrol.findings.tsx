import { Link, useLoaderData, useNavigation, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { patrolSources, patrolTiers } from '@stationdesk/core';
import { FilterPanel } from '../components/filter-panel.tsx';
import { FilterSelect as PageFilterSelect, StationOptions, VocabFilter, type FilterSelectProps, type VocabFilterProps } from '../components/filter-select.tsx';
import { Page } from '../components/page.tsx';
import { SourceBadge, TierBadge } from '../components/patrol/badges.tsx';
import { EmptyResults } from '../components/result-list.tsx';
import { buttonClass, FormError } from '../components/ui.tsx';
import { ItemStatusBadge, SlaBadge, useNow } from '../components/work-items/badges.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { formatDateTime } from '../lib/format.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { activeFindingFilters, categoryName, findingQuery, findingStatusFilters, findingsPageSize, photoUrl, readFindingFilters } from '../lib/patrol.ts';
import { minuteNow } from '../lib/work-items.ts';
import type { Route } from './+types/patrol.findings';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'patrol.list.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readFindingFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || null;
  const { timezone, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.patrolCategory.list(),
      context.trpc.patrolFinding
        .list({
          ...(filters.stationId ? { stationId: filters.stationId } : {}),
          ...(filters.category ? { category: filters.category } : {}),
          ...(filters.tier ? { tier: filters.tier as 'red' } : {}),
          ...(filters.source ? { source: filters.source as 'staff' } : {}),
          ...(filters.status ? { status: filters.status as 'open' } : {}),
          ...(filters.buildingId ? { buildingId: filters.buildingId } : {}),
          ...(filters.floor ? { floor: filters.floor } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
          ...(cursor ? { cursor } : {}),
          limit: findingsPageSize,
        })
        .then(
          (page) => ({ ...page, error: null }),
          (e: unknown) => ({ items: [], nextCursor: null, error: errorMessage(e, context.lang) }),
        ),
    ]),
  );
  const [stations, categories, page] = data;
  return { timezone, now: minuteNow(), filters, cursor, stations: stations.filter((s) => s.inScope), categories, page };
}

/**
 * 巡查发现: the findings of the member's stations, newest first, filtered by station, category,
 * tier, source and status. Cards that read on a phone as on a desk; a new finding is one tap away.
 */
export default function Findings() {
  const { timezone, now: serverNow, filters, cursor, stations, categories, page } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const now = useNow(serverNow);
  const submit = useSubmit();
  const navigation = useNavigation();
  const loading = navigation.state === 'loading' && navigation.location?.pathname === '/patrol/findings';
  const active = activeFindingFilters(filters);
  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };

  return (
    <Page
      title={t('patrol.list.title')}
      subtitle={t('patrol.list.subtitle')}
      actions={
        <Link to="/patrol/findings/new" className={`${buttonClass.primary} min-h-11`} data-testid="new-finding">
          {t('patrol.list.new')}
        </Link>
      }
    >
      <FilterPanel
        id="finding"
        label={t('patrol.list.filters')}
        testId="finding-filters"
        toggleLabel={t('patrol.list.filterToggle')}
        active={active}
        gridClassName="md:grid md:grid-cols-5"
        footer={(open) => (
          <div id="finding-filter-actions" className={`mt-3 ${open ? 'flex' : 'hidden md:flex'} items-center justify-end gap-3 border-t border-slate-100 pt-3`}>
            <span className="text-xs text-slate-500" aria-live="polite">
              {loading ? t('workItems.common.loading') : ''}
            </span>
            {active ? (
              <Link to="/patrol/findings" replace className={buttonClass.link}>
                {t('patrol.list.clearFilters')}
              </Link>
            ) : null}
            <button type="submit" className={buttonClass.smallPrimary}>
              {t('patrol.list.applyFilters')}
            </button>
          </div>
        )}
      >
        {stations.length > 1 ? (
          <FilterSelect label={t('patrol.fields.station')} name="stationId" value={filters.stationId} onChange={apply}>
            <StationOptions stations={stations} allLabel={t('patrol.list.allStations')} />
          </FilterSelect>
        ) : null}
        <FilterSelect label={t('patrol.fields.category')} name="category" value={filters.category} onChange={apply}>
          <option value="">{t('patrol.list.any')}</option>
          {categories.map((c) => (
            <option key={c.key} value={c.key}>
              {categoryName(t, lang, categories, c.key)}
            </option>
          ))}
        </FilterSelect>
        <Vocab label={t('patrol.fields.tier')} name="tier" value={filters.tier} onChange={apply} values={patrolTiers} optionLabel={(v) => t(`patrol.tier.${v}`)} anyLabel={t('patrol.list.any')} />
        <Vocab label={t('patrol.fields.source')} name="source" value={filters.source} onChange={apply} values={patrolSources} optionLabel={(v) => t(`patrol.source.${v}`)} anyLabel={t('patrol.list.any')} />
        <Vocab
          label={t('patrol.fields.status')}
          name="status"
          value={filters.status}
          onChange={apply}
          values={findingStatusFilters}
          optionLabel={(v) => (v === 'open' || v === 'overdue' ? t(`patrol.list.status.${v}`) : t(`vocab.workItemStatus.${v}`))}
          anyLabel={t('patrol.list.any')}
        />
        {/* From the patrol statistics' numbers: kept while the other filters change. */}
        {(['buildingId', 'floor', 'from', 'to'] as const).map((k) => (filters[k] ? <input key={k} type="hidden" name={k} value={filters[k]} /> : null))}
      </FilterPanel>
      {filters.buildingId || filters.floor || filters.from || filters.to ? (
        <p className="mb-2 text-xs text-slate-500" data-testid="findings-drill">
          {[filters.from && filters.to ? `${filters.from} – ${filters.to}` : '', filters.floor].filter(Boolean).join(' · ')}
        </p>
      ) : null}

      {page.error ? (
        <FormError>{page.error}</FormError>
      ) : page.items.length === 0 ? (
        <EmptyResults testId="findings-empty" title={t(active ? 'patrol.list.noneFiltered' : 'patrol.list.none')} />
      ) : (
        <ul className={`grid gap-2 md:grid-cols-2 ${loading ? 'opacity-60' : ''}`} aria-busy={loading} data-testid="findings">
          {page.items.map((f) => (
            <li key={f.id} className="min-w-0">
              <Link to={`/patrol/findings/${f.id}`} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-300 hover:bg-brand-50/30" data-testid="finding-row">
                {f.photoFileId ? (
                  <img src={photoUrl(f.photoFileId)} alt="" loading="lazy" className="size-20 shrink-0 rounded-md bg-slate-100 object-cover" />
                ) : (
                  <div className="flex size-20 shrink-0 items-center justify-center rounded-md bg-slate-100 text-xs text-slate-400">{t('patrol.list.noPhoto')}</div>
                )}
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <TierBadge tier={f.tier} />
                    <ItemStatusBadge status={f.status} />
                    <SlaBadge item={f} now={now} />
                  </div>
                  <div className="mt-1 truncate font-medium text-slate-900">{f.title}</div>
                  <div className="mt-0.5 truncate text-sm text-slate-600">
                    {categoryName(t, lang, categories, f.category)}
                    {f.enterpriseName ? ` · ${f.enterpriseName}` : ''}
                  </div>
                  <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                    <span className="font-mono tabular-nums">{f.number}</span>
                    <span className="tabular-nums">{formatDateTime(f.createdAt, timezone)}</span>
                    {f.source !== 'staff' ? <SourceBadge source={f.source} sourceName={f.sourceName} /> : null}
                  </div>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex justify-between gap-2">
        {cursor ? (
          <Link to={`/patrol/findings${findingQuery(filters)}`} className={buttonClass.secondary}>
            {t('patrol.list.firstPage')}
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link to={`/patrol/findings${findingQuery(filters, { cursor: page.nextCursor })}`} className={buttonClass.secondary} data-testid="next-page">
            {t('patrol.list.nextPage')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}

function FilterSelect(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="finding-filter-" {...props} />;
}

function Vocab<T extends string>(props: VocabFilterProps<T>) {
  return <VocabFilter idPrefix="finding-filter-" {...props} />;
}
