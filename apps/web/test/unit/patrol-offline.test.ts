import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  backoffMs,
  checkInput,
  classifyAnswer,
  entriesToSend,
  isDue,
  isMine,
  splitQueue,
  type QueuedCheckEntry,
  type QueuedFindingEntry,
  type QueueEntry,
} from '../../app/lib/patrol-offline.ts';

const A = { userId: 'user-a', tenantId: 'tenant-1' };
const B = { userId: 'user-b', tenantId: 'tenant-1' };

const entry = (over: Partial<QueuedFindingEntry> = {}): QueuedFindingEntry => ({
  kind: 'finding',
  clientId: '6f1c2a4e-0b6d-4c55-9a53-3f0b8f1f2a11',
  owner: A,
  fields: { buildingId: 'b', floor: '3F', location: '', enterpriseId: null, category: 'fire_safety', tier: 'red', description: '通道堆物' },
  summary: '新虹大厦 · 3F',
  photos: [],
  queuedAt: '2026-12-07T08:00:00.000Z',
  attempts: 0,
  nextAttemptAt: '2026-12-07T08:00:00.000Z',
  refused: null,
  ...over,
});

const check = (over: Partial<QueuedCheckEntry> = {}): QueuedCheckEntry => ({
  kind: 'check',
  clientId: 'c-0000000001',
  owner: A,
  summary: '新虹大厦 3F · 消防通道 · 正常',
  photos: [],
  queuedAt: '2026-12-07T08:00:00.000Z',
  attempts: 0,
  nextAttemptAt: '2026-12-07T08:00:00.000Z',
  refused: null,
  roundId: 'r1',
  buildingId: 'b',
  floor: '3F',
  pointId: 'p1',
  result: 'ok',
  finding: null,
  ...over,
});

describe('the offline queue of patrol findings and round ticks', () => {
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

  it("sends only the signed-in person's entries in this tenant, oldest first; nobody signed in: none", () => {
    const now = new Date('2026-12-07T09:00:00.000Z');
    const list: QueueEntry[] = [
      check({ clientId: 'a-check-2', queuedAt: '2026-12-07T08:02:00.000Z' }),
      entry({ clientId: 'a-finding-1', queuedAt: '2026-12-07T08:01:00.000Z' }),
      entry({ clientId: 'b-finding', owner: B }),
      entry({ clientId: 'a-other-tenant', owner: { userId: 'user-a', tenantId: 'tenant-2' } }),
      entry({ clientId: 'a-refused', refused: 'no' }),
      entry({ clientId: 'a-later', nextAttemptAt: '2026-12-07T09:05:00.000Z' }),
    ];
    expect(entriesToSend(list, A, now).map((e) => e.clientId)).toEqual(['a-finding-1', 'a-check-2']);
    expect(entriesToSend(list, A, now, true).map((e) => e.clientId)).toEqual(['a-later', 'a-finding-1', 'a-check-2']);
    expect(entriesToSend(list, B, now).map((e) => e.clientId)).toEqual(['b-finding']);
    expect(entriesToSend(list, null, now, true)).toEqual([]);
  });

  it("holds what another account saved: listed apart, never as the signed-in person's", () => {
    const list: QueueEntry[] = [entry({ clientId: 'mine' }), entry({ clientId: 'theirs', owner: B }), entry({ clientId: 'mine-refused', refused: 'no' })];
    const { waiting, refused, held } = splitQueue(list, A);
    expect(waiting.map((e) => e.clientId)).toEqual(['mine']);
    expect(refused.map((e) => e.clientId)).toEqual(['mine-refused']);
    expect(held.map((e) => e.clientId)).toEqual(['theirs']);
    // An entry without an owner (an older copy of the queue) is nobody's: held, never sent.
    const ownerless = { ...entry({ clientId: 'old' }), owner: undefined } as unknown as QueueEntry;
    expect(isMine(ownerless, A)).toBe(false);
    expect(splitQueue([ownerless], A).held).toHaveLength(1);
  });

  it('sends a tick under its own client id, a finding made from it with its uploaded photos', () => {
    expect(checkInput(check(), ['f1'])).toEqual({ id: 'r1', buildingId: 'b', floor: '3F', pointId: 'p1', result: 'ok', clientId: 'c-0000000001' });
    const withFinding = check({ result: 'finding', finding: { category: 'fire_safety', tier: 'red', description: '通道堆物', location: '' } });
    expect(checkInput(withFinding, ['f1', 'f2'])).toEqual({
      id: 'r1',
      buildingId: 'b',
      floor: '3F',
      pointId: 'p1',
      result: 'finding',
      clientId: 'c-0000000001',
      finding: { category: 'fire_safety', tier: 'red', description: '通道堆物', photoFileIds: ['f1', 'f2'] },
    });
  });
});
