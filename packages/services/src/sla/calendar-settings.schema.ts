import { z } from 'zod';
import { line } from '../schema.ts';
import { recomputeOutput } from './recompute.schema.ts';
import { readVersion } from './version.schema.ts';

const year = z.int().min(2000).max(2100);
export const calendarDayKinds = ['holiday', 'workday'] as const;
const dayKind = z.enum(calendarDayKinds);
export type CalendarDayKind = z.infer<typeof dayKind>;
/** 0 = Sunday … 6 = Saturday. */
const weekday = z.int().min(0).max(6);
// Times are checked by the calendar rules, which say what is wrong with them ("HH:MM", overlap…).
const period = z.object({ start: line(5), end: line(5) }).strict();

/** calendar.get: the calendar as managers edit it; the days of this year and next unless a range is asked for. */
export const getCalendarInput = z.object({ fromYear: year.optional(), toYear: year.optional() }).strict().optional();
export type GetCalendarInput = z.infer<typeof getCalendarInput>;
const calendarDay = z.object({ date: z.string(), kind: dayKind, name: z.string().nullable() });
export type CalendarDay = z.infer<typeof calendarDay>;
export const getCalendarOutput = z.object({
  timezone: z.string(),
  businessHours: z.array(z.object({ start: z.string(), end: z.string() })),
  weekendDays: z.array(weekday),
  /** Null while the tenant runs on the product's default hours (nobody has saved a calendar). */
  updatedAt: z.string().nullable(),
  /** The hours and weekend as read: a save sends it back and is refused if they changed since. */
  hoursVersion: readVersion,
  fromYear: year,
  toYear: year,
  /** Holidays and make-up working days of fromYear…toYear, by date. */
  days: z.array(calendarDay),
  /** Each year of fromYear…toYear's days as read: a save of that year sends its version back. */
  dayVersions: z.array(z.object({ year, version: readVersion })),
  /** Every year that has days, with how many of each kind. */
  years: z.array(z.object({ year: z.int(), holidays: z.int(), workdays: z.int() })),
  /** Years of the official schedule bundled with the app (one-click import). */
  officialYears: z.array(year),
  /**
   * Years needed now that have no holidays entered: this year, the next from 1 December, and any an
   * open item's due time was counted into (those due times are estimates until it is imported).
   */
  missingYears: z.array(z.int()),
});
export type GetCalendarOutput = z.infer<typeof getCalendarOutput>;

/** calendar.update: business hours and weekend days, as read (`version`). */
export const updateCalendarInput = z.object({ businessHours: z.array(period).min(1).max(8), weekendDays: z.array(weekday).max(7), version: readVersion }).strict();
export type UpdateCalendarInput = z.infer<typeof updateCalendarInput>;
export const updateCalendarOutput = z.object({ recompute: recomputeOutput });
export type UpdateCalendarOutput = z.infer<typeof updateCalendarOutput>;

/** What a change of one year's days answers: the year's counts and the recompute. */
export const calendarDaysOutput = z.object({ year, holidays: z.int().min(0), workdays: z.int().min(0), recompute: recomputeOutput });
export type CalendarDaysOutput = z.infer<typeof calendarDaysOutput>;

/** calendar.setDays: one year's holidays and make-up working days, replaced as a whole. */
export const setCalendarDaysInput = z
  .object({
    year,
    days: z.array(z.object({ date: line(10), kind: dayKind, name: line(50).nullable().optional() }).strict()).max(366),
    version: readVersion,
  })
  .strict();
export type SetCalendarDaysInput = z.infer<typeof setCalendarDaysInput>;

/** calendar.importYear: one year of a schedule in the official file's shape; the file itself is checked by the calendar rules. */
export const importHolidayYearInput = z.object({ year, schedule: z.unknown() }).strict();
export type ImportHolidayYearInput = z.infer<typeof importHolidayYearInput>;

/** calendar.importOfficial: a year of the official schedule bundled with the app. */
export const importBundledHolidaysInput = z.object({ year }).strict();
export type ImportBundledHolidaysInput = z.infer<typeof importBundledHolidaysInput>;
