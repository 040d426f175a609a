import { describe, expect, it } from 'vitest';
import { addSlaTime, clockMinutesBetween, defaultBusinessHours, dueTimes, rectificationDueAt, shiftByClock, defaultSlaPolicies, type WorkCalendar } from '../src/index.ts';

// 2026 official schedule: 春节 02-15..02-23 off, 02-14 (Sat) and 02-28 (Sat) make-up working days.
const cal: WorkCalendar = {
  timezone: 'Asia/Shanghai',
  businessHours: defaultBusinessHours,
  weekendDays: [0, 6],
  holidays: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'],
  makeupWorkdays: ['2026-02-14', '2026-02-28'],
};
const at = (local: string) => new Date(`${local}+08:00`);

describe('SLA limits', () => {
  it('a consultation created the Friday before Spring Festival counts the make-up Saturday and skips the holiday', () => {
    const due = dueTimes(cal, defaultSlaPolicies.consultation.normal, at('2026-02-13T10:00:00'));
    // 3 working days: Fri 13 → Sat 14 (make-up) → [15–23 off] → Tue 24 → Wed 25, 10:00.
    expect(due.resolutionDueAt.toISOString()).toBe(at('2026-02-25T10:00:00').toISOString());
    // First contact: 4 working hours from 10:00 Friday = 15:00 Friday (lunch 12–13 excluded).
    expect(due.firstContactDueAt.toISOString()).toBe(at('2026-02-13T15:00:00').toISOString());
  });

  it('urgent items are due at close of business the same working day, or of the next one after hours', () => {
    expect(addSlaTime(cal, at('2026-02-13T10:00:00'), { value: 1, unit: 'same_working_day' }).toISOString()).toBe(at('2026-02-13T17:30:00').toISOString());
    // Friday evening → next working day is the make-up Saturday.
    expect(addSlaTime(cal, at('2026-02-13T19:00:00'), { value: 1, unit: 'same_working_day' }).toISOString()).toBe(at('2026-02-14T17:30:00').toISOString());
    // Saturday 14 evening → the holiday week is skipped entirely.
    expect(addSlaTime(cal, at('2026-02-14T18:00:00'), { value: 1, unit: 'same_working_day' }).toISOString()).toBe(at('2026-02-24T17:30:00').toISOString());
  });

  it('calendar units ignore the calendar (patrol tiers, dispute days)', () => {
    expect(addSlaTime(cal, at('2026-02-15T10:00:00'), { value: 2, unit: 'calendar_hours' }).toISOString()).toBe(at('2026-02-15T12:00:00').toISOString());
    expect(addSlaTime(cal, at('2026-02-01T10:00:00'), { value: 30, unit: 'calendar_days' }).toISOString()).toBe(at('2026-03-03T10:00:00').toISOString());
  });

  it('waiting pushes the resolution back by the working time spent waiting, not the wall time', () => {
    const created = at('2026-02-12T09:00:00');
    const base = dueTimes(cal, defaultSlaPolicies.consultation.normal, created).resolutionDueAt;
    // Waiting from Friday 16:00 to Tuesday 24 10:00: 1.5 h Fri + 7.5 h Sat + 1 h Tue = 600 working minutes.
    const paused = clockMinutesBetween(cal, 'working_days', at('2026-02-13T16:00:00'), at('2026-02-24T10:00:00'));
    expect(paused).toBe(600);
    const moved = dueTimes(cal, defaultSlaPolicies.consultation.normal, created, { pausedMinutes: paused }).resolutionDueAt;
    expect(moved.toISOString()).toBe(shiftByClock(cal, 'working_days', base, 600).toISOString());
    expect(moved > base).toBe(true);
  });

  it('an approved extension replaces the resolution due time', () => {
    const ext = at('2026-03-10T17:30:00');
    expect(dueTimes(cal, defaultSlaPolicies.consultation.normal, at('2026-02-13T10:00:00'), { pausedMinutes: 999, extensionDueAt: ext }).resolutionDueAt).toBe(ext);
  });

  it('every kind and priority has a policy', () => {
    for (const kind of ['consultation', 'agency', 'dispute', 'patrol'] as const) {
      for (const p of ['urgent', 'normal', 'low'] as const) {
        const d = dueTimes(cal, defaultSlaPolicies[kind][p], at('2026-03-02T10:00:00'));
        expect(d.resolutionDueAt > at('2026-03-02T10:00:00')).toBe(true);
        expect(d.firstContactDueAt <= d.resolutionDueAt || kind === 'patrol').toBe(true);
      }
    }
  });
});

describe('the rectification rule (整改 / 重办)', () => {
  it('an item sent back is due again within its own resolution limit, counted from the reopening — never its old deadline', () => {
    const created = at('2026-02-02T10:00:00');
    const old = dueTimes(cal, defaultSlaPolicies.consultation.normal, created).resolutionDueAt;
    // Rated 不满意 on Thursday 12 at 16:00, long after the first deadline (Thu 5, 10:00).
    const reopened = at('2026-02-12T16:00:00');
    const due = rectificationDueAt(cal, defaultSlaPolicies.consultation.normal, reopened);
    expect(due > reopened && due > old).toBe(true);
    // 3 working days: Fri 13 → Sat 14 (make-up) → [15–23 off] → Tue 24, 16:00.
    expect(due.toISOString()).toBe(at('2026-02-24T16:00:00').toISOString());
    // Each kind and priority by its own limit: an urgent one by close of business, a dispute in 30 days.
    expect(rectificationDueAt(cal, defaultSlaPolicies.consultation.urgent, reopened).toISOString()).toBe(at('2026-02-12T17:30:00').toISOString());
    expect(rectificationDueAt(cal, defaultSlaPolicies.dispute.normal, reopened).toISOString()).toBe(at('2026-03-14T16:00:00').toISOString());
  });
});
