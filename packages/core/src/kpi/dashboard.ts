/**
 * What the managers' dashboard reads beside the figures: the periods its picker offers and the
 * targets a rate is coloured against. Pure, so the page and its tests read the same rules.
 */
import { addDays } from '../calendar/time-zone.ts';
import type { KpiMetric } from './definitions.ts';
import type { KpiPeriod } from './periods.ts';

/** The picker's named periods, each relative to today (local date); anything else is custom from/to. */
export const kpiPeriodPresets = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'] as const;
export type KpiPeriodPreset = (typeof kpiPeriodPresets)[number];

const lastOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
const firstOf = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;

/** The dates of a named period around `today` ('YYYY-MM-DD'); both ends included, up to the period's natural end. */
export function presetPeriod(preset: KpiPeriodPreset, today: string): KpiPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case 'thisMonth':
      return { from: firstOf(year, month), to: lastOfMonth(year, month) };
    case 'lastMonth': {
      const first = addDays(firstOf(year, month), -1);
      return { from: `${first.slice(0, 8)}01`, to: first };
    }
    case 'thisQuarter': {
      const start = month - ((month - 1) % 3);
      return { from: firstOf(year, start), to: lastOfMonth(year, start + 2) };
    }
    case 'thisYear':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
  }
}

/** The named period these dates are, if any (the picker marks it); null for a custom period. */
export function presetOf(period: KpiPeriod, today: string): KpiPeriodPreset | null {
  return (
    kpiPeriodPresets.find((p) => {
      const q = presetPeriod(p, today);
      return q.from === period.from && q.to === period.to;
    }) ?? null
  );
}

/**
 * The rates a station is held to. No tenant setting holds them yet, so these defaults apply to
 * every tenant: the subdistrict's own report (issue 18) puts the four at 97.7 / 92.13 / 99.6 /
 * 87.5 %, and these are the lines below which a figure needs a manager's look.
 */
export const defaultKpiTargets = {
  firstContact: 0.95,
  resolution: 0.9,
  onTime: 0.98,
  satisfaction: 0.85,
} as const satisfies Partial<Record<KpiMetric, number>>;
export type KpiTargetMetric = keyof typeof defaultKpiTargets;

/** How far below its target a rate may fall and still count as close (percentage points / 100). */
export const KPI_NEAR_TARGET = 0.05;

/**
 * A rate against its target: met (at or above), near (less than 5 points short), below, or none
 * (nothing counted, so no rate).
 */
export type KpiTargetTone = 'met' | 'near' | 'below' | 'none';

export function targetTone(rate: number | null, target: number): KpiTargetTone {
  if (rate === null) return 'none';
  // Rates are ratios of integers: compare in basis points so 0.95 meets 0.95 however it was divided.
  const r = Math.round(rate * 10_000);
  const t = Math.round(target * 10_000);
  if (r >= t) return 'met';
  return r >= t - Math.round(KPI_NEAR_TARGET * 10_000) ? 'near' : 'below';
}
