import { useEffect, useRef, useState } from 'react';
import { Form, Link, type ShouldRevalidateFunctionArgs, useLoaderData, useNavigation, useSubmit } from 'react-router';
import { useTranslation } from 'react-i18next';
import { enterpriseStatuses, industries } from '@stationdesk/core';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { Page } from '../components/page.tsx';
import { EnterpriseResults } from '../components/enterprise/enterprise-results.tsx';
import { buttonClass, FormError, inputClass } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { fileExport } from '../lib/file-export.server.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { expiringChoices, hasFilters, listPageSize, listQuery, readListParams, searchTooShort, toFilterInput } from '../lib/enterprise-params.ts';
import { localName } from '../lib/names.ts';
import { pageTitle } from '../lib/meta.ts';
import type { Route } from './+types/enterprises';
import { FilterSelect as PageFilterSelect, type FilterSelectProps } from '../components/filter-select.tsx';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'enterprise.list.title');
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const params = readListParams(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { today, data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([
      context.trpc.station.list(),
      context.trpc.building.list(),
      context.trpc.tag.list(),
      context.trpc.enterprise.list({ ...toFilterInput(params), ...(cursor ? { cursor } : {}), limit: listPageSize }).then(
        (page) => ({ ...page, error: null }),
        (e: unknown) => ({ items: [], nextCursor: null, error: errorMessage(e, context.lang) }),
      ),
    ]),
  );
  const [stations, buildings, tags, page] = data;
  // Staff filter by their own stations only (the list refuses others anyway).
  const myStations = stations.filter((s) => s.inScope);
  const myStationIds = new Set(myStations.map((s) => s.id));
  return {
    today,
    params,
    cursor: cursor ?? null,
    stations: myStations,
    buildings: buildings.filter((b) => myStationIds.has(b.stationId)),
    tags,
    page,
  };
}

/** 导出 Excel: the current filters (from the URL the form posted to) as a file. */
export async function action({ request, context }: Route.ActionArgs) {
  const params = readListParams(new URL(request.url).searchParams);
  return fileExport(request, context.lang, () => context.trpc.enterprise.export(toFilterInput(params)));
}

