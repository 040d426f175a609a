/**
 * The tenant's SLA settings (DESIGN §4): the working calendar with its holidays and make-up days,
 * the policies per kind and priority, staff duty and load. Every change of the calendar or a
 * policy recomputes the due times of the open items it affects, in the same transaction.
 */
export {
  getCalendar,
  importBundledHolidays,
  importHolidayYear,
  setCalendarDays,
  updateCalendar,
  type CalendarDayKind,
  type CalendarDayView,
  type CalendarView,
  type DaysResult,
} from './calendar-settings.ts';
export { listPolicies, maxSlaValue, updatePolicy, type PolicyView } from './policies.ts';
export { listDuty, updateDuty, type DutyView } from './duty.ts';
export { recomputeDueTimes, shareSlaSettings, type RecomputeFilter, type RecomputeResult } from './recompute.ts';
