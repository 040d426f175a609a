import { describe, expect, it } from 'vitest';
import { generationRange } from '../src/patrol-rounds/schedule.ts';

describe('generationRange after a suspension', () => {
  it('picks up from the day of resumption: the suspended days get no rounds', () => {
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-02' }, '2026-10-08', '2026-10-07')).toEqual({ from: '2026-10-07', to: '2026-10-08' });
  });

  it('changes nothing once the plan is generated past the resumption, or without one', () => {
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-07' }, '2026-10-08', '2026-10-01')).toEqual({ from: '2026-10-08', to: '2026-10-08' });
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-05' }, '2026-10-08', null)).toEqual({ from: '2026-10-06', to: '2026-10-08' });
    expect(generationRange({ startsOn: '2026-09-01', generatedThrough: '2026-10-08' }, '2026-10-08', '2026-10-08')).toBeNull();
  });

  it('a plan starting after the resumption still starts on its own first day', () => {
    expect(generationRange({ startsOn: '2026-10-10', generatedThrough: null }, '2026-10-12', '2026-10-07')).toEqual({ from: '2026-10-10', to: '2026-10-12' });
  });
});
