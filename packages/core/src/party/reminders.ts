import { addDays, zonedTimeToInstant } from '../calendar/time-zone.ts';
import type { ReminderSpec } from '../reminders/plan.ts';
import type { DutyShiftStatus, SignUpStatus } from './shifts.ts';

/** The day before a shift, 16:00 local: the batch's organisation is reminded. */
export const SIGN_UP_REMINDER_MINUTES = 16 * 60;
/** A shift still short of people this many days ahead alerts its station (09:00 local). */
export const SHORT_SHIFT_DAYS = 2;
export const SHORT_SHIFT_MINUTES = 9 * 60;

/**
 * A batch's reminder the day before its shift: to its enterprise's admins when it is an enterprise
 * branch, else to the station's staff (the message names the organisation's contact, masked). A
 * batch cancelled has none.
 */
export function planSignUpReminders(s: { id: string; shiftDate: string; status: SignUpStatus; enterpriseBranch: boolean }, timezone: string): ReminderSpec[] {
  if (s.status !== 'signed_up') return [];
  return [
    {
      kind: 'duty_shift_tomorrow',
      key: `dsu:${s.id}:eve:${s.shiftDate}`,
      dueAt: new Date(zonedTimeToInstant(addDays(s.shiftDate, -1), SIGN_UP_REMINDER_MINUTES, timezone)),
      recipients: [s.enterpriseBranch ? 'enterprise_admins' : 'station_staff'],
      channels: ['inbox'],
    },
  ];
}

/**
 * A shift short of people two days ahead alerts the station's staff: planned while it is open and
 * short; filled by then, the alert is dropped when it fires.
 */
export function planShiftReminders(s: { id: string; shiftDate: string; status: DutyShiftStatus; places: number; booked: number }, timezone: string): ReminderSpec[] {
  if (s.status !== 'open' || s.booked >= s.places) return [];
  return [
    {
      kind: 'duty_shift_short',
      key: `dsh:${s.id}:short:${s.shiftDate}`,
      dueAt: new Date(zonedTimeToInstant(addDays(s.shiftDate, -SHORT_SHIFT_DAYS), SHORT_SHIFT_MINUTES, timezone)),
      recipients: ['station_staff'],
      channels: ['inbox'],
    },
  ];
}
