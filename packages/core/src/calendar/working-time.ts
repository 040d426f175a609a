/**
 * SLA clocks run on working time: a per-tenant calendar of business hours, weekend days, public
 * holidays and the make-up working days China moves onto weekends (调休上班).
 *
 * Everything walks day by day and period by period (never minute by minute), because open items are
 * recomputed in bulk whenever a calendar changes. Durations are computed in milliseconds, so the
 * results are exact instants.
 */
import { badRequest } from '../errors/app-error.ts';
import { addDays, instantMs, isKnownTimezone, isRealDate, localDate, weekdayOf, zonedTimeToInstant } from './time-zone.ts';

export interface WorkCalendar {
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timezone: string;
  /** Local 'HH:MM' periods of every working day, non-overlapping; an end may be '24:00'. */
  businessHours: { start: string; end: string }[];
  /** 0 = Sunday … 6 = Saturday; usually [0, 6]. */
  weekendDays: number[];
  /** Local dates 'YYYY-MM-DD' that are off even if they are weekdays. */
  holidays: string[];
  /** Local dates that are working days even though they fall on a weekend (调休上班). */
  makeupWorkdays: string[];
}

/** Calendars are treated as immutable values: the parsed form is cached per calendar object. */
interface Compiled {
  tz: string;
  periods: { start: number; end: number }[]; // minutes of the local day
  weekend: Set<number>;
  holidays: Set<string>;
  makeup: Set<string>;
  minutesPerDay: number;
  days: Map<string, Interval[]>; // working intervals per local date, filled lazily
}

interface Interval {
  start: number; // epoch ms
  end: number;
}

/** A calendar with no working time would never finish a walk; give up after ~10 years of idle days. */
const MAX_IDLE_DAYS = 3650;
const MAX_CACHED_DAYS = 5000;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseTime(value: unknown, isEnd: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (isEnd && value === '24:00') return 1440;
  const m = TIME_RE.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Problems with a calendar as locale keys (`errors.calendar.*`), each listed once; [] when fine. */
export function validateCalendar(cal: WorkCalendar): string[] {
  const problems = new Set<string>();
  if (!isKnownTimezone(cal.timezone)) problems.add('errors.calendar.unknownTimezone');

  const periods: { start: number; end: number }[] = [];
  for (const p of cal.businessHours) {
    const start = parseTime(p.start, false);
    const end = parseTime(p.end, true);
    if (start === null || end === null) problems.add('errors.calendar.badTime');
    else if (end <= start) problems.add('errors.calendar.badPeriod');
    else periods.push({ start, end });
  }
  periods.sort((a, b) => a.start - b.start);
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.start < periods[i - 1]!.end) problems.add('errors.calendar.overlap');
  }

  if (!cal.weekendDays.every((d) => Number.isInteger(d) && d >= 0 && d <= 6)) problems.add('errors.calendar.badWeekday');
  if (![...cal.holidays, ...cal.makeupWorkdays].every(isRealDate)) problems.add('errors.calendar.badDate');
  const holidays = new Set(cal.holidays);
  if (cal.makeupWorkdays.some((d) => holidays.has(d))) problems.add('errors.calendar.dayOverlap');

  const everyDayOff = [0, 1, 2, 3, 4, 5, 6].every((d) => cal.weekendDays.includes(d));
  if (cal.businessHours.length === 0 || (everyDayOff && cal.makeupWorkdays.length === 0)) {
    problems.add('errors.calendar.noWorkingTime');
  }
  return [...problems];
}

const compiledCache = new WeakMap<WorkCalendar, Compiled>();

function compile(cal: WorkCalendar): Compiled {
  const cached = compiledCache.get(cal);
  if (cached) return cached;
  const problems = validateCalendar(cal);
  if (problems.length > 0) throw badRequest(problems[0]!);
  const periods = cal.businessHours
    .map((p) => ({ start: parseTime(p.start, false)!, end: parseTime(p.end, true)! }))
    .sort((a, b) => a.start - b.start);
  const compiled: Compiled = {
    tz: cal.timezone,
    periods,
    weekend: new Set(cal.weekendDays),
    holidays: new Set(cal.holidays),
    makeup: new Set(cal.makeupWorkdays),
    minutesPerDay: periods.reduce((sum, p) => sum + p.end - p.start, 0),
    days: new Map(),
  };
  compiledCache.set(cal, compiled);
  return compiled;
}

function isWorking(c: Compiled, date: string): boolean {
  if (c.holidays.has(date)) return false;
  if (c.makeup.has(date)) return true;
  return !c.weekend.has(weekdayOf(date));
}

