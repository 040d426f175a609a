import { z } from 'zod';
import { getCalendar, importBundledHolidays, importHolidayYear, setCalendarDays, updateCalendar, line } from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

const year = z.int().min(2000).max(2100);
const dayKind = z.enum(['holiday', 'workday']);
// Times are checked by the calendar rules, which say what is wrong with them ("HH:MM", overlap…).
const period = z.object({ start: line(5), end: line(5) }).strict();

/** The version of a part of the SLA settings as read; a save sends it back (stale: CONFLICT). */
export const settingsVersion = line(64);

/** How many open items a settings change recomputed, and how many of them moved. */
export const recomputeOutput = z.object({ checked: z.int().min(0), updated: z.int().min(0) });

const daysResult = z.object({ year, holidays: z.int().min(0), workdays: z.int().min(0), recompute: recomputeOutput });

const calendarOutput = z.object({
  timezone: z.string(),
  businessHours: z.array(z.object({ start: z.string(), end: z.string() })),
  weekendDays: z.array(z.int().min(0).max(6)),
  updatedAt: z.string().nullable(),
  hoursVersion: settingsVersion,
  fromYear: year,
  toYear: year,
  days: z.array(z.object({ date: z.string(), kind: dayKind, name: z.string().nullable() })),
  dayVersions: z.array(z.object({ year, version: settingsVersion })),
  years: z.array(z.object({ year: z.int(), holidays: z.int(), workdays: z.int() })),
  officialYears: z.array(year),
  missingYears: z.array(z.int()),
});

export const calendarRouter = router({
  get: staffProcedure
    .input(z.object({ fromYear: year.optional(), toYear: year.optional() }).strict().optional())
    .output(calendarOutput)
    .query(({ ctx, input }) => getCalendar(ctx.tenant, input ?? {})),
  update: managerProcedure
    .input(z.object({ businessHours: z.array(period).min(1).max(8), weekendDays: z.array(z.int().min(0).max(6)).max(7), version: settingsVersion }).strict())
    .output(z.object({ recompute: recomputeOutput }))
    .mutation(({ ctx, input }) => updateCalendar(ctx.tenant, input)),
  setDays: managerProcedure
    .input(
      z
        .object({
          year,
          days: z.array(z.object({ date: line(10), kind: dayKind, name: line(50).nullable().optional() }).strict()).max(366),
          version: settingsVersion,
        })
        .strict(),
    )
    .output(daysResult)
    .mutation(({ ctx, input }) => setCalendarDays(ctx.tenant, { ...input, days: input.days.map((d) => ({ ...d, name: d.name ?? null })) })),
  /** One year of a schedule in the official file's shape; the file itself is checked by the calendar rules. */
  importYear: managerProcedure
    .input(z.object({ year, schedule: z.unknown() }).strict())
    .output(daysResult)
    .mutation(({ ctx, input }) => importHolidayYear(ctx.tenant, input)),
  importOfficial: managerProcedure
    .input(z.object({ year }).strict())
    .output(daysResult)
    .mutation(({ ctx, input }) => importBundledHolidays(ctx.tenant, input.year)),
});
