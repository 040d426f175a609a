import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * Stations and buildings kept by a manager (issue 21) in a real browser, in Chinese: a new station;
 * a building at it with floors B1 … 3 filled in by the floors editor on a 390 px phone; the
 * building moved to another station after the confirmation says what happens; the first station,
 * empty again, deactivated — gone from the pickers —, and the second refused, saying what is left.
 */
let browser: Browser;
let close: () => Promise<void>;
const run = Math.random().toString(36).slice(2, 7).toUpperCase();

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

async function get<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const body = (await (await fetch(`/api/trpc/${path}${query}`)).json()) as { result?: { data: unknown }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

async function flash(page: Page): Promise<string> {
  await page.getByTestId('flash-message').waitFor();
  return (await page.getByTestId('flash-message').textContent()) ?? '';
}

async function newStation(page: Page, code: string, name: string): Promise<string> {
  await page.goto('/stations');
  await page.getByTestId('new-station').click();
  await page.waitForURL('**/stations/new');
  await hydrated(page, 'station-form');
  const form = page.getByTestId('station-form');
  await form.getByLabel('中文名称').fill(name);
  await form.getByLabel('英文名称').fill(`Station ${code}`);
  await form.getByLabel('站点编号').fill(code);
  await form.getByLabel('联系电话').fill('021-62345678');
  await form.getByLabel('地址').fill('新虹街道申长路 1 号');
  await form.getByRole('button', { name: '保存' }).click();
  expect(await flash(page)).toContain(`已新建工作站“${name}”`);
  await page.waitForURL(/\/stations\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

describe('工作站与楼宇', () => {
  it('a manager creates a station and a building with floors B1 … 3, moves it, deactivates the empty station', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    const first = await newStation(page, `E${run}`, `测试工作站${run}甲`);
    const second = await newStation(page, `F${run}`, `测试工作站${run}乙`);
    expect(await page.getByTestId('station-open').textContent()).toContain('没有未完结的事务');

    // A building on a phone: the floors editor fills B1, 1, 2, 3 and fits 390 px.
    const phone = await newPage(browser, { mobile: true });
    await signIn(phone.page, 'manager@xinhong.test');
    await phone.page.goto(`/buildings/new?station=${first}`);
    await hydrated(phone.page, 'building-form');
    const form = phone.page.getByTestId('building-form');
    const name = `测试大厦${run}`;
    await form.getByLabel('中文名称').fill(name);
    await form.getByLabel('地址').fill('申长路 988 号');
    expect(await form.getByLabel('所属工作站').inputValue()).toBe(first);
    await form.locator('summary').click();
    await phone.page.getByTestId('floors-basements').fill('1');
    await phone.page.getByTestId('floors-above').fill('4');
    await phone.page.getByTestId('floors-generate').click();
    // 4 is not wanted here: removed by its row's button.
    await phone.page.getByRole('button', { name: '删除 4' }).click();
    expect(await phone.page.locator('input[name="floors"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['B1', '1', '2', '3']);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await form.getByRole('button', { name: '保存' }).click();
    expect(await flash(phone.page)).toContain(`已新建楼宇“${name}”`);
    await phone.page.waitForURL(/\/buildings\/[0-9a-f-]{36}$/);
    const buildingId = phone.page.url().split('/').pop()!;
    await hydrated(phone.page, 'floors-editor');
    expect(await phone.page.locator('input[name="floors"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['B1', '1F', '2F', '3F']);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A repeated floor is refused under the floors, naming it; nothing saved.
    await phone.page.getByTestId('floors-add').click();
    await phone.page.locator('input[name="floors"]').last().fill('3楼');
    await phone.page.getByTestId('building-form').getByRole('button', { name: '保存' }).click();
    await phone.page.getByText('第 5 个楼层“3F”与前面的楼层重复。').waitFor();
    expect((await get<{ floorLabels: string[] }>(phone.page, 'building.get', { id: buildingId })).floorLabels).toEqual(['B1', '1F', '2F', '3F']);
    await phone.context.close();

    // The move: the confirmation says what happens before anything moves.
    await page.goto(`/buildings/${buildingId}`);
    await hydrated(page, 'building-move');
    await page.getByTestId('move-to').selectOption(second);
    await page.getByTestId('move-preview').click();
    const confirm = page.getByTestId('move-confirm');
    await confirm.waitFor();
    const said = (await confirm.textContent()) ?? '';
    expect(said).toContain(`楼宇将从“测试工作站${run}甲”划转到“测试工作站${run}乙”`);
    expect(said).toContain('今后新建的事项都由');
    expect(said).toContain('没有未完结的事项');
    await page.getByTestId('move-submit').click();
    expect(await flash(page)).toContain(`楼宇“${name}”已划转到“测试工作站${run}乙”`);
    expect((await get<{ stationId: string }>(page, 'building.get', { id: buildingId })).stationId).toBe(second);

    // The second station now has the building: deactivation refused, saying so.
    await page.goto(`/stations/${second}`);
    await hydrated(page, 'station-open');
    expect(await page.getByTestId('open-buildings').textContent()).toBe('1');
    await page.getByRole('button', { name: '停用工作站' }).click();
    await page.getByRole('button', { name: '确认停用' }).click();
    await page.getByText(/暂不能停用.*楼宇 1 栋/).waitFor();

    // The first, empty again, is deactivated: gone from the pickers, still on the directory, marked.
    await page.goto(`/stations/${first}`);
    await hydrated(page, 'station-open');
    await page.getByRole('button', { name: '停用工作站' }).click();
    await page.getByRole('button', { name: '确认停用' }).click();
    expect(await flash(page)).toContain('已停用');
    expect((await get<{ id: string }[]>(page, 'station.list', undefined)).some((s) => s.id === first)).toBe(false);
    await page.goto('/buildings/new');
    expect(await page.locator(`select[name="stationId"] option[value="${first}"]`).count()).toBe(0);
    await page.goto('/stations');
    expect(await page.getByTestId(`station-row-E${run}`).textContent()).toContain('已停用');
  });
});
