import type { ReactNode } from 'react';
import { Form, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { kpiPeriodPresets, type KpiPeriodPreset } from '@stationdesk/core';
import { StationOptions } from '../filter-select.tsx';
import { buttonClass, inputClass, selectClass } from '../ui.tsx';

/**
 * The statistics pages' period picker: this month, last month, this quarter, this year as links
 * (a bookmark moves with the calendar), a custom period and the station as a GET form; a page's
 * own filters (the KPI dashboard's kind) go in as children.
 */
export function PeriodFilters({
  filters,
  preset,
  stations,
  presetHref,
  idPrefix,
  testId,
  children,
}: {
  filters: { from: string; to: string; stationId: string };
  preset: string | null;
  stations: { id: string; name: string; nameEn: string | null }[];
  /** The page's URL for a named period (keeping the station and the page's own filters). */
  presetHref: (preset: KpiPeriodPreset) => string;
  idPrefix: string;
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="mb-4 space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid={testId}>
      <nav aria-label={t('kpi.filters.period')} className="flex flex-wrap gap-1.5">
        {kpiPeriodPresets.map((p) => (
          <Link
            key={p}
            to={presetHref(p)}
            aria-current={preset === p ? 'page' : undefined}
            className={preset === p ? buttonClass.smallPrimary : buttonClass.smallSecondary}
            data-testid={`preset-${p}`}
          >
            {t(`kpi.preset.${p}`)}
          </Link>
        ))}
      </nav>
      <Form method="get" className="flex flex-wrap items-end gap-2" aria-label={t('kpi.filters.label')}>
        <div>
          <label htmlFor={`${idPrefix}from`} className="mb-0.5 block text-xs text-slate-500">
            {t('kpi.filters.from')}
          </label>
          <input id={`${idPrefix}from`} type="date" name="from" defaultValue={filters.from} key={`from-${filters.from}`} required className={`${inputClass} py-1.5`} />
        </div>
        <div>
          <label htmlFor={`${idPrefix}to`} className="mb-0.5 block text-xs text-slate-500">
            {t('kpi.filters.to')}
          </label>
          <input id={`${idPrefix}to`} type="date" name="to" defaultValue={filters.to} key={`to-${filters.to}`} required className={`${inputClass} py-1.5`} />
        </div>
        {stations.length > 1 ? (
          <div className="min-w-40">
            <label htmlFor={`${idPrefix}station`} className="mb-0.5 block text-xs text-slate-500">
              {t('kpi.filters.station')}
            </label>
            <select id={`${idPrefix}station`} name="stationId" defaultValue={filters.stationId} key={`station-${filters.stationId}`} className={`${selectClass} py-1.5`} data-testid="filter-station">
              <StationOptions stations={stations} allLabel={t('kpi.filters.allStations')} />
            </select>
          </div>
        ) : null}
        {children}
        <button type="submit" className={buttonClass.smallPrimary} data-testid="apply-filters">
          {t('kpi.filters.apply')}
        </button>
      </Form>
    </div>
  );
}
