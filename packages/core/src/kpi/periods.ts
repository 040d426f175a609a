/**
 * KPI periods: local dates 'YYYY-MM-DD', both ends inclusive, in the tenant's zone. The comparison
 * periods the figures are shown against — 同比 (the same dates a year before) and 环比 (the period
 * just before, of the same length; whole months compare with the months before).
 */
import { addDays } from '../calendar/time-zone.ts';

export interface KpiPeriod {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const ymd = (date: string) => date.split('-').map(Number) as [number, number, number];
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isLastOfMonth = (date: string) => addDays(date, 1).endsWith('-01');

/** Days in the period, both ends counted. */
export function periodDays(p: KpiPeriod): number {
  return Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY_MS) + 1;
}

/** The date `months` months away; a day the month lacks becomes its last (03-31 − 1 month → 02-28). */
function shiftMonths(date: string, months: number, toMonthEnd = false): string {
  const [y, m, d] = ymd(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  return iso(year, month, toMonthEnd ? last : Math.min(d, last));
}

/** Whole calendar months: from the 1st to a last day of a month. */
function monthsSpanned(p: KpiPeriod): number | null {
  if (!p.from.endsWith('-01') || !isLastOfMonth(p.to)) return null;
  const [fy, fm] = ymd(p.from);
  const [ty, tm] = ymd(p.to);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** 同比: the same dates a year before (a period ending on a month's last day ends on it then too). */
export function yearBefore(p: KpiPeriod): KpiPeriod {
  return { from: shiftMonths(p.from, -12), to: shiftMonths(p.to, -12, isLastOfMonth(p.to)) };
}

/** 环比: the period just before — as many whole months for whole months, else as many days. */
export function periodBefore(p: KpiPeriod): KpiPeriod {
  const months = monthsSpanned(p);
  if (months !== null) return { from: shiftMonths(p.from, -months), to: addDays(p.from, -1) };
  return { from: addDays(p.from, -periodDays(p)), to: addDays(p.from, -1) };
}

/** The calendar months the period touches, each clipped to the period (the trend's points). */
export function monthsOf(p: KpiPeriod): (KpiPeriod & { month: string })[] {
  const out: (KpiPeriod & { month: string })[] = [];
  for (let first = `${p.from.slice(0, 8)}01`; first <= p.to; first = shiftMonths(first, 1)) {
    const last = shiftMonths(first, 0, true);
    out.push({ month: first.slice(0, 7), from: first < p.from ? p.from : first, to: last > p.to ? p.to : last });
  }
  return out;
}
