import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { rateChange, targetTone, type KpiMetric, type KpiTargetKind, type KpiTargetTone } from '@stationdesk/core';
import { formatPercent, formatPointChange } from '../../lib/format.ts';
import { drillHref, type KpiFigure, type KpiFilters, type KpiPart, type KpiStaffScope } from '../../lib/kpi.ts';

/** A rate's colours against its target (and the words that say the same, for those who do not see colour). */
export const toneClass: Record<KpiTargetTone, string> = {
  met: 'bg-green-50 text-green-800',
  near: 'bg-amber-50 text-amber-900',
  below: 'bg-red-50 text-red-800',
  none: 'text-slate-500',
};

/**
 * One number of a figure, linked to the exact items behind it (a zero has none to show). The label
 * says what the number counts, so "12" read aloud is never just "12".
 */
export function PartLink({ filters, staffId, metric, part, value, testId }: { filters: KpiFilters; staffId?: KpiStaffScope; metric: KpiMetric; part: KpiPart; value: number; testId?: string }) {
  const { t } = useTranslation();
  if (value === 0) {
    return (
      <span className="text-slate-400 tabular-nums" data-testid={testId}>
        0
      </span>
    );
  }
  const label = t(`kpi.figure.${part}Label`, { metric: t(`kpi.metric.${metric}`), part: t(`kpi.part.${metric}.${part}`), count: value });
  return (
    <Link to={drillHref(filters, metric, part, staffId)} className="font-medium text-brand-700 tabular-nums hover:underline" aria-label={label} title={t(`kpi.part.${metric}.${part}`)} data-testid={testId}>
      {value}
    </Link>
  );
}

/** "numerator / denominator", each linked. */
export function Fraction({ filters, staffId, metric, figure, testIdPrefix }: { filters: KpiFilters; staffId?: KpiStaffScope; metric: KpiMetric; figure: KpiFigure; testIdPrefix?: string }) {
  return (
    <span className="whitespace-nowrap">
      <PartLink filters={filters} staffId={staffId} metric={metric} part="numerator" value={figure.numerator} {...(testIdPrefix !== undefined ? { testId: `${testIdPrefix}numerator` } : {})} />
      <span className="mx-1 text-slate-400">/</span>
      <PartLink filters={filters} staffId={staffId} metric={metric} part="denominator" value={figure.denominator} {...(testIdPrefix !== undefined ? { testId: `${testIdPrefix}denominator` } : {})} />
    </span>
  );
}

/** A change in percentage points against a comparison period, coloured by its direction. */
export function Change({ label, current, before }: { label: string; current: KpiFigure; before: KpiFigure }) {
  const { t, i18n } = useTranslation();
  const points = rateChange(current, before);
  const shown = points === null ? null : formatPointChange(points, i18n.language);
  const tone = shown?.sign === '+' ? 'text-green-700' : shown?.sign === '−' ? 'text-red-700' : 'text-slate-600';
  return (
    <div className="flex items-baseline justify-between gap-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className={`tabular-nums ${shown ? tone : 'text-slate-400'}`}>{shown ? t('kpi.figure.points', shown) : t('kpi.figure.noComparison')}</dd>
    </div>
  );
}

/** A rate coloured against its target (a floor, or a ceiling such as 重办率's), with the tone in words beside it for screen readers. */
export function TargetRate({ rate, target, kind = 'floor', className = '' }: { rate: number | null; target: number; kind?: KpiTargetKind; className?: string }) {
  const { t, i18n } = useTranslation();
  const tone = targetTone(rate, target, kind);
  const words = t(`kpi.figure.${kind === 'floor' ? 'tone' : 'ceilingTone'}.${tone}`);
  return (
    <span className={`rounded px-1.5 py-0.5 tabular-nums ${toneClass[tone]} ${className}`} data-tone={tone} title={words}>
      {formatPercent(rate, i18n.language)}
      <span className="sr-only"> ({words})</span>
    </span>
  );
}
