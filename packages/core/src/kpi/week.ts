/**
 * The managers' weekly summary (上周工作小结, issue 18) reports the week before the one it is sent
 * in: Monday to Sunday, local dates in the tenant's zone, as every KPI period is.
 */
import { addDays, weekdayOf } from '../calendar/time-zone.ts';
import type { KpiPeriod } from './periods.ts';

/** The Monday of the week `date` falls in. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** Last week: Monday to Sunday before the week of `today`. */
export function weekBefore(today: string): KpiPeriod {
  const monday = mondayOf(today);
  return { from: addDays(monday, -7), to: addDays(monday, -1) };
}
