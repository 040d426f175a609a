/**
 * The tenant's SLA settings (DESIGN §4): the working calendar with its holidays and make-up days,
 * the policies per kind and priority, staff duty and load. Every change of the calendar or a
 * policy recomputes the due times of the open items it affects, in the same transaction.
 */
export { getCalendar, importBundledHolidays, importHolidayYear, setCalendarDays, updateCalendar } from './calendar-settings.ts';
export * from './calendar-settings.schema.ts';
export { listPolicies, updatePolicy } from './policies.ts';
export * from './policies.schema.ts';
export { listDuty, updateDuty } from './duty.ts';
export * from './duty.schema.ts';
export { recomputeDueTimes, shareSlaSettings, type RecomputeFilter } from './recompute.ts';
export * from './recompute.schema.ts';
export * from './version.schema.ts';
