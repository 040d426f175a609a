import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/enterprise-format.ts';
import { disputeQuery, formatYuan, type DisputeFilters, type DisputePage, type DisputeRow } from '../../lib/disputes.ts';
import { buttonClass, FormError } from '../enterprise/ui.tsx';
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
  const [more, setMore] = useState<DisputePage>({ items: [], nextCursor: initial.nextCursor });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = more.items.length ? [...initial.items, ...more.items] : initial.items;
  const nextHref = more.nextCursor ? `/disputes${disputeQuery(filters, { cursor: more.nextCursor })}` : null;

  const loadMore = async (e: React.MouseEvent) => {
    if (!more.nextCursor || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    setLoading(true);
    setError(null);
    try {
      const res = await fetch(`/disputes/more${disputeQuery(filters, { cursor: more.nextCursor })}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as DisputePage | { error: string };
      if ('error' in body) setError(body.error);
      else setMore((prev) => ({ items: [...prev.items, ...body.items], nextCursor: body.nextCursor }));
    } catch {
      setError(t('workItems.common.networkError'));
    } finally {
      setLoading(false);
    }
  };

  if (items.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="dispute-empty">
        <p className="font-medium text-slate-800">{filtered ? t('disputes.list.emptyFiltered') : t('disputes.list.empty')}</p>
        <div className="mt-4 flex justify-center gap-2">
          {filtered ? (
            <Link to="/disputes" className={buttonClass.secondary}>
              {t('disputes.list.clearFilters')}
            </Link>
          ) : (
            <Link to="/disputes/new" className={buttonClass.primary}>
              {t('disputes.list.new')}
            </Link>
          )}
        </div>
      </div>
    );
  }

  const station = (r: DisputeRow) => stationNames[r.stationId] ?? r.stationName;
  return (
    <div>
      <div className="hidden overflow-hidden rounded-lg border border-slate-200 bg-white md:block">
        <table className="w-full table-fixed text-left text-sm" data-testid="dispute-table">
          <caption className="sr-only">{t('disputes.list.title')}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-[30%] px-4 py-2.5 font-medium">
                {t('disputes.list.colCase')}
              </th>
              <th scope="col" className="w-[20%] px-3 py-2.5 font-medium">
                {t('disputes.fields.enterprise')}
              </th>
              <th scope="col" className="w-[14%] px-3 py-2.5 font-medium">
                {t('disputes.fields.type')}
              </th>
              <th scope="col" className="w-[12%] px-3 py-2.5 font-medium">
                {t('disputes.fields.riskLevel')}
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                {t('disputes.list.colProgress')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
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
          </tbody>
        </table>
      </div>
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
      <div className="mt-4 flex flex-col items-center gap-2">
        {error ? <FormError>{error}</FormError> : null}
        <p className="text-xs text-slate-500 tabular-nums" data-testid="dispute-shown">
          {t('disputes.list.shown', { count: items.length })}
        </p>
        {nextHref ? (
          <a href={nextHref} onClick={loadMore} className={buttonClass.secondary} aria-disabled={loading} data-testid="load-more">
            {loading ? t('workItems.common.loading') : t('disputes.list.loadMore')}
          </a>
        ) : (
          <p className="text-xs text-slate-400">{t('disputes.list.end')}</p>
        )}
        {firstPageHref ? (
          <Link to={firstPageHref} className={buttonClass.link}>
            {t('disputes.list.firstPage')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
