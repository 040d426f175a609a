import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { telHref } from '../../lib/format.ts';
import { listQuery, type ListParams } from '../../lib/enterprise-params.ts';
import type { EnterpriseSummary } from '../../lib/enterprise-types.ts';
import { localName } from '../../lib/names.ts';
import { EmptyActions, EmptyResults, type KeysetPage, LoadMoreFooter, ResultTable, useLoadMore } from '../result-list.tsx';
import { ExpiryBadge, StatusBadge, TagList } from './badges.tsx';

type ResultPage = KeysetPage<EnterpriseSummary>;

/**
 * The registry's rows: a table on a desk, cards on a phone. "Load more" appends the next keyset
 * page in place (one request, from the cursor); without scripts the same link opens that page.
 */
export function EnterpriseResults({
  params,
  initial,
  today,
  filtered,
  firstPageHref,
  busy,
}: {
  params: ListParams;
  initial: ResultPage;
  today: string;
  filtered: boolean;
  firstPageHref: string | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(initial, (cursor) => `/enterprises/more${listQuery(params, { cursor })}`, t('enterprise.common.networkError'));
  const nextHref = nextCursor ? `/enterprises${listQuery(params, { cursor: nextCursor })}` : null;

  if (items.length === 0) {
    return (
      <EmptyResults
        testId="enterprise-empty"
        title={filtered ? t('enterprise.list.emptyFiltered') : t('enterprise.list.empty')}
        hint={filtered ? t('enterprise.list.emptyFilteredHint') : t('enterprise.list.emptyHint')}
      >
        <EmptyActions filtered={filtered} clear={{ to: '/enterprises', label: t('enterprise.list.clearFilters') }} create={{ to: '/enterprises/new', label: t('enterprise.list.new') }} />
      </EmptyResults>
    );
  }

  return (
    <div className={busy ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={busy}>
      <ResultTable
        testId="enterprise-table"
        columns={[
          { label: t('enterprise.list.colName'), width: 'w-[25%]' },
          { label: t('enterprise.list.colLocation'), width: 'w-[20%]' },
          { label: t('vocab.field.status'), width: 'w-[11%]' },
          { label: t('enterprise.list.colContact'), width: 'w-[12%]' },
          { label: t('enterprise.list.colExpiry'), width: 'w-[13%]' },
          { label: t('vocab.field.tags') },
        ]}
      >
        {items.map((e) => (
          <Row key={e.id} e={e} today={today} />
        ))}
      </ResultTable>
      <ul className="space-y-2 md:hidden" data-testid="enterprise-cards">
        {items.map((e) => (
          <Card key={e.id} e={e} today={today} />
        ))}
      </ul>
      <LoadMoreFooter
        error={error}
        shown={t('enterprise.list.shown', { count: items.length })}
        nextHref={nextHref}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('enterprise.common.loading'), loadMore: t('enterprise.list.loadMore'), end: t('enterprise.list.end'), firstPage: t('enterprise.list.firstPage') }}
        ended
        firstPageHref={firstPageHref}
      />
    </div>
  );
}

function Row({ e, today }: { e: EnterpriseSummary; today: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <tr className="align-top hover:bg-slate-50/70">
      <td className="px-4 py-3">
        <Link to={`/enterprises/${e.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {localName(lang, e.name, e.nameEn)}
        </Link>
        <div className="mt-0.5 font-mono text-xs text-slate-500 tabular-nums">{e.creditCode}</div>
      </td>
      <td className="px-3 py-3 text-slate-700">
        <div>{localName(lang, e.buildingName, e.buildingNameEn)}</div>
        <div className="mt-0.5 text-xs text-slate-500">
          {[[e.floor, e.room].filter(Boolean).join(' / '), localName(lang, e.stationName, e.stationNameEn)].filter(Boolean).join(' · ')}
        </div>
      </td>
      <td className="px-3 py-3">
        <StatusBadge status={e.status} />
      </td>
      <td className="px-3 py-3">
        {e.primaryContact ? (
          <>
            <div className="text-slate-800">{e.primaryContact.name}</div>
            {e.primaryContact.phone ? (
              <a href={telHref(e.primaryContact.phone)} className="text-xs text-brand-600 tabular-nums hover:underline">
                {e.primaryContact.phone}
              </a>
            ) : null}
          </>
        ) : (
          <span className="text-xs text-slate-400">{t('enterprise.list.noContact')}</span>
        )}
      </td>
      <td className="px-3 py-3">{e.nextExpiry ? <ExpiryBadge date={e.nextExpiry} today={today} compact /> : <span className="text-slate-400">—</span>}</td>
      <td className="px-3 py-3">
        <TagList tags={e.tags} />
      </td>
    </tr>
  );
}

function Card({ e, today }: { e: EnterpriseSummary; today: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex items-start justify-between gap-2">
        <Link to={`/enterprises/${e.id}`} className="min-w-0 font-medium text-slate-900 hover:text-brand-700">
          {localName(lang, e.name, e.nameEn)}
        </Link>
        <StatusBadge status={e.status} />
      </div>
      <div className="mt-0.5 font-mono text-xs text-slate-500 tabular-nums">{e.creditCode}</div>
      <div className="mt-2 text-sm text-slate-700">
        {localName(lang, e.buildingName, e.buildingNameEn)}
        {e.floor || e.room ? <span className="whitespace-nowrap"> · {[e.floor, e.room].filter(Boolean).join(' / ')}</span> : null}
        <div className="text-xs text-slate-500">{localName(lang, e.stationName, e.stationNameEn)}</div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        {e.primaryContact ? (
          <span className="text-slate-800">
            {e.primaryContact.name}
            {e.primaryContact.phone ? (
              <a href={telHref(e.primaryContact.phone)} className="ml-2 text-brand-600 tabular-nums">
                {e.primaryContact.phone}
              </a>
            ) : null}
          </span>
        ) : (
          <span className="text-xs text-slate-400">{t('enterprise.list.noContact')}</span>
        )}
      </div>
      {e.nextExpiry || e.tags.length ? (
        <div className="mt-2 flex flex-wrap items-center gap-1.5">
          {e.nextExpiry ? (
            <span className="inline-flex items-center gap-1 text-xs text-slate-500">
              {t('enterprise.list.colExpiry')}
              <ExpiryBadge date={e.nextExpiry} today={today} />
            </span>
          ) : null}
          <TagList tags={e.tags} />
        </div>
      ) : null}
    </li>
  );
}
