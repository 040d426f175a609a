import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/batcher.ts';

describe('the fire batcher', () => {
  it('runs items together once the batch is full, and each caller gets its own result or error', async () => {
    const runs: number[][] = [];
    const add = createBatcher<number, string>({
      maxSize: 3,
      waitMs: 10_000,
      run: async (items) => {
        runs.push(items);
        return items.map((i) => (i === 2 ? new Error('two failed') : `done ${i}`));
      },
    });
    const results = await Promise.allSettled([add(1), add(2), add(3)]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['done 1', 'two failed', 'done 3']);
  });

  it('runs a partial batch after the wait, and a batch that throws fails all its callers', async () => {
    const runs: number[][] = [];
    const add = createBatcher<number, string>({
      maxSize: 100,
      waitMs: 20,
      run: async (items) => {
        runs.push(items);
        throw new Error('database down');
      },
    });
    const started = Date.now();
    const results = await Promise.allSettled([add(1), add(2)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(runs).toEqual([[1, 2]]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // The next item starts a batch of its own.
    await Promise.allSettled([add(3)]);
    expect(runs).toEqual([[1, 2], [3]]);
  });
});
