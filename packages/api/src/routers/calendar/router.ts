import {
  calendarDaysOutput,
  getCalendar,
  getCalendarInput,
  getCalendarOutput,
  importBundledHolidays,
  importBundledHolidaysInput,
  importHolidayYear,
  importHolidayYearInput,
  setCalendarDays,
  setCalendarDaysInput,
  updateCalendar,
  updateCalendarInput,
  updateCalendarOutput,
} from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

/** The tenant's working calendar (SLA settings): staff read it, managers change it. */
export const calendarRouter = router({
  get: staffProcedure.input(getCalendarInput).output(getCalendarOutput).query(({ ctx, input }) => getCalendar(ctx.tenant, input)),
  update: managerProcedure.input(updateCalendarInput).output(updateCalendarOutput).mutation(({ ctx, input }) => updateCalendar(ctx.tenant, input)),
  setDays: managerProcedure.input(setCalendarDaysInput).output(calendarDaysOutput).mutation(({ ctx, input }) => setCalendarDays(ctx.tenant, input)),
  importYear: managerProcedure.input(importHolidayYearInput).output(calendarDaysOutput).mutation(({ ctx, input }) => importHolidayYear(ctx.tenant, input)),
  importOfficial: managerProcedure
    .input(importBundledHolidaysInput)
    .output(calendarDaysOutput)
    .mutation(({ ctx, input }) => importBundledHolidays(ctx.tenant, input)),
});
