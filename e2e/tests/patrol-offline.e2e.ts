import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 网格巡查 without signal (issue 19, ADR 017), on a 390 px phone:
 * - the finding form is opened, the signal drops, a finding with a photo is saved — kept on the
 *   phone and shown as waiting, still there after a reload without signal (the service worker
 *   serves the page, IndexedDB keeps the finding) — and sent when the signal returns: the first
 *   answer is lost on the way back (the server did create it), the phone sends again, and more
 *   syncs follow; exactly one finding exists, with its photo;
 * - on a round, a tick and a point turned into a finding with a camera photo, both saved without
 *   signal, go through the same queue and are recorded once each (one answer lost again);
 * - what one person left waiting on the phone is never sent as the next person who signs in: held,
 *   and sent when its owner signs in again.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;
const run = Math.random().toString(36).slice(2, 8);
const spot = `离线E2E-${run} 地下室楼梯间`;
const roundSpot = `离线巡查E2E-${run} 配电间`;
const heldSpot = `离线换人E2E-${run} 车库`;
const planName = `离线巡查计划-${run}`;

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

const findings = async (location = spot) =>
  (
    await db.query<{ item_id: string; number: string; photos: number; created_by: string }>(
      `select f.item_id, w.number, w.created_by, (select count(*)::int from patrol_finding_photos p where p.item_id = f.item_id and p.phase = 'before') as photos
         from patrol_findings f join work_items w on w.id = f.item_id where f.location = $1`,
      [location],
    )
  ).rows;

const userId = async (email: string) => (await db.query<{ id: string }>(`select id from users where email = $1`, [email])).rows[0]!.id;

/** The page's fetch loses the answer of the first call to `procedure` (the server did get it). */
const loseFirstAnswer = (page: Page, procedure: string) =>
  page.evaluate((proc) => {
    const real = window.fetch.bind(window);
    let lost = false;
    window.fetch = async (input, init) => {
      const res = await real(input, init);
      if (!lost && String(input).includes(`/api/trpc/${proc}`)) {
        lost = true;
        throw new TypeError('Failed to fetch');
      }
      return res;
    };
  }, procedure);

