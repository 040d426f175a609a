export {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  isWorkingDay,
  nextWorkingDayStart,
  validateCalendar,
  workingMinutesBetween,
  workingMinutesPerDay,
  type WorkCalendar,
} from './working-time.ts';
export { addDays, isKnownTimezone, isRealDate, localDate, weekdayOf, zonedTimeToInstant } from './time-zone.ts';
export {
  parseHolidaySchedule,
  type HolidayScheduleFile,
  type HolidayScheduleResult,
  type HolidayScheduleYear,
} from './holiday-schedule.ts';
export { calendarYearsNeeded, yearsWithoutCalendar } from './missing-years.ts';
