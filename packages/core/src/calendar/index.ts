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
export { isKnownTimezone, localDate } from './time-zone.ts';
export {
  parseHolidaySchedule,
  type HolidayScheduleFile,
  type HolidayScheduleResult,
  type HolidayScheduleYear,
} from './holiday-schedule.ts';
