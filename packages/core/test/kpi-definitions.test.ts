import { describe, expect, it } from 'vitest';
import { eventCells, itemCells, kpiFigure, rateChange, sumCells, type KpiItemFacts } from '../src/index.ts';

const tz = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

/** A consultation received 2026-03-02 09:00, contacted and resolved in time, confirmed by the requester. */
const base: KpiItemFacts = {
  status: 'visited',
  createdAt: at('2026-03-02T09:00:00'),
  closedAt: null,
  firstContactAt: at('2026-03-02T10:00:00'),
  firstContactDueAt: at('2026-03-02T13:00:00'),
  resolutionDueAt: at('2026-03-05T09:00:00'),
  resolvedAt: at('2026-03-04T16:00:00'),
  resolvedOk: true,
  requesterConfirmed: true,
  redoCount: 0,
  rectificationDueAt: null,
  rectifiedAt: null,
  extended: false,
};

const cell = (item: KpiItemFacts, metric: string) => itemCells(item, tz).filter((c) => c.metric === metric);

describe('KPI cells of one item', () => {
  it('a good item scores in every rate, each on the day of the event it counts', () => {
    expect(itemCells(base, tz)).toEqual([
      { metric: 'firstContact', day: '2026-03-02', numerator: 1, denominator: 1 },
      { metric: 'onTime', day: '2026-03-05', numerator: 1, denominator: 1 },
      { metric: 'extension', day: '2026-03-05', numerator: 0, denominator: 1 },
      { metric: 'resolution', day: '2026-03-04', numerator: 1, denominator: 1 },
      { metric: 'resolutionDeclared', day: '2026-03-04', numerator: 1, denominator: 1 },
      { metric: 'redo', day: '2026-03-04', numerator: 0, denominator: 1 },
      { metric: 'returned', day: '2026-03-02', numerator: 0, denominator: 1 },
    ]);
  });

  it('days are local: a window ending 23:30 Shanghai time on the 31st counts on the 31st, not in April (UTC)', () => {
    const item = { ...base, firstContactDueAt: at('2026-03-31T23:30:00'), firstContactAt: at('2026-04-01T08:00:00') };
    expect(cell(item, 'firstContact')).toEqual([{ metric: 'firstContact', day: '2026-03-31', numerator: 0, denominator: 1 }]);
  });

  it('contact exactly at the end of the window is within it; a minute later is not; never contacted is not', () => {
    expect(cell({ ...base, firstContactAt: base.firstContactDueAt }, 'firstContact')[0]!.numerator).toBe(1);
    expect(cell({ ...base, firstContactAt: at('2026-03-02T13:01:00') }, 'firstContact')[0]!.numerator).toBe(0);
    expect(cell({ ...base, status: 'in_progress', firstContactAt: null, resolvedAt: null }, 'firstContact')[0]).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('an item still open counts as due (not on time) on its due day, and in no resolution figure', () => {
    const open = { ...base, status: 'in_progress', resolvedAt: null, requesterConfirmed: null, resolvedOk: null };
    expect(cell(open, 'onTime')).toEqual([{ metric: 'onTime', day: '2026-03-05', numerator: 0, denominator: 1 }]);
    expect(cell(open, 'resolution')).toEqual([]);
    expect(cell(open, 'redo')).toEqual([]);
  });

  it('on time is measured against the due time the item has now: waited or extended, the later one', () => {
    // Waiting pushed the due time from the 5th to the 9th; resolved on the 6th: on time, due on the 9th.
    const waited = { ...base, resolutionDueAt: at('2026-03-09T09:00:00'), resolvedAt: at('2026-03-06T10:00:00') };
    expect(cell(waited, 'onTime')).toEqual([{ metric: 'onTime', day: '2026-03-09', numerator: 1, denominator: 1 }]);
    const extended = { ...waited, extended: true };
    expect(cell(extended, 'extension')).toEqual([{ metric: 'extension', day: '2026-03-09', numerator: 1, denominator: 1 }]);
    // Resolved after the (final) due time: late.
    expect(cell({ ...base, resolvedAt: at('2026-03-05T09:01:00') }, 'onTime')[0]!.numerator).toBe(0);
  });

  it("resolution: the requester's confirmation and the handler's verdict are two figures over the same items", () => {
    const unconfirmed = { ...base, status: 'resolved', requesterConfirmed: null };
    expect(cell(unconfirmed, 'resolution')[0]).toMatchObject({ numerator: 0, denominator: 1 });
    expect(cell(unconfirmed, 'resolutionDeclared')[0]).toMatchObject({ numerator: 1, denominator: 1 });
    const declaredUnsolved = { ...base, resolvedOk: false };
    expect(cell(declaredUnsolved, 'resolution')[0]).toMatchObject({ numerator: 1 });
    expect(cell(declaredUnsolved, 'resolutionDeclared')[0]).toMatchObject({ numerator: 0 });
  });

  it('an item sent back (重办) leaves its old resolution and counts when resolved again, as redone', () => {
    const sentBack = { ...base, status: 'in_progress', requesterConfirmed: false, redoCount: 1, rectificationDueAt: at('2026-03-10T09:00:00') };
    expect(cell(sentBack, 'resolution')).toEqual([]);
    expect(cell(sentBack, 'rectification')).toEqual([{ metric: 'rectification', day: '2026-03-10', numerator: 0, denominator: 1 }]);
    // Resolving it again is its rectification (整改完成 at the resolution).
    const redone = { ...sentBack, status: 'visited', requesterConfirmed: true, resolvedAt: at('2026-03-09T15:00:00'), rectifiedAt: at('2026-03-09T15:00:00') };
    expect(cell(redone, 'resolution')).toEqual([{ metric: 'resolution', day: '2026-03-09', numerator: 1, denominator: 1 }]);
    expect(cell(redone, 'redo')).toEqual([{ metric: 'redo', day: '2026-03-09', numerator: 1, denominator: 1 }]);
    expect(cell(redone, 'rectification')[0]!.numerator).toBe(1);
    // Resolved again, but after its original deadline: late.
    expect(cell(redone, 'onTime')[0]!.numerator).toBe(0);
  });

  it('a rectification counts as done by its deadline only once marked (整改完成), however the item stands', () => {
    // 不满意 without rework: the loop closed unconfirmed, the item resolved long before — still owed.
    const owed = { ...base, requesterConfirmed: false, rectificationDueAt: at('2026-03-12T09:00:00') };
    expect(cell(owed, 'rectification')).toEqual([{ metric: 'rectification', day: '2026-03-12', numerator: 0, denominator: 1 }]);
    expect(cell({ ...owed, rectifiedAt: at('2026-03-11T17:00:00') }, 'rectification')[0]!.numerator).toBe(1);
    expect(cell({ ...owed, rectifiedAt: at('2026-03-12T09:00:00') }, 'rectification')[0]!.numerator).toBe(1);
    // Done, but after the deadline: late.
    expect(cell({ ...owed, rectifiedAt: at('2026-03-12T09:01:00') }, 'rectification')[0]!.numerator).toBe(0);
  });

  it('a withdrawn request owes no resolution, and no contact if withdrawn before its window ended', () => {
    const early = { ...base, status: 'closed', closedAt: at('2026-03-02T11:00:00'), firstContactAt: null, resolvedAt: null };
    expect(itemCells(early, tz).map((c) => c.metric)).toEqual(['returned']);
    const late = { ...early, closedAt: at('2026-03-03T11:00:00') };
    expect(itemCells(late, tz).map((c) => c.metric)).toEqual(['firstContact', 'returned']);
    expect(cell(late, 'firstContact')[0]!.numerator).toBe(0);
  });

  it('items without due times (none set) add no first-contact or on-time cell', () => {
    const none = { ...base, firstContactDueAt: null, resolutionDueAt: null };
    expect(itemCells(none, tz).map((c) => c.metric)).toEqual(['resolution', 'resolutionDeclared', 'redo', 'returned']);
  });
});

describe('KPI cells of a history line', () => {
  it('every rating counts on the day it was given, in the total and in its channel', () => {
    expect(eventCells({ action: 'visit', at: at('2026-03-06T10:00:00'), rating: 'basically_satisfied', source: 'phone' }, tz)).toEqual([
      { metric: 'satisfaction', day: '2026-03-06', numerator: 1, denominator: 1 },
      { metric: 'satisfactionPhone', day: '2026-03-06', numerator: 1, denominator: 1 },
    ]);
    expect(eventCells({ action: 'redo', at: at('2026-03-06T10:00:00'), rating: 'dissatisfied', source: 'portal' }, tz)).toEqual([
      { metric: 'satisfaction', day: '2026-03-06', numerator: 0, denominator: 1 },
      { metric: 'satisfactionPortal', day: '2026-03-06', numerator: 0, denominator: 1 },
    ]);
  });

  it('a visit or redo without a rating, and other lines, count nothing; a return counts in the returned numerator', () => {
    expect(eventCells({ action: 'visit', at: at('2026-03-06T10:00:00'), rating: null, source: null }, tz)).toEqual([]);
    expect(eventCells({ action: 'redo', at: at('2026-03-06T10:00:00'), rating: null, source: null }, tz)).toEqual([]);
    expect(eventCells({ action: 'resolve', at: at('2026-03-06T10:00:00'), rating: null, source: null }, tz)).toEqual([]);
    expect(eventCells({ action: 'return', at: at('2026-03-06T10:00:00'), rating: null, source: null }, tz)).toEqual([
      { metric: 'returned', day: '2026-03-06', numerator: 1, denominator: 0 },
    ]);
  });
});

describe('figures', () => {
  it('sums cells per metric, every metric present, and a rate only over something counted', () => {
    const rated = [
      ...eventCells({ action: 'visit', at: at('2026-03-06T10:00:00'), rating: 'satisfied', source: 'portal' }, tz),
      ...eventCells({ action: 'redo', at: at('2026-03-07T10:00:00'), rating: 'very_dissatisfied', source: 'phone' }, tz),
      ...eventCells({ action: 'visit', at: at('2026-03-08T10:00:00'), rating: 'very_satisfied', source: 'phone' }, tz),
    ];
    const f = sumCells([...rated, ...itemCells(base, tz)]);
    expect(f.satisfaction).toEqual({ numerator: 2, denominator: 3, rate: 2 / 3 });
    expect(f.satisfactionPhone).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(f.satisfactionPortal).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(f.rectification).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(f.firstContact.rate).toBe(1);
  });

  it('change against a comparison period is in percentage points, none when either side has no rate', () => {
    expect(rateChange(kpiFigure(875, 1000), kpiFigure(7472, 10000))).toBeCloseTo(12.78, 10);
    expect(rateChange(kpiFigure(1, 2), kpiFigure(0, 0))).toBeNull();
  });
});
