import { Link, useLoaderData } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { KpiMetric } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { Page } from '../components/page.tsx';
import { EmptyResults, LoadMoreFooter, ResultTable, useLoadMore } from '../components/result-list.tsx';
import { FormError } from '../components/ui.tsx';
import { ItemStatusBadge } from '../components/work-items/badges.tsx';
import { errorMessage } from '../lib/errors.server.ts';
import { formatDateTime, formatPercent } from '../lib/format.ts';
import { drillHref, kpiDrillPageSize, kpiQuery, listsLines, readDrillTarget, readKpiFilters, staffParam, toKpiInput, type KpiDrillPage, type KpiFilters, type KpiStaffScope } from '../lib/kpi.ts';
import { loadForRoles, staffRoles } from '../lib/loader.server.ts';
import { pageTitle } from '../lib/meta.ts';
import { localName } from '../lib/names.ts';
import type { Route } from './+types/kpis.drill';

export function meta({ matches }: Route.MetaArgs) {
  return pageTitle(matches, 'kpi.title');
}

/**
 * The exact items behind one number of the dashboard (kpi.drill), oldest first, with the figure
 * itself above the list: walked to its end, the list is as long as the number.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const target = readDrillTarget(url.searchParams);
  const cursor = url.searchParams.get('cursor') || undefined;
  const { today, timezone, data: stations } = await loadForRoles(request, context, staffRoles, () => context.trpc.station.list());
  const filters = readKpiFilters(url.searchParams, today);
  const base = { filters, target, cursor: cursor ?? null, timezone, stations };
  if (!target) return { ...base, figure: null, staffName: null, page: null, error: translator(context.lang)('kpi.drill.badMetric') };
  try {
    const input = toKpiInput(filters);
    const { staffId, ...figureOf } = target;
    // The number the list stands behind: the dashboard's figure, or a handler's row of kpi.byStaff.
    const [figures, page] = await Promise.all([
      staffId === undefined
        ? context.trpc.kpi.summary(input).then((s) => ({ figures: s.figures, staffName: null }))
        : context.trpc.kpi.byStaff(input).then((r) => {
            const row = r.rows.find((x) => x.staffId === staffId);
            return { figures: row?.figures ?? null, staffName: staffId === null ? translator(context.lang)('kpi.table.unassigned') : (row?.staffName ?? null) };
          }),
      context.trpc.kpi.drill({ ...input, ...figureOf, ...(staffId !== undefined ? { staffId } : {}), ...(cursor ? { cursor } : {}), limit: kpiDrillPageSize }),
    ]);
    const figure = figures.figures?.[target.metric] ?? { numerator: 0, denominator: 0, rate: null };
    return { ...base, figure, staffName: figures.staffName, page, error: null };
  } catch (e) {
    return { ...base, figure: null, staffName: null, page: null, error: errorMessage(e, context.lang) };
  }
}

export default function KpiDrill() {
  const { filters, target, cursor, timezone, stations, figure, staffName, page, error } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const back = `/kpis${kpiQuery({ ...filters })}`;
  if (!target || !figure || !page) {
    return (
      <Page title={t('kpi.title')}>
        <FormError>{error}</FormError>
        <Link to={back} className="mt-3 inline-block text-sm text-brand-700 hover:underline">
          ← {t('kpi.drill.back')}
        </Link>
      </Page>
    );
  }
  const { metric, part, staffId } = target;
  const count = figure[part];
  const other = part === 'numerator' ? 'denominator' : 'numerator';
  const scope = filters.stationId ? stations.find((s) => s.id === filters.stationId) : null;
  return (
    <Page
      title={t('kpi.drill.title', { metric: t(`kpi.metric.${metric}`), part: t(`kpi.part.${metric}.${part}`) })}
      subtitle={[`${filters.from} ~ ${filters.to}`, scope ? localName(i18n.language, scope.name, scope.nameEn) : null, filters.kind ? t(`workItems.kind.${filters.kind}`) : null, staffName].filter(Boolean).join(' · ')}
      actions={
        <Link to={back} className="text-sm text-brand-700 hover:underline" data-testid="drill-back">
          ← {t('kpi.drill.back')}
        </Link>
      }
    >
      <div className="mb-4 flex flex-wrap items-baseline gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
        <span className="font-medium" data-testid="drill-count" data-count={count}>
          {t(listsLines(metric, part) ? 'kpi.drill.countRatings' : 'kpi.drill.count', { count })}
        </span>
        <span className="text-slate-600">
          {t(`kpi.metric.${metric}`)} {formatPercent(figure.rate, i18n.language)} ·{' '}
          <span className="tabular-nums">
            {figure.numerator} / {figure.denominator}
          </span>
        </span>
        <Link to={drillHref(filters, metric, other, staffId)} className="text-brand-700 hover:underline" data-testid="drill-other-part">
          {t('kpi.drill.otherPart', { part: t(`kpi.part.${metric}.${other}`) })}
        </Link>
      </div>
      <DrillResults
        key={`${metric}-${part}-${kpiQuery(filters, staffParam(staffId))}-${cursor ?? ''}`}
        filters={filters}
        staffId={staffId}
        metric={metric}
        part={part}
        initial={page}
        timezone={timezone}
        firstPageHref={cursor ? drillHref(filters, metric, part, staffId) : null}
      />
    </Page>
  );
}

function DrillResults({
  filters,
  staffId,
  metric,
  part,
  initial,
  timezone,
  firstPageHref,
}: {
  filters: KpiFilters;
  staffId: KpiStaffScope;
  metric: KpiMetric;
  part: 'numerator' | 'denominator';
  initial: KpiDrillPage;
  timezone: string;
  firstPageHref: string | null;
}) {
  const { t } = useTranslation();
  const query = (cursor: string) => kpiQuery(filters, { metric, part, ...staffParam(staffId), cursor });
  const { items, nextCursor, loading, error, loadMore } = useLoadMore(initial, (cursor) => `/kpis/drill/more${query(cursor)}`, t('workItems.common.networkError'));
  if (items.length === 0) return <EmptyResults testId="drill-empty" title={t('kpi.drill.empty')} />;
  const showScored = part === 'denominator';
  const scored = (s: boolean) => (
    <span className={`rounded px-1.5 py-0.5 text-xs ${s ? 'bg-green-50 text-green-800' : 'bg-slate-100 text-slate-600'}`}>{s ? t('kpi.drill.scored') : t('kpi.drill.notScored')}</span>
  );
  return (
    <div>
      <ResultTable
        testId="drill-table"
        caption={t('kpi.drill.title', { metric: t(`kpi.metric.${metric}`), part: t(`kpi.part.${metric}.${part}`) })}
        columns={[{ label: t('kpi.drill.colItem'), width: 'w-[40%]' }, { label: t('kpi.drill.colStation') }, { label: t('kpi.drill.colStatus') }, { label: t('kpi.drill.at') }]}
      >
        {items.map((r, i) => (
          <tr key={`${r.itemId}-${r.at}-${i}`} className="align-top hover:bg-slate-50/70" data-testid="drill-row">
            <td className="px-4 py-2.5">
              <Link to={`/items/${r.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700 hover:underline">
                {r.title}
              </Link>
              <div className="mt-0.5 font-mono text-xs text-slate-500 tabular-nums">{r.number}</div>
            </td>
            <td className="px-3 py-2.5 text-slate-700">{r.stationName}</td>
            <td className="px-3 py-2.5">
              <div className="flex flex-wrap gap-1">
                <ItemStatusBadge status={r.status} />
                {showScored ? scored(r.scored) : null}
              </div>
            </td>
            <td className="px-3 py-2.5 text-slate-700 tabular-nums">{formatDateTime(r.at, timezone)}</td>
          </tr>
        ))}
      </ResultTable>
      <ul className="space-y-2 md:hidden" data-testid="drill-cards">
        {items.map((r, i) => (
          <li key={`${r.itemId}-${r.at}-${i}`} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="drill-card">
            <Link to={`/items/${r.itemId}`} className="font-medium break-words text-slate-900 hover:text-brand-700">
              {r.title}
            </Link>
            <div className="mt-0.5 text-xs text-slate-500">
              <span className="font-mono tabular-nums">{r.number}</span> · {r.stationName} · <span className="tabular-nums">{formatDateTime(r.at, timezone)}</span>
            </div>
            <div className="mt-2 flex flex-wrap gap-1">
              <ItemStatusBadge status={r.status} />
              {showScored ? scored(r.scored) : null}
            </div>
          </li>
        ))}
      </ul>
      <LoadMoreFooter
        error={error}
        shown={t('kpi.drill.shown', { count: items.length })}
        shownTestId="drill-shown"
        nextHref={nextCursor ? `/kpis/drill${query(nextCursor)}` : null}
        onLoadMore={loadMore}
        loading={loading}
        labels={{ loading: t('workItems.common.loading'), loadMore: t('kpi.drill.loadMore'), end: t('kpi.drill.end'), firstPage: t('kpi.drill.firstPage') }}
        ended
        firstPageHref={firstPageHref}
      />
    </div>
  );
}
