import { describe, expect, it } from 'vitest';
import {
  defaultBusinessHours,
  durationFigure,
  hoursToFirstContact,
  hoursToResolution,
  monthsOf,
  percentile,
  periodBefore,
  periodDays,
  yearBefore,
  type WorkCalendar,
} from '../src/index.ts';

describe('comparison periods', () => {
  it('同比 is the same dates a year before; a period ending on a month end ends on that month end', () => {
    expect(yearBefore({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(yearBefore({ from: '2025-02-01', to: '2025-02-28' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(yearBefore({ from: '2024-02-29', to: '2024-03-10' })).toEqual({ from: '2023-02-28', to: '2023-03-10' });
  });

  it('环比 of whole months is the months before; of other spans the as-many days before', () => {
    expect(periodBefore({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodBefore({ from: '2026-04-01', to: '2026-06-30' })).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodBefore({ from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodBefore({ from: '2026-03-10', to: '2026-03-16' })).toEqual({ from: '2026-03-03', to: '2026-03-09' });
    expect(periodDays({ from: '2026-03-10', to: '2026-03-16' })).toBe(7);
  });

  it("the trend's months are clipped to the period", () => {
    expect(monthsOf({ from: '2025-12-15', to: '2026-02-10' })).toEqual([
      { month: '2025-12', from: '2025-12-15', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-10' },
    ]);
    expect(monthsOf({ from: '2026-03-05', to: '2026-03-05' })).toEqual([{ month: '2026-03', from: '2026-03-05', to: '2026-03-05' }]);
  });
});

describe('durations in working hours', () => {
  const cal: WorkCalendar = { timezone: 'Asia/Shanghai', businessHours: defaultBusinessHours, weekendDays: [0, 6], holidays: [], makeupWorkdays: [] };
  const at = (local: string) => new Date(`${local}+08:00`);

  it('counts only working time; the paused (waiting) time comes off the resolution', () => {
    // Friday 16:00 → Monday 10:00: 1.5 h Friday (to 17:30) + 1 h Monday (from 09:00).
    const item = { createdAt: at('2026-03-06T16:00:00'), firstContactAt: at('2026-03-09T10:00:00'), resolvedAt: at('2026-03-09T11:00:00'), pausedMinutes: 30 };
    expect(hoursToFirstContact(cal, item)).toBe(2.5);
    expect(hoursToResolution(cal, item)).toBe(3);
    expect(hoursToFirstContact(cal, { ...item, firstContactAt: null })).toBeNull();
    expect(hoursToResolution(cal, { ...item, resolvedAt: null })).toBeNull();
  });

  it('median and p90 as percentile_cont computes them', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(durationFigure([5])).toEqual({ count: 1, medianHours: 5, p90Hours: 5 });
  });
});
