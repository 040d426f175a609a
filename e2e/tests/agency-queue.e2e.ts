import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 代办 from the desk's side: the manager's queue with its counts per step and type and the cases
 * by their nearer deadline; two cases dispatched at once to a staff member; the staff member, on a
 * phone, picks them and opens their handover sheet; a case ready in 预审 is on the day's sheet for
 * its department, prints without the app's frame, and is marked submitted from the queue; the
 * manager adds a document to a type's checklist while an open case keeps its own. Every case
 * asserted here is created by the test; the demo seed provides the accounts, enterprises and types.
 */
let browser: Browser;
let close: () => Promise<void>;

const run = Math.random().toString(36).slice(2, 8);

/** A tiny well-formed PDF: enough for the upload's content sniffing. */
const pdf =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

interface AgencyType {
  id: string;
  code: string;
  name: string;
  department: string;
  checklistVersion: number;
  checklist: { key: string; name: string; required: boolean }[];
}
interface Created {
  id: string;
  number: string;
}

/** The API as the signed-in page calls it (plain JSON; queries by GET, mutations by POST). */
async function api<T>(page: Page, kind: 'query' | 'mutation', path: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ kind, path, input }) => {
      const res =
        kind === 'query'
          ? await fetch(`/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
          : await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
      const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { kind, path, input },
  ) as Promise<T>;
}

/** React has attached its handlers to the element (the checkboxes and panels need them). */
async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

const row = (page: Page, number: string): Locator => page.getByTestId('agency-table').getByTestId('agency-row').filter({ hasText: number });
/** A count of the summary; a type without open cases has no chip (0). */
async function count(page: Page, testId: string): Promise<number> {
  const chip = page.getByTestId(testId);
  return (await chip.count()) ? Number(await chip.getByTestId('count').textContent()) : 0;
}

let manager: { context: BrowserContext; page: Page };
let staff: { context: BrowserContext; page: Page };
let types: Record<string, AgencyType>;
let enterpriseIds: string[];
let staffId: string;
let fitOut: Created;
let registration: Created;

beforeAll(async () => {
  ({ browser, close } = await launch());
  manager = await newPage(browser);
  await signIn(manager.page, 'manager@xinhong.test');
  staff = await newPage(browser);
  await signIn(staff.page, 'staff@xinhong.test');
  types = Object.fromEntries((await api<AgencyType[]>(manager.page, 'query', 'agencyType.list')).map((ty) => [ty.code, ty]));
  // Enterprises of the staff member's stations, so the cases can be dispatched to them.
  enterpriseIds = (await api<{ items: { id: string }[] }>(staff.page, 'query', 'enterprise.list', { limit: 6 })).items.map((e) => e.id);
  staffId = (await api<{ user: { id: string } }>(staff.page, 'query', 'auth.me')).user.id;
});
afterAll(async () => {
  await manager.context.close();
  await staff.context.close();
  await close();
});

describe('代办队列 (agency queue)', () => {
  it('the manager sees the counts per step and type, and the cases by their nearer deadline; a count filters the list', async () => {
    const { page } = manager;
    await page.goto('/agency');
    await page.getByTestId('agency-summary').waitFor();
    const materialsBefore = await count(page, 'count-step-materials');
    const registrationBefore = await count(page, 'count-type-registration_change');

    // The fit-out permit is logged first, but the registration change (3 working days) is due before it (15 promised).
    fitOut = await api<Created>(page, 'mutation', 'agencyCase.create', { typeId: types.fit_out!.id, enterpriseId: enterpriseIds[0], channel: 'walk_in', title: `二次装修 ${run}` });
    registration = await api<Created>(page, 'mutation', 'agencyCase.create', { typeId: types.registration_change!.id, enterpriseId: enterpriseIds[1], channel: 'walk_in', title: `法定代表人变更 ${run}` });

    await page.goto('/agency');
    await row(page, registration.number).waitFor();
    await row(page, fitOut.number).waitFor();
    expect(await count(page, 'count-step-materials')).toBe(materialsBefore + 2);
    expect(await count(page, 'count-type-registration_change')).toBe(registrationBefore + 1);
    const numbers = await page.getByTestId('agency-table').getByTestId('agency-number').allTextContents();
    expect(numbers.indexOf(registration.number)).toBeGreaterThanOrEqual(0);
    expect(numbers.indexOf(registration.number)).toBeLessThan(numbers.indexOf(fitOut.number));
    const reg = row(page, registration.number);
    expect(await reg.getByTestId('agency-step').textContent()).toBe('收取材料');
    expect(await reg.getByTestId('agency-type').textContent()).toBe('工商变更登记');
    expect(await reg.getByTestId('agency-assignee').textContent()).toBe('未派单');
    expect(await reg.getByTestId('due-badge').textContent()).toMatch(/剩 [\d.]+ 个工作日/);
    expect(await reg.getByRole('link', { name: registration.number }).getAttribute('href')).toBe(`/items/${registration.id}`);

    // The type's count filters the list to it (and says so in the URL).
    await page.getByTestId('count-type-registration_change').click();
    await page.waitForURL(`**/agency?type=${types.registration_change!.id}`);
    await page.getByTestId('count-type-registration_change').and(page.locator('[aria-current="true"]')).waitFor();
    await row(page, registration.number).waitFor();
    expect(await row(page, fitOut.number).count()).toBe(0);
    expect(new Set(await page.getByTestId('agency-table').getByTestId('agency-type').allTextContents())).toEqual(new Set(['工商变更登记']));
  });

  it('the manager dispatches two cases at once to a staff member', async () => {
    const { page } = manager;
    await page.goto('/agency');
    await hydrated(page, 'select-all');
    await row(page, fitOut.number).getByTestId('select-case').check();
    await row(page, registration.number).getByTestId('select-case').check();
    const bar = page.getByTestId('batch-bar');
    expect(await bar.getByTestId('selected-count').textContent()).toBe('已选 2 件');
    await bar.getByTestId('batch-assign').click();
    await bar.getByTestId('assignee-select').selectOption(staffId);
    await bar.getByTestId('assign-confirm').click();
    // Done for both: the flash says so (the queue comes back as it was shown).
    await page.getByTestId('flash-message').getByText('已将 2 件事项派给 李晓燕。').waitFor();
    await row(page, fitOut.number).getByTestId('agency-assignee').filter({ hasText: '李晓燕' }).waitFor();
    await row(page, registration.number).getByTestId('agency-assignee').filter({ hasText: '李晓燕' }).waitFor();
    expect(await page.getByTestId('batch-bar').count()).toBe(0);
  });

  it('the staff member, on a phone, picks the two cases as cards and opens their handover sheet', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/agency');
    const cards = page.getByTestId('agency-cards');
    await cards.waitFor();
    expect(await page.getByTestId('agency-table').isVisible()).toBe(false);
    await hydrated(page, 'agency-cards');
    for (const c of [fitOut, registration]) {
      const card = cards.getByTestId('agency-card').filter({ hasText: c.number });
      expect(await card.textContent()).toContain('李晓燕');
      await card.getByTestId('select-case').check();
    }
    const bar = page.getByTestId('batch-bar');
    expect(await bar.getByTestId('selected-count').textContent()).toBe('已选 2 件');
    await bar.getByTestId('batch-handover').click();
    await page.waitForURL(/\/agency\/handover\?ids=/);
    await page.getByTestId('handover-sheet').first().waitFor();
    // Two departments: a page each, the case on its department's page.
    expect(await page.getByTestId('handover-sheet').count()).toBe(2);
    const sheetOf = (department: string) => page.getByTestId('handover-sheet').filter({ has: page.getByTestId('handover-department').filter({ hasText: department }) });
    expect(await sheetOf(types.fit_out!.department).getByTestId('handover-number').allTextContents()).toEqual([fitOut.number]);
    expect(await sheetOf(types.registration_change!.department).getByTestId('handover-number').allTextContents()).toEqual([registration.number]);
    // Neither has been through 预审: the page says so (on screen only).
    expect(await page.getByTestId('handover-not-ready').textContent()).toContain(`${fitOut.number} 当前为“收取材料”`);
    await context.close();
  });

  it('a case ready in 预审 is on the day’s sheet for its department, prints without the app’s frame, and is marked submitted from the queue', async () => {
    const { page } = manager;
    const other = types.other!;
    const ready = await api<Created>(page, 'mutation', 'agencyCase.create', { typeId: other.id, enterpriseId: enterpriseIds[2], channel: 'walk_in', title: `申请材料代办 ${run}`, assign: { mode: 'self' } });
    const file = await page.evaluate(async (body) => {
      const res = await fetch('/api/files?purpose=attachment', { method: 'POST', body, headers: { 'x-file-name': encodeURIComponent('申请材料.pdf') } });
      return (await res.json()) as { id: string };
    }, pdf);
    const material = await api<{ id: string }>(page, 'mutation', 'agencyCase.uploadMaterial', { id: ready.id, checklistKey: other.checklist[0]!.key, fileId: file.id });
    await api(page, 'mutation', 'agencyCase.reviewMaterial', { materialId: material.id, decision: 'accept' });
    await api(page, 'mutation', 'agencyCase.advance', { id: ready.id, step: 'precheck' });

    await page.goto('/agency');
    await page.getByTestId('handover-link').click();
    await page.waitForURL('**/agency/handover');
    const sheet = page.getByTestId('handover-sheet').filter({ has: page.getByTestId('handover-department').filter({ hasText: other.department }) });
    const line = sheet.getByTestId('handover-row').filter({ hasText: ready.number });
    await line.waitFor();
    expect(await line.getByTestId('handover-materials').textContent()).toBe('1 / 1 项');
    expect(await sheet.getByTestId('handover-signatures').textContent()).toContain('部门接收人（签字）');
    // The fit-out case is still collecting documents: not on the day's sheet.
    expect(await page.getByTestId('handover-number').filter({ hasText: fitOut.number }).count()).toBe(0);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('side-nav').isVisible()).toBe(false);
    expect(await page.getByTestId('print-handover').isVisible()).toBe(false);
    expect(await line.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Back in the queue: the case was carried over; mark it submitted with the department's reference number.
    await page.goto('/agency?step=precheck');
    await hydrated(page, 'select-all');
    await row(page, ready.number).getByTestId('select-case').check();
    const bar = page.getByTestId('batch-bar');
    await bar.getByTestId('batch-submit').click();
    const panel = bar.getByTestId('submit-panel');
    await panel.getByTestId('submit-confirm').click();
    // The schema asks for every reference number: the empty one says so under its field.
    await panel.locator('[data-field-error]').filter({ hasText: '此项为必填项' }).waitFor();
    await panel.getByLabel(`${ready.number} 的部门受理编号`).fill(`闵办〔2026〕${run}号`);
    await panel.getByTestId('submit-confirm').click();
    await page.getByTestId('flash-message').getByText(`已将 1 件事项标记为已递交${other.department}。`).waitFor();
    await row(page, ready.number).waitFor({ state: 'detached' });
    const c = await api<{ step: string; departmentRef: string }>(page, 'query', 'agencyCase.get', { id: ready.id });
    expect(c).toMatchObject({ step: 'submitted', departmentRef: `闵办〔2026〕${run}号` });
  });

  it('the manager adds a document to a type’s checklist; a case already open keeps its own', async () => {
    const { page } = manager;
    const tax = types.tax!;
    const open = await api<Created>(page, 'mutation', 'agencyCase.create', { typeId: tax.id, enterpriseId: enterpriseIds[3], channel: 'walk_in', title: `发票增量 ${run}` });
    const before = await api<{ checklistVersion: number }>(page, 'query', 'agencyCase.get', { id: open.id });
    const document = `完税证明 ${run}`;

    await page.goto('/settings/agency-types');
    expect(await page.getByText('已受理的事项仍按受理时的材料清单').count()).toBe(1);
    const card = page.locator(`[data-testid="agency-type"][data-code="tax"]`);
    await hydrated(page, 'edit-agency-type');
    await card.getByTestId('edit-agency-type').click();
    const form = page.getByTestId('agency-type-form');
    await form.waitFor();
    await form.getByTestId('checklist-add').click();
    const added = form.getByTestId('checklist-row').last();
    // The new row takes the focus: typed straight in.
    await page.keyboard.type(document);
    await added.getByTestId('entry-notes').fill('近三个月');
    await added.getByTestId('entry-required').uncheck();
    await added.getByRole('button', { name: `将第 ${tax.checklist.length + 1} 项材料上移` }).click();
    await form.getByTestId('agency-type-save').click();

    await page.getByTestId('flash-message').getByText(`材料清单更新为第 ${tax.checklistVersion + 1} 版`).waitFor();
    await form.waitFor({ state: 'detached' });
    const saved = page.locator(`[data-testid="agency-type"][data-code="tax"]`);
    expect(await saved.getByTestId('agency-type-version').textContent()).toBe(`材料清单第 ${tax.checklistVersion + 1} 版`);
    const entries = await saved.getByTestId('checklist-entry').allTextContents();
    expect(entries).toHaveLength(tax.checklist.length + 1);
    expect(entries[tax.checklist.length - 1]).toContain(document);
    expect(entries[tax.checklist.length - 1]).toContain('可选');

    // The open case keeps the checklist it started with; a new one gets the new document.
    const after = await api<{ checklistVersion: number; checklist: { name: string }[] }>(page, 'query', 'agencyCase.get', { id: open.id });
    expect(after.checklistVersion).toBe(before.checklistVersion);
    expect(after.checklist.map((e) => e.name)).not.toContain(document);
    const fresh = await api<Created>(page, 'mutation', 'agencyCase.create', { typeId: tax.id, enterpriseId: enterpriseIds[3], channel: 'walk_in' });
    expect((await api<{ checklist: { name: string }[] }>(page, 'query', 'agencyCase.get', { id: fresh.id })).checklist.map((e) => e.name)).toContain(document);
  });
});
