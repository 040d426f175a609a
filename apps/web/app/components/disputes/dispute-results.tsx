import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { disputeQuery, formatYuan, type DisputeFilters, type DisputePage, type DisputeRow } from '../../lib/disputes.ts';
import { EmptyActions, EmptyResults, LoadMoreFooter, ResultTable, useLoadMore } from '../result-list.tsx';
import { ItemStatusBadge } from '../work-items/badges.tsx';
import { OutcomeBadge, RiskBadge } from './badges.tsx';

/**
 * The cases: a table on a desk, cards on a phone. "Load more" appends the next keyset page in
 * place; without scripts the same link opens that page.
 */
export function DisputeResults({
  filters,
  initial,
  timezone,
  stationNames,
  firstPageHref,
  filtered,
}: {
  filters: DisputeFilters;
  initial: DisputePage;
  timezone: string;
  stationNames: Record<string, string>;
  firstPageHref: string | null;
  filtered: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(initial, (cursor) => `/disputes/more${disputeQuery(filters, { cursor })}`, t('workItems.common.networkError'));
  const nextHref = nextCursor ? `/disputes${disputeQuery(filters, { cursor: nextCursor })}` : null;

  if (items.length === 0) {
    return (
      <EmptyResults testId="dispute-empty" title={filtered ? t('disputes.list.emptyFiltered') : t('disputes.list.empty')}>
        <EmptyActions filtered={filtered} clear={{ to: '/disputes', label: t('disputes.list.clearFilters') }} create={{ to: '/disputes/new', label: t('disputes.list.new') }} />
      </EmptyResults>
    );
  }

  const station = (r: DisputeRow) => stationNames[r.stationId] ?? r.stationName;
  return (
    <div>
      <ResultTable
        testId="dispute-table"
        caption={t('disputes.list.title')}
        columns={[
          { label: t('disputes.list.colCase'), width: 'w-[30%]' },
          { label: t('disputes.fields.enterprise'), width: 'w-[20%]' },
          { label: t('disputes.fields.type'), width: 'w-[14%]' },
          { label: t('disputes.fields.riskLevel'), width: 'w-[12%]' },
          { label: t('disputes.list.colProgress') },
        ]}
      >
        {items.map((r) => (
          <tr key={r.id} className="align-top hover:bg-slate-50/70" data-testid="dispute-row">
            <td className="px-4 py-3">
              <Link to={`/disputes/${r.id}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline">
                {r.title}
              </Link>
              <div className="mt-0.5 text-xs text-slate-500">
                <span className="font-mono tabular-nums">{r.number}</span> · {station(r)} · <span className="tabular-nums">{formatDateTime(r.createdAt, timezone).slice(0, 10)}</span>
              </div>
            </td>
            <td className="px-3 py-3 break-words text-slate-700">
              {r.enterpriseId ? (
                <Link to={`/enterprises/${r.enterpriseId}`} className="hover:text-brand-700 hover:underline">
                  {r.enterpriseName}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </td>
            <td className="px-3 py-3 text-slate-700">
              <div>{t(`vocab.dispute.type.${r.disputeType}`)}</div>
              <div className="mt-0.5 text-xs text-slate-500 tabular-nums">
                {t('disputes.list.people', { count: r.peopleInvolved })}
                {r.amountYuan !== null ? ` · ${t('disputes.list.yuan', { amount: formatYuan(r.amountYuan, i18n.language) })}` : ''}
              </div>
            </td>
            <td className="px-3 py-3">
              <RiskBadge level={r.riskLevel} />
            </td>
            <td className="px-3 py-3">
              <div className="flex flex-wrap gap-1">
                <ItemStatusBadge status={r.status} />
                {r.outcome ? <OutcomeBadge outcome={r.outcome} /> : null}
              </div>
              <div className="mt-1 text-xs text-slate-500">{r.assigneeName ?? t('disputes.list.unassigned')}</div>
            </td>
          </tr>
        ))}
      </ResultTable>
      <ul className="space-y-2 md:hidden" data-testid="dispute-cards">
        {items.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="dispute-card">
            <div className="flex items-start justify-between gap-2">
              <Link to={`/disputes/${r.id}`} className="min-w-0 font-medium break-words text-slate-900 hover:text-brand-700">
                {r.title}
              </Link>
              <RiskBadge level={r.riskLevel} />
            </div>
            <div className="mt-0.5 text-xs text-slate-500">
              <span className="font-mono tabular-nums">{r.number}</span> · {station(r)}
            </div>
            <div className="mt-2 text-sm text-slate-700">
              {t(`vocab.dispute.type.${r.disputeType}`)} · {t('disputes.list.people', { count: r.peopleInvolved })}
              {r.enterpriseName ? <div className="text-xs break-words text-slate-500">{r.enterpriseName}</div> : null}
            </div>
            <div className="mt-2 flex flex-wrap gap-1">
              <ItemStatusBadge status={r.status} />
              {r.outcome ? <OutcomeBadge outcome={r.outcome} /> : null}
            </div>
          </li>
        ))}
      </ul>
      <LoadMoreFooter
        error={error}
        shown={t('disputes.list.shown', { count: items.length })}
        shownTestId="dispute-shown"
        nextHref={nextHref}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('disputes.list.loadMore'), end: t('disputes.list.end'), firstPage: t('disputes.list.firstPage') }}
        ended
        firstPageHref={firstPageHref}
      />
    </div>
  );
}
