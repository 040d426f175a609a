/**
 * How long items took, in working hours on the tenant's calendar: from receipt to the first contact,
 * and from receipt to the resolution less the time the clock was paused (waiting on the enterprise).
 * Reported as the median and the 90th percentile (percentile_cont, as Postgres computes it).
 */
import { workingMinutesBetween, type WorkCalendar } from '../calendar/working-time.ts';

export interface KpiDurationFacts {
  createdAt: Date;
  firstContactAt: Date | null;
  resolvedAt: Date | null;
  /** Minutes the clock was paused while waiting (work_items.paused_minutes). */
  pausedMinutes: number;
}

export function hoursToFirstContact(cal: WorkCalendar, item: KpiDurationFacts): number | null {
  if (!item.firstContactAt) return null;
  return workingMinutesBetween(cal, item.createdAt, item.firstContactAt) / 60;
}

export function hoursToResolution(cal: WorkCalendar, item: KpiDurationFacts): number | null {
  if (!item.resolvedAt) return null;
  return Math.max(0, workingMinutesBetween(cal, item.createdAt, item.resolvedAt) - item.pausedMinutes) / 60;
}

/** percentile_cont(p): linear between the two nearest ranks; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface DurationFigure {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export function durationFigure(hours: readonly number[]): DurationFigure {
  return { count: hours.length, medianHours: percentile(hours, 0.5), p90Hours: percentile(hours, 0.9) };
}