/** Fills the new-finding form (building from the list, 3F) at `location`. */
async function fillFinding(page: Page, location: string) {
  const building = page.getByTestId('building');
  await building.selectOption((await building.locator('option').nth(1).getAttribute('value'))!);
  await page.getByTestId('floors').getByText('3F', { exact: true }).click();
  await page.getByTestId('location').fill(location);
  await page.getByTestId('categories').getByText('消防安全', { exact: true }).click();
  await page.getByTestId('tier-yellow').check({ force: true });
  await page.getByTestId('description').fill('楼梯间堆放杂物，地下室无信号时记录。');
}

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
    await fillFinding(page, spot);
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
    await loseFirstAnswer(page, 'patrolFinding.create');
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

  it("sends a round's tick and its finding with a photo, both saved without signal, exactly once each", async () => {
    // The manager's plan for 李晓燕: station XH01's first building, 1F, two points; today's round is generated with it.
    const manager = await newPage(browser);
    await signIn(manager.page, 'manager@xinhong.test');
    await manager.page.goto('/patrol/plans/new');
    await hydrated(manager.page, 'plan-form');
    await manager.page.getByTestId('plan-name').fill(planName);
    await manager.page.getByTestId('frequency-daily').check();
    await manager.page.getByTestId('assignment-fixed').check();
    await manager.page.getByTestId('plan-staff').getByLabel('李晓燕').check();
    await manager.page.getByTestId('plan-building').first().getByText('1F', { exact: true }).click();
    const checklist = manager.page.getByTestId('plan-checklist');
    for (let i = 0; i < 4; i++) await checklist.getByRole('button', { name: '删除' }).last().click();
    await expect.poll(() => checklist.getByRole('textbox').count()).toBe(2);
    await manager.page.getByTestId('save-plan').click();
    await manager.page.waitForURL((u) => u.pathname === '/patrol/plans');
    await manager.context.close();
    const roundId = (await db.query<{ id: string }>(`select r.id from patrol_rounds r join patrol_plans p on p.id = r.plan_id where p.name = $1`, [planName])).rows[0]!.id;
    const checks = async () => (await db.query<{ result: string; finding_item_id: string | null; client_id: string }>(`select result, finding_item_id, client_id from patrol_round_checks where round_id = $1`, [roundId])).rows;

    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto(`/patrol/rounds/${roundId}`);
    await hydrated(page, 'floor-panel');
    const photo = await cameraJpeg(page);
    const points = page.getByTestId('check-point');

    // No signal: point 1 OK; point 2 a finding with a camera photo, shrunk and kept on the phone.
    await context.setOffline(true);
    await page.getByTestId('offline-now').waitFor();
    await points.nth(0).getByTestId('tick-ok').click();
    await points.nth(0).getByTestId('mark-ok').filter({ hasText: '待发送' }).waitFor();
    await points.nth(1).getByTestId('tick-finding').click();
    const form = points.nth(1).getByTestId('finding-form');
    await form.getByTestId('finding-photos-input').setInputFiles({ name: 'IMG_4001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await form.getByTestId('finding-photos-local').waitFor();
    await form.getByTestId('tier-red').click();
    await form.getByTestId('finding-description').fill('配电间门口堆放纸箱');
    await form.getByTestId('finding-location').fill(roundSpot);
    await form.getByTestId('save-finding').click();
    await points.nth(1).getByTestId('mark-finding').filter({ hasText: '待发送' }).waitFor();
    await page.getByTestId('offline-waiting').filter({ hasText: '待发送 2 条' }).waitFor();
    expect(await page.getByTestId('offline-entry').filter({ hasText: '1 张照片' }).count()).toBe(1);
    // The shrunk photo kept on the phone: a JPEG whose long side is at most 1600 px.
    const kept = await page.evaluate(
      () =>
        new Promise<{ type: string; width: number; height: number }>((resolve, reject) => {
          const open = indexedDB.open('stationdesk-patrol');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('queue').objectStore('queue').getAll();
            all.onsuccess = async () => {
              const blob = (all.result as { photos: { blob?: Blob }[] }[]).flatMap((e) => e.photos).find((p) => p.blob)!.blob!;
              const bitmap = await createImageBitmap(blob);
              resolve({ type: blob.type, width: bitmap.width, height: bitmap.height });
            };
          };
        }),
    );
    expect(kept).toEqual({ type: 'image/jpeg', width: 1600, height: 1200 });
    expect(await checks()).toHaveLength(0);

    // Back online; the answer to the first check sent is lost, so the phone sends it again.
    await loseFirstAnswer(page, 'patrolRound.check');
    await context.setOffline(false);
    await page.getByTestId('offline-waiting').waitFor({ state: 'detached', timeout: 30_000 });
    await page.evaluate(() => {
      window.dispatchEvent(new Event('online'));
      window.dispatchEvent(new Event('online'));
    });
    await points.nth(1).getByTestId('mark-finding').filter({ hasText: /XC-\d{4}-/ }).waitFor();
    await page.waitForTimeout(500);

    const rows = await checks();
    expect(rows.map((c) => c.result).sort()).toEqual(['finding', 'ok']);
    expect(new Set(rows.map((c) => c.client_id)).size).toBe(2);
    const made = await findings(roundSpot);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ item_id: rows.find((c) => c.result === 'finding')!.finding_item_id, photos: 1, created_by: await userId('staff@xinhong.test') });
    await page.getByTestId('round-progress').filter({ hasText: '已检查 2/2 项' }).waitFor();
    await context.close();
  });

  it('never sends what one person saved as the next person who signs in on the same phone', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/patrol/findings/new');
    await hydrated(page, 'save-finding');

    // 李晓燕 saves a finding without signal; when the signal returns the server is still out of reach.
    await context.setOffline(true);
    await fillFinding(page, heldSpot);
    await page.getByTestId('save-finding').click();
    await page.getByTestId('offline-waiting').filter({ hasText: '待发送 1 条' }).waitFor();
    await page.evaluate(() => {
      const real = window.fetch.bind(window);
      window.fetch = (input, init) => (String(input).includes('/api/trpc/patrolFinding.create') ? Promise.reject(new TypeError('Failed to fetch')) : real(input, init));
    });
    await context.setOffline(false);
    await page.getByTestId('offline-entry').filter({ hasText: '已尝试 1 次' }).waitFor();

    // Signing out asks first; she keeps it on the phone.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-out-unsent').filter({ hasText: '还有 1 条巡查记录没有发送' }).waitFor();
    await page.getByTestId('sign-out-keep').click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // 张磊 signs in on the same browser: the entry is held, not sent as him — not even on 重试 or `online`.
    await signIn(page, 'grid1@xinhong.test');
    await page.goto('/patrol/findings/new');
    await hydrated(page, 'save-finding');
    await page.getByTestId('offline-held').filter({ hasText: '其他账号的 1 条记录' }).waitFor();
    expect(await page.getByTestId('offline-waiting').count()).toBe(0);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1_500);
    expect(await findings(heldSpot)).toHaveLength(0);
    // Nothing of his is waiting: he signs out without being asked.
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    // 李晓燕 again: it goes, once, as hers.
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/patrol/findings/new');
    await hydrated(page, 'save-finding');
    await page.getByTestId('offline-sent').waitFor();
    const rows = await findings(heldSpot);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.created_by).toBe(await userId('staff@xinhong.test'));
    await context.close();
  });
});
