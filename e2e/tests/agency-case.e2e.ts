import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 代办 in the browser: a walk-in consultation about a fit-out becomes a 二次装修 permit case;
 * submitting it to the department is refused while required documents are missing; the
 * enterprise uploads the drawings in the portal, staff send them back with a reason the portal
 * shows, the corrected drawings are accepted, the rest come in at the counter; then the case runs
 * through every step to the permit picked up. Every case asserted here is created by the test;
 * the demo seed provides the accounts, the enterprise and the agency types.
 */
let browser: Browser;
let close: () => Promise<void>;

const run = Math.random().toString(36).slice(2, 8);
const title = `3 楼办公室二次装修咨询 ${run}`;
const reason = `图纸缺少消防分区标注，请补充后重新上传 ${run}`;
const internalNote = `业主方态度强硬，需站长出面协调 ${run}`;
const departmentRef = `闵建装〔2026〕${run}号`;

/** A tiny well-formed PDF: enough for the upload's content sniffing. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const file = (name: string) => ({ name, mimeType: 'application/pdf', buffer: pdf });

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

/** The API as the signed-in page calls it (plain JSON; queries by GET, mutations by POST). */
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

/** React has attached its handlers to the element (file inputs and toggles need them). */
async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

const entry = (page: Page, key: string, state?: string): Locator =>
  page.locator(`[data-testid="checklist-entry"][data-key="${key}"]${state ? `[data-state="${state}"]` : ''}`);
const advanceForm = (page: Page, next: string) => page.locator(`[data-testid="agency-advance"][data-next="${next}"]`);
const atStep = (page: Page, step: string) => page.locator(`[data-testid="agency-steps"][data-step="${step}"]`).waitFor();

