/**
 * A year whose holiday schedule (放假安排) has not been entered is walked as weekends only: due times
 * that run through it are estimates and must say so. These rules name the years concerned.
 */
import { localDate } from './time-zone.ts';

const yearOf = (instant: Date, timezone: string) => Number(localDate(instant, timezone).slice(0, 4));

/** The local years from `from` to `to` (both included, in `timezone`) that are not in `knownYears`. */
export function yearsWithoutCalendar(knownYears: readonly number[], timezone: string, from: Date, to: Date): number[] {
  const known = new Set(knownYears);
  const missing: number[] = [];
  for (let y = yearOf(from, timezone), last = yearOf(to, timezone); y <= last; y++) if (!known.has(y)) missing.push(y);
  return missing;
}

/**
 * The years a tenant needs a schedule for on local date `today`: this year, and from 1 December the
 * next (the State Council publishes it in November; items filed in December already run into it).
 */
export function calendarYearsNeeded(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return today.slice(5, 7) === '12' ? [year, year + 1] : [year];
}
