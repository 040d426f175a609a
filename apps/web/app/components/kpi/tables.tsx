import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isKpiTargetMetric, kpiTargetKinds, type KpiTargets } from '@stationdesk/core';
import { formatPercent } from '../../lib/format.ts';
import { kpiTableMetrics, type KpiFigures, type KpiFilters, type KpiStaffScope } from '../../lib/kpi.ts';
import { Fraction, TargetRate, toneClass } from './figures.tsx';

export interface KpiTableRow {
  key: string;
  name: string;
  figures: KpiFigures;
  /** What a number of this row drills down with: the filters (a station's row: its station) and, for a handler's row, the handler. */
  drill: { filters: KpiFilters; staffId?: KpiStaffScope };
}

/**
 * Rows (stations or handlers) × the four rates and the handler's own verdict: each rate coloured
 * against the tenant's target (`targets`, as the procedure answered them), with its numerator and
 * denominator beneath. The first column stays in view while the table scrolls sideways on a phone.
 */
export function KpiTable({ rows, targets, caption, nameHeader, testId }: { rows: KpiTableRow[]; targets: KpiTargets; caption: string; nameHeader: string; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    // Relative: the rates' screen-reader words are positioned, and would otherwise widen the page past the scroller.
    <div className="relative min-w-0 overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2 text-left font-medium">
              {nameHeader}
            </th>
            {kpiTableMetrics.map((m) => (
              <th key={m} scope="col" className="px-3 py-2 text-right font-medium">
                {t(`kpi.metric.${m}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key} data-testid={`${testId}-row`}>
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-normal whitespace-nowrap text-slate-800">
                {r.name}
              </th>
              {kpiTableMetrics.map((m) => {
                const f = r.figures[m];
                return (
                  <td key={m} className="px-3 py-2 text-right align-top" data-metric={m}>
                    {isKpiTargetMetric(m) ? (
                      <TargetRate rate={f.rate} target={targets[m]} kind={kpiTargetKinds[m]} />
                    ) : (
                      <span className="tabular-nums text-slate-600">{formatPercent(f.rate, i18n.language)}</span>
                    )}
                    <div className="mt-0.5 text-xs text-slate-500">
                      <Fraction filters={r.drill.filters} staffId={r.drill.staffId} metric={m} figure={f} testIdPrefix="" />
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the colours of the tables mean, and where the targets come from (for a manager, a link to set them). */
export function TargetLegend({ canSet = false }: { canSet?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="px-4 pb-3 text-xs text-slate-600">
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label={t('kpi.trend.legend')}>
        {(['met', 'near', 'below'] as const).map((tone) => (
          <li key={tone} className="inline-flex items-center gap-1.5">
            <span className={`inline-block h-3 w-3 rounded-sm ${toneClass[tone]} border border-current/20`} aria-hidden="true" />
            {t(`kpi.table.legend${tone[0]!.toUpperCase()}${tone.slice(1)}`)}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-slate-500">
        {t('kpi.targetsNote')}
        {canSet ? (
          <Link to="/settings/kpi" className="ml-2 font-medium text-brand-700 hover:underline" data-testid="set-targets">
            {t('kpi.nav.settings')}
          </Link>
        ) : null}
      </p>
    </div>
  );
}
