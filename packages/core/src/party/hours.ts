import { isWorkingDay, type WorkCalendar } from '../calendar/working-time.ts';
import { weekdayOf } from '../calendar/time-zone.ts';

/**
 * A service post's opening hours. Null: the tenant's working calendar — its business hours on its
 * working days (holidays closed, 调休 Saturdays open), as the stations keep. Posts along the
 * transport hub usually keep their own: per weekday (0 = Sunday … 6 = Saturday) one period, every
 * week alike, holidays included; a weekday not listed is closed.
 */
export interface OpeningPeriod {
  weekday: number;
  start: string;
  end: string;
}
export type OpeningHours = OpeningPeriod[] | null;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'HH:MM' → minutes of the day; '24:00' only as an end. Null when malformed. */
export function minutesOfDay(value: string, { end = false } = {}): number | null {
  if (end && value === '24:00') return 1440;
  const m = TIME.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** minutes → 'HH:MM'. */
export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Problems with a post's own hours as locale keys, each once; [] when fine. */
export function openingHoursProblems(hours: readonly OpeningPeriod[]): string[] {
  const problems = new Set<string>();
  const seen = new Set<number>();
  for (const p of hours) {
    if (!Number.isInteger(p.weekday) || p.weekday < 0 || p.weekday > 6) problems.add('errors.party.badWeekday');
    if (seen.has(p.weekday)) problems.add('errors.party.weekdayTwice');
    seen.add(p.weekday);
    const start = minutesOfDay(p.start);
    const end = minutesOfDay(p.end, { end: true });
    if (start === null || end === null || end <= start) problems.add('errors.party.badOpeningPeriod');
  }
  return [...problems];
}

/**
 * The span a post is open on a local date, in minutes of the day (first opening to last closing),
 * or null when it is closed that day.
 */
export function openingSpan(hours: OpeningHours, calendar: WorkCalendar, date: string): { start: number; end: number } | null {
  if (hours) {
    const p = hours.find((h) => h.weekday === weekdayOf(date));
    if (!p) return null;
    return { start: minutesOfDay(p.start)!, end: minutesOfDay(p.end, { end: true })! };
  }
  if (!isWorkingDay(calendar, date) || calendar.businessHours.length === 0) return null;
  const starts = calendar.businessHours.map((b) => minutesOfDay(b.start) ?? 0);
  const ends = calendar.businessHours.map((b) => minutesOfDay(b.end, { end: true }) ?? 1440);
  return { start: Math.min(...starts), end: Math.max(...ends) };
}
