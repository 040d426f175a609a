import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 党群站岗 in Chromium (issue 20): an enterprise admin signs its branch up for a shift at the
 * hub's service post in the portal with two named members; the station's staff member checks the
 * batch in on the shift's page, makes the post's check-in QR code, and the admin, signed in,
 * opens the code's link and checks the batch out. The shift is the test's own (starting in half
 * an hour, so check-in is open).
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;
const POST = '虹桥枢纽交通中心党群先锋服务站';

beforeAll(async () => {
  ({ browser, close } = await launch());
  db = new pg.Pool({ connectionString: inject('ownerUrl'), max: 1 });
});
afterAll(async () => {
  await close();
  await db.end();
});

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

describe('a duty batch from the portal to the post', () => {
  it('is signed up by the enterprise admin, checked in by staff and checked out by scanning the post’s code', async () => {
    const { rows } = await db.query<{ id: string; post_id: string; date: string; time: string }>(
      `insert into duty_shifts (tenant_id, post_id, shift_date, starts_at, ends_at, places)
       select p.tenant_id, p.id, (now() + interval '30 minutes') at time zone 'Asia/Shanghai', date_trunc('minute', now()) + interval '30 minutes', date_trunc('minute', now()) + interval '150 minutes', 4
         from service_posts p where p.name = $1
       returning id, post_id, to_char(shift_date, 'YYYY-MM-DD') as date,
                 to_char(starts_at at time zone 'Asia/Shanghai', 'HH24:MI') || '–' || to_char(ends_at at time zone 'Asia/Shanghai', 'HH24:MI') as time`,
      [POST],
    );
    const shift = rows[0]!;

    // The enterprise admin's portal: the shift is open with its places; two named members signed up.
    const admin = await newPage(browser);
    await signIn(admin.page, 'enterprise@xinhong.test');
    await admin.page.goto('/portal/party');
    await admin.page.getByText('本企业党支部：上海虹智信息科技有限公司党支部').waitFor();
    const row = admin.page.getByTestId('open-shift').filter({ hasText: `${shift.date} ${shift.time} · ${POST}` });
    await row.getByText('余 4').waitFor();
    await row.getByLabel('人数').fill('2');
    await row.getByLabel('成员姓名（可选）').fill('陈思远，王小明');
    await row.getByTestId('portal-sign-up-submit').click();
    await admin.page.getByTestId('flash-message').filter({ hasText: `已报名 ${POST} ${shift.date} 的班次` }).waitFor();
    const mine = admin.page.getByTestId('my-batch').filter({ hasText: `${shift.date} ${shift.time}` });
    await mine.getByTestId('my-batch-status').filter({ hasText: '已报名' }).waitFor();
    const batch = await db.query<{ id: string; members: number; member_names: string[]; status: string }>(`select id, members, member_names, status from duty_sign_ups where shift_id = $1`, [shift.id]);
    expect(batch.rows).toEqual([{ id: expect.any(String), members: 2, member_names: ['陈思远', '王小明'], status: 'signed_up' }]);

    // The station's staff member confirms the batch at the post.
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    await staff.page.goto(`/party/shifts/${shift.id}`);
    const signUp = staff.page.getByTestId('sign-up-row').filter({ hasText: '上海虹智信息科技有限公司党支部' });
    await signUp.getByText('陈思远、王小明').waitFor();
    await expect.poll(() => staff.page.getByTestId('shift-places').textContent()).toContain('已报 2/4');
    await signUp.getByTestId('check-in').click();
    await staff.page.getByTestId('flash-message').filter({ hasText: '“上海虹智信息科技有限公司党支部”已签到' }).waitFor();
    await signUp.getByTestId('sign-up-status').filter({ hasText: '已签到' }).waitFor();

    // The post's check-in code, drawn as a QR image; the admin opens its link and checks out.
    await staff.page.goto(`/party/posts/${shift.post_id}`);
    await hydrated(staff.page, 'issue-code');
    await staff.page.getByTestId('issue-code').click();
    await staff.page.getByTestId('qr-image').locator('svg').waitFor();
    const link = (await staff.page.getByTestId('qr-link').textContent())!.trim();
    expect(link).toMatch(/\/party\/check-in\/[A-Za-z0-9_-]{43}$/);
    await admin.page.goto(link);
    await admin.page.getByTestId('check-in-batch').filter({ hasText: '已签到' }).waitFor();
    await admin.page.getByTestId('scan-step').filter({ hasText: '签退' }).click();
    await admin.page.getByTestId('flash-message').filter({ hasText: '签退成功：上海虹智信息科技有限公司党支部' }).waitFor();
    const done = await db.query(`select status, checked_in_via, checked_out_via from duty_sign_ups where shift_id = $1`, [shift.id]);
    expect(done.rows).toEqual([{ status: 'checked_out', checked_in_via: 'staff', checked_out_via: 'code' }]);

    // A code that is not this subdistrict's is refused in words.
    await admin.page.goto(`/party/check-in/${'x'.repeat(43)}`);
    await admin.page.getByTestId('check-in-refused').filter({ hasText: '签到码无效' }).waitFor();
  });
});
