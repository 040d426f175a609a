import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/** 待办队列 in the browser: only what the station still has to handle, the overdue first. */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

describe('the to-do queue', () => {
  it('opens on the most overdue item, with nothing finished or waiting in it', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/items');
    const rows = page.getByTestId('queue-table').getByTestId('queue-row');
    await rows.first().waitFor();
    // Every row is still running against its due time: none finished (no clock) or paused (waiting).
    const tones = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="sla-badge"]')?.getAttribute('data-tone') ?? 'none'));
    expect(tones.length).toBeGreaterThan(0);
    expect(tones.filter((t) => !['overdue', 'soon', 'ok'].includes(t))).toEqual([]);
    // The demo has overdue items: they come first, all of them before the first one still in time.
    expect(tones[0]).toBe('overdue');
    const inTime = tones.findIndex((t) => t !== 'overdue');
    if (inTime >= 0) expect(tones.slice(inTime)).not.toContain('overdue');
    await context.close();
  });
});
