import { describe, expect, it } from 'vitest';
import {
  branchStatusOf,
  can,
  cancelRefusal,
  checkInCodeExpiry,
  checkInCodeRefusal,
  checkInRefusal,
  checkOutRefusal,
  defaultPartyServiceKeys,
  maskedContact,
  mergePartyServices,
  openingHoursProblems,
  openingSpan,
  ownPartyServiceKey,
  partyOrgDateProblems,
  placesRefusal,
  planShiftReminders,
  planSignUpReminders,
  scanStep,
  servedRefusal,
  shiftTimeProblem,
  signUpRefusal,
  zonedTimeToInstant,
  type WorkCalendar,
} from '../src/index.ts';

const TZ = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => new Date(zonedTimeToInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ));
const calendar: WorkCalendar = {
  timezone: TZ,
  businessHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: ['2026-10-01'],
  makeupWorkdays: ['2026-10-10'],
};

describe('party organisations', () => {
  it('an enterprise branch leaves with its enterprise', () => {
    expect(branchStatusOf('active')).toBe('active');
    expect(branchStatusOf('moving_out')).toBe('active');
    expect(branchStatusOf('moved_out')).toBe('left');
    expect(branchStatusOf('deregistered')).toBe('left');
  });

  it('masks the contact person and phone', () => {
    expect(maskedContact({ name: '王建国', phone: '13812345678' })).toEqual({ name: '王**', phone: '138****5678' });
    expect(maskedContact({ name: null, phone: '021-62345678' })).toEqual({ name: null, phone: '021-****5678' });
  });

  it('checks the dates', () => {
    expect(partyOrgDateProblems({ joinedOn: '2026-01-01', leftOn: null, status: 'active' }, '2026-06-01')).toEqual([]);
    expect(partyOrgDateProblems({ joinedOn: '2026-07-01', leftOn: null, status: 'active' }, '2026-06-01')).toEqual(['errors.party.joinedInFuture']);
    expect(partyOrgDateProblems({ joinedOn: '2026-03-01', leftOn: '2026-02-01', status: 'left' }, '2026-06-01')).toEqual(['errors.party.leftBeforeJoined']);
    expect(partyOrgDateProblems({ joinedOn: null, leftOn: '2026-02-01', status: 'active' }, '2026-06-01')).toEqual(['errors.party.leftOnNeedsLeft']);
  });

  it('lets managers and staff reveal a contact, not enterprise admins', () => {
    expect(can('manager', 'party:reveal-contact')).toBe(true);
    expect(can('staff', 'party:reveal-contact')).toBe(true);
    expect(can('enterprise_admin', 'party:reveal-contact')).toBe(false);
  });
});

describe('services offered', () => {
  it('starts with the report’s eight kinds and takes the tenant’s overrides and own ones', () => {
    expect(defaultPartyServiceKeys).toHaveLength(8);
    const merged = mergePartyServices([
      { key: 'repairs', name: '小家电维修', nameEn: null, active: true, position: 5 },
      { key: 'first_aid', name: null, nameEn: null, active: false, position: 30 },
      { key: 's_0a1b2c', name: '行李寄存', nameEn: 'Left luggage', active: true, position: 95 },
    ]);
    expect(merged[0]).toMatchObject({ key: 'repairs', name: '小家电维修', builtIn: true });
    expect(merged.find((s) => s.key === 'first_aid')).toMatchObject({ active: false, builtIn: true });
    expect(merged.at(-1)).toMatchObject({ key: 's_0a1b2c', builtIn: false });
    expect(merged).toHaveLength(9);
    expect(ownPartyServiceKey('0A1B2C3D4E5F6')).toBe('s_0a1b2c3d4e5f');
    expect(() => ownPartyServiceKey('zz')).toThrow(RangeError);
  });
});