describe('代办 (agency cases)', () => {
  it('a fit-out permit: refused while documents are missing, sent back and corrected, then every step to the permit picked up', async () => {
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');
    const { enterpriseId } = await trpc<{ enterpriseId: string }>(owner.page, 'auth.me');

    // 1. A walk-in consultation (logged through the API) is converted in the page to a fit-out permit case.
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    const consultation = await trpc<{ id: string }>(staff.page, 'workItem.create', { kind: 'consultation', title, channel: 'walk_in', enterpriseId, assign: { mode: 'self' } });
    await staff.page.goto(`/items/${consultation.id}`);
    await hydrated(staff.page, 'action-convert');
    await staff.page.getByTestId('action-convert').click();
    const convert = staff.page.getByTestId('panel-convert');
    await convert.getByTestId('convert-type').selectOption({ label: '二次装修施工许可（区建设和管理委员会，法定 20 个工作日）' });
    await convert.getByTestId('panel-submit').click();
    const caseLink = staff.page.getByTestId('flash').getByRole('link');
    await caseLink.waitFor();
    const number = (await caseLink.textContent())!;
    expect(number).toMatch(/^DB-\d{4}-\d{6}$/);
    const casePath = (await caseLink.getAttribute('href'))!;
    await caseLink.click();
    await staff.page.waitForURL(`**${casePath}`);
    await staff.page.getByTestId('agency-case').waitFor();
    expect(await staff.page.getByTestId('item-number').textContent()).toBe(number);
    expect(await staff.page.getByTestId('agency-type').textContent()).toContain('二次装修施工许可');
    expect(await staff.page.getByTestId('agency-department').textContent()).toContain('区建设和管理委员会');
    expect(await staff.page.getByTestId('days-left').textContent()).toMatch(/剩 [\d.]+ 个工作日/);
    expect(await staff.page.getByTestId('agency-steps').getAttribute('data-step')).toBe('materials');
    expect(await staff.page.getByTestId('checklist-entry').count()).toBe(6);
    expect(await staff.page.getByTestId('checklist-summary').textContent()).toContain('必需材料尚缺 5 项（共 5 项）');
    // The enterprise is told where its consultation went (转办), not asked to rate it.
    await owner.page.goto(`/portal/items/${consultation.id}`);
    const converted = owner.page.getByTestId('converted-notice');
    expect(await converted.textContent()).toContain('本诉求已转为代办事项');
    expect(await converted.getByRole('link').textContent()).toBe(number);
    expect(await converted.getByRole('link').getAttribute('href')).toBe(`/portal/items/${casePath.split('/').pop()}`);
    expect(await owner.page.getByTestId('rating-choices').count()).toBe(0);
    // Converted by the handler who holds it: the case is theirs, already accepted, and its steps move at once.
    expect(await staff.page.getByTestId('action-accept').count()).toBe(0);
    await advanceForm(staff.page, 'precheck').getByTestId('advance-submit').click();
    await atStep(staff.page, 'precheck');

    // 2. Submitting to the department is refused next to the action while required documents are missing; nothing changes.
    const submit = advanceForm(staff.page, 'submitted');
    await submit.getByTestId('advance-ref').fill(departmentRef);
    await submit.getByTestId('advance-submit').click();
    const refusal = submit.getByTestId('advance-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('以下必需材料尚未审核通过：装修施工图纸、房屋租赁合同、业主（物业）同意书、消防设计审查意见、施工单位资质证书');
    expect(await staff.page.getByTestId('agency-steps').getAttribute('data-step')).toBe('precheck');
    expect(await submit.getByTestId('advance-ref').inputValue()).toBe(departmentRef);
    // An internal note the enterprise must never see.
    await trpc(staff.page, 'workItem.reply', { id: casePath.split('/').pop(), body: internalNote, visibility: 'internal' });

    // 3. The enterprise admin uploads the drawings in the portal.
    await owner.page.goto(`/portal${casePath}`);
    await owner.page.getByTestId('agency-materials').waitFor();
    expect(await owner.page.getByTestId('agency-steps').getAttribute('data-step')).toBe('precheck');
    expect(await owner.page.getByTestId('agency-todo-entry').count()).toBe(5);
    expect(await owner.page.locator('body').textContent()).not.toContain(internalNote);
    await hydrated(owner.page, 'material-input');
    await entry(owner.page, 'drawings').getByTestId('material-input').setInputFiles(file('装修施工图纸.pdf'));
    await entry(owner.page, 'drawings', 'pending').getByTestId('material-file').filter({ hasText: '装修施工图纸.pdf' }).waitFor();
    expect(await owner.page.getByTestId('agency-todo-entry').count()).toBe(4);

    // 4. Staff send it back with a reason.
    await staff.page.reload();
    await hydrated(staff.page, 'material-reject');
    const drawings = entry(staff.page, 'drawings');
    await drawings.getByTestId('material-reject').click();
    await drawings.getByTestId('reject-reason').fill(reason);
    await drawings.getByTestId('reject-submit').click();
    await entry(staff.page, 'drawings', 'rejected').waitFor();
    expect(await drawings.getByTestId('material-reason').textContent()).toContain(reason);
    // …and ask for the missing documents: the note comes prefilled from the checklist; the item waits.
    await staff.page.getByTestId('agency-request-open').click();
    const request = staff.page.getByTestId('agency-request-note');
    expect(await request.inputValue()).toContain(`装修施工图纸（${reason}）`);
    expect(await request.inputValue()).toContain('房屋租赁合同');
    await staff.page.getByTestId('agency-request-submit').click();
    await staff.page.getByTestId('agency-waiting').waitFor();
    await staff.page.getByTestId('item-header').getByTestId('item-status').filter({ hasText: '待补充' }).waitFor();

    // 5. The portal shows the reason to act on; the corrected drawings go up.
    await owner.page.reload();
    const rejection = entry(owner.page, 'drawings', 'rejected').getByTestId('entry-rejection');
    await rejection.waitFor();
    expect(await rejection.textContent()).toContain(reason);
    expect(await owner.page.getByTestId('agency-todo').textContent()).toContain(reason);
    expect(await owner.page.getByTestId('waiting-callout').textContent()).toContain(reason);
    await hydrated(owner.page, 'material-input');
    await entry(owner.page, 'drawings').getByTestId('material-input').setInputFiles(file('装修施工图纸（修改版）.pdf'));
    await entry(owner.page, 'drawings', 'pending').getByTestId('material-file').filter({ hasText: '装修施工图纸（修改版）.pdf' }).waitFor();
    expect(await entry(owner.page, 'drawings').getByTestId('entry-rejection').count()).toBe(0);
    expect(await entry(owner.page, 'drawings').getByTestId('material-file').count()).toBe(2);
    // The upload answers the request: the enterprise tells the station to carry on.
    await owner.page.getByTestId('resume-offer').getByTestId('action-resume').click();
    await owner.page.getByTestId('item-header').getByTestId('item-status').filter({ hasText: '办理中' }).waitFor();

    // 6. Staff accept it; the other required documents are handed in at the counter and accepted.
    await staff.page.reload();
    await hydrated(staff.page, 'material-accept');
    await entry(staff.page, 'drawings').getByTestId('material-accept').click();
    await entry(staff.page, 'drawings', 'accepted').waitFor();
    for (const [key, name] of [
      ['lease', '房屋租赁合同.pdf'],
      ['owner_consent', '业主同意书.pdf'],
      ['fire_design', '消防设计审查意见.pdf'],
      ['contractor', '施工单位资质证书.pdf'],
    ] as const) {
      await entry(staff.page, key).getByTestId('material-input').setInputFiles(file(name));
      await entry(staff.page, key, 'pending').getByTestId('material-accept').click();
      await entry(staff.page, key, 'accepted').waitFor();
    }
    await staff.page.getByTestId('checklist-summary').filter({ hasText: '必需材料已齐全' }).waitFor();

    // 7. Submitted with the department's reference number, under review, done with the permit, picked up.
    await advanceForm(staff.page, 'submitted').getByTestId('advance-ref').fill(departmentRef);
    await advanceForm(staff.page, 'submitted').getByTestId('advance-submit').click();
    await atStep(staff.page, 'submitted');
    expect(await staff.page.getByTestId('agency-ref').textContent()).toContain(departmentRef);
    // Files are no longer taken once the documents have gone to the department.
    expect(await staff.page.getByTestId('material-input').count()).toBe(0);
    await advanceForm(staff.page, 'under_review').getByTestId('advance-submit').click();
    await atStep(staff.page, 'under_review');
    const done = advanceForm(staff.page, 'done');
    await hydrated(staff.page, 'result-file-input');
    await done.getByTestId('result-file-input').setInputFiles(file('施工许可证.pdf'));
    await done.getByTestId('result-file').waitFor();
    await done.getByTestId('advance-note').fill('施工许可已核发，请企业到站领取');
    await done.getByTestId('advance-submit').click();
    await atStep(staff.page, 'done');
    await staff.page.getByTestId('item-header').getByTestId('item-status').filter({ hasText: '已办结' }).waitFor();
    expect(await staff.page.getByTestId('agency-result').textContent()).toContain('已批准');
    expect(await staff.page.getByTestId('agency-result-file').textContent()).toBe('施工许可证.pdf');
    await staff.page.getByTestId('agency-picked-up').click();
    await staff.page.getByTestId('agency-pickup').filter({ hasText: '已于' }).waitFor();
    expect(await staff.page.getByTestId('agency-picked-up').count()).toBe(0);
    const steps = await staff.page.getByTestId('history-action').allTextContents();
    expect(steps.filter((s) => s === '推进代办步骤')).toHaveLength(4);
    expect(steps).toContain('退回材料');
    expect(steps.at(-1)).toBe('企业已取件');
    expect(await staff.page.getByTestId('history').textContent()).toContain(`受理编号：${departmentRef}`);
    await staff.context.close();

    // 8. The enterprise sees the case done and the permit to download; uploads are closed; still no internal note.
    await owner.page.reload();
    await atStep(owner.page, 'done');
    expect(await owner.page.getByTestId('material-input').count()).toBe(0);
    expect(await owner.page.getByTestId('agency-todo').count()).toBe(0);
    expect(await owner.page.getByTestId('agency-pickup').textContent()).toContain('已于');
    const permit = await owner.page.request.get((await owner.page.getByTestId('agency-result-file').getAttribute('href'))!);
    expect(permit.status()).toBe(200);
    expect(permit.headers()['content-type']).toBe('application/pdf');
    expect(await owner.page.locator('body').textContent()).not.toContain(internalNote);
    await owner.context.close();
  });
});