/** Exporting changes nothing: the list need not be fetched again afterwards. */
export function shouldRevalidate({ formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formMethod?.toUpperCase() === 'POST' ? false : defaultShouldRevalidate;
}

export default function Enterprises() {
  const { params, cursor, stations, buildings, tags, page, today } = useLoaderData<typeof loader>();
  const { exporter, exportError } = useFileExport();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [typed, setTyped] = useState(params.q);
  const searching = navigation.state === 'loading' && navigation.location?.pathname === '/enterprises';

  // Back/forward changes the URL under the box: show what the URL says unless the user is typing.
  useEffect(() => {
    if (searchRef.current && document.activeElement !== searchRef.current) searchRef.current.value = params.q;
  }, [params.q]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (form: HTMLFormElement | null) => {
    if (form) void submit(form, { replace: true, preventScrollReset: true });
  };
  const onSearch = (value: string) => {
    setTyped(value);
    clearTimeout(timer.current);
    if (searchTooShort(value)) return;
    timer.current = setTimeout(() => apply(formRef.current), 300);
  };
  const shortQuery = searchTooShort(typed);
  const visibleBuildings = params.station ? buildings.filter((b) => b.stationId === params.station) : buildings;
  const byStation = stations
    .map((s) => ({ station: s, buildings: visibleBuildings.filter((b) => b.stationId === s.id) }))
    .filter((g) => g.buildings.length > 0);
  const filtered = hasFilters(params);
  const activeFilters = [params.station, params.building, params.status, params.tag, params.industry, params.expiring].filter(Boolean).length;
  // On a phone the filters fold away behind a button; open when some are in use.
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);

  return (
    <Page
      title={t('enterprise.list.title')}
      subtitle={t('enterprise.list.subtitle')}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <ExportButton exporter={exporter} path="/enterprises" label={t('enterprise.list.export')} workingLabel={t('enterprise.list.exporting')} testId="export-button" />
          <Link to="/enterprises/import" className={buttonClass.secondary}>
            {t('enterprise.list.import')}
          </Link>
          <Link to="/enterprises/new" className={buttonClass.primary}>
            {t('enterprise.list.new')}
          </Link>
        </div>
      }
    >
      {exportError ? (
        <div className="mb-3">
          <FormError>{exportError}</FormError>
        </div>
      ) : null}
      <Form
        ref={formRef}
        method="get"
        role="search"
        className="mb-4 rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
        aria-label={t('enterprise.list.filters')}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="enterprise-search" className="text-sm font-medium text-slate-700">
            {t('enterprise.list.searchLabel')}
          </label>
          <div className="relative">
            <svg aria-hidden="true" viewBox="0 0 20 20" className="pointer-events-none absolute top-2.5 left-3 size-4 fill-slate-400">
              <path d="M8.5 3a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64a.75.75 0 1 1-1.06 1.06l-3.64-3.65A5.5 5.5 0 1 1 8.5 3Zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z" />
            </svg>
            <input
              ref={searchRef}
              id="enterprise-search"
              name="q"
              type="search"
              defaultValue={params.q}
              autoComplete="off"
              enterKeyHint="search"
              placeholder={t('enterprise.list.searchPlaceholder')}
              aria-describedby="enterprise-search-hint"
              className={`${inputClass} pl-9`}
              onChange={(e) => onSearch(e.currentTarget.value)}
              data-testid="enterprise-search"
            />
          </div>
          <p id="enterprise-search-hint" className={`text-xs ${shortQuery ? 'text-amber-700' : 'text-slate-500'}`} aria-live="polite">
            {shortQuery ? t('enterprise.list.searchTooShort') : t('enterprise.list.searchHint')}
          </p>
        </div>
        <button
          type="button"
          className={`${buttonClass.smallSecondary} mt-2 md:hidden`}
          aria-expanded={filtersOpen}
          aria-controls="enterprise-filter-grid"
          onClick={() => setFiltersOpen((o) => !o)}
        >
          {t('enterprise.list.filterToggle')}
          {activeFilters ? <span className="rounded-full bg-brand-600 px-1.5 text-xs text-white tabular-nums">{activeFilters}</span> : null}
        </button>
        <div
          id="enterprise-filter-grid"
          // English labels are longer: three to a row on a desk rather than six.
          className={`mt-3 ${filtersOpen ? 'grid' : 'hidden'} grid-cols-2 gap-2 sm:grid-cols-3 md:grid ${lang === 'en' ? '' : 'lg:grid-cols-6'}`}
        >
          <FilterSelect
            label={t('enterprise.list.station')}
            name="station"
            value={params.station}
            onChange={(form) => {
              const building = form.elements.namedItem('building');
              if (building instanceof HTMLSelectElement) building.value = '';
              apply(form);
            }}
          >
            <option value="">{t('enterprise.list.allStations')}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {localName(lang, s.name, s.nameEn)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('enterprise.list.building')} name="building" value={params.building} onChange={apply}>
            <option value="">{t('enterprise.list.allBuildings')}</option>
            {byStation.map((g) => (
              <optgroup key={g.station.id} label={localName(lang, g.station.name, g.station.nameEn)}>
                {g.buildings.map((b) => (
                  <option key={b.id} value={b.id}>
                    {localName(lang, b.name, b.nameEn)}
                  </option>
                ))}
              </optgroup>
            ))}
          </FilterSelect>
          <FilterSelect label={t('vocab.field.status')} name="status" value={params.status} onChange={apply}>
            <option value="">{t('enterprise.list.allStatuses')}</option>
            {enterpriseStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`vocab.enterpriseStatus.${s}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('vocab.field.tags')} name="tag" value={params.tag} onChange={apply}>
            <option value="">{t('enterprise.list.allTags')}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('vocab.field.industry')} name="industry" value={params.industry} onChange={apply}>
            <option value="">{t('enterprise.list.allIndustries')}</option>
            {industries.map((code) => (
              <option key={code} value={code}>
                {code} · {t(`vocab.industry.${code}`)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t('enterprise.list.expiring')} name="expiring" value={params.expiring} onChange={apply}>
            <option value="">{t('enterprise.list.expiringAny')}</option>
            {expiringChoices.map((d) => (
              <option key={d} value={d}>
                {t('enterprise.list.expiringWithin', { days: d })}
              </option>
            ))}
          </FilterSelect>
        </div>
        <div className="mt-3 flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-3">
          <div className="flex items-center gap-2">
            <label htmlFor="filter-sort" className="text-xs text-slate-500">
              {t('enterprise.list.sort')}
            </label>
            <select
              id="filter-sort"
              name="sort"
              key={params.sort}
              defaultValue={params.sort}
              onChange={(e) => apply(e.currentTarget.form)}
              className="rounded-md border border-slate-300 bg-white py-1 pr-8 pl-2 text-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none"
            >
              <option value="name">{t('enterprise.list.sortName')}</option>
              <option value="updated">{t('enterprise.list.sortUpdated')}</option>
            </select>
            <span className="text-xs text-slate-500" aria-live="polite">
              {searching ? t('enterprise.list.searching') : ''}
            </span>
          </div>
          <div className="flex items-center gap-3">
            {filtered ? (
              <Link to="/enterprises" className={buttonClass.link} replace>
                {t('enterprise.list.clearFilters')}
              </Link>
            ) : null}
            <noscript>
              <button type="submit" className={buttonClass.smallPrimary}>
                {t('enterprise.list.applyFilters')}
              </button>
            </noscript>
          </div>
        </div>
      </Form>

      {page.error ? (
        <FormError>{page.error}</FormError>
      ) : (
        <EnterpriseResults
          key={listQuery(params, cursor ? { cursor } : {})}
          params={params}
          initial={page}
          today={today}
          filtered={filtered}
          firstPageHref={cursor ? `/enterprises${listQuery(params)}` : null}
          busy={searching}
        />
      )}
    </Page>
  );
}

function FilterSelect(props: FilterSelectProps) {
  return <PageFilterSelect idPrefix="filter-" testIdPrefix={null} {...props} />;
}
