import { describe, expect, it } from 'vitest';
import { awaitingVisitStatus, markRectifiedRefusal, mondayOf, rectificationOpen, rectificationState, resolveRectifies, weekBefore, workItemStatuses, type RectificationFacts } from '../src/index.ts';

const at = (local: string) => new Date(`${local}+08:00`);
/** 不满意 without rework: the loop closed (visited), a rectification owed by 12 March 09:00. */
const owed: RectificationFacts = { status: 'visited', rectificationDueAt: at('2026-03-12T09:00:00'), rectifiedAt: null };

describe('整改: where a rectification stands', () => {
  it('none without a deadline; open, then overdue past it; done once marked, whenever that was', () => {
    expect(rectificationState({ ...owed, rectificationDueAt: null }, at('2026-03-10T09:00:00'))).toBe('none');
    expect(rectificationState(owed, at('2026-03-12T09:00:00'))).toBe('open');
    expect(rectificationState(owed, at('2026-03-12T09:00:01'))).toBe('overdue');
    expect(rectificationState({ ...owed, rectifiedAt: at('2026-03-20T09:00:00') }, at('2026-03-30T09:00:00'))).toBe('done');
    expect(rectificationOpen(owed)).toBe(true);
    expect(rectificationOpen({ ...owed, rectifiedAt: at('2026-03-11T09:00:00') })).toBe(false);
    expect(rectificationOpen({ ...owed, rectificationDueAt: null })).toBe(false);
  });

  it('staff mark one done only when it is owed, once, and not beside a rework', () => {
    expect(markRectifiedRefusal(owed)).toBeNull();
    expect(markRectifiedRefusal({ ...owed, status: 'closed' })).toBeNull();
    const refused = (f: RectificationFacts) => {
      const e = markRectifiedRefusal(f);
      return e && [e.code, e.messageKey];
    };
    expect(refused({ ...owed, rectificationDueAt: null })).toEqual(['CONFLICT', 'errors.visit.noRectification']);
    expect(refused({ ...owed, rectifiedAt: at('2026-03-11T09:00:00') })).toEqual(['CONFLICT', 'errors.visit.alreadyRectified']);
    // 重办: back in progress — resolving it again is the rectification.
    expect(refused({ ...owed, status: 'in_progress' })).toEqual(['CONFLICT', 'errors.visit.rectificationInRework']);
    expect(refused({ ...owed, status: 'waiting' })).toEqual(['CONFLICT', 'errors.visit.rectificationInRework']);
  });

  it('resolving an item with a rectification owed does it; with none owed, or one done, nothing', () => {
    expect(resolveRectifies(owed)).toBe(true);
    expect(resolveRectifies({ ...owed, rectifiedAt: at('2026-03-11T09:00:00') })).toBe(false);
    expect(resolveRectifies({ ...owed, rectificationDueAt: null })).toBe(false);
  });

  it('回访 waits on resolved items only', () => {
    expect(workItemStatuses).toContain(awaitingVisitStatus);
    expect(awaitingVisitStatus).toBe('resolved');
  });
});

describe('the weekly summary’s week', () => {
  it('is Monday to Sunday before the week of today, across months and years', () => {
    expect(weekBefore('2026-03-09')).toEqual({ from: '2026-03-02', to: '2026-03-08' }); // a Monday
    expect(weekBefore('2026-03-15')).toEqual({ from: '2026-03-02', to: '2026-03-08' }); // its Sunday
    expect(weekBefore('2026-03-16')).toEqual({ from: '2026-03-09', to: '2026-03-15' });
    expect(weekBefore('2026-01-01')).toEqual({ from: '2025-12-22', to: '2025-12-28' }); // a Thursday
    expect(mondayOf('2026-03-01')).toBe('2026-02-23'); // a Sunday
  });
});
