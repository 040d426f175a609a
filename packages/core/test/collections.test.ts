import { describe, expect, it } from 'vitest';
import { deepFreeze, groupBy } from '../src/collections.ts';

describe('groupBy', () => {
  it('groups by key in first-seen key order, each group in item order, holding what valueOf picks', () => {
    const rows = [
      { t: 'b', id: 1 },
      { t: 'a', id: 2 },
      { t: 'b', id: 3 },
    ];
    expect([...groupBy(rows, (r) => r.t)]).toEqual([
      ['b', [rows[0], rows[2]]],
      ['a', [rows[1]]],
    ]);
    expect([...groupBy(rows, (r) => r.t, (r) => r.id)]).toEqual([
      ['b', [1, 3]],
      ['a', [2]],
    ]);
    expect(groupBy([], (r: { t: string }) => r.t).size).toBe(0);
  });
});

describe('deepFreeze', () => {
  it('freezes the value and everything inside it, and hands the same value back', () => {
    const page = { items: [{ id: 'a', tags: ['x'] }], nextCursor: null };
    expect(deepFreeze(page)).toBe(page);
    expect(Object.isFrozen(page)).toBe(true);
    expect(Object.isFrozen(page.items)).toBe(true);
    expect(Object.isFrozen(page.items[0])).toBe(true);
    expect(Object.isFrozen(page.items[0]!.tags)).toBe(true);
    expect(() => page.items.push({ id: 'b', tags: [] })).toThrow(TypeError);
    expect(deepFreeze('text')).toBe('text');
    expect(deepFreeze(null)).toBe(null);
  });
});
