import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 网格巡查 on a phone (390 px): a finding made with a photo taken on site, handled, verified on site
 * (复查) with an "after" photo, and closed. The demo seed provides the station and its buildings.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

async function trpc<T = unknown>(page: Page, path: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const res = input === undefined ? await fetch(`/api/trpc/${path}`) : await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

/** A camera-sized JPEG drawn by the browser itself (3000 × 2000): the page must shrink it before sending. */
async function cameraJpeg(page: Page, colour: string): Promise<Buffer> {
  const base64 = await page.evaluate(async (colour) => {
    const canvas = document.createElement('canvas');
    canvas.width = 3000;
    canvas.height = 2000;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 3000, 2000);
    ctx.fillStyle = '#fff';
    ctx.fillRect(1000, 600, 1000, 800);
    const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, colour);
  return Buffer.from(base64, 'base64');
}

const hydrated = (page: Page, testId: string) =>
  page.waitForFunction((id) => Object.keys(document.querySelector(`[data-testid="${id}"]`) ?? {}).some((k) => k.startsWith('__react')), testId);

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('a patrol finding on the phone', () => {
  it('is made with a photo, handled, verified on site with an after photo and closed', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/patrol/findings/new');
    await hydrated(page, 'save-finding');
    expect(await fitsWidth(page)).toBe(true);

    // The camera: a large picture goes up shrunk on the phone.
    const sent: number[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/files?purpose=patrol_photo')) sent.push(r.postDataBuffer()?.length ?? 0);
    });
    const photo = await cameraJpeg(page, '#b4442c');
    await page.getByTestId('before-photos-input').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('before-photos-thumb').waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0]!).toBeLessThan(photo.length);

    const building = page.getByTestId('building');
    // A demo building (虹桥…): other browser tests may add buildings to this shared tenant, sorted before them.
    const options = await building.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
    const demoBuilding = options.find((o) => o.value && o.label.startsWith('虹桥')) ?? options[1]!;
    await building.selectOption(demoBuilding.value);
    await page.getByTestId('floors').getByText('3F', { exact: true }).click();
    await page.getByTestId('location').fill('东侧消防通道');
    await page.getByTestId('categories').getByText('消防安全', { exact: true }).click();
    await page.getByTestId('tier-red').check({ force: true });
    await page.getByTestId('description').fill('消防通道堆放纸箱，影响疏散。');
    expect(await fitsWidth(page)).toBe(true);
    const saveBox = await page.getByTestId('save-finding').boundingBox();
    expect(saveBox!.height).toBeGreaterThanOrEqual(44);
    await page.getByTestId('save-finding').click();
    await page.waitForURL(/\/patrol\/findings\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;

    const header = page.getByTestId('finding-header');
    expect(await header.getByTestId('finding-number').textContent()).toMatch(/^XC-\d{4}-\d{6}$/);
    expect(await header.getByTestId('tier-badge').textContent()).toBe('红色');
    expect(await header.getByTestId('finding-place').textContent()).toContain('3F · 东侧消防通道');
    // Due within 2 hours: the countdown says hours and minutes, under two hours.
    expect(await header.getByTestId('sla-badge').textContent()).toMatch(/^剩余\s*(2小时|1小时(\d+分)?|\d+分钟)$/);
    const before = page.getByTestId('photos-before').getByTestId('finding-photo');
    expect(await before.count()).toBe(1);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="photos-before"] img');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    expect(await page.evaluate(() => document.querySelector<HTMLImageElement>('[data-testid="photos-before"] img')!.naturalWidth)).toBeLessThanOrEqual(1600);
    expect(await fitsWidth(page)).toBe(true);

    // Handled: taken, started and resolved (the item's own steps).
    const me = await trpc<{ user: { id: string } }>(page, 'auth.me');
    const version = async () => (await trpc<{ version: number }>(page, `workItem.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)).version;
    await trpc(page, 'workItem.assign', { id, assigneeId: me.user.id, version: await version() });
    await trpc(page, 'workItem.transition', { id, action: 'accept', version: await version() });
    await trpc(page, 'workItem.transition', { id, action: 'start', version: await version() });
    await trpc(page, 'workItem.transition', { id, action: 'resolve', note: '已督促物业清理', version: await version() });
    await page.reload();
    await hydrated(page, 'verify-submit');
    // Not closable before the 复查.
    expect(await page.getByTestId('action-close').count()).toBe(0);
    expect(await page.getByTestId('action-visit').count()).toBe(0);

    // 复查 without a photo is refused next to the photos.
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('after-photos').getByText('复查通过需要至少一张整改后照片').waitFor();

    await page.getByTestId('after-photos-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg(page, '#2c8a4b') });
    await page.getByTestId('after-photos-thumb').waitFor();
    await page.getByTestId('verify-note').fill('通道已清空');
    await page.getByTestId('verify-submit').click();
    await page.getByTestId('last-verification').waitFor();
    expect(await page.getByTestId('last-verification').getAttribute('data-result')).toBe('passed');
    expect(await page.getByTestId('photos-after').getByTestId('finding-photo').count()).toBe(1);
    expect(await header.getByTestId('item-status').textContent()).toBe('已回访');

    await hydrated(page, 'action-close');
    await page.getByTestId('action-close').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="finding-header"] [data-testid="item-status"]')?.getAttribute('data-status') === 'closed');
    expect(await fitsWidth(page)).toBe(true);

    // In the list, with its photo.
    await page.goto('/patrol/findings?tier=red');
    const row = page.getByTestId('finding-row').filter({ hasText: '东侧消防通道' }).first();
    await row.waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });
});
