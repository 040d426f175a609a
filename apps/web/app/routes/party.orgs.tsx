import { Form, Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import { partyOrgStatuses, partyOrgTypes } from '@stationdesk/core';
import { ExportButton, useFileExport } from '../components/export-button.tsx';
import { Card, Page, Stat } from '../components/page.tsx';
import { LoadMoreFooter, useLoadMore } from '../components/result-list.tsx';
import { buttonClass, Empty, FormError, inputClass, selectClass } from '../components/ui.tsx';
import { fileExport } from '../lib/file-export.server.ts';
import { loadForRoles, requireRole, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import { badgeClass } from '../lib/party.ts';
import { partyOrgPageSize, partyOrgQuery, readPartyOrgFilters } from '../lib/party-orgs.ts';
import type { Route } from './+types/party.orgs';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'party.orgs.title');
}

/** 党组织名录: the registry with its filters, counts per type and per station, and the export. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const filters = readPartyOrgFilters(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { data } = await loadForRoles(request, context, staffRoles, () =>
    Promise.all([context.trpc.partyOrg.list({ ...filters, ...(cursor ? { cursor } : {}), limit: partyOrgPageSize }), context.trpc.station.list()]),
  );
  const [registry, stations] = data;
  return { filters, cursor: cursor ?? null, registry, stations: stations.filter((s) => s.inScope) };
}

/** 导出 Excel: the registry as the URL filters it (contacts masked). */
export async function action({ request, context }: Route.ActionArgs) {
  await requireRole(request, context, staffRoles);
  const filters = readPartyOrgFilters(new URL(request.url).searchParams);
  return fileExport(request, context.lang, () => context.trpc.partyOrg.export(filters));
}

