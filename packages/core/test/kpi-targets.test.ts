import { describe, expect, it } from 'vitest';
import { defaultKpiTargets, kpiTargetIssues, metricTone, targetBasisPoints, targetTone } from '../src/index.ts';

describe('a rate against a ceiling (重办率, 退单率)', () => {
  it('meets it at or below, is near within 5 points above, below (short) further up', () => {
    expect(targetTone(1 / 20, 0.05, 'ceiling')).toBe('met');
    expect(targetTone(0, 0.05, 'ceiling')).toBe('met');
    expect(targetTone(0.0501, 0.05, 'ceiling')).toBe('near');
    expect(targetTone(0.1, 0.05, 'ceiling')).toBe('near');
    expect(targetTone(0.1001, 0.05, 'ceiling')).toBe('below');
    expect(targetTone(null, 0.05, 'ceiling')).toBe('none');
  });

  it('a metric takes its own kind of target; one without a target has no tone', () => {
    const targets = { ...defaultKpiTargets, firstContact: 0.99, redo: 0.02 };
    expect(metricTone('firstContact', 0.97, defaultKpiTargets)).toBe('met');
    expect(metricTone('firstContact', 0.97, targets)).toBe('near');
    expect(metricTone('redo', 0.03, defaultKpiTargets)).toBe('met');
    expect(metricTone('redo', 0.03, targets)).toBe('near');
    expect(metricTone('extension', 0.5, targets)).toBeNull();
  });
});

describe('targets a manager enters', () => {
  it('the defaults pass', () => {
    expect(kpiTargetIssues(defaultKpiTargets)).toEqual([]);
  });

  it('a floor lies in (0, 100 %], a ceiling in [0, 100 %)', () => {
    expect(kpiTargetIssues({ ...defaultKpiTargets, onTime: 1, redo: 0 })).toEqual([]);
    expect(kpiTargetIssues({ ...defaultKpiTargets, onTime: 0 })).toEqual([{ path: 'onTime', key: 'errors.kpiTargets.floorRange' }]);
    expect(kpiTargetIssues({ ...defaultKpiTargets, satisfaction: 1.01 })).toEqual([{ path: 'satisfaction', key: 'errors.kpiTargets.floorRange' }]);
    expect(kpiTargetIssues({ ...defaultKpiTargets, returned: 1 })).toEqual([{ path: 'returned', key: 'errors.kpiTargets.ceilingRange' }]);
    expect(kpiTargetIssues({ ...defaultKpiTargets, redo: -0.01 })).toEqual([{ path: 'redo', key: 'errors.kpiTargets.ceilingRange' }]);
  });

  it('at most two decimals in per cent; a missing or non-numeric target is named', () => {
    expect(kpiTargetIssues({ ...defaultKpiTargets, resolution: 92.13 / 100 })).toEqual([]);
    expect(targetBasisPoints(92.13 / 100)).toBe(9213);
    expect(kpiTargetIssues({ ...defaultKpiTargets, resolution: 0.92131 })).toEqual([{ path: 'resolution', key: 'errors.kpiTargets.tooPrecise' }]);
    const { firstContact: _, ...missing } = defaultKpiTargets;
    expect(kpiTargetIssues({ ...missing, onTime: Number.NaN })).toEqual([
      { path: 'firstContact', key: 'errors.kpiTargets.notANumber' },
      { path: 'onTime', key: 'errors.kpiTargets.notANumber' },
    ]);
    expect(kpiTargetIssues(null)).toHaveLength(6);
  });
});
