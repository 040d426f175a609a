import { describe, expect, it } from 'vitest';
import { defaultKpiTargets, presetOf, presetPeriod, targetTone } from '../src/index.ts';

describe('the dashboard period picker', () => {
  it('names each period around today, to its natural end', () => {
    const today = '2026-05-17';
    expect(presetPeriod('thisMonth', today)).toEqual({
      from: '2026-05-01',
      to: '2026-05-31',
    });
    expect(presetPeriod('lastMonth', today)).toEqual({
      from: '2026-04-01',
      to: '2026-04-30',
    });
    expect(presetPeriod('thisQuarter', today)).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(presetPeriod('thisYear', today)).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
    });
  });

  it('crosses the year and February correctly', () => {
    expect(presetPeriod('lastMonth', '2026-01-09')).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
    expect(presetPeriod('lastMonth', '2024-03-31')).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(presetPeriod('thisQuarter', '2026-12-31')).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(presetPeriod('thisQuarter', '2026-01-01')).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(presetPeriod('thisMonth', '2026-02-14')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('recognises a named period from its dates, and a custom one as none', () => {
    expect(presetOf({ from: '2026-04-01', to: '2026-04-30' }, '2026-05-17')).toBe('lastMonth');
    expect(presetOf({ from: '2026-01-01', to: '2026-12-31' }, '2026-05-17')).toBe('thisYear');
    expect(presetOf({ from: '2026-04-02', to: '2026-04-30' }, '2026-05-17')).toBeNull();
  });
});

describe('a rate against its target', () => {
  it('the defaults are the ones the subdistrict is held to', () => {
    expect(defaultKpiTargets).toEqual({
      firstContact: 0.95,
      resolution: 0.9,
      onTime: 0.98,
      satisfaction: 0.85,
      redo: 0.05,
      returned: 0.05,
    });
  });

  it('meets it at or above, is near within 5 points, below otherwise, none without a rate', () => {
    expect(targetTone(19 / 20, 0.95)).toBe('met');
    expect(targetTone(0.977, 0.95)).toBe('met');
    expect(targetTone(0.9499, 0.95)).toBe('near');
    expect(targetTone(0.9, 0.95)).toBe('near');
    expect(targetTone(0.8999, 0.95)).toBe('below');
    expect(targetTone(0, 0.85)).toBe('below');
    expect(targetTone(null, 0.95)).toBe('none');
  });
});