export default function PartyOrgs() {
  const { filters, cursor, registry, stations } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { exporter, exportError } = useFileExport();
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(registry, (c) => `/party/orgs/more${partyOrgQuery(filters, { cursor: c })}`, t('workItems.common.networkError'));
  // The counts leave the type filter out (they show every type): the filtered total is the type's.
  const filteredTotal = filters.type ? registry.counts.byType[filters.type] : registry.counts.total;
  return (
    <Page
      title={t('party.orgs.title')}
      subtitle={t('party.orgs.subtitle')}
      actions={
        <div className="flex flex-wrap gap-2">
          <ExportButton exporter={exporter} path="/party/orgs" label={t('party.common.export')} workingLabel={t('party.common.exporting')} testId="export-orgs" />
          <Link to="/party/orgs/new" className={buttonClass.primary} data-testid="new-org">
            {t('party.orgs.new')}
          </Link>
        </div>
      }
    >
      {exportError ? <FormError>{exportError}</FormError> : null}
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="org-counts">
        {partyOrgTypes.map((type) => (
          <Stat key={type} label={t(`party.orgType.${type}`)} value={registry.counts.byType[type]} testId={`count-${type}`} />
        ))}
      </div>

      <Form method="get" replace className="mb-4 grid grid-cols-1 gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-5" data-testid="org-filters">
        <select name="type" defaultValue={filters.type ?? ''} aria-label={t('party.orgs.type')} className={selectClass}>
          <option value="">{t('party.orgs.anyType')}</option>
          {partyOrgTypes.map((type) => (
            <option key={type} value={type}>
              {t(`party.orgType.${type}`)}
            </option>
          ))}
        </select>
        <select name="stationId" defaultValue={filters.stationId ?? ''} aria-label={t('party.orgs.station')} className={selectClass}>
          <option value="">{t('party.common.allStations')}</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {localName(lang, s.name, s.nameEn)}
            </option>
          ))}
        </select>
        <select name="status" defaultValue={filters.status ?? ''} aria-label={t('party.orgs.status')} className={selectClass}>
          <option value="">{t('party.orgs.anyStatus')}</option>
          {partyOrgStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`party.orgStatus.${s}`)}
            </option>
          ))}
        </select>
        <input name="q" defaultValue={filters.q ?? ''} placeholder={t('party.orgs.search')} aria-label={t('party.orgs.search')} className={inputClass} />
        <button type="submit" className={buttonClass.secondary}>
          {t('party.common.filter')}
        </button>
      </Form>

      <Card className="mb-4 overflow-x-auto" data-testid="org-by-station">
        <table className="min-w-full text-sm">
          <caption className="px-4 pt-3 text-left font-medium text-slate-900">{t('party.orgs.byStation')}</caption>
          <thead>
            <tr className="border-b border-slate-100 text-left text-slate-500">
              <th className="px-4 py-2 font-normal">{t('party.common.station')}</th>
              {partyOrgTypes.map((type) => (
                <th key={type} className="px-3 py-2 text-right font-normal">
                  {t(`party.orgTypeShort.${type}`)}
                </th>
              ))}
              <th className="px-4 py-2 text-right font-normal">{t('party.orgs.total')}</th>
            </tr>
          </thead>
          <tbody>
            {registry.counts.byStation.map((s) => (
              <tr key={s.stationId} className="border-b border-slate-50">
                <td className="px-4 py-2">{localName(lang, s.stationName, s.stationNameEn)}</td>
                {partyOrgTypes.map((type) => (
                  <td key={type} className="px-3 py-2 text-right tabular-nums">
                    {s.byType[type]}
                  </td>
                ))}
                <td className="px-4 py-2 text-right font-medium tabular-nums">{s.total}</td>
              </tr>
            ))}
            <tr>
              <td className="px-4 py-2 font-medium">{t('party.orgs.total')}</td>
              {partyOrgTypes.map((type) => (
                <td key={type} className="px-3 py-2 text-right font-medium tabular-nums">
                  {registry.counts.byType[type]}
                </td>
              ))}
              <td className="px-4 py-2 text-right font-semibold tabular-nums" data-testid="count-total">
                {registry.counts.total}
              </td>
            </tr>
          </tbody>
        </table>
      </Card>

      <Card>
        {items.length === 0 ? (
          <Empty>{t('party.orgs.none')}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="org-list">
            {items.map((o) => (
              <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid="org-row">
                <div className="min-w-0">
                  <Link to={`/party/orgs/${o.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                    {o.name}
                  </Link>
                  <div className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
                    <span>{t(`party.orgType.${o.type}`)}</span>
                    <span>{localName(lang, o.stationName, o.stationNameEn)}</span>
                    {o.members !== null ? <span>{t('party.common.members', { count: o.members })}</span> : null}
                    {o.contactName || o.contactPhone ? (
                      <span data-testid="org-contact">
                        {o.contactName ?? ''} {o.contactPhone ?? ''}
                      </span>
                    ) : null}
                    {o.joinedOn ? <span>{`${t('party.orgs.joinedOn')} ${o.joinedOn}`}</span> : null}
                  </div>
                </div>
                <div className="flex items-center gap-2">
                  {o.source === 'enterprise' ? <span className={`${badgeClass} bg-slate-50 text-slate-600 ring-slate-500/20`}>{t('party.orgSource.enterprise')}</span> : null}
                  <span className={`${badgeClass} ${o.status === 'active' ? 'bg-green-50 text-green-700 ring-green-600/20' : 'bg-slate-50 text-slate-500 ring-slate-500/20'}`}>
                    {t(`party.orgStatus.${o.status}`)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <LoadMoreFooter
        error={error}
        shown={t('party.orgs.shown', { count: items.length, total: filteredTotal })}
        shownTestId="orgs-shown"
        nextHref={nextCursor ? `/party/orgs${partyOrgQuery(filters, { cursor: nextCursor })}` : null}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('party.orgs.loadMore'), end: t('party.orgs.end'), firstPage: t('party.orgs.firstPage') }}
        ended={items.length > 0}
        firstPageHref={cursor ? `/party/orgs${partyOrgQuery(filters)}` : null}
      />
    </Page>
  );
}
