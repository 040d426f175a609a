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
 * The figures a tenant holds its stations to (its KPI settings page): the four rates the
 * subdistrict reports, each a floor, and 重办率 / 退单率, each a ceiling — fewer is better there.
 */
export const kpiTargetMetrics = ['firstContact', 'resolution', 'onTime', 'satisfaction', 'redo', 'returned'] as const satisfies readonly KpiMetric[];
export type KpiTargetMetric = (typeof kpiTargetMetrics)[number];
export type KpiTargets = Record<KpiTargetMetric, number>;

/** A floor is met at or above it, a ceiling at or below it. */
export type KpiTargetKind = 'floor' | 'ceiling';
export const kpiTargetKinds: Record<KpiTargetMetric, KpiTargetKind> = {
  firstContact: 'floor',
  resolution: 'floor',
  onTime: 'floor',
  satisfaction: 'floor',
  redo: 'ceiling',
  returned: 'ceiling',
};

export function isKpiTargetMetric(metric: string): metric is KpiTargetMetric {
  return (kpiTargetMetrics as readonly string[]).includes(metric);
}

/**
 * The targets of a tenant that never set its own. The subdistrict's own report (issue 18) puts the
 * four rates at 97.7 / 92.13 / 99.6 / 87.5 %: these floors are the lines below which a figure needs
 * a manager's look. One item in twenty sent back for rework, or returned, is the ceiling.
 */
export const defaultKpiTargets: Readonly<KpiTargets> = Object.freeze({
  firstContact: 0.95,
  resolution: 0.9,
  onTime: 0.98,
  satisfaction: 0.85,
  redo: 0.05,
  returned: 0.05,
});

/** How far past its target a rate may be and still count as close (percentage points / 100). */
export const KPI_NEAR_TARGET = 0.05;

/**
 * A rate against its target: met, near (less than 5 points short of it), below (further short),
 * or none (nothing counted, so no rate). For a ceiling "short" is above it.
 */
export type KpiTargetTone = 'met' | 'near' | 'below' | 'none';

export function targetTone(rate: number | null, target: number, kind: KpiTargetKind = 'floor'): KpiTargetTone {
  if (rate === null) return 'none';
  // Rates are ratios of integers: compare in basis points so 0.95 meets 0.95 however it was divided.
  const r = Math.round(rate * 10_000);
  const t = Math.round(target * 10_000);
  const short = kind === 'floor' ? t - r : r - t;
  if (short <= 0) return 'met';
  return short <= Math.round(KPI_NEAR_TARGET * 10_000) ? 'near' : 'below';
}

/** A metric's tone against the tenant's targets; null for a metric without a target. */
export function metricTone(metric: KpiMetric, rate: number | null, targets: KpiTargets): KpiTargetTone | null {
  return isKpiTargetMetric(metric) ? targetTone(rate, targets[metric], kpiTargetKinds[metric]) : null;
}

export interface KpiTargetIssue {
  /** The target the problem is with. */
  path: KpiTargetMetric;
  /** Locale key describing the problem. */
  key: string;
}

/** A target in basis points (1/100 of a percentage point): how it is stored. */
export const targetBasisPoints = (target: number) => Math.round(target * 10_000);

/**
 * Problems with targets a manager entered, per field: each a ratio of at most two decimals in per
 * cent (92.13 %); a floor above 0 % (at 0 every figure would meet it) and at most 100 %, a ceiling
 * from 0 % up to, not including, 100 % (at 100 every figure would).
 */
export function kpiTargetIssues(targets: unknown): KpiTargetIssue[] {
  const issues: KpiTargetIssue[] = [];
  for (const m of kpiTargetMetrics) {
    const v = typeof targets === 'object' && targets !== null ? (targets as Record<string, unknown>)[m] : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.push({ path: m, key: 'errors.kpiTargets.notANumber' });
      continue;
    }
    const inRange = kpiTargetKinds[m] === 'floor' ? v > 0 && v <= 1 : v >= 0 && v < 1;
    if (!inRange) issues.push({ path: m, key: kpiTargetKinds[m] === 'floor' ? 'errors.kpiTargets.floorRange' : 'errors.kpiTargets.ceilingRange' });
    else if (Math.abs(v * 10_000 - targetBasisPoints(v)) > 1e-6) issues.push({ path: m, key: 'errors.kpiTargets.tooPrecise' });
  }
  return issues;
}