/** The working intervals of one local date, as instants (DST days simply get shorter/longer ones). */
function intervalsOn(c: Compiled, date: string): Interval[] {
  let list = c.days.get(date);
  if (list) return list;
  list = isWorking(c, date)
    ? c.periods
        .map((p) => ({ start: zonedTimeToInstant(date, p.start, c.tz), end: zonedTimeToInstant(date, p.end, c.tz) }))
        .filter((iv) => iv.end > iv.start)
    : [];
  if (c.days.size >= MAX_CACHED_DAYS) c.days.clear();
  c.days.set(date, list);
  return list;
}

/** Local dates from the one containing `fromMs` onwards, with their working intervals. */
function* daysFrom(c: Compiled, fromMs: number): Generator<{ date: string; intervals: Interval[] }> {
  let idle = 0;
  for (let date = localDate(fromMs, c.tz); ; date = addDays(date, 1)) {
    const intervals = intervalsOn(c, date);
    if (intervals.length > 0) idle = 0;
    else if (++idle > MAX_IDLE_DAYS) throw new Error(`working calendar has no working time in ${MAX_IDLE_DAYS} days after ${date}`);
    yield { date, intervals };
  }
}

function durationMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw badRequest('errors.calendar.badDuration');
  return Math.round(minutes * 60_000);
}

/** Holiday → off; make-up day → working; otherwise working unless a weekend day. */
export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (!isRealDate(date)) throw badRequest('errors.calendar.badDate');
  return isWorking(compile(cal), date);
}

/** Nominal working minutes of one working day (a DST day's real length may differ). */
export function workingMinutesPerDay(cal: WorkCalendar): number {
  return compile(cal).minutesPerDay;
}

/**
 * Moves forward through working periods only. Outside business hours the clock starts at the next
 * opening (so adding 0 gives that opening; inside hours it gives `from`). When the budget runs out
 * exactly at a period end the result is that end (17:30), not the next opening. `minutes` may be
 * fractional; it is rounded to whole milliseconds.
 */
export function addWorkingMinutes(cal: WorkCalendar, from: Date, minutes: number): Date {
  const c = compile(cal);
  const t = instantMs(from);
  let remaining = durationMs(minutes);
  for (const { intervals } of daysFrom(c, t)) {
    for (const iv of intervals) {
      if (iv.end <= t) continue;
      const start = Math.max(iv.start, t);
      if (remaining <= iv.end - start) return new Date(start + remaining);
      remaining -= iv.end - start;
    }
  }
  throw new Error('unreachable: daysFrom never ends');
}

export function addWorkingHours(cal: WorkCalendar, from: Date, hours: number): Date {
  return addWorkingMinutes(cal, from, hours * 60);
}

/**
 * "N working days" means N full days' worth of working time (N × workingMinutesPerDay), not "the
 * end of the Nth day": created Fri 10:00 with 3 working days is due at 10:00 on the 3rd working day
 * after, so every item gets the same amount of working time whatever hour it arrived.
 */
export function addWorkingDays(cal: WorkCalendar, from: Date, days: number): Date {
  if (!Number.isFinite(days) || days < 0) throw badRequest('errors.calendar.badDuration');
  return addWorkingMinutes(cal, from, days * workingMinutesPerDay(cal));
}

/**
 * Working minutes in [from, to); 0 when `to` <= `from`. The exact inverse of addWorkingMinutes, so
 * the result is fractional only when the instants are not whole minutes apart in working time.
 */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const c = compile(cal);
  const a = instantMs(from);
  const b = instantMs(to);
  if (b <= a) return 0;
  const lastDate = localDate(b, c.tz);
  let ms = 0;
  for (let date = localDate(a, c.tz); date <= lastDate; date = addDays(date, 1)) {
    for (const iv of intervalsOn(c, date)) {
      const start = Math.max(iv.start, a);
      const end = Math.min(iv.end, b);
      if (end > start) ms += end - start;
    }
  }
  return ms / 60_000;
}

/**
 * The opening (first period start) of the first working day that opens at or after `from`: `from`
 * itself at 09:00 sharp, the next working day's 09:00 from anywhere later in the day. (To resume
 * the clock after a lunch break instead, use addWorkingMinutes(cal, from, 0).)
 */
export function nextWorkingDayStart(cal: WorkCalendar, from: Date): Date {
  const c = compile(cal);
  const t = instantMs(from);
  for (const { intervals } of daysFrom(c, t)) {
    const first = intervals[0];
    if (first && first.start >= t) return new Date(first.start);
  }
  throw new Error('unreachable: daysFrom never ends');
}
