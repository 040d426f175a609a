import { describe, expect, it } from 'vitest';
import { countChange, reportPeriods, reportYears } from '../src/index.ts';

describe('the year report', () => {
  it('covers a past year whole, compared with the whole year before', () => {
    expect(reportPeriods(2025, '2026-03-14')).toEqual({
      period: { from: '2025-01-01', to: '2025-12-31' },
      yearBefore: { from: '2024-01-01', to: '2024-12-31' },
      partial: false,
    });
    expect(reportPeriods(2025, '2025-12-31')?.partial).toBe(false);
  });

  it('covers the year under way up to today, compared with the same dates a year before', () => {
    expect(reportPeriods(2026, '2026-03-14')).toEqual({
      period: { from: '2026-01-01', to: '2026-03-14' },
      yearBefore: { from: '2025-01-01', to: '2025-03-14' },
      partial: true,
    });
    // 29 February compares with the 28th.
    expect(reportPeriods(2028, '2028-02-29')?.yearBefore).toEqual({ from: '2027-01-01', to: '2027-02-28' });
    expect(reportPeriods(2026, '2026-01-01')?.period).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });

  it('has no period for a year not yet begun', () => {
    expect(reportPeriods(2027, '2026-12-31')).toBeNull();
  });

  it("offers this year and the nine before; a count's 同比 in percent, none from nothing", () => {
    expect(reportYears('2026-05-01')).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017]);
    expect(reportYears('2001-05-01', 3)).toEqual([2001, 2000]);
    expect(countChange(3082, 2740)).toBeCloseTo(12.4817, 3);
    expect(countChange(0, 5)).toBe(-100);
    expect(countChange(4, 0)).toBeNull();
    expect(countChange(0, 0)).toBeNull();
  });
});
