/**
 * The year report (年度工作统计, issue 18): which dates a report year covers and how a count
 * compares with the year before. Pure: the caller says what today is (the tenant's local date).
 */
import { yearBefore, type KpiPeriod } from '../kpi/periods.ts';

/** The first year a report may be asked for (nothing the product holds is older). */
export const REPORT_FIRST_YEAR = 2000;

export interface ReportPeriods {
  /** The year's dates, up to today for the year under way. */
  period: KpiPeriod;
  /** 同比: the same dates a year before (Jan 1 – the same day, while the year is under way). */
  yearBefore: KpiPeriod;
  /** The year is still under way: the period ends today, not on Dec 31. */
  partial: boolean;
}

/**
 * A report year's periods, or null for a year that has not begun. A year under way compares its
 * first months with the same months of the year before, not with a whole year.
 */
export function reportPeriods(year: number, today: string): ReportPeriods | null {
  const from = `${String(year).padStart(4, '0')}-01-01`;
  if (from > today) return null;
  const end = `${String(year).padStart(4, '0')}-12-31`;
  const partial = today < end;
  const period = { from, to: partial ? today : end };
  return { period, yearBefore: yearBefore(period), partial };
}

/** The years a picker offers: this one and the nine before, newest first. */
export function reportYears(today: string, count = 10): number[] {
  const current = Number(today.slice(0, 4));
  return Array.from({ length: count }, (_, i) => current - i).filter((y) => y >= REPORT_FIRST_YEAR);
}

/** 同比 of a count in percent ((this − last) / last); null when there was nothing the year before. */
export function countChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return ((current - previous) / previous) * 100;
}
