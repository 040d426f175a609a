import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  isWorkingDay,
  localDate,
  nextWorkingDayStart,
  parseHolidaySchedule,
  validateCalendar,
  weekdayOf,
  workingMinutesBetween,
  workingMinutesPerDay,
  type HolidayScheduleFile,
  type WorkCalendar,
} from '../src/calendar/index.ts';
import { AppError } from '../src/errors/app-error.ts';

// Copy of shared/data/cn-public-holidays.json: the 2025 and 2026 notices (国办发明电).
const schedule: HolidayScheduleFile = {
  about: '国务院办公厅关于部分节假日安排的通知',
  years: {
    '2025': {
      off: [
        { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
        { name: '春节', from: '2025-01-28', to: '2025-02-04' },
        { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
        { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
        { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
        { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
      ],
      workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
    '2026': {
      off: [
        { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
        { name: '春节', from: '2026-02-15', to: '2026-02-23' },
        { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
        { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
        { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
        { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
        { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
      ],
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  },
};

function year2026() {
  const result = parseHolidaySchedule(schedule, 2026);
  if (!result.ok) throw new Error(result.errors.join());
  return result.years[0]!;
}

const y2026 = year2026();
const shanghai: WorkCalendar = {
  timezone: 'Asia/Shanghai',
  businessHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: y2026.holidays.map((h) => h.date),
  makeupWorkdays: y2026.makeupWorkdays,
};

/** Shanghai wall time 'YYYY-MM-DDTHH:MM' as an instant. */
const sh = (local: string) => new Date(`${local}:00+08:00`);
const add = (from: string, minutes: number) => addWorkingMinutes(shanghai, sh(from), minutes);

describe('working calendar basics', () => {
  it('knows the Shanghai day length', () => {
    expect(workingMinutesPerDay(shanghai)).toBe(450);
  });

  it('counts make-up weekend days and skips holiday weekdays', () => {
    expect(isWorkingDay(shanghai, '2026-09-20')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay(shanghai, '2026-02-14')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay(shanghai, '2026-10-01')).toBe(false); // Thursday, 国庆节
    expect(isWorkingDay(shanghai, '2026-02-16')).toBe(false); // Monday, 春节
    expect(isWorkingDay(shanghai, '2026-09-19')).toBe(false); // ordinary Saturday
    expect(isWorkingDay(shanghai, '2026-03-09')).toBe(true); // ordinary Monday
  });

  it('rejects dates that do not exist', () => {
    expect(() => isWorkingDay(shanghai, '2026-02-30')).toThrow(AppError);
  });
});

describe('weekdayOf', () => {
  it('names the day of the week of a local date, 0 = Sunday', () => {
    expect(['2026-02-15', '2026-02-16', '2026-02-21', '2024-02-29', '2026-12-31'].map(weekdayOf)).toEqual([0, 1, 6, 4, 4]);
  });
  it('refuses what is not a date', () => {
    expect(() => weekdayOf('2026-2-1')).toThrow(AppError);
  });
});

describe('addWorkingDays over Chinese public holidays', () => {
  it('Spring Festival 2026: the Saturday make-up day counts, 02-15..02-23 is skipped', () => {
    const created = sh('2026-02-13T10:00'); // Friday
    expect(addWorkingDays(shanghai, created, 1)).toEqual(sh('2026-02-14T10:00'));
    expect(addWorkingDays(shanghai, created, 2)).toEqual(sh('2026-02-24T10:00'));
    const due = addWorkingDays(shanghai, created, 3);
    expect(due).toEqual(sh('2026-02-25T10:00'));
    expect(due.toISOString()).toBe('2026-02-25T02:00:00.000Z');
  });

  it('National Day 2026: 90 min on 09-30, Oct 1–7 off, the remaining 360 min end Thu 10-08 16:00', () => {
    const created = sh('2026-09-30T16:00'); // Wednesday
    const due = addWorkingDays(shanghai, created, 1);
    // 16:00–17:30 = 90; 10-08 09:00–12:00 = 180 (270 total); 13:00 + 180 = 16:00.
    expect(due).toEqual(sh('2026-10-08T16:00'));
    expect(due.toISOString()).toBe('2026-10-08T08:00:00.000Z');
    expect(addWorkingDays(shanghai, created, 3)).toEqual(sh('2026-10-10T16:00')); // Saturday make-up day
  });

  it('addWorkingHours is minutes × 60', () => {
    expect(addWorkingHours(shanghai, sh('2026-03-09T10:00'), 1.5)).toEqual(sh('2026-03-09T11:30'));
    expect(addWorkingHours(shanghai, sh('2026-03-09T10:00'), 8)).toEqual(sh('2026-03-10T10:30'));
  });
});

describe('addWorkingMinutes', () => {
  it('carries overnight and over the lunch break', () => {
    expect(add('2026-03-09T17:00', 60)).toEqual(sh('2026-03-10T09:30'));
    expect(add('2026-03-13T17:00', 60)).toEqual(sh('2026-03-16T09:30')); // Friday → Monday
    expect(add('2026-03-09T11:30', 60)).toEqual(sh('2026-03-09T13:30'));
  });

  it('starts the clock at the next opening when outside business hours', () => {
    expect(add('2026-03-07T03:00', 0)).toEqual(sh('2026-03-09T09:00')); // ordinary Saturday
    expect(add('2026-03-07T03:00', 30)).toEqual(sh('2026-03-09T09:30'));
    expect(add('2026-03-09T20:00', 0)).toEqual(sh('2026-03-10T09:00'));
    expect(add('2026-03-09T12:30', 0)).toEqual(sh('2026-03-09T13:00'));
    expect(add('2026-02-14T07:00', 15)).toEqual(sh('2026-02-14T09:15')); // make-up Saturday
  });

  it('returns `from` for 0 minutes inside business hours', () => {
    expect(add('2026-03-09T10:15', 0)).toEqual(sh('2026-03-09T10:15'));
    expect(add('2026-03-09T09:00', 0)).toEqual(sh('2026-03-09T09:00'));
  });

  it('ends exactly at a period end when the budget runs out there', () => {
    expect(add('2026-03-09T17:00', 30)).toEqual(sh('2026-03-09T17:30'));
    expect(add('2026-03-09T11:00', 60)).toEqual(sh('2026-03-09T12:00'));
    expect(add('2026-03-09T09:00', 450)).toEqual(sh('2026-03-09T17:30'));
    expect(add('2026-03-09T17:00', 31)).toEqual(sh('2026-03-10T09:01'));
  });

  it('keeps sub-minute precision of the start instant', () => {
    const from = new Date(sh('2026-03-09T17:29').getTime() + 30_500);
    expect(addWorkingMinutes(shanghai, from, 1)).toEqual(new Date(sh('2026-03-10T09:00').getTime() + 30_500));
  });

  it('rejects negative or non-finite durations and invalid dates', () => {
    expect(() => add('2026-03-09T10:00', -1)).toThrow(expect.objectContaining({ messageKey: 'errors.calendar.badDuration' }));
    expect(() => add('2026-03-09T10:00', Number.NaN)).toThrow(AppError);
    expect(() => addWorkingDays(shanghai, sh('2026-03-09T10:00'), -2)).toThrow(AppError);
    expect(() => addWorkingMinutes(shanghai, new Date('nope'), 5)).toThrow(
      expect.objectContaining({ messageKey: 'errors.calendar.badInstant' }),
    );
  });
});

describe('nextWorkingDayStart', () => {
  it('is the first opening of a working day at or after `from`', () => {
    expect(nextWorkingDayStart(shanghai, sh('2026-03-09T09:00'))).toEqual(sh('2026-03-09T09:00'));
    expect(nextWorkingDayStart(shanghai, sh('2026-03-09T08:59'))).toEqual(sh('2026-03-09T09:00'));
    expect(nextWorkingDayStart(shanghai, sh('2026-03-09T10:15'))).toEqual(sh('2026-03-10T09:00'));
    expect(nextWorkingDayStart(shanghai, sh('2026-02-14T08:00'))).toEqual(sh('2026-02-14T09:00'));
    expect(nextWorkingDayStart(shanghai, sh('2026-02-14T10:00'))).toEqual(sh('2026-02-24T09:00'));
    expect(nextWorkingDayStart(shanghai, sh('2026-09-30T12:00'))).toEqual(sh('2026-10-08T09:00'));
  });
});

describe('time zones', () => {
  it('uses the calendar zone, not UTC, to pick the local day', () => {
    const fridayLateUtc = new Date('2026-03-06T23:30:00Z'); // Saturday 07:30 in Shanghai
    expect(localDate(fridayLateUtc, 'Asia/Shanghai')).toBe('2026-03-07');
    expect(localDate(fridayLateUtc, 'UTC')).toBe('2026-03-06');
    expect(addWorkingMinutes(shanghai, fridayLateUtc, 0).toISOString()).toBe('2026-03-09T01:00:00.000Z');
    expect(workingMinutesBetween(shanghai, fridayLateUtc, new Date('2026-03-09T01:00:00Z'))).toBe(0);
  });

  const newYork: WorkCalendar = {
    timezone: 'America/New_York',
    businessHours: [{ start: '09:00', end: '17:00' }],
    weekendDays: [0, 6],
    holidays: [],
    makeupWorkdays: [],
  };

  it('keeps local 09:00 openings across the US DST change (2026-03-08)', () => {
    const before = nextWorkingDayStart(newYork, new Date('2026-03-06T12:00:00Z'));
    const after = nextWorkingDayStart(newYork, new Date('2026-03-07T12:00:00Z'));
    expect(before.toISOString()).toBe('2026-03-06T14:00:00.000Z'); // 09:00 EST
    expect(after.toISOString()).toBe('2026-03-09T13:00:00.000Z'); // 09:00 EDT
    expect(before.getUTCHours()).not.toBe(after.getUTCHours());
    // Fri 16:00 EST + 2 h → Mon 10:00 EDT.
    expect(addWorkingMinutes(newYork, new Date('2026-03-06T21:00:00Z'), 120).toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(workingMinutesBetween(newYork, before, after)).toBe(480);
  });

  it('keeps local openings across the autumn change too (2026-11-01)', () => {
    expect(addWorkingMinutes(newYork, new Date('2026-10-30T20:00:00Z'), 120).toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('works in UTC, including a round-the-clock calendar', () => {
    const utc: WorkCalendar = { ...newYork, timezone: 'UTC' };
    expect(addWorkingMinutes(utc, new Date('2026-03-06T16:00:00Z'), 120).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    const allDay: WorkCalendar = { timezone: 'UTC', businessHours: [{ start: '00:00', end: '24:00' }], weekendDays: [], holidays: [], makeupWorkdays: [] };
    expect(workingMinutesPerDay(allDay)).toBe(1440);
    expect(addWorkingDays(allDay, new Date('2026-03-06T16:00:00Z'), 2).toISOString()).toBe('2026-03-08T16:00:00.000Z');
  });

  it('counts real elapsed time on the short DST day of a round-the-clock calendar', () => {
    const allDayNy: WorkCalendar = { timezone: 'America/New_York', businessHours: [{ start: '00:00', end: '24:00' }], weekendDays: [], holidays: [], makeupWorkdays: [] };
    const from = new Date('2026-03-07T17:00:00Z'); // Sat 12:00 EST
    expect(addWorkingMinutes(allDayNy, from, 1440).toISOString()).toBe('2026-03-08T17:00:00.000Z'); // Sun 13:00 EDT
  });
});

describe('wall times next to a DST jump', () => {
  const night = (start: string, end: string): WorkCalendar => ({
    timezone: 'America/New_York',
    businessHours: [{ start, end }],
    weekendDays: [],
    holidays: [],
    makeupWorkdays: [],
  });
  const day = (date: string, cal: WorkCalendar) =>
    workingMinutesBetween(cal, nextWorkingDayStart(cal, new Date(`${date}T00:00:00Z`)), addWorkingMinutes(cal, new Date(`${date}T23:00:00Z`), 0));

  it('measures the real length of periods on change days', () => {
    const cal = night('01:00', '04:00');
    expect(nextWorkingDayStart(cal, new Date('2026-03-08T00:00:00Z')).toISOString()).toBe('2026-03-08T06:00:00.000Z'); // 01:00 EST
    expect(day('2026-03-07', cal)).toBe(180);
    expect(day('2026-03-08', cal)).toBe(120); // 01:00 EST → 04:00 EDT
    expect(day('2026-11-01', cal)).toBe(240); // 01:00 EDT → 04:00 EST
  });

  it('moves a wall time that does not exist to after the jump, a repeated one to its first occurrence', () => {
    const skipped = night('02:30', '05:00');
    expect(nextWorkingDayStart(skipped, new Date('2026-03-08T00:00:00Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    const repeated = night('01:30', '05:00');
    expect(nextWorkingDayStart(repeated, new Date('2026-11-01T00:00:00Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
  });
});

describe('workingMinutesBetween', () => {
  it('is 0 when `to` is not after `from`', () => {
    expect(workingMinutesBetween(shanghai, sh('2026-03-09T10:00'), sh('2026-03-09T10:00'))).toBe(0);
    expect(workingMinutesBetween(shanghai, sh('2026-03-09T11:00'), sh('2026-03-09T10:00'))).toBe(0);
  });

  it('counts a holiday week right', () => {
    expect(workingMinutesBetween(shanghai, sh('2026-09-30T09:00'), sh('2026-10-09T09:00'))).toBe(900); // 09-30 + 10-08
    expect(workingMinutesBetween(shanghai, sh('2026-10-01T00:00'), sh('2026-10-08T00:00'))).toBe(0);
    expect(workingMinutesBetween(shanghai, sh('2026-02-13T00:00'), sh('2026-02-25T00:00'))).toBe(1350); // 13th, 14th, 24th
    expect(workingMinutesBetween(shanghai, sh('2026-03-09T11:30'), sh('2026-03-09T13:30'))).toBe(60);
  });

  it('is the inverse of addWorkingMinutes over many start points and budgets', () => {
    // Deterministic LCG so failures are reproducible.
    let seed = 20260213;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const jan1 = sh('2026-01-01T00:00').getTime();
    const budgets = [0, 1, 30, 89, 90, 179, 180, 181, 450, 451, 900, 1350, 4500];
    let checked = 0;
    for (let i = 0; i < 600; i++) {
      const from = new Date(jan1 + (next() % (360 * 24 * 60)) * 60_000); // any minute of 2026
      const n = i < budgets.length * 20 ? budgets[i % budgets.length]! : next() % 20_000;
      const due = addWorkingMinutes(shanghai, from, n);
      expect(workingMinutesBetween(shanghai, from, due)).toBe(n);
      expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime());
      checked++;
    }
    // Starting inside a period right before the Spring Festival and National Day.
    for (const start of ['2026-02-13T17:29', '2026-02-14T16:00', '2026-09-30T17:00', '2026-12-31T11:59']) {
      for (let n = 0; n <= 2000; n += 7) {
        expect(workingMinutesBetween(shanghai, sh(start), add(start, n))).toBe(n);
        checked++;
      }
    }
    expect(checked).toBe(600 + 4 * 286);
  });
});

describe('validateCalendar and calendars without working time', () => {
  it('accepts the Shanghai calendar', () => {
    expect(validateCalendar(shanghai)).toEqual([]);
  });

  it('reports bad times, reversed periods and overlaps', () => {
    const withHours = (businessHours: WorkCalendar['businessHours']) => validateCalendar({ ...shanghai, businessHours });
    expect(withHours([{ start: '9:00', end: '12:00' }])).toContain('errors.calendar.badTime');
    expect(withHours([{ start: '09:00', end: '25:00' }])).toContain('errors.calendar.badTime');
    expect(withHours([{ start: '09:00', end: '12:60' }])).toContain('errors.calendar.badTime');
    expect(withHours([{ start: '24:00', end: '24:00' }])).toContain('errors.calendar.badTime');
    expect(withHours([{ start: '12:00', end: '09:00' }])).toEqual(['errors.calendar.badPeriod']);
    expect(withHours([{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }])).toEqual(['errors.calendar.overlap']);
    expect(withHours([{ start: '13:00', end: '17:00' }, { start: '09:00', end: '13:30' }])).toEqual(['errors.calendar.overlap']);
    expect(withHours([{ start: '09:00', end: '12:00' }, { start: '12:00', end: '13:00' }])).toEqual([]);
  });

  it('reports unknown zones, bad days and a date that is both holiday and make-up day', () => {
    expect(validateCalendar({ ...shanghai, timezone: 'Mars/Olympus_Mons' })).toEqual(['errors.calendar.unknownTimezone']);
    expect(validateCalendar({ ...shanghai, timezone: '' })).toEqual(['errors.calendar.unknownTimezone']);
    expect(validateCalendar({ ...shanghai, weekendDays: [0, 7] })).toEqual(['errors.calendar.badWeekday']);
    expect(validateCalendar({ ...shanghai, holidays: ['2026-02-30'] })).toEqual(['errors.calendar.badDate']);
    expect(validateCalendar({ ...shanghai, makeupWorkdays: ['2026-10-01'] })).toEqual(['errors.calendar.dayOverlap']);
    expect(validateCalendar({ ...shanghai, businessHours: [] })).toEqual(['errors.calendar.noWorkingTime']);
    expect(validateCalendar({ ...shanghai, weekendDays: [0, 1, 2, 3, 4, 5, 6], makeupWorkdays: [] })).toEqual([
      'errors.calendar.noWorkingTime',
    ]);
  });

  it('refuses to compute on an invalid calendar', () => {
    const broken = { ...shanghai, timezone: 'Nowhere/Atlantis' };
    expect(() => addWorkingMinutes(broken, sh('2026-03-09T10:00'), 10)).toThrow(
      expect.objectContaining({ messageKey: 'errors.calendar.unknownTimezone' }),
    );
    expect(() => addWorkingMinutes({ ...shanghai, businessHours: [] }, sh('2026-03-09T10:00'), 10)).toThrow(AppError);
  });

  it('throws a plain Error instead of looping forever when no working day ever comes', () => {
    // Every day is a weekend; the only make-up day lies in the past, so validation passes.
    const never: WorkCalendar = { ...shanghai, weekendDays: [0, 1, 2, 3, 4, 5, 6], holidays: [], makeupWorkdays: ['2020-01-04'] };
    expect(validateCalendar(never)).toEqual([]);
    const from = sh('2026-03-09T10:00');
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return null;
    };
    for (const e of [attempt(() => addWorkingMinutes(never, from, 1)), attempt(() => nextWorkingDayStart(never, from))]) {
      expect(e).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(AppError);
      expect((e as Error).message).toMatch(/no working time/);
    }
    // Adding nothing still needs an opening to start from.
    expect(() => addWorkingMinutes(never, from, 0)).toThrow(/no working time/);
    // Elapsed time is bounded by [from, to) and needs no search.
    expect(workingMinutesBetween(never, from, sh('2026-04-09T10:00'))).toBe(0);
  });
});

describe('parseHolidaySchedule', () => {
  it('expands the real 2026 schedule', () => {
    const holidays = y2026.holidays;
    const springFestival = holidays.filter((h) => h.name === '春节').map((h) => h.date);
    expect(springFestival).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
      '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
    expect(holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(holidays[0]).toEqual({ date: '2026-01-01', name: '元旦' });
    expect(holidays.at(-1)).toEqual({ date: '2026-10-07', name: '国庆节' });
    expect(y2026.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y2026.year).toBe(2026);
  });

  it('returns every year, in order, without a year filter', () => {
    const result = parseHolidaySchedule(schedule);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.years.map((y) => y.year)).toEqual([2025, 2026]);
    const y2025 = result.years[0]!;
    expect(y2025.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(y2025.holidays.filter((h) => h.name === '国庆节、中秋节').at(-1)?.date).toBe('2025-10-08');
    expect(y2025.makeupWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  const withYear = (entry: unknown) => ({ years: { '2026': entry } });
  const errorsOf = (input: unknown, year?: number) => {
    const result = parseHolidaySchedule(input, year);
    return result.ok ? [] : result.errors;
  };

  it('rejects a bad shape', () => {
    for (const input of [
      null,
      [],
      'x',
      {},
      { years: [] },
      { years: {} },
      { about: 1, years: schedule.years },
      withYear({ off: 'x', workdays: [] }),
      withYear({ off: [{ name: '春节', from: '2026-02-15' }], workdays: [] }),
      withYear({ off: [{ name: '', from: '2026-02-15', to: '2026-02-16' }], workdays: [] }),
      withYear({ off: [], workdays: [20260214] }),
      { years: { '26': { off: [], workdays: [] } } },
    ]) {
      expect(errorsOf(input), JSON.stringify(input)).toEqual(['errors.calendar.importShape']);
    }
  });

  it('rejects dates that do not exist or lie outside their year', () => {
    expect(errorsOf(withYear({ off: [{ name: '春节', from: '2026-02-15', to: '2026-02-30' }], workdays: [] }))).toEqual([
      'errors.calendar.importDate',
    ]);
    expect(errorsOf(withYear({ off: [], workdays: ['2025-10-11'] }))).toEqual(['errors.calendar.importDate']);
    expect(errorsOf(withYear({ off: [], workdays: ['2026/02/14'] }))).toEqual(['errors.calendar.importDate']);
  });

  it('rejects a range that runs backwards', () => {
    expect(errorsOf(withYear({ off: [{ name: '春节', from: '2026-02-23', to: '2026-02-15' }], workdays: [] }))).toEqual([
      'errors.calendar.importRange',
    ]);
  });

  it('rejects a date that is both off and a workday, and duplicates', () => {
    expect(errorsOf(withYear({ off: [{ name: '春节', from: '2026-02-14', to: '2026-02-23' }], workdays: ['2026-02-14'] }))).toEqual([
      'errors.calendar.importOverlap',
    ]);
    const twice = [
      { name: '中秋节', from: '2026-09-25', to: '2026-10-01' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ];
    expect(errorsOf(withYear({ off: twice, workdays: [] }))).toEqual(['errors.calendar.importDuplicate']);
    expect(errorsOf(withYear({ off: [], workdays: ['2026-02-14', '2026-02-14'] }))).toEqual(['errors.calendar.importDuplicate']);
  });

  it('reports a requested year that the file lacks', () => {
    expect(errorsOf(schedule, 2027)).toEqual(['errors.calendar.importYearMissing']);
    const result = parseHolidaySchedule(schedule, 2025);
    expect(result.ok && result.years.map((y) => y.year)).toEqual([2025]);
  });
});
