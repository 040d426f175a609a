import { describe, expect, it } from 'vitest';
import { afterAttempt, backoffMs, classifyAnswer, isDue, type QueuedFindingEntry } from '../../app/lib/patrol-offline.ts';

const entry = (over: Partial<QueuedFindingEntry> = {}): QueuedFindingEntry => ({
  clientId: '6f1c2a4e-0b6d-4c55-9a53-3f0b8f1f2a11',
  fields: { buildingId: 'b', floor: '3F', location: '', enterpriseId: null, category: 'fire_safety', tier: 'red', description: '通道堆物' },
  summary: '新虹大厦 · 3F',
  photos: [],
  queuedAt: '2026-12-07T08:00:00.000Z',
  attempts: 0,
  nextAttemptAt: '2026-12-07T08:00:00.000Z',
  refused: null,
  ...over,
});

describe('the offline queue of patrol findings', () => {
  it('takes 2xx as done, a 4xx refusal as final with its reason, the rest as worth retrying', () => {
    expect(classifyAnswer(200)).toEqual({ kind: 'done' });
    expect(classifyAnswer(null)).toEqual({ kind: 'retry' });
    for (const s of [401, 408, 429, 500, 502, 503]) expect(classifyAnswer(s, 'x')).toEqual({ kind: 'retry' });
    expect(classifyAnswer(400, '该楼宇没有此楼层')).toEqual({ kind: 'refused', message: '该楼宇没有此楼层' });
    expect(classifyAnswer(403, '')).toEqual({ kind: 'refused', message: 'HTTP 403' });
  });

  it('backs off exponentially from 5 s up to 5 minutes', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(20)).toBe(300_000);
  });

  it('drops an entry only when the server answered it, keeps a refusal for the person and schedules a retry', () => {
    const now = new Date('2026-12-07T09:00:00.000Z');
    expect(afterAttempt(entry(), { kind: 'done' }, now)).toBeNull();
    expect(afterAttempt(entry(), { kind: 'refused', message: 'no' }, now)?.refused).toBe('no');
    const retried = afterAttempt(entry({ attempts: 1 }), { kind: 'retry' }, now)!;
    expect(retried.attempts).toBe(2);
    expect(retried.nextAttemptAt).toBe('2026-12-07T09:00:10.000Z');
    expect(retried.clientId).toBe(entry().clientId);
  });

  it('tries an entry when its time has come or when forced, never a refused one', () => {
    const now = new Date('2026-12-07T09:00:00.000Z');
    expect(isDue(entry({ nextAttemptAt: '2026-12-07T09:00:00.000Z' }), now)).toBe(true);
    expect(isDue(entry({ nextAttemptAt: '2026-12-07T09:01:00.000Z' }), now)).toBe(false);
    expect(isDue(entry({ nextAttemptAt: '2026-12-07T09:01:00.000Z' }), now, true)).toBe(true);
    expect(isDue(entry({ refused: 'no' }), now, true)).toBe(false);
  });
});