describe('opening hours', () => {
  it('refuses a weekday twice and periods that end before they start', () => {
    expect(openingHoursProblems([{ weekday: 1, start: '07:00', end: '21:00' }])).toEqual([]);
    expect(openingHoursProblems([{ weekday: 1, start: '07:00', end: '21:00' }, { weekday: 1, start: '08:00', end: '09:00' }])).toEqual(['errors.party.weekdayTwice']);
    expect(openingHoursProblems([{ weekday: 2, start: '21:00', end: '07:00' }])).toEqual(['errors.party.badOpeningPeriod']);
    expect(openingHoursProblems([{ weekday: 7, start: '7:00', end: '21:00' }])).toEqual(['errors.party.badWeekday', 'errors.party.badOpeningPeriod']);
  });

  it('follows the calendar (holidays closed, 调休 Saturdays open) or the post’s own week', () => {
    expect(openingSpan(null, calendar, '2026-09-30')).toEqual({ start: 540, end: 1050 });
    expect(openingSpan(null, calendar, '2026-10-01')).toBeNull();
    expect(openingSpan(null, calendar, '2026-10-03')).toBeNull();
    expect(openingSpan(null, calendar, '2026-10-10')).toEqual({ start: 540, end: 1050 });
    const own = [{ weekday: 4, start: '07:00', end: '21:00' }];
    // 2026-10-01 is a Thursday: the hub's post is open on the holiday, closed on Friday.
    expect(openingSpan(own, calendar, '2026-10-01')).toEqual({ start: 420, end: 1260 });
    expect(openingSpan(own, calendar, '2026-10-02')).toBeNull();
  });
});

describe('duty shifts', () => {
  const now = at('2026-12-07', '10:00');
  const shift = { now, startsAt: at('2026-12-08', '08:00'), shiftStatus: 'open' as const, places: 5, booked: 3, members: 2, alreadySignedUp: false };

  it('checks a shift’s times', () => {
    expect(shiftTimeProblem('08:00', '12:00')).toBeNull();
    expect(shiftTimeProblem('12:00', '08:00')).toBe('errors.party.shiftEndsBeforeStart');
    expect(shiftTimeProblem('08:00', '08:15')).toBe('errors.party.shiftLength');
    expect(shiftTimeProblem('8 点', '12:00')).toBe('errors.party.badShiftTime');
  });

  it('takes a batch that fits whole, counting places in members', () => {
    expect(signUpRefusal(shift)).toBeNull();
    expect(signUpRefusal({ ...shift, members: 3 })).toEqual({ key: 'errors.party.notEnoughPlaces', params: { left: 2, members: 3 } });
    expect(signUpRefusal({ ...shift, booked: 5, members: 1 })).toEqual({ key: 'errors.party.shiftFull', params: { left: 0, members: 1 } });
  });

  it('refuses a shift that has started, a cancelled one, and the same organisation twice', () => {
    expect(signUpRefusal({ ...shift, now: at('2026-12-08', '08:00') })?.key).toBe('errors.party.shiftInPast');
    expect(signUpRefusal({ ...shift, shiftStatus: 'cancelled' })?.key).toBe('errors.party.shiftCancelled');
    expect(signUpRefusal({ ...shift, alreadySignedUp: true })?.key).toBe('errors.party.alreadySignedUp');
  });

  it('lets an enterprise admin cancel until the start, staff until the batch checks in', () => {
    const base = { status: 'signed_up' as const, now: at('2026-12-08', '09:00'), startsAt: at('2026-12-08', '08:00') };
    expect(cancelRefusal({ ...base, byStaff: false })?.key).toBe('errors.party.cancelAfterStart');
    expect(cancelRefusal({ ...base, byStaff: true })).toBeNull();
    expect(cancelRefusal({ ...base, status: 'checked_in', byStaff: true })?.key).toBe('errors.party.cancelAfterCheckIn');
    expect(cancelRefusal({ ...base, status: 'cancelled', byStaff: true })?.key).toBe('errors.party.signUpCancelled');
  });

  it('opens check-in an hour before; a scan only until the end, staff also later', () => {
    const times = { startsAt: at('2026-12-08', '08:00'), endsAt: at('2026-12-08', '12:00') };
    expect(checkInRefusal({ ...times, status: 'signed_up', via: 'code', now: at('2026-12-08', '06:59') })?.key).toBe('errors.party.checkInTooEarly');
    expect(checkInRefusal({ ...times, status: 'signed_up', via: 'code', now: at('2026-12-08', '07:00') })).toBeNull();
    expect(checkInRefusal({ ...times, status: 'signed_up', via: 'code', now: at('2026-12-08', '12:01') })?.key).toBe('errors.party.checkInTooLate');
    expect(checkInRefusal({ ...times, status: 'signed_up', via: 'staff', now: at('2026-12-09', '09:00') })).toBeNull();
    expect(checkInRefusal({ ...times, status: 'checked_in', via: 'staff', now: at('2026-12-08', '09:00') })?.key).toBe('errors.party.alreadyCheckedIn');
    expect(checkOutRefusal({ ...times, status: 'signed_up', via: 'staff', now: at('2026-12-08', '12:00') })?.key).toBe('errors.party.notCheckedIn');
    expect(checkOutRefusal({ ...times, status: 'checked_in', via: 'code', now: at('2026-12-08', '14:00') })).toBeNull();
    expect(checkOutRefusal({ ...times, status: 'checked_in', via: 'code', now: at('2026-12-08', '14:01') })?.key).toBe('errors.party.checkOutTooLate');
    expect(checkOutRefusal({ ...times, status: 'checked_out', via: 'staff', now: at('2026-12-08', '12:00') })?.key).toBe('errors.party.alreadyCheckedOut');
    expect([scanStep('signed_up'), scanStep('checked_in'), scanStep('checked_out'), scanStep('cancelled')]).toEqual(['check_in', 'check_out', null, null]);
  });

  it('refuses places below the members signed up, with the count', () => {
    expect(placesRefusal(4, 4)).toBeNull();
    expect(placesRefusal(3, 4)).toEqual({ key: 'errors.party.placesBelowBooked', params: { booked: 4 } });
  });

  it('records served person-times only for services the post offers, each once', () => {
    expect(servedRefusal([{ service: 'guidance', count: 12 }], ['guidance', 'first_aid'])).toBeNull();
    expect(servedRefusal([{ service: 'repairs', count: 1 }], ['guidance'])?.key).toBe('errors.party.serviceNotOffered');
    expect(servedRefusal([{ service: 'guidance', count: 1 }, { service: 'guidance', count: 2 }], ['guidance'])?.key).toBe('errors.party.serviceTwice');
  });
});

