import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 网格巡查 without signal (issue 19, ADR 017): on a 390 px phone the finding form is opened, the
 * signal drops, a finding with a photo is saved — kept on the phone and shown as waiting, still
 * there after a reload without signal (the service worker serves the page, IndexedDB keeps the
 * finding) — and sent when the signal returns: the first answer is lost on the way back (the
 * server did create it), the phone sends again, and more syncs follow; exactly one finding exists,
 * with its photo.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;
const run = Math.random().toString(36).slice(2, 8);
const spot = `离线E2E-${run} 地下室楼梯间`;

beforeAll(async () => {
  ({ browser, close } = await launch());
  db = new pg.Pool({ connectionString: inject('ownerUrl'), max: 1 });
});
afterAll(async () => {
  await close();
  await db.end();
});

const hydrated = (page: Page, testId: string) =>
  page.waitForFunction((id) => Object.keys(document.querySelector(`[data-testid="${id}"]`) ?? {}).some((k) => k.startsWith('__react')), testId);

/** A camera-sized JPEG drawn by the browser itself (no network needed). */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400;
    canvas.height = 1800;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#3b5b8c';
    ctx.fillRect(0, 0, 2400, 1800);
    const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  return Buffer.from(base64, 'base64');
}

const findings = async () =>
  (
    await db.query<{ item_id: string; number: string; photos: number }>(
      `select f.item_id, w.number, (select count(*)::int from patrol_finding_photos p where p.item_id = f.item_id and p.phase = 'before') as photos
         from patrol_findings f join work_items w on w.id = f.item_id where f.location = $1`,
      [spot],
    )
  ).rows;

describe('a patrol finding saved without signal', () => {
  it('waits on the phone across a reload and is sent exactly once when the signal returns', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/patrol/findings/new');
    await hydrated(page, 'save-finding');

    // The service worker controls the page and holds it and its assets for later.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            if (!navigator.serviceWorker.controller) return false;
            const assets = performance
              .getEntriesByType('resource')
              .map((e) => e.name)
              .filter((u) => u.startsWith(`${location.origin}/assets/`));
            for (const u of [location.href, ...assets]) if (!(await caches.match(u))) return false;
            return true;
          }),
        { timeout: 15_000 },
      )
      .toBe(true);

    // No signal: the photo stays on the phone, the finding goes into the queue.
    await context.setOffline(true);
    const photo = await cameraJpeg(page);
    await page.getByTestId('before-photos-input').setInputFiles({ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('before-photos-local').waitFor();
    const building = page.getByTestId('building');
    await building.selectOption((await building.locator('option').nth(1).getAttribute('value'))!);
    await page.getByTestId('floors').getByText('3F', { exact: true }).click();
    await page.getByTestId('location').fill(spot);
    await page.getByTestId('categories').getByText('消防安全', { exact: true }).click();
    await page.getByTestId('tier-yellow').check({ force: true });
    await page.getByTestId('description').fill('楼梯间堆放杂物，地下室无信号时记录。');
    await page.getByTestId('save-finding').click();
    await page.getByTestId('offline-note').filter({ hasText: '发现已保存在本机' }).waitFor();
    await page.getByTestId('offline-waiting').filter({ hasText: '待发送 1 条' }).waitFor();
    expect(await page.getByTestId('offline-entry').textContent()).toContain('1 张照片');
    // The form is empty again for the next finding.
    expect(await page.getByTestId('location').inputValue()).toBe('');
    expect(await page.getByTestId('before-photos-thumb').count()).toBe(0);
    expect(await findings()).toHaveLength(0);

    // A reload without signal: the page comes from the service worker, the finding from IndexedDB.
    await page.reload();
    await hydrated(page, 'save-finding');
    await page.getByTestId('offline-waiting').filter({ hasText: '待发送 1 条' }).waitFor();
    expect(await page.getByTestId('offline-entry').count()).toBe(1);
    expect(await findings()).toHaveLength(0);

    // The first send reaches the server but its answer is lost on the way back to the phone.
    await page.evaluate(() => {
      const real = window.fetch.bind(window);
      let lost = false;
      window.fetch = async (input, init) => {
        const res = await real(input, init);
        if (!lost && String(input).includes('/api/trpc/patrolFinding.create')) {
          lost = true;
          throw new TypeError('Failed to fetch');
        }
        return res;
      };
    });
    await context.setOffline(false);
    await page.getByTestId('offline-entry').filter({ hasText: '已尝试 1 次' }).waitFor();
    expect(await findings()).toHaveLength(1);

    // Sent again — and again: the same key, one finding.
    await page.evaluate(() => {
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
    });
    await page.getByTestId('offline-sent').waitFor();
    await page.getByTestId('offline-retry').click({ timeout: 1_000 }).catch(() => {});
    await page.getByTestId('offline-waiting').waitFor({ state: 'detached' });
    const rows = await findings();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.photos).toBe(1);
    expect(await page.getByTestId('offline-sent').textContent()).toContain(rows[0]!.number);

    // After another load nothing is waiting and nothing more is sent.
    await page.reload();
    await hydrated(page, 'save-finding');
    await page.waitForTimeout(500);
    expect(await page.getByTestId('offline-queue').count()).toBe(0);
    expect(await findings()).toHaveLength(1);
    await context.close();
  });
});
