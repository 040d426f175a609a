import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { telHref } from '../../lib/enterprise-format.ts';
import { listQuery, type ListParams } from '../../lib/enterprise-params.ts';
import type { EnterpriseSummary } from '../../lib/enterprise-types.ts';
import { localName } from '../../lib/names.ts';
import { ExpiryBadge, StatusBadge, TagList } from './badges.tsx';
import { buttonClass, FormError } from './ui.tsx';

interface ResultPage {
  items: EnterpriseSummary[];
  nextCursor: string | null;
}

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
  const [more, setMore] = useState<ResultPage>({ items: [], nextCursor: initial.nextCursor });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = more.items.length ? [...initial.items, ...more.items] : initial.items;
  const nextHref = more.nextCursor ? `/enterprises${listQuery(params, { cursor: more.nextCursor })}` : null;

  const loadMore = async (e: React.MouseEvent) => {
    if (!more.nextCursor || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    setLoading(true);
    setError(null);
    try {
      const res = await fetch(`/enterprises/more${listQuery(params, { cursor: more.nextCursor })}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as ResultPage | { error: string };
      if ('error' in body) setError(body.error);
      else setMore((prev) => ({ items: [...prev.items, ...body.items], nextCursor: body.nextCursor }));
    } catch {
      setError(t('enterprise.common.networkError'));
    } finally {
      setLoading(false);
    }
  };

  if (items.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center" data-testid="enterprise-empty">
        <p className="font-medium text-slate-800">{filtered ? t('enterprise.list.emptyFiltered') : t('enterprise.list.empty')}</p>
        <p className="mt-1 text-sm text-slate-500">{filtered ? t('enterprise.list.emptyFilteredHint') : t('enterprise.list.emptyHint')}</p>
        <div className="mt-4 flex justify-center gap-2">
          {filtered ? (
            <Link to="/enterprises" className={buttonClass.secondary}>
              {t('enterprise.list.clearFilters')}
            </Link>
          ) : (
            <Link to="/enterprises/new" className={buttonClass.primary}>
              {t('enterprise.list.new')}
            </Link>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className={busy ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={busy}>
      <div className="hidden overflow-hidden rounded-lg border border-slate-200 bg-white md:block">
        <table className="w-full table-fixed text-left text-sm" data-testid="enterprise-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-[25%] px-4 py-2.5 font-medium">
                {t('enterprise.list.colName')}
              </th>
              <th scope="col" className="w-[20%] px-3 py-2.5 font-medium">
                {t('enterprise.list.colLocation')}
              </th>
              <th scope="col" className="w-[11%] px-3 py-2.5 font-medium">
                {t('vocab.field.status')}
              </th>
              <th scope="col" className="w-[12%] px-3 py-2.5 font-medium">
                {t('enterprise.list.colContact')}
              </th>
              <th scope="col" className="w-[13%] px-3 py-2.5 font-medium">
                {t('enterprise.list.colExpiry')}
              </th>
              <th scope="col" className="px-3 py-2.5 font-medium">
                {t('vocab.field.tags')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((e) => (
              <Row key={e.id} e={e} today={today} />
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden" data-testid="enterprise-cards">
        {items.map((e) => (
          <Card key={e.id} e={e} today={today} />
        ))}
      </ul>
      <div className="mt-4 flex flex-col items-center gap-2">
        {error ? <FormError>{error}</FormError> : null}
        <p className="text-xs text-slate-500 tabular-nums">{t('enterprise.list.shown', { count: items.length })}</p>
        {nextHref ? (
          <a href={nextHref} onClick={loadMore} className={buttonClass.secondary} aria-disabled={loading} data-testid="load-more">
            {loading ? t('enterprise.common.loading') : t('enterprise.list.loadMore')}
          </a>
        ) : items.length > 0 ? (
          <p className="text-xs text-slate-400">{t('enterprise.list.end')}</p>
        ) : null}
        {firstPageHref ? (
          <Link to={firstPageHref} className={buttonClass.link}>
            {t('enterprise.list.firstPage')}
          </Link>
        ) : null}
      </div>
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
