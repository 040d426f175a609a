import type { MessageParams } from '../errors/app-error.ts';
import { minutesOfDay } from './hours.ts';

/**
 * Duty at a service post (站岗): shifts of a post (a local date, a time, places counted in members),
 * and the batches (批次) organisations sign up for them — the organisation and how many of its
 * members come, optionally named. A batch fits whole or is refused; an organisation signs up once
 * per shift.
 */
export const dutyShiftStatuses = ['open', 'cancelled'] as const;
export type DutyShiftStatus = (typeof dutyShiftStatuses)[number];

export const signUpStatuses = ['signed_up', 'checked_in', 'checked_out', 'cancelled'] as const;
export type SignUpStatus = (typeof signUpStatuses)[number];

/** How an attendance was confirmed: by staff at the post, or by the volunteer scanning the post's code. */
export const attendanceWays = ['staff', 'code'] as const;
export type AttendanceWay = (typeof attendanceWays)[number];

/** A member scanning may check in this long before the shift starts … */
export const CHECK_IN_EARLY_MINUTES = 60;
/** … and check out until this long after it ended. Staff may confirm later (recorded afterwards). */
export const CHECK_OUT_LATE_MINUTES = 120;
/** Shifts are between half an hour and twelve hours long. */
export const SHIFT_MINUTES = { min: 30, max: 12 * 60 } as const;
/** A batch is 1 to 200 members; a shift 1 to 500 places. */
export const BATCH_MEMBERS_MAX = 200;
export const SHIFT_PLACES_MAX = 500;

export interface Refusal {
  key: string;
  params?: MessageParams;
}

/** A shift's times, 'HH:MM' local: their problem as a locale key, or null. */
export function shiftTimeProblem(start: string, end: string): string | null {
  const s = minutesOfDay(start);
  const e = minutesOfDay(end, { end: true });
  if (s === null || e === null) return 'errors.party.badShiftTime';
  if (e <= s) return 'errors.party.shiftEndsBeforeStart';
  if (e - s < SHIFT_MINUTES.min || e - s > SHIFT_MINUTES.max) return 'errors.party.shiftLength';
  return null;
}

/** Whether a batch may sign up for a shift now: the first reason it may not, or null. */
export function signUpRefusal(f: {
  now: Date;
  startsAt: Date;
  shiftStatus: DutyShiftStatus;
  places: number;
  booked: number;
  members: number;
  alreadySignedUp: boolean;
}): Refusal | null {
  if (f.shiftStatus === 'cancelled') return { key: 'errors.party.shiftCancelled' };
  if (f.now.getTime() >= f.startsAt.getTime()) return { key: 'errors.party.shiftInPast' };
  if (f.alreadySignedUp) return { key: 'errors.party.alreadySignedUp' };
  const left = Math.max(0, f.places - f.booked);
  if (f.members > left) return { key: left === 0 ? 'errors.party.shiftFull' : 'errors.party.notEnoughPlaces', params: { left, members: f.members } };
  return null;
}

/**
 * Whether a batch may be cancelled: while signed up only (one checked in has come); an enterprise
 * admin until the shift starts, staff also later (a batch that did not come).
 */
export function cancelRefusal(f: { status: SignUpStatus; now: Date; startsAt: Date; byStaff: boolean }): Refusal | null {
  if (f.status === 'cancelled') return { key: 'errors.party.signUpCancelled' };
  if (f.status !== 'signed_up') return { key: 'errors.party.cancelAfterCheckIn' };
  if (!f.byStaff && f.now.getTime() >= f.startsAt.getTime()) return { key: 'errors.party.cancelAfterStart' };
  return null;
}

/** Whether a batch may check in now, by staff or by scanning. */
export function checkInRefusal(f: { status: SignUpStatus; via: AttendanceWay; now: Date; startsAt: Date; endsAt: Date }): Refusal | null {
  if (f.status === 'cancelled') return { key: 'errors.party.signUpCancelled' };
  if (f.status !== 'signed_up') return { key: 'errors.party.alreadyCheckedIn' };
  if (f.now.getTime() < f.startsAt.getTime() - CHECK_IN_EARLY_MINUTES * 60_000) return { key: 'errors.party.checkInTooEarly', params: { minutes: CHECK_IN_EARLY_MINUTES } };
  if (f.via === 'code' && f.now.getTime() > f.endsAt.getTime()) return { key: 'errors.party.checkInTooLate' };
  return null;
}

/** Whether a batch may check out now. */
export function checkOutRefusal(f: { status: SignUpStatus; via: AttendanceWay; now: Date; endsAt: Date }): Refusal | null {
  if (f.status === 'cancelled') return { key: 'errors.party.signUpCancelled' };
  if (f.status === 'signed_up') return { key: 'errors.party.notCheckedIn' };
  if (f.status === 'checked_out') return { key: 'errors.party.alreadyCheckedOut' };
  if (f.via === 'code' && f.now.getTime() > f.endsAt.getTime() + CHECK_OUT_LATE_MINUTES * 60_000) return { key: 'errors.party.checkOutTooLate' };
  return null;
}

/** Places may be lowered, never below the members already signed up. */
export function placesRefusal(places: number, booked: number): Refusal | null {
  return places < booked ? { key: 'errors.party.placesBelowBooked', params: { booked } } : null;
}

/** What a scan of a post's code does for a batch: check in, check out, or nothing more. */
export function scanStep(status: SignUpStatus): 'check_in' | 'check_out' | null {
  if (status === 'signed_up') return 'check_in';
  if (status === 'checked_in') return 'check_out';
  return null;
}

/** Served person-times of a shift per service: each service once, one the post offers. */
export function servedRefusal(entries: readonly { service: string; count: number }[], offered: readonly string[]): Refusal | null {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.service)) return { key: 'errors.party.serviceTwice' };
    seen.add(e.service);
    if (!offered.includes(e.service)) return { key: 'errors.party.serviceNotOffered' };
  }
  return null;
}
