import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 党群活动 in Chromium, in Chinese (issue 20): an enterprise admin opens the activities open to its
 * enterprise in the portal, signs two members up — one place left, so the second waits, told its
 * place —, cancels the first, and the second moves up by itself. The activity is the test's own.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;

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

describe('an activity from the portal', () => {
  it('an enterprise admin signs up two members; the second waits and moves up when the first cancels', async () => {
    const title = `楼宇企业读书分享会 ${Date.now() % 100000}`;
    const { rows } = await db.query<{ id: string }>(
      `insert into party_activities (tenant_id, station_id, title, kind, starts_at, ends_at, place, capacity, confirmed, audience,
                                     sign_up_opens_at, sign_up_closes_at, cancel_deadline, description, status, published_at)
       select t.id, s.id, $1, 'culture_sports', now() + interval '3 days', now() + interval '3 days 2 hours', '新虹街道党群服务中心三楼', 1, 0, 'tenant',
              now() - interval '1 hour', now() + interval '2 days', now() + interval '2 days', '一起读书，交流心得。', 'published', now()
         from tenants t join stations s on s.tenant_id = t.id
        where t.slug = 'xinhong' order by s.code limit 1
       returning id`,
      [title],
    );
    const id = rows[0]!.id;

    const admin = await newPage(browser);
    await signIn(admin.page, 'enterprise@xinhong.test');
    await admin.page.goto('/portal/activities');
    const card = admin.page.getByTestId('portal-activity').filter({ hasText: title });
    await card.getByText('剩余名额 1 / 1').waitFor();
    await card.getByRole('link', { name: title }).click();
    await hydrated(admin.page, 'submit-sign-up');
    await admin.page.getByLabel('姓名 1').fill('陈思远');
    await admin.page.getByLabel('手机号 1').fill('13916880001');
    await admin.page.getByLabel('党员 1').selectOption('yes');
    await admin.page.getByLabel('姓名 2').fill('王小明');
    await admin.page.getByLabel('手机号 2').fill('13916880002');
    await admin.page.getByTestId('submit-sign-up').click();
    await admin.page.getByTestId('flash-message').filter({ hasText: '已确认 1 人；名额已满，1 人进入候补（第 1 位）' }).waitFor();
    const mine = admin.page.getByTestId('my-sign-up');
    await mine.filter({ hasText: '陈思远' }).getByTestId('sign-up-status').filter({ hasText: '已确认' }).waitFor();
    await mine.filter({ hasText: '王小明' }).getByTestId('sign-up-status').filter({ hasText: '候补第 1 位' }).waitFor();
    const signed = await db.query<{ name: string; status: string; party_member: boolean }>(`select name, status, party_member from activity_participants where activity_id = $1 order by seq`, [id]);
    expect(signed.rows).toEqual([
      { name: '陈思远', status: 'confirmed', party_member: true },
      { name: '王小明', status: 'waitlisted', party_member: false },
    ]);

    // The first cancels: the waiting one is confirmed at once.
    await mine.filter({ hasText: '陈思远' }).getByRole('button', { name: '取消报名' }).click();
    await admin.page.getByTestId('flash-message').filter({ hasText: '名额已递补给候补人员' }).waitFor();
    await mine.filter({ hasText: '王小明' }).getByTestId('sign-up-status').filter({ hasText: '已确认' }).waitFor();
    expect((await db.query<{ confirmed: number }>(`select confirmed from party_activities where id = $1`, [id])).rows[0]!.confirmed).toBe(1);
  });
});
