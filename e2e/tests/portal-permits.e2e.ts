import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * Permit requests from the portal (issue 22), in Chromium and Chinese: the enterprise admin reads
 * the 二次装修 checklist, days and department, uploads materials per point (two drawings), saves
 * the draft and comes back, is refused submitting with a required point empty (named), submits;
 * the portal home shows the case with its next step; staff send a file back, the home lists it as
 * waiting and the permit page shows the reason; the admin uploads again; staff move the case through
 * every step to pick-up and the admin sees each step. The demo seed gives accounts and types.
 */
let browser: Browser;
let close: () => Promise<void>;

const run = Math.random().toString(36).slice(2, 8);
const reason = `租赁合同缺少盖章页，请补充后重新上传 ${run}`;
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const file = (name: string) => ({ name, mimeType: 'application/pdf', buffer: pdf });

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

async function trpc<T>(page: Page, path: string, input?: unknown): Promise<T> {
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

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

const point = (page: Page, key: string): Locator => page.locator(`[data-testid="permit-entry"][data-key="${key}"]`);

async function uploadTo(page: Page, key: string, name: string, filesAfter: number) {
  await point(page, key).getByTestId('permit-file-input').setInputFiles(file(name));
  await page.locator(`[data-testid="permit-entry"][data-key="${key}"][data-files="${filesAfter}"]`).waitFor();
}

type CaseView = { checklist: { key: string; files: { id: string; status: string }[] }[] };

describe('permit requests from the portal', () => {
  it('a fit-out permit requested with its materials and followed to pick-up', async () => {
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');

    // 1. The catalogue: the checklist, statutory and promised days and the department, before anything starts.
    await owner.page.goto('/portal/permits/new');
    const fitOut = owner.page.locator('[data-testid="permit-type"][data-name="二次装修施工许可"]');
    const facts = await fitOut.getByTestId('permit-type-facts').textContent();
    expect(facts).toContain('区建设和管理委员会');
    expect(facts).toContain('法定时限 20 个工作日');
    expect(facts).toContain('承诺时限 15 个工作日');
    await hydrated(owner.page, 'permit-start');
    await fitOut.getByTestId('permit-start').click();
    await owner.page.waitForURL(/\/portal\/permits\/new\?draft=/);
    const draftUrl = owner.page.url();

    // 2. Materials per point: two drawings, the lease, the owner's consent and the fire approval.
    await hydrated(owner.page, 'permit-file-input');
    await uploadTo(owner.page, 'drawings', `平面图-${run}.pdf`, 1);
    await uploadTo(owner.page, 'drawings', `立面图-${run}.pdf`, 2);
    await uploadTo(owner.page, 'lease', `租赁合同-${run}.pdf`, 1);
    await uploadTo(owner.page, 'owner_consent', `业主同意书-${run}.pdf`, 1);
    await uploadTo(owner.page, 'fire_design', `消防意见-${run}.pdf`, 1);
    expect(await owner.page.getByTestId('permit-missing').textContent()).toContain('施工单位资质证书');

    // 3. Submitting with a required point empty is refused, naming it; saved and found again in the list.
    await owner.page.getByTestId('permit-submit').click();
    const refusal = owner.page.getByTestId('permit-errors');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('以下必需材料还没有上传：施工单位资质证书');
    await owner.page.getByTestId('permit-save').click();
    await owner.page.getByTestId('flash').waitFor();
    await owner.page.goto('/portal/permits');
    await owner.page.locator(`[data-testid="permit-draft"] a[href="${new URL(draftUrl).pathname}${new URL(draftUrl).search}"]`).first().click();
    await owner.page.waitForURL(draftUrl);
    await hydrated(owner.page, 'permit-file-input');
    expect(await point(owner.page, 'drawings').getByTestId('permit-file').count()).toBe(2);
    await uploadTo(owner.page, 'contractor', `资质证书-${run}.pdf`, 1);
    await owner.page.getByTestId('permit-submit').click();
    await owner.page.waitForURL(/\/portal\/permits\/[0-9a-f-]{36}$/);
    const caseId = owner.page.url().split('/').pop()!;
    const number = (await owner.page.getByTestId('permit-number').textContent())!;
    expect(number).toMatch(/^DB-\d{4}-\d{6}$/);
    expect(await owner.page.getByTestId('flash').textContent()).toContain(number);
    expect(await owner.page.getByTestId('agency-steps').getAttribute('data-step')).toBe('precheck');
    expect(await owner.page.getByTestId('permit-expected').textContent()).toMatch(/预计 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前办结/);

    // 4. The portal home: the case in progress with its next step, its number a link.
    await owner.page.goto('/portal');
    const onHome = owner.page.locator('[data-testid="home-progress-item"]').filter({ hasText: number });
    expect(await onHome.getByTestId('home-next').textContent()).toContain('下一步：已递交部门');
    expect(await onHome.getByRole('link', { name: number }).getAttribute('href')).toBe(`/portal/permits/${caseId}`);

    // 5. Staff take it on and send the lease back with a reason.
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    const me = await trpc<{ user: { id: string } }>(staff.page, 'auth.me');
    const assigned = await trpc<{ version: number }>(staff.page, 'workItem.assign', { id: caseId, assigneeId: me.user.id });
    await trpc(staff.page, 'workItem.transition', { id: caseId, action: 'accept', version: assigned.version });
    const files = await trpc<CaseView>(staff.page, 'agencyCase.get?input=' + encodeURIComponent(JSON.stringify({ id: caseId })));
    const lease = files.checklist.find((e) => e.key === 'lease')!.files[0]!;
    await trpc(staff.page, 'agencyCase.reviewMaterial', { materialId: lease.id, decision: 'reject', reason });

    // 6. The home lists it as waiting; the permit page shows the reason; the admin uploads again.
    await owner.page.goto('/portal');
    const waiting = owner.page.locator('[data-testid="home-waiting-item"][data-reason="materials_rejected"]').filter({ hasText: number });
    await waiting.getByRole('link', { name: number }).click();
    await owner.page.waitForURL(`**/portal/permits/${caseId}`);
    expect(await owner.page.locator('[data-testid="checklist-entry"][data-key="lease"]').getByTestId('entry-rejection').textContent()).toContain(reason);
    await hydrated(owner.page, 'material-input');
    await owner.page.locator('[data-testid="checklist-entry"][data-key="lease"]').getByTestId('material-input').setInputFiles(file(`租赁合同-盖章-${run}.pdf`));
    await owner.page.locator('[data-testid="checklist-entry"][data-key="lease"][data-state="pending"]').waitFor();

    // 7. Staff accept every file and move the case step by step; the admin sees each step.
    const now = await trpc<CaseView>(staff.page, 'agencyCase.get?input=' + encodeURIComponent(JSON.stringify({ id: caseId })));
    for (const f of now.checklist.flatMap((e) => e.files).filter((x) => x.status === 'pending')) {
      await trpc(staff.page, 'agencyCase.reviewMaterial', { materialId: f.id, decision: 'accept' });
    }
    const steps: [string, Record<string, unknown>][] = [
      ['submitted', { departmentRef: `闵建装〔2026〕${run}号` }],
      ['under_review', {}],
      ['done', { result: 'approved' }],
    ];
    for (const [step, more] of steps) {
      await trpc(staff.page, 'agencyCase.advance', { id: caseId, step, ...more });
      await owner.page.goto(`/portal/permits/${caseId}`);
      expect(await owner.page.getByTestId('agency-steps').getAttribute('data-step')).toBe(step);
      expect(await owner.page.locator(`[data-testid="permit-timeline-step"][data-step="${step}"]`).getAttribute('data-state')).toBe(step === 'done' ? 'done' : 'current');
    }
    expect(await owner.page.getByTestId('permit-expected').textContent()).toContain('已办结，请到工作站取件');
    await trpc(staff.page, 'agencyCase.markPickedUp', { id: caseId });
    await owner.page.goto(`/portal/permits/${caseId}`);
    expect(await owner.page.locator('[data-testid="permit-timeline-step"][data-step="picked_up"]').getAttribute('data-state')).toBe('done');
    expect(await owner.page.getByTestId('permit-expected').textContent()).toContain('取件');
    await owner.page.goto('/portal/permits');
    expect(await owner.page.locator('[data-testid="permit-case"]').filter({ hasText: number }).getAttribute('data-step')).toBe('done');
  });
});
