/**
 * Local-date and wall-clock helpers built on `Intl.DateTimeFormat` (Node ships full ICU), so core
 * needs no time-zone library. Local dates are 'YYYY-MM-DD' strings: they compare and sort as text.
 */
import { badRequest } from '../errors/app-error.ts';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

// Building a formatter is far slower than using one, so keep one per zone (only valid zones get in).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isKnownTimezone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a valid `Date`; an invalid one is a caller error. */
export function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest('errors.calendar.badInstant');
  return ms;
}

/** The wall clock in `tz` at `ms`, read back as if it were UTC (so offsets are plain subtraction). */
function wallClockAsUtc(ms: number, tz: string): number {
  return Math.floor(ms / 1000) * 1000 + offsetMs(ms, tz);
}

// Offsets by zone and UTC minute. formatToParts costs microseconds and a list page asks for
// hundreds of local dates; offsets change only at transitions, which since 1970 fall on whole
// minutes. Cleared when large, so a long-running process keeps a bounded map.
const offsets = new Map<string, number>();
const MAX_OFFSETS = 50_000;

/** Offset of `tz` from UTC at `ms`, in ms (Shanghai: +8 h). */
function offsetMs(ms: number, tz: string): number {
  const key = `${tz}|${Math.floor(ms / 60_000)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const part of formatter(tz).formatToParts(ms)) p[part.type] = Number(part.value);
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The local calendar date 'YYYY-MM-DD' of an instant in `tz`. */
export function localDate(instant: Date | number, tz: string): string {
  if (!isKnownTimezone(tz)) throw badRequest('errors.calendar.unknownTimezone');
  const ms = typeof instant === 'number' ? instant : instantMs(instant);
  return new Date(wallClockAsUtc(ms, tz)).toISOString().slice(0, 10);
}

/**
 * The instant at which local `date` + `minuteOfDay` happens in `tz` (1440 = next midnight).
 * A wall time skipped by a DST jump resolves to after the jump; a repeated one to its first
 * occurrence (the same rule as Temporal's 'compatible').
 */
export function zonedTimeToInstant(date: string, minuteOfDay: number, tz: string): number {
  const [y, m, d] = dateParts(date);
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const firstOffset = offsetMs(wall, tz);
  const guess = wall - firstOffset;
  const actualOffset = offsetMs(guess, tz);
  if (actualOffset === firstOffset) return guess;
  const retry = wall - actualOffset;
  return offsetMs(retry, tz) === actualOffset ? retry : Math.max(guess, retry);
}

function dateParts(date: string): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw badRequest('errors.calendar.badDate');
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** True for 'YYYY-MM-DD' strings naming a real calendar day (rejects 2026-02-30). */
export function isRealDate(date: unknown): date is string {
  if (typeof date !== 'string') return false;
  const m = DATE_RE.exec(date);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = dateParts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
