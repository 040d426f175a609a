import { describe, expect, it } from 'vitest';
import {
  calendarMissingYears,
  calendarReminderTime,
  calendarYearsNeeded,
  defaultBusinessHours,
  defaultSlaPolicies,
  dueTimes,
  yearsWithoutCalendar,
  type ItemDueTimes,
  type WorkCalendar,
} from '../src/index.ts';

const tz = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
// The tenant imported 2026 only: 2027 is walked as weekends only.
const cal: WorkCalendar = { timezone: tz, businessHours: defaultBusinessHours, weekendDays: [0, 6], holidays: ['2026-10-01'], makeupWorkdays: [] };
const known = [2026];

describe('yearsWithoutCalendar', () => {
  it('names every local year of the interval that has no calendar', () => {
    expect(yearsWithoutCalendar(known, tz, at('2026-12-28T10:00:00'), at('2027-01-04T10:00:00'))).toEqual([2027]);
    expect(yearsWithoutCalendar([], tz, at('2026-12-28T10:00:00'), at('2028-01-04T10:00:00'))).toEqual([2026, 2027, 2028]);
    expect(yearsWithoutCalendar([2026, 2027], tz, at('2026-12-28T10:00:00'), at('2027-01-04T10:00:00'))).toEqual([]);
  });

  it('reads the years in the tenant zone: 31 December 20:00 UTC is already New Year in Shanghai', () => {
    expect(yearsWithoutCalendar(known, tz, at('2026-12-31T10:00:00'), new Date('2026-12-31T20:00:00Z'))).toEqual([2027]);
    expect(yearsWithoutCalendar(known, 'UTC', at('2026-12-31T10:00:00'), new Date('2026-12-31T20:00:00Z'))).toEqual([]);
  });
});

describe('calendarMissingYears', () => {
  const policy = defaultSlaPolicies.consultation.normal; // 4 working hours / 3 working days
  const created = at('2026-12-30T10:00:00');
  const due = dueTimes(cal, policy, created);
  const item: ItemDueTimes = {
    kind: 'consultation',
    createdAt: created,
    firstContactAt: null,
    firstContactDueAt: due.firstContactDueAt,
    resolutionDueAt: due.resolutionDueAt,
    extensionDueAt: null,
  };

  it('marks a due time counted into a year without a calendar (2027-01-01 counted as a working day)', () => {
    expect(due.resolutionDueAt.toISOString()).toBe(at('2027-01-04T10:00:00').toISOString());
    expect(calendarMissingYears(known, tz, policy, item)).toEqual([2027]);
  });

  it('marks nothing once the year is known, or when the walk stays inside known years', () => {
    expect(calendarMissingYears([2026, 2027], tz, policy, item)).toEqual([]);
    const early = dueTimes(cal, policy, at('2026-12-01T10:00:00'));
    expect(calendarMissingYears(known, tz, policy, { ...item, createdAt: at('2026-12-01T10:00:00'), ...early })).toEqual([]);
  });

  it('counts only working-time walks still running', () => {
    // A wall-clock limit (disputes: 30 calendar days) does not depend on holidays.
    const dispute = defaultSlaPolicies.dispute.normal;
    const d = dueTimes(cal, dispute, created);
    expect(calendarMissingYears(known, tz, dispute, { ...item, kind: 'dispute', ...d, firstContactAt: created })).toEqual([]);
    // An extension date was chosen by a person; a first contact made is history.
    expect(calendarMissingYears(known, tz, policy, { ...item, firstContactAt: created, extensionDueAt: at('2027-01-08T17:00:00') })).toEqual([]);
    // The first contact still running into the new year marks it on its own.
    const late = at('2026-12-31T16:00:00');
    expect(calendarMissingYears(known, tz, policy, { ...item, createdAt: late, firstContactDueAt: dueTimes(cal, policy, late).firstContactDueAt, extensionDueAt: at('2026-12-31T17:00:00') })).toEqual([2027]);
  });

  it('an agency case runs on statutory working days whatever the policy unit', () => {
    const wallClock = { firstContact: { value: 1, unit: 'calendar_hours' as const }, resolution: { value: 30, unit: 'calendar_days' as const } };
    expect(calendarMissingYears(known, tz, wallClock, { ...item, kind: 'agency', firstContactAt: created })).toEqual([2027]);
    expect(calendarMissingYears(known, tz, wallClock, { ...item, kind: 'consultation', firstContactAt: created })).toEqual([]);
  });
});

describe('calendarYearsNeeded', () => {
  it('is this year, and from 1 December the next as well', () => {
    expect(calendarYearsNeeded('2026-11-30')).toEqual([2026]);
    expect(calendarYearsNeeded('2026-12-01')).toEqual([2026, 2027]);
    expect(calendarYearsNeeded('2026-12-31')).toEqual([2026, 2027]);
  });
});

describe('calendarReminderTime', () => {
  it('plans 09:00 local on working days of December while next year is missing, keyed by the week', () => {
    const plan = calendarReminderTime(cal, known, at('2026-12-01T08:00:00')); // a Tuesday
    expect(plan).toEqual({ at: at('2026-12-01T09:00:00'), year: 2027, week: '2026-11-30' });
    // Every working day of one week names the same week; the next week another.
    expect(calendarReminderTime(cal, known, at('2026-12-04T10:00:00'))?.week).toBe('2026-11-30');
    expect(calendarReminderTime(cal, known, at('2026-12-07T10:00:00'))?.week).toBe('2026-12-07');
  });

  it('plans nothing before December, on days off, or once next year is known', () => {
    expect(calendarReminderTime(cal, known, at('2026-11-30T10:00:00'))).toBeNull();
    expect(calendarReminderTime(cal, known, at('2026-12-05T10:00:00'))).toBeNull(); // Saturday
    expect(calendarReminderTime(cal, [2026, 2027], at('2026-12-07T10:00:00'))).toBeNull();
  });
});