describe('duty reminders', () => {
  it('reminds a batch at 16:00 the day before: an enterprise’s admins, or the station’s staff', () => {
    const [r] = planSignUpReminders({ id: 's1', shiftDate: '2026-12-10', status: 'signed_up', enterpriseBranch: true }, TZ);
    expect(r).toMatchObject({ kind: 'duty_shift_tomorrow', recipients: ['enterprise_admins'], channels: ['inbox'] });
    expect(r!.dueAt).toEqual(at('2026-12-09', '16:00'));
    expect(planSignUpReminders({ id: 's1', shiftDate: '2026-12-10', status: 'signed_up', enterpriseBranch: false }, TZ)[0]!.recipients).toEqual(['station_staff']);
    expect(planSignUpReminders({ id: 's1', shiftDate: '2026-12-10', status: 'cancelled', enterpriseBranch: true }, TZ)).toEqual([]);
  });

  it('alerts the station two days ahead while a shift is short', () => {
    const [r] = planShiftReminders({ id: 'h1', shiftDate: '2026-12-10', status: 'open', places: 6, booked: 2 }, TZ);
    expect(r).toMatchObject({ kind: 'duty_shift_short', recipients: ['station_staff'] });
    expect(r!.dueAt).toEqual(at('2026-12-08', '09:00'));
    expect(planShiftReminders({ id: 'h1', shiftDate: '2026-12-10', status: 'open', places: 6, booked: 6 }, TZ)).toEqual([]);
    expect(planShiftReminders({ id: 'h1', shiftDate: '2026-12-10', status: 'cancelled', places: 6, booked: 0 }, TZ)).toEqual([]);
  });
});

describe('check-in codes', () => {
  it('expire', () => {
    const now = at('2026-12-07', '08:00');
    const expiresAt = checkInCodeExpiry(now, 60);
    expect(expiresAt).toEqual(at('2026-12-07', '09:00'));
    expect(checkInCodeRefusal({ expiresAt }, at('2026-12-07', '08:59'))).toBeNull();
    expect(checkInCodeRefusal({ expiresAt }, at('2026-12-07', '09:00'))).toBe('errors.party.checkInCodeExpired');
  });
});
